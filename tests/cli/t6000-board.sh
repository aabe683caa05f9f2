#!/bin/sh
# t6000-board: the bargaining board and the recorded acts of the table.
# The shipped four-round negotiation (clauses/negotiation/) gives the
# board written by hand in tests/cli/expect/board/, both as four documents
# side by side (--negotiation) and replayed as rounds of one document; a
# TA'd clause's text is locked against commit and validate until the TA
# is reopened, while renumbering and moving it stay allowed; TAs recorded
# in two clones merge, a TA against an edit of the same clause is a
# conflict; JSON, CSV and HTML carry the same rows, and the page is
# checked in headless Chromium.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

NEG="$CLAUSE_TOP/clauses/negotiation"
EXPECT="$CLAUSE_TOP/tests/cli/expect/board"

# The shipped library, as a repository of its own.
cp -R "$CLAUSE_TOP/clauses" shipped
git -C shipped init -q && git -C shipped add -A &&
	git -C shipped commit -q -m "shipped library"

# The negotiation replayed as the history of one document, as make demo
# does: round/1 union, round/2 employer, round/3 union, round/ta joint.
new_library rb
mkdir rb/models && cp "$CLAUSE_TOP"/clauses/models/*.xml rb/models/
n=0
for r in r1-union:union r2-employer:employer r3-union:union ta:joint; do
	n=$((n + 1))
	file=${r%%:*} party=${r##*:}
	sed "s/id=\"riverbend-$file\"/id=\"riverbend-tech\"/" \
		"$NEG/riverbend-$file.xml" >rb/technology.xml
	[ "$file" = ta ] && name=ta || name=$n
	(cd rb && clause commit -m "Round $name" >/dev/null &&
	 clause round add "$name" --party "$party") || echo "replay failed at $file"
done

for as_of in 2 3 ta; do
	test_expect "the shipped negotiation as of round $as_of is the board written by hand" '
		if [ $as_of = ta ]; then
			clause -C shipped board --negotiation riverbend-2025 >actual
		else
			clause -C shipped board --negotiation riverbend-2025 --as-of $as_of >actual
		fi &&
		test_cmp "$EXPECT/negotiation-$as_of.txt" actual
	'
	test_expect "replayed as rounds of one document, as of round $as_of: the same rows" '
		clause -C rb board --as-of round/$as_of >doc.txt &&
		grep "^riverbend-tech, as of round/$as_of " doc.txt &&
		tail -n +3 doc.txt | sed "s/ ta joint/ TA joint/" >doc.rows &&
		tail -n +3 "$EXPECT/negotiation-$as_of.txt" >neg.rows &&
		test_cmp neg.rows doc.rows
	'
done

test_expect 'without DOC or --as-of: the one document, as of HEAD' '
	clause -C rb board >all.txt &&
	clause -C rb board --as-of ta >ta.txt &&
	test_cmp ta.txt all.txt &&
	grep "15 clauses: 0 open, 14 TA.d, 1 withdrawn" all.txt
'

test_expect 'unknown round, document, negotiation: one clear message, exit 1' '
	(cd rb && test_must_fail 1 clause board --as-of 7 2>../err) &&
	grep "no round .7." err &&
	(cd rb && test_must_fail 1 clause board riverbend-teck 2>../err) &&
	grep "riverbend-tech" err &&
	(cd shipped && test_must_fail 1 clause board --negotiation nope 2>../err) &&
	grep "negotiation .nope." err &&
	(cd shipped && test_must_fail 129 clause board 2>../err) &&
	grep "name the document" err
'

test_expect 'the agreement in force: unchanged clauses, language struck by one side' '
	new_library old &&
	cat >old/a.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="a" status="ratified">
	  <meta><title>Old agreement</title><party role="union" id="u">U</party></meta>
	  <clause id="x" category="adjustment.notice"><num>1</num><p>Notice of <quantity unit="days">30</quantity> days.</p></clause>
	  <clause id="y" category="adjustment.training"><num>2</num><p>Training on paid time.</p></clause>
	  <clause id="z" category="adjustment.job-security"><num>3</num><p>No layoffs.</p></clause>
	</agreement>
	EOF
	(cd old && clause commit -m "In force" >/dev/null && clause round add 0 -m "Agreement in force") &&
	sed -i "s|>30<|>90<|; s|status=\"ratified\"|status=\"proposal\"|" old/a.xml &&
	(cd old && clause commit -m "Union opens notice" >/dev/null && clause round add 1 --party union) &&
	sed -i "/<clause id=\"y\"/d; s|>90<|>45<|; s|status=\"proposal\"|status=\"counter\"|" old/a.xml &&
	(cd old && clause commit -m "Employer strikes training" >/dev/null && clause round add 2 --party employer) &&
	clause -C old board >b.txt &&
	grep "^1  *x .* 0 (in force) *2 employer *2 *countered$" b.txt &&
	grep "union 90 days / employer 45 days" b.txt &&
	grep "^2  *y .* 0 (in force) *2 employer (dropped) *0 *countered: struck by employer, round 2$" b.txt &&
	grep "^3  *z .* 0 (in force) *0 (in force) *0 *agreed unchanged$" b.txt &&
	sed -i "s|status=\"counter\"|status=\"proposal\"|" old/a.xml &&
	(cd old && clause commit -m "Union answers" >/dev/null && clause round add 3 --party union) &&
	clause -C old board >b.txt &&
	grep "^2  *y .*withdrawn by employer, round 3$" b.txt &&
	grep "3 clauses: 0 open, 1 countered, 0 TA.d, 1 withdrawn, 1 agreed unchanged" b.txt
'

test_expect 'JSON and CSV carry the same rows as the text' '
	clause -C shipped board --negotiation riverbend-2025 --as-of 3 --format=json >b.json &&
	clause -C shipped board --negotiation riverbend-2025 --as-of 3 --format=csv >b.csv &&
	python3 - b.json b.csv "$EXPECT/negotiation-3.txt" <<-\EOF
	import csv, json, sys
	j = json.load(open(sys.argv[1]))
	rows = list(csv.DictReader(open(sys.argv[2], newline="")))
	text = [l.split()[1] for l in open(sys.argv[3]).read().split("\n")[4:]
	        if l and not l.startswith(" ")]
	ids = [c["clause"] for c in j["clauses"]]
	assert ids == [r["clause"] for r in rows] == text, (ids, text)
	for c, r in zip(j["clauses"], rows):
	    assert c["status"] == r["status"], (c, r)
	    assert str(c["rounds"]) == r["rounds"]
	    assert c["tabled"]["round"] == r["tabled_round"]
	    assert c["last_change"]["round"] == r["last_round"]
	    assert "; ".join(g["union"] or "none" for g in c["open_numbers"]) == r["union"]
	    assert "; ".join(g["employer"] or "none" for g in c["open_numbers"]) == r["employer"]
	t = j["totals"]
	assert (t["open"], t["countered"], t["ta"], t["withdrawn"]) == (1, 12, 1, 1), t
	n = {c["clause"]: c for c in j["clauses"]}
	assert n["notice"]["open_numbers"] == [
	    {"union": "120 days", "employer": "60 days"},
	    {"union": "21 days", "employer": "30 days"}], n["notice"]
	assert n["gain-sharing"]["status_by"] == "union"
	assert n["gain-sharing"]["current_by"] == "employer"
	assert n["discipline"]["act"]["date"] == "2025-11-05"
	EOF
'

test_expect 'diff --by-party: each insertion says whose round brought it in' '
	clause -C rb diff --by-party --clause=riverbend-tech/notice round/1 round/3 >bp.txt &&
	grep "at least \[-180-\]{+\[union\] 120+} days" bp.txt &&
	clause -C rb diff --by-party --clause=riverbend-tech/cameras round/1 round/ta >bp.txt &&
	grep "\[-No-\]{+\[employer\] A+} camera" bp.txt &&
	grep "{+\[union\] the operator.s emergency alarm+}" bp.txt &&
	grep "\[-30-\]" bp.txt && grep "{+\[joint\] 45+} days" bp.txt &&
	clause -C rb diff --clause=riverbend-tech/cameras round/1 round/ta >plain.txt &&
	sed "s/{+\[[a-z]*\] /{+/g" bp.txt | tr -d " \n" | sed "s/+}{+//g" >a &&
	tr -d " \n" <plain.txt >b &&
	test_cmp b a &&
	(cd rb && test_must_fail 129 clause diff --by-party round/1 2>../err) &&
	grep "compares two revisions" err &&
	(cd rb && test_must_fail 1 clause diff --by-party round/ta round/ta 2>../err) &&
	grep "no round lies after round/ta" err
'

test_expect 'diff --by-party in HTML and Word: classes and authors by party; LibreOffice accepts and rejects' '
	clause -C rb diff --by-party --format=html round/1 round/ta >bp.html &&
	grep -q "<ins class=\"by-union\" title=\"union\">" bp.html &&
	grep -q "<ins class=\"by-employer\" title=\"employer\">" bp.html &&
	grep -q "<ins class=\"by-joint\" title=\"joint\">" bp.html &&
	clause -C rb diff --by-party --format=docx -o "$TEST_SCRATCH/bp.docx" round/1 round/ta &&
	python3 -c "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(\"word/document.xml\").decode())" bp.docx >bp.xml &&
	grep -q "<w:ins [^>]*w:author=\"union\"" bp.xml &&
	grep -q "<w:ins [^>]*w:author=\"employer\"" bp.xml &&
	/usr/bin/python3 "$CLAUSE_TOP/tests/export/lo_accept.py" bp.docx bp >lo.log 2>&1 &&
	grep -q "at least 90 days before it is introduced" bp.accept &&
	! grep -q "at least 180 days" bp.accept &&
	grep -q "at least 180 days before it is introduced" bp.reject &&
	! grep -q "at least 90 days" bp.reject
'

# ---- The acts and the lock ---------------------------------------------

new_library t
mkdir t/models && cp "$CLAUSE_TOP"/clauses/models/*.xml t/models/
sed "s/id=\"riverbend-r1-union\"/id=\"tech\"/" "$NEG/riverbend-r1-union.xml" >t/tech.xml
(cd t && clause commit -m "Union proposal" >/dev/null && clause round add 1 --party union)

test_expect 'clause ta records the TA in the document and commits it' '
	(cd t && clause ta --date 2025-09-20 -m "Initialled & dated" tech/notice tech/training >../out) &&
	grep "^\[main [0-9a-f]*\] TA tech/notice, tech/training (2025-09-20, union employer), round 1$" out &&
	test "$(grep -c "<ta date=\"2025-09-20\" by=\"union employer\" round=\"1\">Initialled &amp; dated</ta>" t/tech.xml)" = 2 &&
	test -z "$(git -C t status --porcelain)" &&
	git -C t log -1 --format=%B | grep "^Initialled & dated$" &&
	(cd t && clause validate)
'

test_expect 'a TA on a TA, a mistyped clause, a dirty file: refused, nothing written' '
	head=$(git -C t rev-parse HEAD) && cp t/tech.xml before.xml &&
	(cd t && test_must_fail 1 clause ta tech/notice 2>../err) &&
	grep "tech/notice is already tentatively agreed (2025-09-20" err &&
	(cd t && test_must_fail 1 clause ta tech/notise 2>../err) &&
	grep "did you mean .tech/notice." err &&
	sed -i "s/Severance/Severance pay/" t/tech.xml && cp t/tech.xml dirty.xml &&
	(cd t && test_must_fail 1 clause ta tech/scope 2>../err) &&
	grep "tech.xml has changes that are not committed" err &&
	cmp dirty.xml t/tech.xml && cp before.xml t/tech.xml &&
	(cd t && test_must_fail 129 clause ta --reopen tech/notice 2>../err) &&
	grep "say who reopens it" err &&
	(cd t && test_must_fail 129 clause ta --by uni tech/scope 2>../err) &&
	grep "unknown party .uni." err &&
	(cd t && test_must_fail 129 clause ta --date 2025-02-30 tech/scope) &&
	(cd t && test_must_fail 129 clause reject tech/scope 2>../err) &&
	grep "say who rejects it" err &&
	test "$(git -C t rev-parse HEAD)" = "$head" && cmp before.xml t/tech.xml
'

test_expect 'changing a TAd clause: commit and validate refuse, at path:line:col' '
	head=$(git -C t rev-parse HEAD) &&
	line=$(grep -n "<clause id=\"notice\"" t/tech.xml | cut -d: -f1) &&
	sed -i "s|<quantity unit=\"days\">180</quantity>|<quantity unit=\"days\">150</quantity>|" t/tech.xml &&
	(cd t && test_must_fail 1 clause commit -m "150 days" 2>../err) &&
	grep "^tech.xml:$line:5: clause .notice. was tentatively agreed in round 1 on 2025-09-20 by union employer: its text cannot change until the TA is reopened (clause ta --reopen tech/notice)$" err &&
	grep "^clause: nothing committed: 1 problem$" err &&
	(cd t && test_must_fail 1 clause validate 2>../err) &&
	grep "^tech.xml:$line:5: clause .notice. was tentatively agreed" err &&
	test "$(git -C t rev-parse HEAD)" = "$head" &&
	git -C t checkout -q tech.xml
'

test_expect 'removing a TAd clause or its TA record: refused' '
	python3 - t/tech.xml <<-\EOF &&
	import re, sys
	s = open(sys.argv[1]).read()
	s = re.sub(r"\n *<clause id=\"training\".*?</clause>", "", s, flags=re.S)
	open(sys.argv[1], "w").write(s)
	EOF
	(cd t && test_must_fail 1 clause commit -m "no training" 2>../err) &&
	grep "clause .training. was tentatively agreed in round 1 .*: it cannot be removed until the TA is reopened" err &&
	git -C t checkout -q tech.xml &&
	sed -i "/<ta date=\"2025-09-20\"/d" t/tech.xml &&
	(cd t && test_must_fail 1 clause commit -m "untie" 2>../err) &&
	test "$(grep -c "that record cannot be removed or changed" err)" = 2 &&
	git -C t checkout -q tech.xml
'

test_expect 'renumbering and moving a TAd clause is not changing it: committed' '
	python3 - t/tech.xml <<-\EOF &&
	import re, sys
	s = open(sys.argv[1]).read()
	m = re.search(r"\n *<clause id=\"notice\".*?</clause>", s, flags=re.S)
	s = s.replace(m.group(0), "")
	clause = m.group(0).replace("<num>14.2</num>", "<num>15.9</num>")
	s = s.replace("</article>\n</agreement>", clause + "\n  </article>\n</agreement>")
	open(sys.argv[1], "w").write(s)
	EOF
	(cd t && clause commit -m "Notice moves to Article 15" >/dev/null) &&
	clause -C t diff HEAD~1 HEAD >d.txt &&
	grep "moved: .*15.9 Notice \[tech/notice\]" d.txt
'

test_expect 'a TA covers its sub-clauses; a reopening with new words in one commit is refused' '
	new_library s &&
	cat >s/d.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="d" status="proposal">
	  <meta><title>T</title><party role="union" id="u">U</party></meta>
	  <clause id="c" category="adjustment.notice"><num>1</num><heading>Notice</heading>
	    <p>Notice of <quantity unit="days">45</quantity> days.</p>
	    <clause id="c1" category="adjustment.notice">
	      <p>Meet within <quantity unit="days">10</quantity> days.</p>
	    </clause>
	  </clause>
	</agreement>
	EOF
	(cd s && clause commit -m one >/dev/null && clause round add 1 --party union &&
	 clause ta --date 2026-01-01 d/c >/dev/null) &&
	sed -i "s|>10<|>20<|" s/d.xml &&
	(cd s && test_must_fail 1 clause commit -m "20 days" 2>../err) &&
	grep "^d.xml:7:5: clause .c1. is part of .c., which is tentatively agreed in round 1 on 2026-01-01 by union employer: its text cannot change until the TA is reopened (clause ta --reopen d/c)$" err &&
	git -C s checkout -q d.xml &&
	sed -i "s|<ta date=\"2026-01-01\" by=\"union employer\" round=\"1\"/>|&<reopen date=\"2026-01-02\" by=\"employer\"/>|; s|>45<|>30<|" s/d.xml &&
	grep -q "<reopen" s/d.xml &&
	(cd s && test_must_fail 1 clause commit -m "reopen and 30" 2>../err) &&
	grep "clause .c. was tentatively agreed .*: reopen the TA as an act of its own first (clause ta --reopen d/c), then change the text" err &&
	sed -i "s|>30<|>45<|" s/d.xml &&
	(cd s && clause commit -m "Employer reopens" >/dev/null) &&
	sed -i "s|>45<|>30<|" s/d.xml &&
	(cd s && clause commit -m "30 days" >/dev/null) &&
	(cd s && clause ta --date 2026-01-03 d/c >../out 2>../err) &&
	grep "^clause: d/c: its words are not those of round 1; the TA names no round$" err &&
	grep "<ta date=\"2026-01-03\" by=\"union employer\"/>" s/d.xml
'

test_expect 'clause ta --reopen records who reopened it; the text may change again' '
	(cd t && clause ta --reopen --by employer --date 2025-10-01 -m "The Authority reopens notice" tech/notice >../out) &&
	grep "Reopen TA of tech/notice (2025-10-01, employer), round 1" out &&
	grep "<reopen date=\"2025-10-01\" by=\"employer\" round=\"1\">The Authority reopens notice</reopen>" t/tech.xml &&
	(cd t && test_must_fail 1 clause ta --reopen --by employer tech/notice 2>../err) &&
	grep "not tentatively agreed" err &&
	sed -i "s|<quantity unit=\"days\">180</quantity>|<quantity unit=\"days\">150</quantity>|" t/tech.xml &&
	(cd t && clause commit -m "150 days" >/dev/null) &&
	clause -C t board >b.txt &&
	grep "notice .*open (TA reopened 2025-10-01 by employer) (changed since round/1, not tabled)" b.txt &&
	grep "training .*TA 2025-09-20 (union employer)" b.txt
'

test_expect 'a rejection stands until the language changes in a later round; as of round 2 it was not made yet' '
	sed -i "s|<quantity unit=\"days\">150</quantity>|<quantity unit=\"days\">60</quantity>|" t/tech.xml &&
	(cd t && clause commit -m "Employer counter" >/dev/null && clause round add 2 --party employer &&
	 clause reject --by union --date 2025-10-15 tech/notice >/dev/null) &&
	clause -C t board >b.txt &&
	grep "^15.9 *notice .* 2 employer .*rejected by union 2025-10-15$" b.txt &&
	grep "union 180 days / employer 60 days" b.txt &&
	sed -i "s|<quantity unit=\"days\">60</quantity>|<quantity unit=\"days\">120</quantity>|" t/tech.xml &&
	(cd t && clause commit -m "Union revision" >/dev/null && clause round add 3 --party union) &&
	clause -C t board >b.txt &&
	grep "^15.9 *notice .* 3 union .* countered" b.txt &&
	! grep "rejected by" b.txt &&
	clause -C t board --as-of 2 >b2.txt &&
	grep "^15.9 *notice .* 2 employer .* countered (TA reopened 2025-10-01 by employer)$" b2.txt
'

# ---- Merges --------------------------------------------------------------

make_bare fed.git
clause clone -q fed.git ana
clause clone -q fed.git ben
DOC=adjustment-model.xml

test_expect 'TAs recorded in two clones on different clauses merge cleanly' '
	(cd ana && clause ta --date 2026-03-04 adjustment-model/notice >/dev/null && clause push -q) &&
	(cd ben && clause ta --date 2026-03-05 adjustment-model/training >/dev/null && clause pull -q) &&
	grep -c "<ta date=\"2026-03-0[45]\"" ben/$DOC >n && test "$(cat n)" = 2 &&
	(cd ben && clause validate && git fsck --strict && clause push -q)
'

test_expect 'the same clause TAd on one side and changed on the other: a conflict, nothing lost' '
	(cd ana && clause pull -q && clause ta --date 2026-03-06 adjustment-model/severance >/dev/null && clause push -q) &&
	grep -n "<clause id=\"severance\"" -A8 ben/$DOC | grep "<quantity" | head -1 >q &&
	test -s q &&
	python3 - ben/$DOC <<-\EOF &&
	import re, sys
	s = open(sys.argv[1]).read()
	m = re.search(r"<clause id=\"severance\".*?</clause>", s, flags=re.S)
	c = re.sub(r"(<quantity[^>]*>)([^<]*)(</quantity>)", r"\g<1>77\g<3>", m.group(0), count=1)
	open(sys.argv[1], "w").write(s.replace(m.group(0), c))
	EOF
	(cd ben && clause commit -m "Ben: 77" >/dev/null) &&
	(cd ben && test_must_fail 1 clause pull 2>../err) &&
	grep "1 clause conflict written into $DOC" err &&
	sed -n "/<conflict clause=\"severance\"/,/<\/conflict>/p" ben/$DOC >conflict &&
	grep ">77<" conflict && grep "<ta date=\"2026-03-06\"" conflict
'

# ---- HTML ----------------------------------------------------------------

test_expect 'the HTML board escapes every field' '
	new_library x &&
	cat >x/d.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="d" status="proposal">
	  <meta><title>T &lt;script&gt;alert(1)&lt;/script&gt;</title>
	    <party role="union" id="u">U</party></meta>
	  <article id="a"><heading>&lt;img src=x onerror=alert(2)&gt;</heading>
	  <clause id="c" category="adjustment.notice"><num>"1" &amp; &lt;b&gt;</num>
	    <heading>&lt;script&gt;alert(3)&lt;/script&gt;</heading>
	    <p>Notice of <quantity unit="days">45</quantity> days.</p></clause>
	  </article>
	</agreement>
	EOF
	(cd x && clause commit -m one >/dev/null && clause round add 1 --party union) &&
	(cd x && clause ta --date 2026-01-01 -m "<i>noted</i> & \"quoted\"" d/c >/dev/null) &&
	clause -C x board --format=html >x.html &&
	! grep -i "<script\|<img\|<b>&\|<i>noted" x.html &&
	grep "&lt;script&gt;alert(3)&lt;/script&gt;" x.html &&
	grep "&lt;img src=x onerror=alert(2)&gt;" x.html &&
	grep "&quot;1&quot; &amp; &lt;b&gt;" x.html
'

test_expect 'chromium, pdfinfo are installed (make deps)' '
	command -v chromium && command -v pdfinfo
'

test_expect 'the board page in Chromium: TA counter, one row a clause, coloured by party' '
	clause -C shipped board --negotiation riverbend-2025 --as-of 3 --format=html >board.html &&
	browser --dump-dom "file://$TEST_SCRATCH/board.html" >dom.html 2>log &&
	grep -o "<li class=\"ta\" id=\"ta-count\"><b>1 of 15</b>" dom.html &&
	test "$(grep -o "<tr class=\"by-[a-z]*\" id=\"c-" dom.html | wc -l)" = 15 &&
	test "$(grep -o "<tr class=\"by-union\"" dom.html | wc -l)" = 14 &&
	grep -o "<tr class=\"by-employer\" id=\"c-gain-sharing\"" dom.html &&
	grep -o "class=\"status s-ta\">TA 2025-11-05" dom.html &&
	browser --window-size=1200,1400 --screenshot="$TEST_SCRATCH/board.png" \
		"file://$TEST_SCRATCH/board.html" >log 2>&1 &&
	test $(wc -c <board.png) -gt 10000
'

test_expect 'the board prints landscape' '
	browser --no-pdf-header-footer --print-to-pdf="$TEST_SCRATCH/board.pdf" \
		"file://$TEST_SCRATCH/board.html" >log 2>&1 &&
	size=$(pdfinfo board.pdf | sed -n "s/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1 \2/p") &&
	echo "size: $size" &&
	set -- $size && awk "BEGIN { exit !($1 > $2) }"
'

test_done
