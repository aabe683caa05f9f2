#!/bin/sh
# t5000-import.sh: clause import of plain text, Markdown and HTML: the
# structure found, every word kept, quantities marked, ids lined up with
# an earlier round by --like, categories suggested, and bad input refused
# with nothing written.
. "$CLAUSE_TOP/tests/cli/lib.sh"

words() { python3 "$CLAUSE_TOP/tests/import/words.py" "$@"; }

cat >tech.txt <<'TXT'
RIVERBEND TRANSIT AGREEMENT

This agreement is made between the parties named below.

ARTICLE 14 - TECHNOLOGICAL CHANGE

14.1 Definition. In this Article, technological change means introducing
new equipment, software or AI systems that may affect the duties of
employees in the bargaining unit.

14.2 Notice
The Authority shall give the Union written notice at least one hundred
and eighty days before any change, and no less than thirty (30) days
before a pilot. The parties shall meet within 14 days.

14.3 Information. With each notice the Authority shall give the Union:
(a) the nature of the change;
(b) the number of employees likely to be affected;
(c) any training the Authority plans.

14.3.1 The information shall be given in writing, within five working days.

ARTICLE 15 - SURVEILLANCE
15.1 Monitoring. The Authority shall not use electronic monitoring data
as the sole basis for discipline. A bonus of $1,500 is payable, and
a 3% increase applies for six months.

15.2 Cameras. No camera shall record the operator's cab while the bus is
in service, save as an arbitrator orders.
TXT

test_expect "a text agreement: articles, clauses, a sub-clause, a list" '
	clause import tech.txt --party union:"Riverbend Transit Workers" -o tech.xml 2>report &&
	clause validate tech.xml &&
	grep -q "2 articles, 6 clauses" report &&
	grep -q "<num>ARTICLE 14</num>" tech.xml &&
	grep -q "<heading>TECHNOLOGICAL CHANGE</heading>" tech.xml &&
	grep -q "<clause id=\"notice\"" tech.xml &&
	grep -q "<heading>Notice</heading>" tech.xml &&
	grep -q "<list type=\"alpha\">" tech.xml &&
	grep -q "<item>the number of employees likely to be affected;</item>" tech.xml &&
	python3 - <<-PY
	import xml.etree.ElementTree as ET
	ns = {"c": "urn:clause:1"}
	root = ET.parse("tech.xml").getroot()
	info = root.find(".//c:clause[c:num=\"14.3\"]", ns)
	sub = info.find("c:clause", ns)
	assert sub is not None and sub.find("c:num", ns).text == "14.3.1", "14.3.1 under 14.3"
	assert root.find("c:meta/c:title", ns).text == "RIVERBEND TRANSIT AGREEMENT"
	assert "made between" in root.find("c:meta/c:note", ns).text
	PY
'

test_expect "every word of the input is in the document" '
	words tech.txt tech.xml
'

test_expect "quantities marked: figures, words, words with figures, money, percent" '
	grep -q "<quantity unit=\"days\" value=\"180\">one hundred and eighty</quantity> days" tech.xml &&
	grep -q "<quantity unit=\"days\" value=\"30\">thirty (30)</quantity> days" tech.xml &&
	grep -q "<quantity unit=\"days\">14</quantity> days" tech.xml &&
	grep -q "<quantity unit=\"working-days\" value=\"5\">five</quantity> working days" tech.xml &&
	grep -q "<quantity unit=\"USD\">\$1,500</quantity>" tech.xml &&
	grep -q "<quantity unit=\"percent\">3</quantity>%" tech.xml &&
	grep -q "<quantity unit=\"months\" value=\"6\">six</quantity> months" tech.xml &&
	! grep -q "<quantity[^>]*>14.2" tech.xml
'

test_expect "categories are suggested from the text, and say they are suggestions" '
	grep -q "<clause id=\"notice\" category=\"adjustment.notice\" suggested=\"category\"" tech.xml &&
	grep -q "<clause id=\"cameras\" category=\"guardrail.[a-z-]*\" suggested=\"category\"" tech.xml &&
	grep -q "categories of 6 clauses are suggestions" report
'

test_expect "stdout without -o; --dry-run writes nothing" '
	clause import -q tech.txt --party union:"Riverbend Transit Workers" >out.xml &&
	cmp -s out.xml tech.xml || { echo "stdout differs from -o"; exit 1; }
	clause import -q --dry-run tech.txt -o dry.xml >dry.out &&
	test ! -e dry.xml && test ! -s dry.out
'

