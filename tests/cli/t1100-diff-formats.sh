#!/bin/sh
# t1100-diff-formats: invalid and hostile documents are refused, not
# diffed; the HTML redline escapes clause text; the JSON parses and its
# word edits rebuild the new text; plain git shows clause diffs through
# .gitattributes (external diff command and textconv).
. "$CLAUSE_TOP/tests/cli/lib.sh"

NEG="$CLAUSE_TOP/clauses/negotiation"

doc() {
	# doc ID TEXT: a small valid document with one clause.
	cat <<-EOF
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="$1" status="proposal">
	  <meta><title>T</title><party role="union" id="u">U</party></meta>
	  <article id="a"><num>Article 1</num>
	    <clause id="c" category="adjustment.notice"><num>1.1</num>
	      <heading>Notice</heading><p>$2</p></clause>
	  </article>
	</agreement>
	EOF
}

doc d "Notice of <quantity unit=\"days\">45</quantity> days." >good.xml

test_expect 'a document with a DOCTYPE (entities) is refused, not diffed' '
	cat >evil.xml <<-EOF &&
	<?xml version="1.0"?>
	<!DOCTYPE agreement [<!ENTITY x SYSTEM "file:///etc/passwd">]>
	<agreement xmlns="urn:clause:1" id="d" status="proposal">&x;</agreement>
	EOF
	test_must_fail 1 clause diff good.xml evil.xml >out 2>err &&
	test ! -s out &&
	grep -q "^evil.xml:[0-9]*:[0-9]*: " err &&
	grep -q "refusing to compare invalid documents" err &&
	! grep -q "root:" out err
'

test_expect 'a schema-invalid document is refused with the validation message' '
	sed "s/status=\"proposal\"/status=\"bogus\"/" good.xml >bad.xml &&
	test_must_fail 1 clause diff bad.xml good.xml >out 2>err &&
	test ! -s out &&
	grep -q "^bad.xml:2:[0-9]*: .*status" err
'

test_expect 'XML of another vocabulary is refused as two files' '
	echo "<html/>" >other.xml &&
	test_must_fail 1 clause diff good.xml other.xml >out 2>err &&
	test ! -s out &&
	grep -q "other.xml" err
'

test_expect 'an invalid document committed with plain git is refused between revisions' '
	new_library lib >/dev/null &&
	cp good.xml lib/d.xml &&
	clause -C lib commit -m one >/dev/null &&
	cp bad.xml lib/d.xml &&
	git -C lib commit -qam "bad, with plain git" &&
	test_must_fail 1 clause -C lib diff HEAD~1 HEAD >out 2>err &&
	test ! -s out &&
	grep -q "^HEAD:d.xml:2:" err &&
	test_must_fail 1 clause -C lib diff HEAD~1 >out 2>err &&
	grep -q "^HEAD~1:d.xml\|^d.xml:2:" err
'

