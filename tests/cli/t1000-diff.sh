#!/bin/sh
# t1000-diff: clause diff on the shipped negotiation: every pair of rounds
# as two files (expected outputs checked by hand once, in
# tests/cli/expect/diff/), the rounds replayed in a library (revisions,
# round names, paths, --clause, --stat, two clauses, --against-model),
# exit codes, and the changes the documents' header comments list.
. "$CLAUSE_TOP/tests/cli/lib.sh"

NEG="$CLAUSE_TOP/clauses/negotiation"
EXPECT="$CLAUSE_TOP/tests/cli/expect/diff"

# Every pair of rounds, as two files.
for pair in r1-union:r2-employer r1-union:r3-union r1-union:ta \
	    r2-employer:r3-union r2-employer:ta r3-union:ta; do
	a=${pair%%:*}
	b=${pair##*:}
	name="${a%%-*}-${b%%-*}"
	test_expect "diff $a $b matches expect/diff/$name.txt" '
		(cd "$NEG" && "$CLAUSE" diff riverbend-$a.xml riverbend-$b.xml) >actual 2>err &&
		test ! -s err &&
		test_cmp "$EXPECT/$name.txt" actual
	'
done

# The header comment of each document lists what changed from the round
# before; the JSON must say exactly that, clause by clause.
kinds() {
	"$CLAUSE" diff --format=json "$NEG/riverbend-$1.xml" "$NEG/riverbend-$2.xml" >out.json &&
	python3 -c '
import json, sys
d = json.load(open("out.json"))
for c in d["documents"][0]["clauses"]:
    x = c["new"] or c["old"]
    print(x["clause"], ",".join(c["kinds"]))
'
}

test_expect 'round 1 -> 2: the changes the header of round 2 lists' '
	kinds r1-union r2-employer >actual &&
	cat >expect <<-EOF &&
	scope modified
	notice modified
	information modified
	bargaining modified
	committee modified
	moratorium modified
	job-security modified,recategorized
	training modified
	redeployment modified
	severance modified
	gain-sharing removed
	ai-tools modified
	cameras modified,moved
	discipline renumbered
	EOF
	test_cmp expect actual
'

test_expect 'round 2 -> 3: worker-data added, discipline unchanged' '
	kinds r2-employer r3-union >actual &&
	cat >expect <<-EOF &&
	scope modified
	notice modified
	information modified
	bargaining modified
	committee modified
	moratorium modified
	job-security modified
	training modified
	redeployment modified
	severance modified
	ai-tools modified
	cameras modified
	worker-data added
	EOF
	test_cmp expect actual
'

test_expect 'round 3 -> TA: moratorium, ai-tools and discipline unchanged' '
	kinds r3-union ta >actual &&
	cat >expect <<-EOF &&
	scope modified
	notice modified
	information modified
	bargaining modified
	committee modified
	job-security modified
	training modified
	redeployment modified
	severance modified
	cameras modified
	worker-data modified
	EOF
	test_cmp expect actual
'

test_expect 'the numbers the headers list, round by round' '
	for p in r1-union:r2-employer r2-employer:r3-union r3-union:ta; do
		"$CLAUSE" diff "$NEG/riverbend-${p%%:*}.xml" "$NEG/riverbend-${p##*:}.xml" |
			sed -n "/^numbers:/,/^\$/p" | sed "s/^  riverbend-[a-z0-9-]*\///"
	done >actual &&
	grep -x "notice: 180 days -> 60 days" actual &&
	grep -x "notice: 60 days -> 120 days" actual &&
	grep -x "notice: 120 days -> 90 days" actual &&
	grep -x "severance: \$3,000 per year of service -> \$1,000 per year of service" actual &&
	grep -x "severance: \$1,000 per year of service -> \$2,500 per year of service" actual &&
	grep -x "severance: \$2,500 per year of service -> \$2,000 per year of service" actual &&
	grep -x "training: 80 hours -> 24 hours" actual &&
	grep -x "committee: four workers -> three workers" actual &&
	grep -x "cameras: 30 days -> 90 days" actual &&
	grep -x "worker-data: 14 days -> 21 days" actual &&
	grep -x "information: \$5,000 -> \$3,000" actual
'

test_expect 'metadata: term, status and round between rounds 1 and 2' '
	"$CLAUSE" diff "$NEG/riverbend-r1-union.xml" "$NEG/riverbend-r2-employer.xml" >out &&
	grep -x "  expires: 2028-12-31 -> 2030-12-31" out &&
	grep -x "  status: proposal -> counter" out &&
	grep -x "  round: 1 2025-09-10 by union -> 2 2025-10-08 by employer" out
'

test_expect 'a file against itself: no output, exit 0, and 0 with --exit-code' '
	"$CLAUSE" diff --exit-code "$NEG/riverbend-ta.xml" "$NEG/riverbend-ta.xml" >out &&
	test ! -s out
'

test_expect '--exit-code: 1 when there are differences, 0 without it' '
	test_must_fail 1 "$CLAUSE" diff --exit-code "$NEG/riverbend-r3-union.xml" "$NEG/riverbend-ta.xml" >/dev/null &&
	"$CLAUSE" diff "$NEG/riverbend-r3-union.xml" "$NEG/riverbend-ta.xml" >/dev/null
'

test_expect 'colour: --color=always marks words with escapes, NO_COLOR none' '
	"$CLAUSE" diff --color=always "$NEG/riverbend-r3-union.xml" "$NEG/riverbend-ta.xml" >col &&
	grep -q "$(printf "\033")\[9;31m120" col &&
	! grep -q "\[-120-\]" col &&
	"$CLAUSE" --color=always diff "$NEG/riverbend-r3-union.xml" "$NEG/riverbend-ta.xml" >col2 &&
	cmp col col2 &&
	"$CLAUSE" diff "$NEG/riverbend-r3-union.xml" "$NEG/riverbend-ta.xml" >plain &&
	! grep -q "$(printf "\033")" plain &&
	grep -q "\[-120-\]{+90+}" plain
'

test_expect 'on a terminal: the redline wraps to its width and goes through the pager' '
	run_tty() {
		script -qec "stty cols $1; $2 $CLAUSE diff $NEG/riverbend-r3-union.xml $NEG/riverbend-ta.xml" \
			/dev/null >tty.out </dev/null
	}
	# the widest line of clause text (the headers and the numbers are
	# lines of their own, never wrapped)
	widest() { python3 -c "import sys; print(max(len(l.rstrip(\"\\r\\n\")) for l in open(sys.argv[1], encoding=\"utf-8\") if l.startswith(\"  \") and \"->\" not in l))" "$1"; }
	rm -f paged &&
	run_tty 50 "PAGER=\"cat >$TEST_SCRATCH/paged\"" &&
	test -s paged && ! grep -q "riverbend" tty.out &&
	test "$(widest paged)" -le 49 && test "$(widest paged)" -ge 40 &&
	rm -f paged &&
	run_tty 130 "PAGER=\"cat >$TEST_SCRATCH/paged\"" &&
	test "$(widest paged)" -gt 76 && test "$(widest paged)" -le 129 &&
	run_tty 80 "CLAUSE_PAGER=cat PAGER=\"cat >$TEST_SCRATCH/never\"" &&
	grep -q "riverbend-ta/notice" tty.out && ! test -e never &&
	run_tty 80 "PAGER=no-such-pager-here" &&
	grep -q "riverbend-ta/notice" tty.out &&
	# not a terminal: 76 columns, no pager
	PAGER="cat >$TEST_SCRATCH/never" "$CLAUSE" diff "$NEG/riverbend-r3-union.xml" "$NEG/riverbend-ta.xml" >plain &&
	! test -e never && test "$(widest plain)" -le 76
'

test_expect 'colour: a struck run and the run inserted for it are apart, never one number' '
	"$CLAUSE" diff --color=always "$NEG/riverbend-r3-union.xml" "$NEG/riverbend-ta.xml" >col &&
	e=$(printf "\033") &&
	grep -q "$e\[9;31m120$e\[m $e\[4;32m90$e\[m" col &&
	grep -q "$e\[9;31m\$2,500$e\[m $e\[4;32m\$2,000$e\[m" col &&
	# with the escapes gone, what is left reads as two numbers
	sed "s/$e\[[0-9;]*m//g" col | grep -q "120 90 days"
'

test_expect 'two clauses swapped in an article: one moved, nothing else' '
	python3 -c "
s = open(\"$NEG/riverbend-ta.xml\").read()
a = s.index(\"<clause id=\\\"training\\\"\")
b = s.index(\"<clause id=\\\"redeployment\\\"\")
c = s.index(\"<clause id=\\\"severance\\\"\")
open(\"swap.xml\", \"w\").write(s[:a] + s[b:c] + s[a:b] + s[c:])
" &&
	"$CLAUSE" diff "$NEG/riverbend-ta.xml" swap.xml >out &&
	cat >expect <<-EOF &&
	document riverbend-ta  $NEG/riverbend-ta.xml -> swap.xml

	moved: 14.8 Training [riverbend-ta/training]
	  moved: after 14.9
	EOF
	test_cmp expect out
'

# The negotiation as the history of one document, as tools/demo.sh does.
new_library lib >/dev/null
mkdir lib/models
cp "$CLAUSE_TOP"/clauses/models/*.xml lib/models/
n=0
for r in r1-union r2-employer r3-union ta; do
	n=$((n + 1))
	sed "s/id=\"riverbend-$r\"/id=\"riverbend-tech\"/" "$NEG/riverbend-$r.xml" >lib/technology.xml
	[ "$r" = ta ] && name=ta || name=$n
	"$CLAUSE" -C lib commit -m "round $r" >/dev/null
	"$CLAUSE" -C lib round add "$name" >/dev/null
done
cl() { "$CLAUSE" -C lib "$@"; }

test_expect 'rounds in a library: round/1 round/2 is the two-file diff' '
	cl diff round/1 round/2 >actual &&
	sed -e "s/riverbend-r1-union -> riverbend-r2-employer/riverbend-tech/" \
	    -e "s/riverbend-r[12]-[a-z]*\([/ ]\)/riverbend-tech\1/g" \
	    -e "s/riverbend-r1-union.xml -> riverbend-r2-employer.xml/round\/1:technology.xml -> round\/2:technology.xml/" \
	    -e "/^  id: /d" "$EXPECT/r1-r2.txt" >expect &&
	test_cmp expect actual
'

test_expect 'round names without the prefix, and any revision' '
	cl diff 2 3 >a &&
	cl diff round/2 round/3 >b &&
	sed "s/round\///g" b >b2 &&
	test_cmp b2 a &&
	cl diff HEAD~1 HEAD >c &&
	grep -q "^modified: 14.2 Notice \[riverbend-tech/notice\]" c
'

test_expect 'work tree: no changes, then an edit, against HEAD and a round' '
	cl diff >out &&
	test ! -s out &&
	sed "s/>90</>100</" lib/technology.xml >t && mv t lib/technology.xml &&
	cl diff >out &&
	grep -x "  riverbend-tech/notice: 90 days -> 100 days" out &&
	grep -q "^document riverbend-tech  HEAD:technology.xml -> technology.xml\$" out &&
	cl diff round/1 >out1 &&
	grep -x "  riverbend-tech/notice: 180 days -> 100 days" out1 &&
	test_must_fail 1 cl diff --exit-code -- technology.xml >/dev/null &&
	git -C lib checkout -q technology.xml &&
	cl diff --exit-code
'

test_expect '--clause narrows to one clause' '
	cl diff --clause=riverbend-tech/notice round/2 round/3 >out &&
	cat >expect <<-EOF &&
	numbers:
	  riverbend-tech/notice: 60 days -> 120 days
	  riverbend-tech/notice: 30 days -> 21 days

	document riverbend-tech  round/2:technology.xml -> round/3:technology.xml

	modified: 14.2 Notice [riverbend-tech/notice]
	  The Authority shall give the Union written notice of any technological
	  change at least [-60-]{+120+} days before it is introduced. The parties
	  shall meet within [-30-]{+21+} days after the notice is given.
	EOF
	test_cmp expect out
'

test_expect '--stat: one line per document and a total' '
	cl diff --stat round/1 round/2 >out &&
	cat >expect <<-EOF &&
	riverbend-tech  round/2:technology.xml | 1 removed, 12 modified, 1 moved, 1 renumbered, 1 recategorized, 17 numbers, 4 metadata
	1 document changed, 14 clauses changed
	EOF
	test_cmp expect out
'

test_expect '-- PATH: a path with no changes gives nothing' '
	cl diff round/1 round/2 -- models >out &&
	test ! -s out &&
	cl diff round/1 round/2 -- technology.xml >out &&
	test -s out
'

test_expect 'two clauses at two revisions' '
	cl diff riverbend-tech/notice@1 riverbend-tech/notice@ta >out &&
	grep -q "at least \[-180-\]{+90+} days" out &&
	grep -q "^modified: 14.2 Notice \[riverbend-tech/notice\]\$" out &&
	cl diff adjustment-model/notice riverbend-tech/notice >out &&
	grep -q "\[adjustment-model/notice -> riverbend-tech/notice\]" out &&
	test_must_fail 1 cl diff riverbend-tech/nothing@1 riverbend-tech/notice 2>err &&
	grep -q "no clause .nothing. in document .riverbend-tech." err
'

test_expect '--against-model: each clause beside its model' '
	cl diff --against-model --format=json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
docs = [x for x in d[\"documents\"] if x[\"clauses\"]]
assert all(x[\"label\"] == \"against-model\" for x in docs), docs
ids = [c[\"new\"][\"clause\"] for x in docs for c in x[\"clauses\"]]
assert \"notice\" in ids and \"cameras\" in ids, ids
for x in docs:
    for c in x[\"clauses\"]:
        assert c[\"matched_by\"] == \"given\" and c[\"kinds\"], c
" &&
	cl diff --against-model >out &&
	grep -q "^document riverbend-tech  technology.xml (against-model)\$" out &&
	grep -q "\[adjustment-model/notice -> riverbend-tech/notice\]" out
'

test_expect 'only changed documents are read: an old broken file is left alone' '
	new_library lazy >/dev/null &&
	cp "$NEG/riverbend-r1-union.xml" lazy/a.xml &&
	printf "<agreement xmlns=\"urn:clause:1\"><broken/></agreement>\n" >lazy/broken.xml &&
	git -C lazy add . && git -C lazy commit -qm "with a broken file" &&
	cp "$NEG/riverbend-r2-employer.xml" lazy/a.xml &&
	git -C lazy commit -qam "round 2" &&
	"$CLAUSE" -C lazy diff HEAD~1 HEAD >out 2>err &&
	test ! -s err &&
	grep -q "^removed: 14.11 Transition fund" out
'

test_expect 'a document moved to another file is followed by its id' '
	git -C lib mv technology.xml tech2.xml &&
	git -C lib commit -qm "rename" &&
	cl diff HEAD~1 HEAD >out &&
	test ! -s out &&
	cl diff round/ta HEAD --stat >out &&
	grep -q "0 documents changed" out
'

test_expect 'a document moved into the current directory is followed there' '
	mkdir lib/sub &&
	git -C lib mv tech2.xml sub/tech.xml &&
	git -C lib commit -qm "into sub" &&
	"$CLAUSE" -C lib/sub diff --stat round/ta HEAD >out &&
	grep -q "^0 documents changed" out &&
	"$CLAUSE" -C lib/sub diff --stat round/3 HEAD >out &&
	grep -q "^riverbend-tech  HEAD:sub/tech.xml | " out &&
	mkdir lib/elsewhere &&
	"$CLAUSE" -C lib/elsewhere diff --stat round/3 HEAD >out &&
	grep -q "^0 documents changed" out
'

test_expect 'usage errors exit 129, unknown revisions 128' '
	test_must_fail 129 cl diff --format=pdf 2>err &&
	grep -q "unknown format" err &&
	test_must_fail 129 cl diff a b c 2>err &&
	test_must_fail 129 cl diff --color=sometimes 2>err &&
	test_must_fail 129 cl diff --clause=nothing 2>err &&
	test_must_fail 128 cl diff no-such-rev 2>err &&
	grep -q "unknown revision .no-such-rev." err &&
	test_must_fail 129 cl diff --textconv 2>err &&
	test_must_fail 129 "$CLAUSE" diff "$NEG/riverbend-ta.xml" 2>err &&
	grep -q "is a file: name two files" err
'

test_expect 'the text redline never starts a line with the full stop of a word, and shows notes as notes' '
	python3 - <<-PY &&
	head = ("<agreement xmlns=\"urn:clause:1\" id=\"glue\" status=\"proposal\"><meta>"
	        "<title>T</title><party role=\"union\" id=\"u\">U</party></meta>"
	        "<article id=\"a\">")
	def doc(word):
	    body = ""
	    for k in range(40):
	        text = " ".join(["wordy"] * 11) + " " + "x" * (k % 12) + " " + word + "."
	        body += ("<clause id=\"c%d\" category=\"adjustment.notice\"><p>%s</p>"
	                 "<note>Confidence %s; see the %s report.</note></clause>" % (k, text, word, word))
	    return head + body + "</article></agreement>"
	open("glue-1.xml", "w").write(doc("technology"))
	open("glue-2.xml", "w").write(doc("machinery"))
	PY
	"$CLAUSE" diff glue-1.xml glue-2.xml >out &&
	"$CLAUSE" diff --color=always glue-1.xml glue-2.xml | sed "s/$(printf "\033")\[[0-9;]*m//g" >col &&
	! grep -E "^ *[.,;:]" out && ! grep -E "^ *[.,;:]" col &&
	test "$(grep -c "^  Note: Confidence \[-technology-\]{+machinery+}; see the" out)" -eq 40 &&
	test "$(grep -c "^  Note: Confidence technology machinery; see the" col)" -eq 40 &&
	test "$(awk "length > 76" out | grep -vc "^document")" -eq 0
'

test_done
