#!/bin/sh
# t3500-pull-merge: clause pull joins diverged histories clause by clause.
# Two negotiators edit the same document at once: edits to different
# clauses (even on adjacent lines) merge into a commit with both parents;
# the same words changed differently become a <conflict> element that
# keeps every version, and clause commit finishes the merge once it is
# resolved.  Clauses moved (into new articles, or to another document)
# on one side are neither lost nor doubled.  Nothing is lost.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"
. "$CLAUSE_TOP/tests/cli/lib-merge.sh"

make_bare fed.git
clause clone -q fed.git ana
clause clone -q fed.git ben
DOC=adjustment-model.xml

test_expect 'edits to different clauses, on adjacent lines: pull makes a merge commit' '
	sed -i "s|skill or staffing level changes|skill, pay or staffing level changes|" ana/$DOC &&
	(cd ana && clause commit -m "Ana: pay" >/dev/null && clause push -q) &&
	sed -i "s|<clause id=\"notice\" category=\"adjustment.notice\">|<clause id=\"notice\" category=\"adjustment.notice adjustment.bargaining\">|" ben/$DOC &&
	(cd ben && clause commit -m "Ben: notice is bargained" >/dev/null) &&
	(cd ben && clause pull 2>../err) &&
	grep "^clause: merged, now at" err &&
	test "$(git -C ben rev-list --parents -n 1 HEAD | wc -w)" -eq 3 &&
	grep "skill, pay or staffing" ben/$DOC &&
	grep "adjustment.notice adjustment.bargaining" ben/$DOC &&
	test -z "$(git -C ben status --porcelain)" &&
	(cd ben && clause validate && git fsck --strict) &&
	(cd ben && clause push -q) &&
	(cd ana && clause pull -q) &&
	test "$(git -C ana rev-parse HEAD)" = "$(git -C ben rev-parse HEAD)"
'

test_expect 'the same words changed differently: exit 1, a conflict element keeps all three' '
	sed -i "s|<quantity unit=\"days\">180</quantity>|<quantity unit=\"days\">120</quantity>|" ana/$DOC &&
	(cd ana && clause commit -m "Ana: 120 days" >/dev/null && clause push -q) &&
	sed -i "s|<quantity unit=\"days\">180</quantity>|<quantity unit=\"days\">90</quantity>|" ben/$DOC &&
	(cd ben && clause commit -m "Ben: 90 days" >/dev/null) &&
	head_before=$(git -C ben rev-parse HEAD) &&
	(cd ben && test_must_fail 1 clause pull 2>../err) &&
	grep "^clause: 1 clause conflict written into $DOC" err &&
	test "$(git -C ben rev-parse HEAD)" = "$head_before" &&
	test -f ben/.git/MERGE_HEAD &&
	sed -n "/<conflict clause=\"notice\"/,/<\/conflict>/p" ben/$DOC >conflict &&
	grep ">120<" conflict && grep ">90<" conflict && grep ">180<" conflict &&
	grep "by=\"origin/main\"" conflict &&
	xmllint --noout --schema "$CLAUSE_TOP/schemas/clause.xsd" ben/$DOC
'

test_expect 'validate reports the conflict; commit refuses until it is resolved' '
	line=$(grep -n "<conflict clause=\"notice\"" ben/$DOC | cut -d: -f1) &&
	(cd ben && test_must_fail 1 clause validate 2>../err) &&
	grep "^$DOC:$line:[0-9]*: unresolved merge conflict over clause .notice." err &&
	(cd ben && test_must_fail 1 clause commit -m "Merge" 2>../err) &&
	grep "unresolved merge conflict" err &&
	test -f ben/.git/MERGE_HEAD
'

test_expect 'resolved and committed: a merge commit with both parents, pushed' '
	python3 - ben/$DOC <<-PY &&
	import re, sys
	p = sys.argv[1]
	s = open(p).read()
	m = re.search(r"<conflict clause=\"notice\">.*?<theirs[^>]*>\s*(<clause.*?</clause>)\s*</theirs>.*?</conflict>", s, re.S)
	s = s[:m.start()] + m.group(1) + s[m.end():]
	open(p, "w").write(s)
	PY
	(cd ben && clause commit -m "Merge: take 120 days" >/dev/null) &&
	test "$(git -C ben rev-list --parents -n 1 HEAD | wc -w)" -eq 3 &&
	test ! -f ben/.git/MERGE_HEAD &&
	grep ">120<" ben/$DOC &&
	(cd ben && clause push -q && git fsck --strict) &&
	(cd ana && clause pull -q) && grep ">120<" ana/$DOC
'

test_expect 'pull with uncommitted changes and diverged histories: 1, nothing changed' '
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 (ana)</title>|" ana/guardrail-model.xml &&
	(cd ana && clause commit -m "Ana: title" >/dev/null && clause push -q) &&
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 (ben)</title>|" ben/neutrality-model.xml &&
	(cd ben && clause commit -m "Ben: title" >/dev/null) &&
	echo "<!-- draft -->" >>ben/$DOC &&
	head_before=$(git -C ben rev-parse HEAD) &&
	(cd ben && test_must_fail 1 clause pull 2>../err) &&
	grep "uncommitted changes" err &&
	test "$(git -C ben rev-parse HEAD)" = "$head_before" &&
	grep "draft" ben/$DOC &&
	git -C ben checkout -q -- $DOC &&
	(cd ben && clause pull -q) &&
	grep "(ana)" ben/guardrail-model.xml && grep "(ben)" ben/neutrality-model.xml
