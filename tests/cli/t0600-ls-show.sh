#!/bin/sh
# t0600-ls-show: clause ls (filters, clauses, JSON), clause show and
# clause categories on the shipped library.
. "$CLAUSE_TOP/tests/cli/lib.sh"

json_ok() { python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))'; }
LIB="$CLAUSE_TOP/clauses"
cl() { "$CLAUSE" -C "$LIB" "$@"; }

test_expect 'ls lists at least 25 documents, one line each, nothing on stderr' '
	cl ls >out 2>err &&
	test ! -s err &&
	test $(wc -l <out) -ge 25 &&
	grep "^ibt-ups-2023 " out &&
	grep "^adjustment-model " out &&
	test $(cut -d" " -f1 out | sort -u | wc -l) = $(wc -l <out)
'

test_expect 'ls --status ratified lists at least 12, all ratified' '
	cl ls --status ratified >out &&
	test $(wc -l <out) -ge 12 &&
	! grep -v " ratified " out &&
	cl ls --status ratified --format=json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert len(d) >= 12 and all(x[\"status\"] == \"ratified\" for x in d), d
"
'

test_expect 'ls --party matches a party id or part of its name' '
	cl ls --party ibt >by-id &&
	grep "^ibt-ups-2023 " by-id &&
	cl ls --party Teamsters >by-name &&
	grep "^ibt-ups-2023 " by-name &&
	cl ls --party rrta --format=json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert len(d) == 4, [x[\"doc\"] for x in d]
assert all(any(p[\"id\"] == \"rrta\" for p in x[\"parties\"]) for x in d), d
"
'

test_expect 'ls --sector matches part of the sector, any case' '
	cl ls --sector TRANSIT --format=json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert len(d) >= 4, d
assert all(\"transit\" in x[\"sector\"].lower() for x in d), d
"
'

test_expect 'ls -c --category guardrail.surveillance lists DOC/CLAUSE lines in it' '
	cl ls -c --category guardrail.surveillance >out &&
	cat out &&
	test $(wc -l <out) -ge 3 &&
	! grep -v "^[a-z0-9._-]*/[a-z0-9._-]* .*guardrail\.surveillance" out &&
	cl ls -c --category guardrail.surveillance --format=json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert len(d) >= 3, d
for c in d:
    assert \"guardrail.surveillance\" in c[\"categories\"], c
    assert set([\"doc\", \"clause\", \"categories\", \"path\", \"line\"]) <= set(c), c
" &&
	test $(wc -l <out) = $(python3 -c "import json; print(len(json.load(open(\"out.json\"))))")
'

test_expect 'ls --category with a family prefix takes every leaf below it' '
	cl ls -c --category guardrail --format=json >out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert all(any(k == \"guardrail\" or k.startswith(\"guardrail.\") for k in c[\"categories\"]) for c in d), d
cats = set(k for c in d for k in c[\"categories\"] if k.startswith(\"guardrail.\"))
assert len(cats) >= 5, cats
" &&
	test_must_fail 129 cl ls -c --category guard 2>err &&
	grep "^clause: unknown category .guard. (did you mean .guardrail.," err
'

test_expect 'filters combine with AND' '
	cl ls --status tentative --party rrta >out &&
	test $(wc -l <out) = 1 &&
	test_must_fail 1 cl ls --status model --party rrta
'

test_expect 'a status or category that does not exist is a usage error' '
	test_must_fail 129 cl ls --status superseded-by-robots >out &&
	test ! -s out &&
	test_must_fail 129 cl ls -c --category neutrality.no-such-leaf >out &&
	test ! -s out
'

test_expect 'a filter with no match exits 1 and prints nothing' '
	test_must_fail 1 cl ls --party no-such-party >out &&
	test ! -s out &&
	test_must_fail 1 cl ls --sector "no such sector" --format=json >out &&
	json_ok <out
'

test_expect 'ls --format=json parses and has the keys' '
	cl ls --format=json >out.json &&
	json_ok <out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert len(d) >= 25, len(d)
keys = {\"doc\", \"path\", \"status\", \"title\", \"sector\", \"effective\", \"expires\", \"parties\", \"clauses\"}
for x in d:
    assert keys <= set(x), (keys - set(x), x)
    assert isinstance(x[\"clauses\"], int) and x[\"clauses\"] >= 1, x
    for p in x[\"parties\"]:
        assert set([\"id\", \"role\", \"name\"]) <= set(p), p
u = [x for x in d if x[\"doc\"] == \"ibt-ups-2023\"][0]
assert u[\"path\"].endswith(\"ibt-ups-2023.xml\"), u
"
'

test_expect 'ls -c counts agree with ls per document' '
	cl ls --format=json >docs.json &&
	cl ls -c --format=json >clauses.json &&
	python3 -c "
import json, collections
docs = json.load(open(\"docs.json\"))
cl = json.load(open(\"clauses.json\"))
n = collections.Counter(c[\"doc\"] for c in cl)
for x in docs:
    assert n[x[\"doc\"]] == x[\"clauses\"], (x[\"doc\"], n[x[\"doc\"]], x[\"clauses\"])
"
'

test_expect 'ls PATH narrows to a directory' '
	cl ls models >out &&
	test $(wc -l <out) = 3 &&
	! grep -v -e "^adjustment-model " -e "^guardrail-model " -e "^neutrality-model " out &&
	(cd "$LIB/negotiation" && "$CLAUSE" ls >"$TEST_SCRATCH/out") &&
	test $(wc -l <out) = 4
'

# --- show ------------------------------------------------------------------

test_expect 'show DOC prints the title, metadata and the clauses' '
	cl show ibt-ups-2023 >out &&
	head -n 1 out | grep "^ibt-ups-2023 " &&
	grep "$(sed -n "s|.*<title>\(.*\)</title>.*|\1|p" "$LIB/agreements/ibt-ups-2023.xml" | head -n 1)" out &&
	grep "status: ratified" out &&
	grep "Teamsters" out &&
	for id in $(sed -n "s/.*<clause id=\"\([^\"]*\)\".*/\1/p" "$LIB/agreements/ibt-ups-2023.xml"); do
		grep -F "[ibt-ups-2023/$id]" out || return 1
	done
'

test_expect 'show DOC/CLAUSE prints just that clause' '
	cl show adjustment-model/notice >out &&
	head -n 1 out | grep "T.2 Advance notice  *\[adjustment-model/notice\]" &&
	grep "180 days" out &&
	! grep "adjustment-model/information\]" out &&
	! grep "status:" out
'

test_expect 'show --format=json of a document and of a clause parse' '
	cl show adjustment-model --format=json >doc.json &&
	python3 -c "
import json
d = json.load(open(\"doc.json\"))
assert d[\"doc\"] == \"adjustment-model\" and d[\"status\"] == \"model\", d
ids = [c[\"clause\"] for c in d[\"clauses\"]]
assert \"notice\" in ids and len(ids) == len(set(ids)), ids
" &&
	cl show adjustment-model/notice --format=json >c.json &&
	python3 -c "
import json
c = json.load(open(\"c.json\"))
assert c[\"clause\"] == \"notice\" and c[\"num\"] == \"T.2\", c
assert c[\"categories\"] == [\"adjustment.notice\"], c
assert \"180\" in c[\"text\"], c
"
'

test_expect 'show --format=xml of a document is the file itself' '
	cl show adjustment-model --format=xml >out.xml &&
	cmp out.xml "$LIB/models/adjustment-model.xml"
'

test_expect 'show --format=xml of a clause declares the clause namespace' '
	cl show adjustment-model/notice --format=xml >frag.xml &&
	head -n 1 frag.xml | grep "^<clause xmlns=\"urn:clause:1\" id=\"notice\"" &&
	xmllint --noout frag.xml &&
	test "$(xmllint --xpath "namespace-uri(/*)" frag.xml)" = "urn:clause:1"
'

test_expect 'show of an unknown document or clause exits 1' '
	test_must_fail 1 cl show nosuch >out 2>err &&
	test ! -s out &&
	grep "^clause: .*nosuch" err &&
	test_must_fail 1 cl show adjustment-model/nosuch >out 2>err &&
	test ! -s out &&
	grep "^clause: .*nosuch" err
'

test_expect 'show with a bad address exits 129' '
	test_must_fail 129 cl show "" &&
	test_must_fail 129 cl show "adjustment-model/" &&
	test_must_fail 129 cl show "adjustment-model@" &&
	test_must_fail 129 cl show "/notice" &&
	test_must_fail 129 cl show &&
	test_must_fail 129 cl show adjustment-model guardrail-model &&
	test_must_fail 129 cl show --format=pdf adjustment-model
'

test_expect 'show with a three-part address a/b/c exits 129' '
	test_must_fail 129 cl show a/b/c 2>err &&
	grep "^clause: " err &&
	test_must_fail 129 cl show adjustment-model/notice/extra
'

# --- categories -------------------------------------------------------------

test_expect 'categories prints the 3 families and all 28 leaves' '
	cl categories >out &&
	test $(grep -cE "^  [a-z]+\." out) = 28 &&
	grep "^adjustment " out &&
	grep "^guardrail " out &&
	grep "^neutrality " out &&
	grep "^  guardrail\.surveillance " out &&
	clause categories >out2 &&
	test_cmp out out2
'

test_expect 'categories -l adds the definitions' '
	cl categories -l >out &&
	test $(wc -l <out) -gt $(cl categories | wc -l) &&
	grep -i "notice" out
'

test_expect 'categories --format=json parses: 31 entries, 28 leaves' '
	cl categories --format=json >out.json &&
	json_ok <out.json &&
	python3 -c "
import json
d = json.load(open(\"out.json\"))
assert len(d) == 31, len(d)
leaves = [c for c in d if c[\"leaf\"]]
assert len(leaves) == 28, len(leaves)
assert all(c[\"name\"].count(\".\") == 1 for c in leaves), leaves
assert all(c[\"label\"] and c[\"definition\"] for c in d), d
"
'

test_expect 'on a terminal, C1 control characters of a document are not passed through' '
	mkdir c1 &&
	printf "<?xml version=\"1.0\"?>\n<agreement xmlns=\"urn:clause:1\" id=\"c1\" status=\"model\"><meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta><clause id=\"x\" category=\"adjustment.notice\"><p>a\302\2332Jb</p></clause></agreement>\n" >c1/c1.xml &&
	clause -C c1 show c1/x >piped &&
	grep -q "$(printf "\302\233")" piped &&
	script -qec "$CLAUSE -C c1 show c1/x" /dev/null >tty &&
	! grep -q "$(printf "\302\233")" tty &&
	grep -q "$(printf "\357\277\275")" tty
'

test_expect 'a sub-clause with the id of the clause it sits in: show and export render it once, no crash' '
	mkdir -p dup &&
	cat >dup/dup.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="dup" status="proposal">
	  <meta><title>Dup</title><party role="union" id="u">U</party></meta>
	  <clause id="a" category="guardrail.surveillance"><num>1</num><heading>Outer</heading>
	    <p>Outer words.</p>
	    <clause id="a" category="guardrail.surveillance"><num>1.1</num><heading>Inner</heading>
	      <p>Inner words.</p></clause>
	  </clause>
	</agreement>
	EOF
	(cd dup && git init -q) &&
	"$CLAUSE" -C dup show dup/a >out &&
	test $(grep -c "Inner words" out) = 1 &&
	for f in html txt md; do
		"$CLAUSE" -C dup export dup --format=$f >out.$f &&
		test $(grep -c "Inner words" out.$f) = 1 || return 1
	done &&
	test_must_fail 1 "$CLAUSE" -C dup validate dup.xml 2>err &&
	grep -q "^dup.xml:6:[0-9]*: duplicate id .a.$" err
'

test_done