test_expect 'the hostile corpus is refused by diff, never crashes it' '
	sh "$CLAUSE_TOP/tests/hostile/make-corpus.sh" corpus >/dev/null 2>&1 || true
	secret=$(cat corpus/secret.txt) &&
	test -n "$secret" &&
	n=0
	for f in corpus/*.xml; do
		[ -e "$f" ] || continue
		n=$((n + 1))
		clause diff good.xml "$f" >out 2>err
		rc=$?
		case $rc in 0|1|128) ;; *) echo "$f: exit $rc"; exit 1 ;; esac
		if grep -qF "$secret" out err; then
			echo "$f leaked"; exit 1
		fi
	done
	echo "$n files"
	test $n -gt 0
'

test_expect 'HTML: a <script> clause renders as text, the page is self-contained' '
	doc d "Plain text." >a.xml &&
	doc d "Now &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; an &lt;img src=x onerror=y&gt; here." >b.xml &&
	clause diff --format=html a.xml b.xml >page.html &&
	! grep -qi "<script" page.html &&
	! grep -qi "<img" page.html &&
	grep -q "&lt;script&gt;" page.html &&
	grep -q "<ins>" page.html && grep -q "<del>" page.html &&
	! grep -q "http:\|https:\|src=\"" page.html &&
	python3 -c "
import html.parser, sys
class P(html.parser.HTMLParser):
    def __init__(s):
        super().__init__(); s.stack = []; s.tags = set()
    def handle_starttag(s, t, a):
        s.tags.add(t)
        if t not in (\"meta\", \"br\"): s.stack.append(t)
    def handle_endtag(s, t):
        assert s.stack and s.stack[-1] == t, (s.stack, t)
        s.stack.pop()
p = P(); p.feed(open(\"page.html\").read()); p.close()
assert not p.stack, p.stack
assert \"script\" not in p.tags and \"img\" not in p.tags, p.tags
assert {\"table\", \"del\", \"ins\", \"style\"} <= p.tags, p.tags
"
'

test_expect 'HTML between two rounds: summary table, numbers, every clause' '
	clause diff --format=html "$NEG/riverbend-r1-union.xml" "$NEG/riverbend-r2-employer.xml" >r.html &&
	grep -q "<h2>Summary</h2>" r.html &&
	grep -q "<h2>Numbers that changed</h2>" r.html &&
	test $(grep -c "<div class=\"clause\"" r.html) -eq 14 &&
	grep -q "<td>180 days</td><td>60 days</td>" r.html &&
	grep -q "@media print" r.html
'

test_expect 'HTML redline of one agreement: titled by it, its rounds and dates, its parties' '
	clause diff --format=html "$NEG/riverbend-r1-union.xml" "$NEG/riverbend-r2-employer.xml" >r.html &&
	grep -q "<title>Redline: Riverbend transit negotiations 2025: Authority counter-proposal on technology, round 1 (2025-09-10) -&gt; round 2 (2025-10-08)</title>" r.html &&
	grep -q "<h1>Redline: Riverbend transit negotiations 2025: .*round 1 (2025-09-10) -&gt; round 2 (2025-10-08)</h1>" r.html &&
	grep -q "<p class=\"meta\">Parties: Riverbend Transit Workers Union, Local 52 (union); Riverbend Regional Transit Authority (employer)</p>" r.html &&
	grep -q "<p class=\"meta\">riverbend-r1-union -&gt; riverbend-r2-employer: round 1 of 2025-09-10, tabled by union -&gt; round 2 of 2025-10-08, tabled by employer</p>" r.html
'

test_expect 'HTML redline: each table header is a <thead>, repeated on printed pages' '
	test $(grep -c "^<table" r.html) -eq 3 &&
	test $(grep -c "<thead><tr><th>" r.html) -eq 3 &&
	test $(grep -c "^</tbody>" r.html) -eq 3
'

test_expect 'HTML redline of two documents keeps the revisions as its title' '
	doc e "Notice of <quantity unit=\"days\">60</quantity> days." >e1.xml &&
	clause diff --format=html good.xml e1.xml >one.html &&
	grep -q "<title>Redline: T</title>" one.html &&
	mkdir -p two && cd two && git init -q &&
	doc d "Notice of 45 days." >d.xml && doc e "Notice of 60 days." >e.xml &&
	git add . && git commit -q -m one &&
	doc d "Notice of 46 days." >d.xml && doc e "Notice of 61 days." >e.xml &&
	clause diff --format=html >../two.html && cd .. &&
	grep -q "<title>Redline: HEAD -&gt; work tree</title>" two.html &&
	! grep -q "Parties:" two.html
'

test_expect 'Word redline: titled as the HTML, its header row repeats on each page' '
	clause diff --format=docx -o r.docx "$NEG/riverbend-r1-union.xml" "$NEG/riverbend-r2-employer.xml" &&
	"${CLAUSE_PYTHON:-/usr/bin/python3}" -c "import sys, zipfile; sys.stdout.write(zipfile.ZipFile(\"r.docx\").read(\"word/document.xml\").decode())" >doc.xml &&
	grep -q "Redline: Riverbend transit negotiations 2025: Authority counter-proposal on technology, round 1 (2025-09-10) -&gt; round 2 (2025-10-08)" doc.xml &&
	grep -q "<w:pStyle w:val=\"Subtitle\"/>.*Parties: Riverbend Transit Workers Union, Local 52 (union)" doc.xml &&
	grep -q "<w:tr><w:trPr><w:tblHeader/></w:trPr>" doc.xml
'

test_expect 'JSON parses, and its word edits rebuild the new text' '
	clause diff --format=json "$NEG/riverbend-r1-union.xml" "$NEG/riverbend-ta.xml" >out.json &&
	python3 -m json.tool out.json >/dev/null &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert d[\"version\"] == 2
doc = d[\"documents\"][0]
assert doc[\"old\"][\"doc\"] == \"riverbend-r1-union\" and doc[\"new\"][\"doc\"] == \"riverbend-ta\"
assert {\"field\": \"status\", \"old\": \"proposal\", \"new\": \"tentative\"} in doc[\"metadata\"]
assert {\"clause\": \"notice\", \"old\": \"180 days\", \"new\": \"90 days\",
        \"old_quantity\": {\"value\": 180, \"unit\": \"days\", \"per\": None},
        \"new_quantity\": {\"value\": 90, \"unit\": \"days\", \"per\": None}} in doc[\"numbers\"], doc[\"numbers\"]
money = [x for x in doc[\"numbers\"] if x[\"old\"] == \"\$1.50 per hour\"]
assert money and money[0][\"old_quantity\"] == {\"value\": 1.5, \"unit\": \"USD\", \"per\": \"hour\"}, doc[\"numbers\"]
assert all(x[\"new_quantity\"] is None for x in doc[\"numbers\"] if x[\"new\"] is None)
n = 0
for c in doc[\"clauses\"]:
    if not c[\"text_edits\"]:
        continue
    n += 1
    parts = [e.get(\"text\", e.get(\"new\", \"\")) for e in c[\"text_edits\"]]
    got = \" \".join(p for p in parts if p).split()
    want = c[\"new\"][\"text\"].split()
    # Punctuation may sit apart in the join; compare without spaces.
    assert \"\".join(got) == \"\".join(want), (c[\"new\"][\"clause\"], got, want)
    olds = [e.get(\"text\", e.get(\"old\", \"\")) for e in c[\"text_edits\"]]
    assert \"\".join(\" \".join(p for p in olds if p).split()) == \"\".join(c[\"old\"][\"text\"].split())
assert n >= 10, n
kinds = {c[(\"new\" if c[\"new\"] else \"old\")][\"clause\"]: c[\"kinds\"] for c in doc[\"clauses\"]}
assert kinds[\"cameras\"] == [\"modified\", \"moved\"], kinds
assert kinds[\"gain-sharing\"] == [\"removed\"] and kinds[\"worker-data\"] == [\"added\"], kinds
" &&
	clause diff --format=json good.xml good.xml | python3 -m json.tool >/dev/null
'

# Plain git with the documented configuration.
new_library g >/dev/null
mkdir g/models
cp "$CLAUSE_TOP"/clauses/models/*.xml g/models/
cp "$NEG/riverbend-r1-union.xml" g/tech.xml
clause -C g commit -m "round 1" >/dev/null
echo "*.xml diff=clause" >g/.gitattributes
git -C g add .gitattributes
git -C g commit -qm attributes
git -C g config diff.clause.command "$CLAUSE diff --external"
git -C g config diff.clause.textconv "$CLAUSE diff --textconv"
cp "$NEG/riverbend-r2-employer.xml" g/tech.xml

test_expect 'git diff uses clause diff as its external diff command' '
	git -C g diff >out 2>err &&
	grep -q "^document riverbend-r1-union -> riverbend-r2-employer  a/tech.xml -> b/tech.xml\$" out &&
	grep -q "^removed: 14.11 Transition fund" out &&
	grep -x "  riverbend-r2-employer/notice: 180 days -> 60 days" out
'

test_expect 'git log -p and git show use the textconv: one line per clause text' '
	git -C g commit -qam "round 2" &&
	git -C g log -p -1 >out &&
	grep -q "^-\[riverbend-r1-union/gain-sharing\] in Article 14\$" out &&
	grep -q "^+\[riverbend-r2-employer/cameras\] in Article 15\$" out &&
	grep -q "^+The Authority shall give the Union written notice of any technological change at least 60 days" out &&
	git -C g show HEAD >show &&
	grep -q "^-14.12 Cameras on vehicles\$" show &&
	git -C g show --word-diff HEAD >wd &&
	grep -q "\[-180-\]{+60+}" wd
'

test_expect 'git show --ext-diff and git log -p --ext-diff give the clause diff' '
	git -C g show --ext-diff HEAD >out &&
	grep -q "^modified, moved: 14.12 -> 15.2 Cameras on vehicles" out &&
	git -C g log -p --ext-diff -1 >out2 &&
	grep -q "^renumbered: 15.2 -> 15.3 Discipline" out2
'

test_expect 'git diff of an added and a deleted document' '
	cp "$NEG/riverbend-ta.xml" g/ta.xml &&
	git -C g add ta.xml &&
	git -C g diff --cached >out &&
	grep -q "^document riverbend-ta added  b/ta.xml\$" out &&
	grep -q "^added: 15.4 Employee data" out &&
	git -C g commit -qm ta &&
	git -C g rm -q ta.xml &&
	git -C g diff --cached >out &&
	grep -q "^document riverbend-ta removed  a/ta.xml\$" out
'

test_expect 'git diff -M of a renamed document names the new path' '
	git -C g mv tech.xml renamed.xml &&
	sed "s/>60</>61</" g/renamed.xml >t && mv t g/renamed.xml &&
	git -C g add renamed.xml &&
	git -C g diff -M --cached >out &&
	grep -q "^document riverbend-r2-employer  a/tech.xml -> b/renamed.xml\$" out &&
	grep -x "  riverbend-r2-employer/notice: 60 days -> 61 days" out &&
	git -C g reset -q --hard
'

test_expect 'git diff of XML that is not a clause document: a plain line diff' '
	printf "<?xml version=\"1.0\"?>\n<other>\n  <a>one</a>\n</other>\n" >g/other.xml &&
	git -C g add other.xml && git -C g commit -qm other &&
	sed "s/one/two/" g/other.xml >t && mv t g/other.xml &&
	git -C g diff >out &&
	grep -q "^--- a/other.xml\$" out &&
	grep -q "^-  <a>one</a>\$" out &&
	grep -q "^+  <a>two</a>\$" out &&
	git -C g checkout -q other.xml
'

test_expect 'git with an invalid document: the driver refuses it' '
	git -C g reset -q --hard &&
	cp bad.xml g/tech.xml &&
	! git -C g diff >out 2>err &&
	grep -q "refusing to compare invalid documents" err &&
	git -C g checkout -q tech.xml
'

test_expect 'text output: C1 control characters of a document are not sent to the terminal' '
	doc d "hello $(printf "\302\233")31m red" >c1.xml &&
	clause diff good.xml c1.xml >out &&
	grep -q "hello" out &&
	! grep -q "$(printf "\302\233")" out
'

test_expect 'git external diff under git'"'"'s pager is coloured, NO_COLOR wins' '
	cp "$NEG/riverbend-r3-union.xml" g/tech.xml &&
	(unset NO_COLOR; GIT_PAGER_IN_USE=true git -C g diff) >out &&
	grep -q "$(printf "\033")\[" out &&
	GIT_PAGER_IN_USE=true git -C g diff >out &&
	! grep -q "$(printf "\033")" out &&
	git -C g checkout -q tech.xml
'

test_done
