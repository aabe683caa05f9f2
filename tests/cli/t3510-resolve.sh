#!/bin/sh
# t3510-resolve: a merge left to settle.  While a <conflict> waits, diff,
# show and ls show the clause as in conflict (not removed, not missing);
# clause resolve keeps one side's version in the document's own bytes;
# clause merge joins a revision the way pull does and --abort undoes a
# merge; no second merge starts while one waits.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"
. "$CLAUSE_TOP/tests/cli/lib-merge.sh"

make_bare fed.git
clause clone -q fed.git ana
clause clone -q fed.git ben
DOC=adjustment-model.xml
q180='<quantity unit="days">180</quantity>'

# ana says 120 days, ben 90: ben pulls into a conflict.
sed -i "s|$q180|<quantity unit=\"days\">120</quantity>|" ana/$DOC
(cd ana && clause commit -m "Ana: 120 days" >/dev/null && clause push -q)
sed -i "s|$q180|<quantity unit=\"days\">90</quantity>|" ben/$DOC
(cd ben && clause commit -m "Ben: 90 days" >/dev/null)
(cd ben && clause pull -q 2>/dev/null)
cp ben/$DOC conflicted.xml

test_expect 'the pull left a conflict over the notice clause' '
	test -f ben/.git/MERGE_HEAD && grep -c "<conflict clause=\"notice\"" ben/$DOC
'

test_expect 'diff shows the clause in conflict, not removed, and no numbers gone' '
	(cd ben && clause diff >../out) &&
	grep "^conflict: T.2 Advance notice \[adjustment-model/notice\]" out &&
	grep "unresolved merge conflict at $DOC:[0-9]*:[0-9]*" out &&
	grep "keep one: clause resolve adjustment-model/notice --ours|--base|--theirs" out &&
	! grep "^removed:" out && ! grep "(none)" out &&
	(cd ben && clause diff --format=json) >json &&
	python3 -c "