# The shipped negotiation as the text a negotiator would paste from an
# e-mail: rounds 1 and 2, imported with --like the shipped round 1.
as_text() {
	(cd "$CLAUSE_TOP/clauses" && clause show "$1") |
		sed -e "1,/^round:/d" -e "s/  \[[^]]*\]\$//"
}

test_expect "round trip: round 2 imported --like round 1 has round 2's ids" '
	as_text riverbend-r1-union >r1.txt &&
	as_text riverbend-r2-employer >r2.txt &&
	lib=$CLAUSE_TOP/clauses/negotiation &&
	clause import -q r1.txt --like "$lib/riverbend-r1-union.xml" --id riverbend-r1-union -o r1.xml &&
	clause import r2.txt --like r1.xml --id riverbend-r2-employer --status counter -o r2.xml 2>r2.report &&
	grep -o "clause id=\"[^\"]*\"" "$lib/riverbend-r2-employer.xml" >ids.want &&
	grep -o "clause id=\"[^\"]*\"" r2.xml >ids.got &&
	test_cmp ids.want ids.got &&
	grep -q "13 clauses matched, 0 new" r2.report &&
	grep -o "<quantity[^>]*>[^<]*</quantity>" "$lib/riverbend-r2-employer.xml" >q.want &&
	grep -o "<quantity[^>]*>[^<]*</quantity>" r2.xml >q.got &&
	test_cmp q.want q.got &&
	words r2.txt r2.xml
'

test_expect "round trip: the diff of the imported rounds is the shipped one, clause by clause" '
	lib=$CLAUSE_TOP/clauses/negotiation &&
	clause diff --format=json "$lib/riverbend-r1-union.xml" "$lib/riverbend-r2-employer.xml" >want.json &&
	clause diff --format=json r1.xml r2.xml >got.json &&
	python3 - <<-PY
	import json
	def changes(f):
	    d = json.load(open(f))
	    out = []
	    for doc in d["documents"]:
	        for c in doc["clauses"]:
	            out.append((c.get("id") or c.get("clause"), c.get("change"), c.get("old_num"), c.get("new_num")))
	    return sorted(map(str, out))
	w, g = changes("want.json"), changes("got.json")
	assert w == g, (w, g)
	PY
'

test_expect "an id of a new clause never takes one --like holds" '
	printf "1.1 Notice\nThe employer shall give notice.\n\n1.2 Notice\nAgain.\n" >dup.txt &&
	clause import -q dup.txt -o dup.xml &&
	clause validate dup.xml &&
	grep -q "clause id=\"notice\"" dup.xml && grep -q "clause id=\"notice-2\"" dup.xml
'

test_expect "Windows-1252 and UTF-16 text come in as UTF-8" '
	printf "1.1 Notice\nThe Employer\222s \223notice\224 \226 given at once.\n" >cp.txt &&
	clause import -q cp.txt -o cp.xml &&
	grep -q "$(printf "Employer\342\200\231s \342\200\234notice\342\200\235 \342\200\223 given")" cp.xml &&
	python3 -c "open(\"u16.txt\",\"wb\").write(\"1.1 Caf\u00e9 rules\nCoffee for 10 minutes.\n\".encode(\"utf-16\"))" &&
	clause import -q u16.txt -o u16.xml &&
	grep -q "$(printf "Caf\303\251 rules")" u16.xml &&
	grep -q "<quantity unit=\"minutes\">10</quantity> minutes" u16.xml
'

test_expect "Markdown: headings, numbered clauses, lists" '
	cat >tech.md <<-MD &&
	# Model technology article

	## Article 3 Technological change

	### 3.1 Notice

	The employer gives **written** notice *90 days* before a change.

	### 3.2 Information

	With the notice the employer gives:

	- the purpose of the change;
	- the workers affected.
	MD
	clause import -q tech.md -o md.xml &&
	clause validate md.xml &&
	grep -q "<title>Model technology article</title>" md.xml &&
	grep -q "<num>Article 3</num>" md.xml &&
	grep -q "<list type=\"bullet\">" md.xml &&
	grep -q "gives written notice <quantity unit=\"days\">90</quantity> days" md.xml
'

