#!/bin/sh
# t0100-validate: clause validate: the shipped library, schema errors (and
# agreement with xmllint on the line), rule errors, taxonomy extensions,
# JSON output, and --rev from git objects.
. "$CLAUSE_TOP/tests/cli/lib.sh"

XSD="$CLAUSE_TOP/schemas/clause.xsd"

# loc FILE ERRFILE: "LINE:COL" of the first FILE:LINE:COL: line in ERRFILE.
loc() {
	sed -n "s|^$1:\([0-9][0-9]*\):\([0-9][0-9]*\): .*|\1:\2|p" "$2" | head -n 1
}
# xmllint_line FILE: the line of xmllint's first schema error for FILE.
xmllint_line() {
	xmllint --noout --schema "$XSD" "$1" 2>&1 |
		sed -n "s|^$1:\([0-9][0-9]*\): .*validity error.*|\1|p" | head -n 1
}
# parse_line FILE: the line of xmllint's first well-formedness error.
parse_line() {
	xmllint --noout "$1" 2>&1 |
		sed -n "s|^$1:\([0-9][0-9]*\): parser error.*|\1|p" | head -n 1
}
json_ok() { python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))'; }

# A small valid document; line numbers below depend on it.
cat >base.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:clause:1" id="t-doc" status="proposal">
  <meta>
    <title>Test document</title>
    <party role="union" id="u1">Test Union</party>
    <party role="employer" id="e1">Test Employer</party>
    <sector>testing</sector>
    <term effective="2024-01-01" expires="2026-12-31"/>
  </meta>
  <article id="art">
    <num>Article 1</num>
    <heading>Technology</heading>
    <clause id="notice" category="adjustment.notice">
      <num>1.1</num>
      <heading>Notice</heading>
      <p>The Employer shall give <quantity unit="days">90</quantity> days notice,
        see <ref to="training">1.2</ref>.</p>
    </clause>
    <clause id="training" category="adjustment.training">
      <num>1.2</num>
      <p>Training is paid.</p>
    </clause>
  </article>
</agreement>
EOF
# variant NAME SED-SCRIPT: write NAME.xml from base.xml.
variant() { sed "$2" base.xml >"$1.xml"; }

# --- the shipped library --------------------------------------------

test_expect 'the shipped library validates' '
	clause -C "$CLAUSE_TOP/clauses" validate >out 2>err &&
	test ! -s out &&
	grep "^clause: " err
'

test_expect 'the shipped library validates as JSON: valid, every document' '
	clause -C "$CLAUSE_TOP/clauses" validate --format=json >out &&
	json_ok <out &&
	python3 -c "
