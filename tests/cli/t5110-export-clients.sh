#!/bin/sh
# t5110-export-clients.sh: what clause export writes, read by the
# programs people use: Markdown through cmark as a forge renders it, CSV
# against the JSON listing, Word back through clause import.
. "$CLAUSE_TOP/tests/cli/lib.sh"

lib=$CLAUSE_TOP/clauses

test_expect "Markdown renders through cmark with no raw HTML from the text" '
	printf "%s\n" "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" \
		"<agreement xmlns=\"urn:clause:1\" id=\"md\" status=\"proposal\">" \
		"<meta><title>T &lt;b&gt;</title><party role=\"union\" id=\"u\">U</party></meta>" \
		"<article id=\"a\"><num>Article 1</num><heading>One</heading>" \
		"<clause id=\"c\" category=\"adjustment.notice\"><num>1.1</num><heading>H</heading>" \
		"<p>&lt;script&gt;x()&lt;/script&gt; and &lt;img src=x onerror=y&gt; [link](javascript:z)</p>" \
		"</clause></article></agreement>" >md.xml &&
	new_library mdlib && cp md.xml mdlib/ && (cd mdlib && clause commit -m md >/dev/null &&
	 clause export --format=md md) >md.md &&
	python3 "$CLAUSE_TOP/tests/export/md_html.py" md.md >md.html &&
	! grep -qi "<script\|<img\|<a " md.html &&
	grep -q "<h1>T &lt;b&gt;</h1>" md.html &&
	grep -q "<h2>Article 1 One</h2>" md.html &&
	grep -q "<h3>1.1 H</h3>" md.html &&
	(cd "$lib" && clause export --format=md riverbend-r2-employer) >r2.md &&
	python3 "$CLAUSE_TOP/tests/export/md_html.py" r2.md >r2.html &&
	test "$(grep -c "<h3>" r2.html)" -eq 13 &&
	test "$(grep -c "<h2>" r2.html)" -eq 2 &&
	grep -q "<li>" r2.html
'

test_expect "CSV of ls -c holds the rows of its JSON" '
	(cd "$lib" && clause ls -c --format=csv && clause ls -c --format=json) >both &&
	python3 - <<-PY
	import csv, io, json
	text = open("both").read()
	cut = text.index("\n[")
	rows = list(csv.reader(io.StringIO(text[:cut + 1], newline="")))
	items = json.loads(text[cut + 1:])
	assert rows[0][:5] == ["document", "clause", "number", "heading", "categories"]
	got = [(r[0], r[1], r[2], r[3], r[4]) for r in rows[1:]]
	want = [(j["doc"], j["clause"], j["num"] or "", j["heading"] or "", " ".join(j["categories"])) for j in items]
	assert got == want, [g for g, w in zip(got, want) if g != w][:3]
	assert len(got) > 150, len(got)
	PY
'

test_expect "Word round trip: export --format=docx, then import --like" '
	(cd "$lib" && clause export --format=docx -o "$TEST_SCRATCH/r2.docx" riverbend-r2-employer) &&
	clause import r2.docx --like "$lib/negotiation/riverbend-r2-employer.xml" -o back.xml 2>report &&
	grep -q "13 clauses matched, 0 new" report &&
	grep -o "clause id=\"[^\"]*\"" "$lib/negotiation/riverbend-r2-employer.xml" >want.ids &&
	grep -o "clause id=\"[^\"]*\"" back.xml >got.ids &&
	test_cmp want.ids got.ids &&
	grep -o "<quantity[^>]*>[^<]*</quantity>" "$lib/negotiation/riverbend-r2-employer.xml" >want.q &&
	grep -o "<quantity[^>]*>[^<]*</quantity>" back.xml >got.q &&
	test_cmp want.q got.q &&
	clause diff --format=json "$lib/negotiation/riverbend-r2-employer.xml" back.xml >d.json &&
	python3 -c "