test_expect "HTML: scripts, styles and navigation dropped; tables as text" '
	cat >tech.html <<-HTML &&
	<!DOCTYPE html><html><head><title>x</title><style>p{}</style>
	<script>alert("no")</script></head><body><nav>Home | About</nav>
	<h1>Union proposal</h1><h2>ARTICLE 7 GUARDRAILS</h2>
	<p>7.1 Human review. No worker is disciplined on the output of an
	algorithm alone.</p>
	<table><tr><td>Step</td><td>Days</td></tr><tr><td>Notice</td><td>30 days</td></tr></table>
	<ol><li>first</li><li>second</li></ol></body></html>
	HTML
	clause import -q tech.html -o html.xml &&
	clause validate html.xml &&
	! grep -q "alert\|Home" html.xml &&
	grep -q "<heading>Human review</heading>" html.xml &&
	grep -q "Notice | <quantity unit=\"days\">30</quantity> days" html.xml &&
	grep -q "<list type=\"ordered\">" html.xml
'

test_expect "bad options are usage errors, with what is allowed" '
	test_must_fail 129 clause import tech.txt --status ratifed 2>err &&
	grep -q "one of model, proposal" err &&
	test_must_fail 129 clause import tech.txt --party boss:"X" 2>err &&
	grep -q "the role is one of union" err &&
	test_must_fail 129 clause import tech.txt --id "Bad Id" 2>err &&
	test_must_fail 129 clause import 2>err &&
	test_must_fail 129 clause import tech.txt --format=rtf 2>err
'

test_expect "a binary file, a missing file and a bad --like are refused; -o untouched" '
	echo "keep me" >kept.xml &&
	head -c 3000 /dev/urandom >garbage.txt &&
	printf "\0\0\0" >>garbage.txt &&
	test_must_fail 1 clause import garbage.txt -o kept.xml 2>err &&
	grep -q "garbage.txt: not a text file" err &&
	test_must_fail 128 clause import nothere.txt -o kept.xml 2>err &&
	test_must_fail 1 clause import tech.txt --like nosuch -o kept.xml 2>err &&
	grep -q "no such document or file" err &&
	test "$(cat kept.xml)" = "keep me" &&
	test "$(ls kept.xml.* 2>/dev/null | wc -l)" -eq 0
'

test_expect "inside a library: --like DOC and REV:PATH, and the library teaches categories" '
	new_library lib &&
	cp "$CLAUSE_TOP/clauses/negotiation/riverbend-r1-union.xml" lib/ &&
	cp "$CLAUSE_TOP"/clauses/models/*.xml lib/ &&
	(cd lib && clause commit -m r1 >/dev/null &&
	 clause import -q ../r2.txt --like riverbend-r1-union --id r2 -o r2.xml &&
	 ! grep -q "<clause [^>]*suggested=" r2.xml &&
	 clause import -q ../r2.txt --like HEAD:riverbend-r1-union.xml --id r2b -o r2b.xml &&
	 test "$(grep -c "<clause " r2b.xml)" -eq 13 &&
	 clause validate r2.xml r2b.xml)
'

test_expect "clause ls marks suggested categories with ?, and says so in JSON" '
	(cd lib && clause import -q ../tech.txt --id tech -o tech.xml &&
	 clause ls -c tech.xml >ls.out &&
	 grep -q "^tech/notice  *14.2  *Notice  *adjustment.notice?\$" ls.out &&
	 clause ls -c --format=json tech.xml | grep -q "\"categories_suggested\": *true" &&
	 clause search notice >/dev/null &&
	 clause ls -c tech.xml >ls.index &&
	 test_cmp ls.out ls.index)
'

test_expect "clause new writes a skeleton that validates, and never over a file" '
	clause new harbour-2027 --status counter -o new.xml &&
	clause validate new.xml &&
	grep -q "id=\"harbour-2027\" status=\"counter\"" new.xml &&
	grep -q "<!-- <term effective=" new.xml &&
	test_must_fail 1 clause new other -o new.xml 2>err &&
	grep -q "harbour-2027" new.xml &&
	test_must_fail 129 clause new Bad-Id 2>err &&
	grep -q "lower-case letters" err &&
	clause new plain | grep -q "id=\"plain\""
'

test_expect 'Markdown in Windows-1252 and text with control characters import as valid documents (found by fuzz_import)' '
	printf "# Article 5\n\n## 5.1 Notice\n\nThe employer\222s notice: 90 days \226 in writing.\n" >cp1252.md &&
	clause import -q --party union:U -o cp1252.xml cp1252.md &&
	grep -q "employer’s notice" cp1252.xml && grep -q "days – in" cp1252.xml &&
	printf "ARTICLE 13 SURVEILLANCE\n\n13.1 No \023cameras\177 in rest\001 areas.\n" >ctl.txt &&
	clause import -q --party union:U -o ctl.xml ctl.txt &&
	xmllint --noout ctl.xml && grep -q "No cameras in rest areas" ctl.xml
'

test_done