import json,sys
d = json.load(open(\"out\"))
assert d[\"valid\"] is True, d
assert d[\"problems\"] == [], d
assert d[\"documents\"] >= 25, d
"
'

# --- nothing to check ------------------------------------------------------

test_expect 'an empty library and an empty directory validate: 0 documents' '
	new_library empty &&
	(cd empty && clause validate 2>../err) &&
	grep "^clause: 0 documents valid" err &&
	(cd empty && clause validate --format=json >../out) &&
	python3 -c "
import json
d = json.load(open(\"out\"))
assert d == {\"valid\": True, \"documents\": 0, \"problems\": []}, d
" &&
	mkdir emptydir &&
	(cd emptydir && clause validate && clause categories >/dev/null)
'

test_expect 'validate --rev of a commit without any document: 0 documents' '
	echo "notes" >empty/README &&
	git -C empty add README && git -C empty commit -q -m "README only" &&
	(cd empty && clause validate --rev HEAD 2>../err) &&
	grep "^clause: 0 documents valid" err
'

# --- schema errors: clause and xmllint agree -------------------------

variant missing-attr 's/ role="union"//'
variant unknown-element 's|<sector>testing</sector>|<sector>testing</sector><bogus/>|'
variant bad-status 's/status="proposal"/status="dreaming"/'
variant bad-date 's/effective="2024-01-01"/effective="2023-02-30"/'
variant bad-id 's/clause id="notice"/clause id="Notice!"/; s/to="notice"/to="Notice!"/'
variant bad-unit 's/unit="days"/unit="Days1"/'

# schema_case NAME LINE WORD: invalid for both tools, on LINE, naming WORD.
schema_case() {
	test_expect "schema error $1: clause and xmllint both refuse it, on line $2" "
		test_must_fail 1 clause validate $1.xml >out 2>err &&
		test ! -s out &&
		test \"\$(loc $1.xml err)\" != \"\" &&
		test \"\$(loc $1.xml err | cut -d: -f1)\" = $2 &&
		grep -F -- \"$3\" err &&
		! xmllint --noout --schema \"\$XSD\" $1.xml 2>/dev/null &&
		test \"\$(xmllint_line $1.xml)\" = $2
	"
}
schema_case missing-attr 5 "'role'"
schema_case unknown-element 7 "bogus"
schema_case bad-status 2 "dreaming"
schema_case bad-date 8 "2023-02-30"
schema_case bad-id 13 "Notice!"
schema_case bad-unit 16 "Days1"

test_expect 'schema error columns point at the start tag' '
	clause validate missing-attr.xml 2>err;
	test "$(loc missing-attr.xml err)" = 5:5 &&
	clause validate bad-unit.xml 2>err;
	test "$(loc bad-unit.xml err)" = 16:34
'

mkdir models
cp "$CLAUSE_TOP"/clauses/models/*.xml models/

test_expect 'valid files pass both clause and xmllint' '
	clause validate base.xml &&
	xmllint --noout --schema "$XSD" base.xml &&
	clause validate models &&
	for f in models/*.xml; do
		xmllint --noout --schema "$XSD" "$f" || return 1
	done
'

# --- well-formedness errors: the real line, not 1:1 -------------------

printf '<?xml version="1.0" encoding="UTF-8"?>\n<agreement xmlns="urn:clause:1" id="x" status="model">\n  <meta>\n    <title>t</title>\n  </meta>\n</agreemnt>\n' >mismatch.xml
head -n 17 base.xml >cut.xml

test_expect 'a mismatched end tag is reported on its line, like xmllint' '
	test_must_fail 1 clause validate mismatch.xml 2>err &&
	test "$(loc mismatch.xml err | cut -d: -f1)" = "$(parse_line mismatch.xml)" &&
	test "$(loc mismatch.xml err | cut -d: -f1)" = 6
'

test_expect 'a truncated file is reported where it ends, not at 1:1' '
	test_must_fail 1 clause validate cut.xml 2>err &&
	test "$(loc cut.xml err | cut -d: -f1)" -ge 17
'

# --- rule errors -------------------------------------------------------

variant dup-clause 's/clause id="training"/clause id="notice"/; s/to="training"/to="notice"/'
variant unknown-category 's/category="adjustment.training"/category="adjustment.teleportation"/'
variant expiry 's/expires="2026-12-31"/expires="2023-12-31"/'
variant derived-nowhere 's|category="adjustment.training"|category="adjustment.training" derived-from="nowhere-model/x"|'
variant ref-nowhere 's/to="training"/to="nowhere"/'
variant wrong-ns 's/xmlns="urn:clause:1"/xmlns="urn:wrong"/'
variant dup-party 's/id="e1">Test Employer/id="u1">Test Employer/'

# rule_case NAME LINE:COL WORD
rule_case() {
	test_expect "rule error $1: exit 1 with $1.xml:$2 naming $3" "
		test_must_fail 1 clause validate $1.xml >out 2>err &&
		test ! -s out &&
		test \"\$(loc $1.xml err)\" = $2 &&
		grep \"^$1.xml:$2: .*$3\" err &&
		test \$(grep -c '^$1.xml:' err) = 1
	"
}
rule_case dup-clause 19:5 "duplicate id 'notice'"
rule_case unknown-category 19:5 "unknown category 'adjustment.teleportation'"
rule_case expiry 8:5 "expires (2023-12-31) before"
rule_case derived-nowhere 19:5 "derived-from 'nowhere-model/x'"
rule_case ref-nowhere 17:13 "reference to 'nowhere'"
rule_case wrong-ns 2:1 "namespace"
rule_case dup-party 2:1 "duplicate party id 'u1'"

test_expect 'rule-invalid files are still schema-valid (xmllint passes them)' '
	for f in dup-clause unknown-category expiry derived-nowhere ref-nowhere dup-party; do
		xmllint --noout --schema "$XSD" $f.xml 2>/dev/null || return 1
	done
'

mkdir derived
cp models/*.xml derived/
sed 's|category="adjustment.training"|category="adjustment.training" derived-from="adjustment-model/training"|; s|to="training"|to="guardrail-model/surveillance"|' \
	base.xml >derived/uses-models.xml

test_expect 'derived-from and ref into another document of the library resolve' '
	clause validate derived
'

test_expect 'derived-from naming a missing clause of an existing document fails' '
	sed "s|adjustment-model/training|adjustment-model/no-such-clause|" derived/uses-models.xml >derived/uses-models.tmp &&
	mkdir derived2 && cp models/*.xml derived2/ &&
	mv derived/uses-models.tmp derived2/uses-models.xml &&
	test_must_fail 1 clause validate derived2 2>err &&
	grep "^derived2/uses-models.xml:19:5: .*no-such-clause" err
'

mkdir dupdoc
cp base.xml dupdoc/a.xml
cp base.xml dupdoc/b.xml

test_expect 'the same document id in two files is refused, naming both' '
	test_must_fail 1 clause validate dupdoc >out 2>err &&
	grep "^dupdoc/b.xml:2:1: .*t-doc.*dupdoc/a.xml" err
'

test_expect 'the same document id in two files of a git library is refused' '
	new_library duplib &&
	cp base.xml duplib/one.xml && cp base.xml duplib/two.xml &&
	(cd duplib && test_must_fail 1 clause validate 2>../err) &&
	grep "^two.xml:2:1: .*t-doc" err
'

test_expect 'validate of a PATH that does not exist: 128' '
	test_must_fail 128 clause validate no-such-file.xml >out 2>err &&
	test ! -s out &&
	grep "^clause: .*no-such-file.xml" err &&
	test_must_fail 128 clause validate --rev HEAD 2>err &&
	grep "^clause: " err
'

# --- JSON --------------------------------------------------------------

test_expect 'JSON for an invalid file: valid false, path, line, column, message' '
	test_must_fail 1 clause validate --format=json missing-attr.xml >out 2>err &&
	json_ok <out &&
	python3 -c "
import json
d = json.load(open(\"out\"))
assert d[\"valid\"] is False, d
assert d[\"documents\"] == 1, d
p = d[\"problems\"]
assert len(p) == 1, p
assert p[0][\"path\"] == \"missing-attr.xml\", p
assert p[0][\"line\"] == 5 and p[0][\"column\"] == 5, p
assert \"role\" in p[0][\"message\"], p
"
'

test_expect 'JSON stays valid UTF-8 JSON with odd file names' '
	mkdir odd &&
	sed "s/t-doc/t-doc1/; s/status=\"proposal\"/status=\"nope\"/" base.xml >"odd/q\"uote\\back.xml" &&
	sed "s/t-doc/t-doc2/; s/status=\"proposal\"/status=\"nope\"/" base.xml >"odd/$(printf "caf\351").xml" &&
	test_must_fail 1 clause validate --format=json odd >out &&
	json_ok <out
'

# --- taxonomy extensions -------------------------------------------------

new_library taxlib
mkdir taxlib/docs
cat >taxlib/taxonomy.xml <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<taxonomy xmlns="urn:clause:taxonomy:1">
  <category id="guardrail">
    <label>AI and technology guardrails</label>
    <definition>The existing family, extended below.</definition>
    <category id="robot-safety">
      <label>Robot safety zones</label>
      <definition>Limits on collaborative robots working near people.</definition>
    </category>
  </category>
</taxonomy>
EOF
sed 's/category="adjustment.training"/category="guardrail.robot-safety"/' base.xml >taxlib/docs/robots.xml

test_expect 'a library taxonomy makes a new category valid' '
	(cd taxlib && clause validate) &&
	(cd taxlib/docs && clause validate robots.xml)
'

test_expect 'without the taxonomy file the same category is unknown' '
	mkdir notax && cp taxlib/docs/robots.xml notax/ &&
	test_must_fail 1 clause validate notax/robots.xml 2>err &&
	grep "^notax/robots.xml:19:5: .*guardrail.robot-safety" err
'

test_expect 'clause categories shows the extension under its family' '
	clause -C taxlib categories >out &&
	grep "^  guardrail\.robot-safety  *Robot safety zones" out &&
	awk "/^guardrail/ {g=NR} /^neutrality/ {n=NR} /guardrail.robot-safety/ {r=NR} END {exit !(g && r > g && r < n)}" out &&
	test $(grep -cE "^  [a-z]+\." out) = 29 &&
	clause -C taxlib categories --format=json >out.json &&
	json_ok <out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
c = [x for x in d if x[\"name\"] == \"guardrail.robot-safety\"]
assert len(c) == 1 and c[0][\"leaf\"] is True, c
assert \"taxonomy.xml\" in (c[0][\"origin\"] or \"\"), c
"
'

test_expect 'a broken taxonomy file is reported' '
	new_library badtax &&
	sed "s/<label>Robot safety zones<\/label>//" taxlib/taxonomy.xml >badtax/taxonomy.xml &&
	(cd badtax && test_must_fail 1 clause validate 2>../err) &&
	grep "^taxonomy.xml:[0-9]*:[0-9]*: " err
'

# --- --rev reads git objects ---------------------------------------------

new_library revlib
cp models/*.xml revlib/
cp base.xml revlib/t-doc.xml

test_expect 'validate --rev checks the committed revision, not the work tree' '
	(cd revlib && clause commit -m "Add documents" >/dev/null) &&
	printf "<agreement xmlns=\"urn:clause:1\">\n<broken" >revlib/t-doc.xml &&
	(cd revlib && test_must_fail 1 clause validate 2>../err) &&
	grep "^t-doc.xml:[0-9]*:[0-9]*: " err &&
	(cd revlib && clause validate --rev HEAD) &&
	(cd revlib && clause validate --rev HEAD --format=json) >out &&
	python3 -c "
import json
d = json.load(open(\"out\"))
assert d[\"valid\"] is True and d[\"documents\"] == 4, d
"
'

test_expect 'validate --rev reports problems of a bad commit made with plain git' '
	(cd revlib && git add t-doc.xml && git commit -q -m "broken, by plain git" &&
	 test_must_fail 1 clause validate --rev HEAD 2>../err) &&
	grep "t-doc.xml:[0-9]*:[0-9]*: " err &&
	(cd revlib && clause validate --rev HEAD~1)
'

test_expect 'validate --rev with a path checks only that path' '
	(cd revlib && clause validate --rev HEAD adjustment-model.xml &&
	 test_must_fail 1 clause validate --rev HEAD t-doc.xml)
'

test_expect 'a hand-written document: each mistake said so that it can be mended' '
	mkdir -p hand &&
	cat >hand/bad.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="Harbour-Counter-2" status="propsal">
	  <meta><title>Harbour</title><party id="u">U</party>
	  <effective>12 March 2026</effective></meta>
	  <clause id="a" category="Guardrail"><num>1</num><p>x</p></clause>
	</agreement>
	EOF
	test_must_fail 1 clause validate hand/bad.xml >out 2>&1 &&
	cat out &&
	grep -q "^hand/bad.xml:2:1: <agreement> id: .Harbour-Counter-2. is not an id: ids are lower-case letters, digits" out &&
	grep -q "(as .harbour-counter-2.)$" out &&
	grep -q "^hand/bad.xml:2:1: <agreement> status: .propsal. is not one of model, proposal, counter," out &&
	grep -q "^hand/bad.xml:3:[0-9]*: <party>: the attribute .role. is needed: union, employer, employers-association, federation, government or other" out &&
	grep -q "^hand/bad.xml:4:3: <effective>: not allowed here; what may come here: <party>, .*<term>" out &&
	grep -q "<clause> category: .Guardrail. is not a category name" out &&
	! grep -q "{urn:clause:1}\|facet\|atomic type" out &&
	printf "<agreement xmlns=\"urn:clause:1\" id=\"a\" status=\"model\">\n<meta><title>A & B</title></meta></agreement>\n" >hand/amp.xml &&
	test_must_fail 1 clause validate hand/amp.xml 2>&1 | grep -q "^hand/amp.xml:2:[0-9]*: a bare .&.: write &amp; for an ampersand$" &&
	printf "<agreement xmlns=\"urn:clause:1\" id=\"a\" status=\"model\">\n<meta><title>A&nbsp;B</title></meta></agreement>\n" >hand/ent.xml &&
	test_must_fail 1 clause validate hand/ent.xml 2>&1 | grep -q "&nbsp;. is not known in XML: write the character itself" &&
	printf "<agreement xmlns=\"urn:clause:1\" id=\"a\" status=\"model\">\n<meta><title>A</meta></agreement>\n" >hand/tag.xml &&
	test_must_fail 1 clause validate hand/tag.xml 2>&1 | grep -q "<title> is closed by </meta>" &&
	printf "<agreement xmlns=\"urn:clause:1\" id=\"a\" status=\"model\">\n<meta><title>A</title><party role=\"union\" id=\"u\">U</party><term effective=\"12 March 2026\"/></meta></agreement>\n" >hand/date.xml &&
	test_must_fail 1 clause validate hand/date.xml 2>&1 | grep -q "^hand/date.xml:2:[0-9]*: <term> effective: .12 March 2026. is not a date: dates are YYYY-MM-DD" &&
	printf "<agreement xmlns=\"urn:clause:1\" id=\"a\" status=\"model\">\n<meta><title>A</title></meta></agreement>\n" >hand/noparty.xml &&
	test_must_fail 1 clause validate hand/noparty.xml 2>&1 | grep -q "^hand/noparty.xml:2:[0-9]*: <meta>: something is missing inside: <party> (see clause-format(5))$"
'

test_expect 'derived-from a document the library lacks: says so and how to add it' '
	mkdir -p derive &&
	printf "<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n<meta><title>D</title><party role=\"union\" id=\"u\">U</party></meta>\n<clause id=\"n\" category=\"adjustment.notice\" derived-from=\"adjustment-model/notice\"><p>x</p></clause>\n<clause id=\"m\" category=\"adjustment.notice\" derived-from=\"d/nope\"><p>y <ref to=\"nowhere\">z</ref></p></clause>\n</agreement>\n" >derive/d.xml &&
	test_must_fail 1 clause validate derive/d.xml 2>err &&
	grep -q "^derive/d.xml:3:1: clause .n.: derived-from .adjustment-model/notice.: the library has no document .adjustment-model.: add its file to the library (copy it in, or clause import it)" err &&
	grep -q "^derive/d.xml:4:1: clause .m.: derived-from .d/nope.: document .d. has no clause .nope.$" err &&
	grep -q "reference to .nowhere. does not name a clause of this document" err &&
	cp "$CLAUSE_TOP/clauses/models/adjustment-model.xml" derive/ &&
	test_must_fail 1 clause validate derive/d.xml derive/adjustment-model.xml 2>err &&
	{ ! grep -q "no document .adjustment-model." err || { cat err; false; }; }
'

test_done