'

test_expect 'a clause moved into a new article, another edited: merged, the clause once' '
	(cd ben && clause push -q) && (cd ana && clause pull -q) &&
	move_clause ana/$DOC severance transition &&
	(cd ana && clause commit -m "Ana: severance in an article of its own" >/dev/null &&
	 clause push -q) &&
	sed -i "s|<quantity unit=\"hours\">40</quantity> hours|<quantity unit=\"hours\">48</quantity> paid hours|" ben/$DOC &&
	(cd ben && clause commit -m "Ben: 48 hours" >/dev/null) &&
	(cd ben && clause pull 2>../err) &&
	grep "^clause: merged, now at" err &&
	test "$(grep -c "<clause id=\"severance\"" ben/$DOC)" -eq 1 &&
	sed -n "/<article id=\"transition\"/,/<\/article>/p" ben/$DOC | grep "<clause id=\"severance\"" &&
	grep ">48</quantity> paid hours" ben/$DOC &&
	(cd ben && clause validate)
'

test_expect 'a clause moved to another document, edited on the other side: one conflict where it was, holding both' '
	(cd ben && clause push -q) && (cd ana && clause pull -q) &&
	move_clause ana/$DOC severance transition-pay ana/guardrail-model.xml &&
	(cd ana && clause commit -m "Ana: severance goes to the guardrails" >/dev/null &&
	 clause push -q) &&
	sed -i "s|<quantity unit=\"USD\">\$10,000</quantity>|<quantity unit=\"USD\">\$15,000.00</quantity>|" ben/$DOC &&
	(cd ben && clause commit -m "Ben: 15,000" >/dev/null) &&
	(cd ben && test_must_fail 1 clause pull 2>../err) &&
	grep "^clause: 1 clause conflict written into $DOC" err &&
	sed -n "/<conflict clause=\"severance\"/,/<\/conflict>/p" ben/$DOC >conflict &&
	grep "15,000.00" conflict && grep "10,000" conflict &&
	! outside_conflicts ben/$DOC | grep "<clause id=\"severance\"" &&
	grep "<note>in document .guardrail-model.</note>" conflict &&
	! grep -e "<clause id=\"severance\"" -e "10,000" ben/guardrail-model.xml &&
	cat ben/*.xml | grep -c "<clause id=\"severance\"" >n && test "$(cat n)" -eq 3 &&
	xmllint --noout --schema "$CLAUSE_TOP/schemas/clause.xsd" ben/$DOC
'

test_expect 'a clause both sides moved to two different documents: one conflict, the clause once' '
	(cd ben && clause merge --abort) && git -C ben reset -q --hard origin/main &&
	(cd ana && clause pull -q) &&
	move_clause ana/$DOC definition ana-defs ana/guardrail-model.xml &&
	(cd ana && clause commit -m "Ana: definitions with the guardrails" >/dev/null &&
	 clause push -q) &&
	move_clause ben/$DOC definition ben-defs ben/neutrality-model.xml &&
	(cd ben && clause commit -m "Ben: definitions with neutrality" >/dev/null) &&
	(cd ben && test_must_fail 1 clause pull 2>../err) &&
	grep "^clause: 1 clause conflict written into neutrality-model.xml" err &&
	cat ben/*.xml | grep -c "<clause id=\"definition\"" >n && test "$(cat n)" -eq 3 &&
	! outside_conflicts ben/neutrality-model.xml | grep "<clause id=\"definition\"" &&
	! grep "<clause id=\"definition\"" ben/guardrail-model.xml ben/$DOC &&
	sed -n "/<conflict clause=\"definition\"/,/<\/conflict>/p" ben/neutrality-model.xml >conflict &&
	grep "<note>in document .neutrality-model.</note>" conflict &&
	grep "<note>in document .guardrail-model.</note>" conflict &&
	grep "<note>in document .adjustment-model.</note>" conflict &&
	(cd ben && test_must_fail 1 clause validate) &&
	(cd ben && clause resolve --ours --all && clause validate && clause commit -q -m "Merge: neutrality") &&
	cat ben/*.xml | grep -c "<clause id=\"definition\"" >n && test "$(cat n)" -eq 1 &&
	(cd ben && git fsck --strict && clause push -q)
'

test_expect 'the same move to another document on both sides: clean, the clause once' '
	(cd ana && clause pull -q) &&
	move_clause ana/neutrality-model.xml definition defs ana/guardrail-model.xml &&
	(cd ana && clause commit -m "Ana: definitions to the guardrails" >/dev/null && clause push -q) &&
	move_clause ben/neutrality-model.xml definition defs ben/guardrail-model.xml &&
	(cd ben && clause commit -m "Ben: the same move" >/dev/null) &&
	(cd ben && clause pull 2>../err) &&
	grep "^clause: merged, now at" err &&
	cat ben/*.xml | grep -c "<clause id=\"definition\"" >n && test "$(cat n)" -eq 1 &&
	(cd ben && clause validate)
'

test_done