import json, sys
d = json.load(open(\"json\"))
cs = [c for doc in d[\"documents\"] for c in doc[\"clauses\"]]
assert [c[\"kinds\"] for c in cs] == [[\"conflict\"]], cs
assert cs[0][\"old\"][\"clause\"] == \"notice\" and cs[0][\"conflict\"][\"line\"] > 0
" &&
	(cd ben && clause diff --stat) | grep "1 conflict"
'

test_expect 'show gives each side of the conflicted clause; json and xml too' '
	(cd ben && clause show adjustment-model/notice >../out) &&
	grep "^adjustment-model/notice: in a merge conflict ($DOC:[0-9]*:[0-9]*)" out &&
	test "$(grep -n "^--- " out | cut -d" " -f2 | tr "\n" " ")" = "ours base theirs " &&
	sed -n "/^--- ours/,/^--- base/p" out | grep "at least 90 days" &&
	sed -n "/^--- base/,/^--- theirs/p" out | grep "at least 180 days" &&
	sed -n "/^--- theirs (origin\/main)/,\$p" out | grep "at least 120 days" &&
	(cd ben && clause show --format=json adjustment-model/notice) >json &&
	python3 -c "
import json
d = json.load(open(\"json\"))
assert d[\"clause\"] == \"notice\"
assert [s[\"side\"] for s in d[\"sides\"]] == [\"ours\", \"base\", \"theirs\"]
assert [s[\"by\"] for s in d[\"sides\"]] == [\"ours\", \"merge base\", \"origin/main\"]
assert \" 120 days\" in d[\"sides\"][2][\"text\"] and not d[\"sides\"][2][\"removed\"]
" &&
	(cd ben && clause show --format=xml adjustment-model/notice) | head -1 | grep "^<conflict "
'

test_expect 'ls -c lists the conflicted clause, as text and json' '
	(cd ben && clause ls -c $DOC) | grep "^adjustment-model/notice .*(in a merge conflict: clause resolve)" &&
	(cd ben && clause ls -c --format=json $DOC) | grep "\"clause\": \"notice\", \"conflict\": true"
'

test_expect 'no second merge while one waits: pull and merge refuse, nothing changes' '
	(cd ben && test_must_fail 1 clause pull 2>../err) &&
	grep "a merge is in progress.*clause merge --abort" err &&
	(cd ben && test_must_fail 1 clause merge origin/main 2>../err) &&
	grep "a merge is in progress" err &&
	cmp ben/$DOC conflicted.xml
'

test_expect 'resolve: usage errors 129, unknown names 1 with what there is, nothing written' '
	(cd ben && test_must_fail 129 clause resolve adjustment-model/notice 2>../err) &&
	grep "one of --ours, --base or --theirs" err &&
	(cd ben && test_must_fail 129 clause resolve --ours --theirs adjustment-model/notice) &&
	(cd ben && test_must_fail 129 clause resolve --ours) &&
	(cd ben && test_must_fail 129 clause resolve --ours --all adjustment-model) &&
	(cd ben && test_must_fail 1 clause resolve --ours adjustment-modle/notice 2>../err) &&
	grep "no document .adjustment-modle.*did you mean .adjustment-model" err &&
	(cd ben && test_must_fail 1 clause resolve --ours adjustment-model/notise 2>../err) &&
	grep "no merge conflict over .notise. in $DOC (its conflicts: adjustment-model/notice)" err &&
	(cd ben && test_must_fail 1 clause resolve --ours guardrail-model 2>../err) &&
	grep "guardrail-model.xml has no merge conflicts" err &&
	cmp ben/$DOC conflicted.xml
'

test_expect 'resolve --theirs: their clause where the conflict was, every other byte kept' '
	(cd ben && clause resolve --theirs adjustment-model/notice 2>../err) &&
	grep "adjustment-model/notice: kept the version of theirs (origin/main)" err &&
	grep "no conflicts left" err &&
	git -C ben show HEAD:$DOC | sed "s|>90</quantity>|>120</quantity>|" >expect &&
	cmp expect ben/$DOC &&
	(cd ben && clause validate -q && clause commit -m "Merge: 120 days" >/dev/null) &&
	test "$(git -C ben rev-list --parents -n 1 HEAD | wc -w)" -eq 3 &&
	test ! -f ben/.git/MERGE_HEAD
'

test_expect 'resolve --ours and --base: the same bytes as that side' '
	cp conflicted.xml ben/$DOC &&
	(cd ben && clause resolve -q --ours adjustment-model) &&
	git -C ben show HEAD^1:$DOC >expect && cmp expect ben/$DOC &&
	cp conflicted.xml ben/$DOC &&
	(cd ben && clause resolve -q --base --all) &&
	git -C ben show HEAD^1:$DOC | sed "s|>90</quantity>|>180</quantity>|" >expect &&
	cmp expect ben/$DOC &&
	git -C ben checkout -q -- $DOC
'

test_expect 'merge --abort: back to HEAD, the merge state gone; again is exit 1' '
	(cd ben && clause push -q) && (cd ana && clause pull -q) &&
	sed -i "s|>120</quantity>|>100</quantity>|" ana/$DOC &&
	(cd ana && clause commit -m "Ana: 100" >/dev/null && clause push -q) &&
	sed -i "s|>120</quantity>|>110</quantity>|" ben/$DOC &&
	(cd ben && clause commit -m "Ben: 110" >/dev/null) &&
	(cd ben && test_must_fail 1 clause pull -q 2>/dev/null) &&
	test -f ben/.git/MERGE_HEAD &&
	(cd ben && clause merge --abort 2>../err) && grep "merge aborted" err &&
	test ! -f ben/.git/MERGE_HEAD && test -z "$(git -C ben status --porcelain)" &&
	grep ">110<" ben/$DOC && ! grep "<conflict" ben/$DOC &&
	(cd ben && test_must_fail 1 clause merge --abort 2>../err) &&
	grep "no merge in progress" err
'

test_expect 'merge REV after fetch: the same conflict as pull; usage and unknown revisions' '
	(cd ben && test_must_fail 129 clause merge) &&
	(cd ben && test_must_fail 129 clause merge --abort origin/main) &&
	(cd ben && test_must_fail 1 clause merge origin/mian 2>../err) &&
	grep "origin/mian. is not a revision" err &&
	(cd ben && test_must_fail 1 clause merge origin/main 2>../err) &&
	grep "^clause: 1 clause conflict written into $DOC" err &&
	(cd ben && clause resolve -q --theirs adjustment-model/notice &&
	 clause commit -m "Merge: 100" >/dev/null) &&
	grep ">100<" ben/$DOC &&
	(cd ben && clause merge origin/main 2>../err) && grep "already up to date" err
'

test_expect 'a clause moved to two articles, title and status changed on both: resolve --theirs follows theirs' '
	(cd ben && clause push -q) && (cd ana && clause pull -q) &&
	move_clause ana/$DOC notice review &&
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 (ana)</title>|; s|status=\"model\"|status=\"proposal\"|" ana/$DOC &&
	(cd ana && clause commit -m "Ana: review" >/dev/null && clause push -q) &&
	move_clause ben/$DOC notice timing &&
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 (ben)</title>|; s|status=\"model\"|status=\"counter\"|" ben/$DOC &&
	(cd ben && clause commit -m "Ben: timing" >/dev/null) &&
	(cd ben && test_must_fail 1 clause pull -q 2>/dev/null) &&
	(cd ben && clause show adjustment-model/notice) >out &&
	grep "^--- ours, in article .timing." out &&
	grep "^--- theirs (origin/main), in article .review." out &&
	(cd ben && clause resolve -q --theirs adjustment-model) &&
	! grep "<conflict" ben/$DOC &&
	sed -n "/<article id=\"review\"/,/<\/article>/p" ben/$DOC | grep "<clause id=\"notice\"" &&
	test "$(grep -c "<clause id=\"notice\"" ben/$DOC)" -eq 1 &&
	grep "<title>.*(ana)</title>" ben/$DOC && grep "status=\"proposal\"" ben/$DOC &&
	(cd ben && clause validate -q && clause commit -m "Merge: theirs" >/dev/null)
'

test_expect 'resolve --base of the same: the clause back in its first article, the old title' '
	(cd ben && git reset -q --hard HEAD^1) &&
	(cd ben && test_must_fail 1 clause pull -q 2>/dev/null) &&
	(cd ben && clause resolve -q --base adjustment-model) &&
	sed -n "/<article id=\"tech-change\"/,/<\/article>/p" ben/$DOC | grep "<clause id=\"notice\"" &&
	grep "<title>Model technology adjustment article</title>" ben/$DOC &&
	grep "status=\"model\"" ben/$DOC &&
	(cd ben && clause validate -q) &&
	(cd ben && clause merge --abort -q)
'

test_done