import json
d = json.load(open(\"d.json\"))
changed = [c for doc in d[\"documents\"] for c in doc[\"clauses\"]]
assert not changed, changed[:2]
"
'

test_expect "Word export keeps an article's notes, as footnotes" '
	(cd "$lib" && clause export --format=docx -o "$TEST_SCRATCH/unifor.docx" unifor-899-art25) &&
	python3 -c "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(\"unifor.docx\").read(\"word/footnotes.xml\").decode())" >unifor.xml &&
	grep -q "contract out of the technological change sections" unifor.xml
'

test_expect "Word: notes are footnotes LibreOffice shows, and import reads them back as notes" '
	new_library notes && cp -r "$lib"/* notes/ &&
	python3 - notes/negotiation/riverbend-r2-employer.xml <<-\PY &&
	import sys
	p = sys.argv[1]
	s = open(p, encoding="utf-8").read()
	s = s.replace("months.</p>\n      <p>Laid-off",
	              "months.</p>\n      <note>The counter halves the pay protection &amp; more.</note>\n      <p>Laid-off", 1)
	i = s.index("<article id=\"ai\">")
	j = s.index("</heading>", i) + len("</heading>")
	s = s[:j] + "<note>Article 15 is new in this round.</note>" + s[j:]
	open(p, "w", encoding="utf-8").write(s)
	PY
	(cd notes && clause commit -m notes >/dev/null &&
	 clause export --format=docx -o "$TEST_SCRATCH/n.docx" riverbend-r2-employer) &&
	/usr/bin/python3 "$CLAUSE_TOP/tests/export/lo_accept.py" n.docx n >lo.log 2>&1 &&
	grep -q "^#footnote	 *The counter halves the pay protection & more.\$" n.asis &&
	grep -q "^#footnote	 *Article 15 is new in this round.\$" n.asis &&
	clause import n.docx --like notes/negotiation/riverbend-r2-employer.xml -o back.xml 2>report &&
	grep -q "kept 2 footnotes as notes" report &&
	grep -q "13 clauses matched, 0 new" report &&
	grep -q "<note>Article 15 is new in this round.</note>" back.xml &&
	clause diff --format=json notes/negotiation/riverbend-r2-employer.xml back.xml >d.json &&
	python3 -c "
import json
d = json.load(open(\"d.json\"))
changed = [c for doc in d[\"documents\"] for c in doc[\"clauses\"]]
assert not changed, changed[:2]
" &&
	python3 -c "
import re
s = open(\"back.xml\").read()
c = s[s.index(\"id=\\\"redeployment\\\"\"):]
c = c[:c.index(\"</clause>\")]
assert re.search(r\"> months\\.</p>\\s*<note>The counter halves the pay protection &amp; more\\.</note>\\s*<p>Laid-off\", c), c
"
'

test_expect "export --all: every clause of the library, the same as the documents one by one" '
	new_library all && cp -r "$lib"/* all/ &&
	(cd all && clause commit -m shipped >/dev/null &&
	 clause export --all --format=csv >../all.csv 2>/dev/null &&
	 for d in $(clause ls | sed "s/ .*//"); do
		clause export --format=csv "$d" | tail -n +2; done >../each.csv) &&
	head -n 1 all.csv | grep -q "^document,clause,number,heading,categories,status,text" &&
	tail -n +2 all.csv >all.body &&
	test_cmp each.csv all.body &&
	test "$(python3 -c "import csv; print(sum(1 for _ in csv.reader(open(\"all.csv\", newline=\"\"))))")" -gt 150 &&
	(cd all && test_must_fail 129 clause export --all 2>../err1) &&
	grep -q "takes --format=csv" err1 &&
	(cd all && test_must_fail 129 clause export --all --format=csv riverbend-ta 2>../err2) &&
	(cd all && test_must_fail 129 clause export --rev HEAD --format=csv riverbend-ta 2>../err3)
'

test_done
