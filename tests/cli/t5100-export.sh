#!/bin/sh
# t5100-export.sh: clause export of one document as plain text, Markdown,
# CSV and HTML: what each format's readers see (the text importer, a CSV
# parser, Chromium), text that cannot turn into markup or formulas, and
# errors for what is not there.
. "$CLAUSE_TOP/tests/cli/lib.sh"

lib=$CLAUSE_TOP/clauses

test_expect "plain text is what the reference renderer writes, for every shipped document" '
	n=0
	for f in "$lib"/*/*.xml; do
		id=$(sed -n "s/.*<agreement [^>]*id=\"\([^\"]*\)\".*/\1/p" "$f" | head -n 1)
		(cd "$lib" && clause export "$id") >got.txt &&
		python3 "$CLAUSE_TOP/tests/import/render_text.py" "$f" >want.txt &&
		test_cmp want.txt got.txt || exit 1
		n=$((n + 1))
	done
	test $n -ge 30
'

test_expect "plain text imports back as the same document" '
	(cd "$lib" && clause export riverbend-r2-employer) >r2.txt &&
	clause import -q r2.txt --like "$lib/negotiation/riverbend-r2-employer.xml" -o back.xml &&
	clause diff --format=json "$lib/negotiation/riverbend-r2-employer.xml" back.xml >d.json &&
	python3 -c "
