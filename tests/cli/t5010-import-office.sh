#!/bin/sh
# t5010-import-office.sh: clause import of Word files and PDFs made by
# the programs negotiators use: the shipped negotiation's rounds laid out
# by LibreOffice come back with the same clause ids, text and quantities,
# and the diff between them is the shipped one; broken and hostile files
# are refused with one message and nothing written.
. "$CLAUSE_TOP/tests/cli/lib.sh"

lib=$CLAUSE_TOP/clauses/negotiation
render() { python3 "$CLAUSE_TOP/tests/import/render_text.py" "$@"; }
words() { python3 "$CLAUSE_TOP/tests/import/words.py" "$@"; }
# LibreOffice with a profile of this test's own, so that runs in parallel
# and a user's own settings stay out.
office() {
	soffice --headless "-env:UserInstallation=file://$TEST_SCRATCH/lo" \
		--convert-to "$@" >lo.log 2>&1
}

test_expect "LibreOffice lays the shipped rounds out as Word and PDF" '
	render "$lib/riverbend-r1-union.xml" >r1.txt &&
	render "$lib/riverbend-r2-employer.xml" >r2.txt &&
	office "docx:MS Word 2007 XML" r1.txt r2.txt &&
	office pdf r1.txt r2.txt &&
	test -s r1.docx && test -s r2.docx && test -s r1.pdf && test -s r2.pdf
'

# A document's clause ids, in order.
ids() { grep -o "clause id=\"[^\"]*\"" "$1"; }
quantities() { grep -o "<quantity[^>]*>[^<]*</quantity>" "$1"; }

# The clause-level changes of a JSON diff: id, kind of change, numbers.
changes() {
	python3 - "$1" <<-PY
	import json, sys
	d = json.load(open(sys.argv[1]))
	for doc in d["documents"]:
	    for c in doc["clauses"]:
	        print(c.get("id") or c.get("clause"), c.get("change"), c.get("old_num"), c.get("new_num"))
	PY
}

for fmt in docx pdf; do
	test_expect "$fmt round trip: the rounds come back with their ids, text and quantities" '
		clause import -q r1.$fmt --like "$lib/riverbend-r1-union.xml" \
			--id riverbend-r1-union -o r1-$fmt.xml &&
		clause import r2.$fmt --like r1-$fmt.xml --id riverbend-r2-employer \
			--status counter -o r2-$fmt.xml 2>report &&
		grep -q "13 clauses matched, 0 new" report &&
		ids "$lib/riverbend-r2-employer.xml" >want.ids && ids r2-$fmt.xml >got.ids &&
		test_cmp want.ids got.ids &&
		quantities "$lib/riverbend-r2-employer.xml" >want.q && quantities r2-$fmt.xml >got.q &&
		test_cmp want.q got.q &&
		words r2.txt r2-$fmt.xml &&
		clause validate r1-$fmt.xml r2-$fmt.xml
	'

	test_expect "$fmt round trip: the diff of the imported rounds is the shipped one" '
		clause diff --format=json "$lib/riverbend-r1-union.xml" \
			"$lib/riverbend-r2-employer.xml" >want.json &&
		clause diff --format=json r1-$fmt.xml r2-$fmt.xml >got.json &&
		changes want.json | sort >want.changes &&
		changes got.json | sort >got.changes &&
		test_cmp want.changes got.changes
	'
done

test_expect "each clause from a PDF says the page it starts on" '
	pages=$(pdfinfo r2.pdf | sed -n "s/^Pages: *//p") &&
	test "$pages" -ge 2 &&
	test "$(grep -c "<clause " r2-pdf.xml)" -eq "$(grep -c "<clause [^>]*page=\"[0-9]*\"" r2-pdf.xml)" &&
	grep "<clause " r2-pdf.xml | head -n 1 | grep -q "page=\"1\"" &&
	grep "<clause " r2-pdf.xml | tail -n 1 | grep -q "page=\"$pages\"" &&
	! grep -q "page=" r2-docx.xml
'

test_expect "the PDF's clauses are the text's, whitespace aside" '
	clause import -q r2.txt --like r1-pdf.xml --id riverbend-r2-employer -o r2-txt.xml &&
	clause diff --format=json r2-txt.xml r2-pdf.xml >same.json &&
	test "$(changes same.json | wc -l)" -eq 0
'

test_expect "Word's automatic numbering (numbers only in numbering.xml) gives the clauses" '
	mkdir fixtures &&
	"${CLAUSE_PYTHON:-/usr/bin/python3}" "$CLAUSE_TOP/tests/import/make_docx.py" fixtures >gen.log 2>&1 &&
	clause import -q fixtures/agreement.docx --party union:"Local 52" -o auto.xml &&
	clause validate auto.xml &&
	clause ls -c auto.xml >auto.ls &&
	grep -q "^auto/14-1  *14.1 " auto.ls &&
	grep -q "^auto/14-2  *14.2 " auto.ls &&
	grep -q "^auto/15-1  *15.1 " auto.ls &&
	grep -q "<num>Article 14</num>" auto.xml &&
	grep -q "<list type=\"alpha\">" auto.xml
'

test_expect "README: the employer's counter comes in from Word as the next round" '
	grep -q "^\$ cp ~/clause/clauses/models/\*.xml .\$" "$CLAUSE_TOP/README.md" &&
	new_library riverbend &&
	cp "$CLAUSE_TOP"/clauses/models/*.xml riverbend/ &&
	sed "s/id=\"riverbend-r1-union\"/id=\"riverbend-tech\"/" \
		"$lib/riverbend-r1-union.xml" >riverbend/technology.xml &&
	cp r2.docx counter.docx &&
	(cd riverbend && clause commit -m "Union proposal, round 1" >/dev/null &&
	 clause import ../counter.docx --status counter --like technology.xml \
		-o technology.xml 2>../readme.report &&
	 clause diff --stat >../readme.stat) &&
	grep -q "^\.\./counter.docx (docx): 2 articles, 13 clauses, 14 quantities\$" readme.report &&
	grep -q "^  like technology.xml: 13 clauses matched, 0 new\$" readme.report &&
	grep -q "^    bargaining               1.00\$" readme.report &&
	sed -n "/^\$ clause diff --stat\$/,/clauses changed/p" "$CLAUSE_TOP/README.md" |
		sed 1d >readme.want &&
	test_cmp readme.want readme.stat
'

test_expect "broken and hostile files are refused, nothing written" '
	echo "keep" >kept.xml &&
	head -c 4096 /dev/urandom >garbage.docx &&
	test_must_fail 1 clause import garbage.docx -o kept.xml 2>err &&
	grep -q "^clause: garbage.docx: " err &&
	head -c 2000 r2.pdf >cut.pdf &&
	test_must_fail 1 clause import cut.pdf -o kept.xml 2>err &&
	grep -q "^clause: cut.pdf: " err &&
	head -c 3000 r2.docx >cut.docx &&
	test_must_fail 1 clause import cut.docx -o kept.xml 2>err &&
	grep -q "^clause: cut.docx: " err &&
	printf "%%PDF-1.4\n%%%%EOF\n" >empty.pdf &&
	test_must_fail 1 clause import empty.pdf -o kept.xml 2>err &&
	test "$(cat kept.xml)" = keep &&
	test "$(ls kept.xml.* 2>/dev/null | wc -l)" -eq 0
'

test_done