import json
d = json.load(open(\"d.json\"))
assert all(not doc[\"clauses\"] for doc in d[\"documents\"]), d
"
'

# A document whose text looks like markup and like formulas.
new_library hostile
cat >hostile/doc.xml <<'XML'
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:clause:1" id="odd" status="proposal">
  <meta><title>Odd *text* &amp; &lt;tags&gt;</title>
    <party role="union" id="u">Union, "Local" 1</party></meta>
  <article id="a"><num>Article 1</num><heading>Marks</heading>
    <clause id="formula" category="adjustment.notice"><num>1.1</num>
      <heading>=HYPERLINK("http://example.org")</heading>
      <p>=1+1 and *stars* and _under_ and &lt;script&gt;alert(1)&lt;/script&gt;</p>
      <p>1. not a list</p>
      <list type="alpha"><item>first, with a comma</item><item>second "quoted"</item></list>
    </clause>
    <clause id="plus" category="adjustment.notice"><p>+44 and -5 and @home</p></clause>
  </article>
</agreement>
XML
(cd hostile && clause commit -m odd >/dev/null)

test_expect "CSV: RFC 4180 quoting, a header row, formulas defused" '
	(cd hostile && clause export --format=csv odd) >odd.csv &&
	python3 - <<-PY
	import csv
	rows = list(csv.reader(open("odd.csv", newline="")))
	assert rows[0] == ["document", "clause", "number", "heading", "categories", "status", "text"], rows[0]
	assert len(rows) == 3, rows
	f = rows[1]
	assert f[1] == "formula" and f[2] == "1.1", f
	assert f[3] == "\x27=HYPERLINK(\"http://example.org\")", f[3]
	assert f[6].startswith("\x27=1+1 and *stars*"), f[6]
	assert "second \"quoted\"" in f[6], f[6]
	assert rows[2][6] == "\x27+44 and -5 and @home", rows[2]
	PY
	grep -q "$(printf "\r")\$" odd.csv
'

test_expect "Markdown: headings, lists, and clause text that stays text" '
	(cd hostile && clause export --format=md odd) >odd.md &&
	grep -q "^# Odd \\\\\\*text\\\\\\* & \\\\<tags\\\\>\$" odd.md &&
	grep -q "^## Article 1 Marks\$" odd.md &&
	grep -q "^### 1.1 =HYPERLINK" odd.md &&
	grep -q "\\\\\\*stars\\\\\\* and \\\\_under\\\\_ and \\\\<script\\\\>" odd.md &&
	grep -q "^1\\\\. not a list\$" odd.md &&
	grep -q "^(a) first, with a comma  \$" odd.md &&
	grep -q "^+44 and -5" odd.md
'

test_expect "HTML: a standalone page Chromium shows, with no markup from the text" '
	(cd hostile && clause export --format=html odd) >odd.html &&
	! grep -q "<script" odd.html &&
	grep -q "&lt;script&gt;alert(1)&lt;/script&gt;" odd.html &&
	grep -q "<ol type=\"a\">" odd.html &&
	timeout 60 chromium --headless --no-sandbox --disable-gpu --dump-dom \
		"file://$TEST_SCRATCH/odd.html" >dom.html 2>/dev/null &&
	grep -q "<li>second \"quoted\"</li>" dom.html &&
	grep -q "&lt;script&gt;" dom.html
'

test_expect "ls, search and matrix write CSV through the same writer" '
	(cd hostile && clause ls --format=csv && clause ls -c --format=csv &&
	 clause search --format=csv hyperlink &&
	 clause matrix --format=csv) >all.csv &&
	python3 - <<-PY
	import csv
	rows = list(csv.reader(open("all.csv", newline="")))
	assert rows[0] == ["document", "status", "clauses", "title", "path"], rows[0]
	assert rows[1][:3] == ["odd", "proposal", "2"], rows[1]
	assert rows[2][:5] == ["document", "clause", "number", "heading", "categories"], rows[2]
	assert rows[3][3] == "\x27=HYPERLINK(\"http://example.org\")", rows[3]
	assert rows[5][0] == "document" and rows[5][6] == "score", rows[5]
	assert rows[6][1] == "formula" and rows[6][3].startswith("\x27="), rows[6]
	assert rows[6][3] == rows[3][3], rows[6]
	assert "a comma second" in rows[6][7], rows[6]
	assert rows[7][:3] == ["document", "title", "status"], rows[7]
	assert rows[8][0] == "odd", rows[8]
	PY
'

lo() { /usr/bin/python3 "$CLAUSE_TOP/tests/export/lo_accept.py" "$@"; }
# The main part of a .docx.
document_xml() {
	python3 -c "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(sys.argv[1]).read(\"word/document.xml\").decode())" "$1"
}

test_expect "Word: the redline between two rounds, accepted and rejected in LibreOffice" '
	neg=$lib/negotiation &&
	clause diff --format=docx -o red.docx "$neg/riverbend-r1-union.xml" \
		"$neg/riverbend-r2-employer.xml" &&
	(cd "$lib" && clause export --format=docx -o "$TEST_SCRATCH/r1.docx" riverbend-r1-union) &&
	# the other steps of the negotiation, and all of it at once
	set -- r2-employer r3-union r3-union ta r1-union ta &&
	while [ $# -gt 0 ]; do
		clause diff --format=docx -o "$1-$2.docx" "$neg/riverbend-$1.xml" \
			"$neg/riverbend-$2.xml" &&
		clause diff --format=json "$neg/riverbend-$1.xml" \
			"$neg/riverbend-$2.xml" >"$1-$2.json" || return 1
		shift 2
	done &&
	clause diff --format=json "$neg/riverbend-r1-union.xml" \
		"$neg/riverbend-r2-employer.xml" >red.json &&
	lo red.docx red r1.docx r1 r2-employer-r3-union.docx s2 \
		r3-union-ta.docx s3 r1-union-ta.docx s4 >lo.log 2>&1 &&
	# every insertion and deletion of the JSON diff is a tracked change
	# that survives in OpenDocument, and there is no other
	for pair in "red red" "s2 r2-employer-r3-union" "s3 r3-union-ta" \
		    "s4 r1-union-ta"; do
		set -- $pair &&
		want=$(/usr/bin/python3 "$CLAUSE_TOP/tests/export/revisions.py" "$2.json") &&
		got=$(sed -n "s/^#changed-regions\t//p" "$1.asis") &&
		echo "$2: $got changed regions, $want in the JSON diff" &&
		test "$got" -eq "$want" || return 1
	done &&
	test "$want" -gt 50 &&
	document_xml red.docx >red.xml &&
	grep -q "w:author=\"Riverbend Regional Transit Authority\"" red.xml &&
	grep -q "w:date=\"2025-10-08T00:00:00Z\"" red.xml &&
	test "$(sed -n "s/^#redlines\t//p" red.asis)" -ge 20 &&
	grep -q "at least 60 days before it is introduced" red.accept &&
	! grep -q "at least 180 days" red.accept &&
	grep -q "at least 180 days before it is introduced" red.reject &&
	! grep -q "at least 60 days" red.reject &&
	grep -q "^Heading 2	14.2 Notice\$" r1.asis &&
	# LibreOffice as text: the words of the plain export, in order,
	# and the parties the Word file names under its title
	(cd "$lib" && clause export riverbend-r1-union) >r1.txt &&
	python3 - <<-\PY &&
	lo = open("r1.accept.txt", encoding="utf-8-sig").read().split()
	subtitles = [l.split("\t", 1)[1] for l in open("r1.asis", encoding="utf-8")
	             if l.startswith("Subtitle\t")]
	parties = " ".join(subtitles).split()
	want = open("r1.txt", encoding="utf-8").read().split()
	title = len(open("r1.txt", encoding="utf-8").readline().split())
	assert parties and lo[title:title + len(parties)] == parties, lo[:30]
	assert lo[:title] + lo[title + len(parties):] == want, (len(lo), len(want))
	assert len(want) > 500, len(want)
	PY
	test "$(sed -n "s/^#redlines\t//p" r1.asis)" -eq 0
'

test_expect "Word: never to a terminal; --author names the revisions" '
	neg=$lib/negotiation &&
	script -qec "$CLAUSE diff --format=docx $neg/riverbend-r1-union.xml $neg/riverbend-r2-employer.xml" /dev/null >tty.out;
	grep -q "not for a terminal" tty.out &&
	clause diff --format=docx --author "Ana Negotiator" "$neg/riverbend-r1-union.xml" \
		"$neg/riverbend-r2-employer.xml" >piped.docx &&
	document_xml piped.docx | grep -q "w:author=\"Ana Negotiator\"" &&
	test_must_fail 129 clause diff --stat --format=docx "$neg/riverbend-r1-union.xml" \
		"$neg/riverbend-r2-employer.xml" 2>err
'

test_expect "-o writes the file whole; a revision is read; errors for what is not there" '
	(cd hostile && clause export --format=md -o ../at-head.md odd@HEAD) &&
	test -s at-head.md &&
	(cd hostile && test_must_fail 1 clause export nosuch 2>../err) &&
	grep -q "no document .nosuch." err &&
	(cd hostile && test_must_fail 129 clause export --format=pdf odd 2>../err) &&
	(cd hostile && test_must_fail 129 clause export odd/formula 2>../err) &&
	(cd hostile && test_must_fail 129 clause export 2>../err)
'

test_done
