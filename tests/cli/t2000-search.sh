#!/bin/sh
# t2000-search: clause search on a copy of the shipped library: ranking,
# every filter, output formats, exit codes, hostile queries.
. "$CLAUSE_TOP/tests/cli/lib.sh"

# The index lives in the git dir: search a copy, never the source tree.
cp -R "$CLAUSE_TOP/clauses" lib &&
git -C lib init -q && git -C lib add -A && git -C lib commit -q -m shipped ||
	exit 1
cl() { "$CLAUSE" -C "$TEST_SCRATCH/lib" "$@"; }
first() { cl search "$@" --format=json | python3 -c '
import json, sys
d = json.load(sys.stdin)
print(d[0]["doc"] + "/" + d[0]["clause"])'; }
ids() { python3 -c '
import json, sys
for h in json.load(open(sys.argv[1])):
    print(h["doc"] + "/" + h["clause"])' "$1"; }

test_expect 'the first search builds the index and says so once' '
	cl search cameras >out 2>err &&
	test -s out &&
	test $(wc -l <err) = 1 &&
	grep "^clause: building the search index" err &&
	test -f lib/.git/clause/index.sqlite &&
	cl search cameras >out2 2>err &&
	test ! -s err &&
	test_cmp out out2
'

test_expect 'ranking: driver-facing cameras -> ibt-ups-2023/cameras' '
	test "$(first driver-facing cameras)" = ibt-ups-2023/cameras
'

test_expect 'ranking: AI is not a writer -> wga-amptp-2023/not-a-writer' '
	test "$(first AI is not a writer)" = wga-amptp-2023/not-a-writer
'

test_expect 'ranking: digital replica consent -> the SAG-AFTRA consent clause' '
	test "$(first digital replica consent)" = sag-aftra-interactive-2025/replica-consent
'

test_expect 'ranking: no full automation -> the ILA automation ban' '
	test "$(first full automation)" = ila-usmx-2024/automation-ban
'

test_expect 'ranking: a heading match outranks a body match' '
	test "$(first neutral)" = cwa-microsoft-2022/neutral-approach
'

test_expect 'text output: address, path:line, categories, status, snippet' '
	cl search driver-facing cameras -n 1 >out &&
	test $(wc -l <out) = 2 &&
	head -n 1 out | grep "^ibt-ups-2023/cameras  agreements/ibt-ups-2023.xml:[0-9][0-9]*  guardrail.surveillance  ratified$" &&
	line=$(head -n 1 out | sed "s/.*xml:\([0-9]*\).*/\1/") &&
	sed -n "${line}p" lib/agreements/ibt-ups-2023.xml | grep "<clause id=\"cameras\"" &&
	sed -n 2p out | grep "^    \*Cameras\* in package cars: No \*driver-facing\* \*cameras\*"
'

test_expect 'one hit per clause, -n limits, --count counts them all' '
	cl search notice -n 1000 --format=json >all.json &&
	ids all.json >all &&
	test $(sort -u all | wc -l) = $(wc -l <all) &&
	test "$(cl search notice --count)" = $(wc -l <all) &&
	cl search notice -n 3 --format=json >three.json &&
	ids three.json >three &&
	test $(wc -l <three) = 3 &&
	head -n 3 all | test_cmp - three
'

test_expect 'json: parses, has the keys, scores fall' '
	python3 -c "
import json
d = json.load(open(\"all.json\"))
keys = {\"doc\", \"clause\", \"path\", \"line\", \"num\", \"heading\", \"categories\", \"status\", \"title\", \"score\", \"snippet\", \"revisions\"}
for h in d:
    assert keys <= set(h), keys - set(h)
    assert isinstance(h[\"line\"], int) and isinstance(h[\"categories\"], list)
    assert h[\"score\"] > 0, h
    # the snippet marks the matches; a heading is the heading, unmarked
    assert \"*\" in h[\"snippet\"] or \"notice\" in (h[\"heading\"] or \"\").lower(), h
    assert \"*\" not in (h[\"heading\"] or \"\"), h
s = [h[\"score\"] for h in d]
assert s == sorted(s, reverse=True), s
"
'

test_expect '--category PREFIX keeps clauses in it or below it' '
	cl search --category guardrail --format=json -n 100 the >g.json &&
	python3 -c "
import json
d = json.load(open(\"g.json\"))
assert len(d) >= 5, d
assert all(any(c == \"guardrail\" or c.startswith(\"guardrail.\") for c in h[\"categories\"]) for h in d), d
" &&
	test_must_fail 129 cl search --category guard the
'

test_expect '--party, --status, --doc, --sector filter documents' '
	cl search --party ibt --format=json the -n 100 >p.json &&
	ids p.json | cut -d/ -f1 | sort -u >docs &&
	echo ibt-ups-2023 | test_cmp - docs &&
	cl search --party Teamsters the --count &&
	cl search --status ratified --format=json -n 100 the >s.json &&
	python3 -c "
import json
d = json.load(open(\"s.json\"))
assert d and all(h[\"status\"] == \"ratified\" for h in d), d
" &&
	cl search --doc wga-amptp-2023 AI -n 100 --format=json >d.json &&
	ids d.json | cut -d/ -f1 | sort -u >docs &&
	echo wga-amptp-2023 | test_cmp - docs &&
	cl ls --sector news --format=json >news.json &&
	cl search --sector NEWS the -n 100 --format=json >n.json &&
	python3 -c "
import json
docs = set(x[\"doc\"] for x in json.load(open(\"news.json\")))
hits = set(h[\"doc\"] for h in json.load(open(\"n.json\")))
assert hits and hits <= docs, (hits, docs)
"
'

test_expect '--since and --until select documents by their term' '
	cl ls --format=json >ls.json &&
	cl search --since 2026-01-01 --format=json -n 500 the >since.json &&
	cl search --until 2019-12-31 --format=json -n 500 the >until.json &&
	python3 -c "
import json
docs = {x[\"doc\"]: x for x in json.load(open(\"ls.json\"))}
since = set(h[\"doc\"] for h in json.load(open(\"since.json\")))
until = set(h[\"doc\"] for h in json.load(open(\"until.json\")))
assert since and until, (since, until)
for d in since:
    x = docs[d]
    assert (x[\"expires\"] or x[\"effective\"]) >= \"2026-01-01\", x
for d in until:
    x = docs[d]
    assert (x[\"effective\"] or x[\"expires\"]) <= \"2019-12-31\", x
assert \"ilwu-pma-1960\" in until, until
"
'

test_expect '--quantity compares <quantity> values in a unit' '
	cl search days --quantity "days>=90" -n 100 --format=json >q.json &&
	ids q.json >q &&
	grep "^unifor-899-art25/notice$" q &&
	! grep "^ibt-ups-2023/notice$" q &&
	cl search days --quantity "days<50" -n 100 --format=json >q.json &&
	ids q.json >q &&
	grep "^ibt-ups-2023/notice$" q &&
	! grep "^unifor-899-art25/notice$" q &&
	test_must_fail 1 cl search notice --quantity "parsecs>0"
'

test_expect 'exact words by default; --stem matches stems' '
	test_must_fail 1 cl search senior >out &&
	test ! -s out &&
	cl search seniority --count >exact &&
	cl search --stem senior --count >stem &&
	test $(cat stem) -ge $(cat exact) &&
	cl search --stem senior -n 1 | grep -i "senior"
'

test_expect 'diacritics are ignored' '
	test "$(cl search seniorit\* --count)" = "$(cl search "$(printf "s\303\251niorit*")" --count)" &&
	test "$(cl search seniority --count)" = "$(cl search "$(printf "S\303\211NIORITY")" --count)"
'

test_expect 'phrases, prefixes, OR and exclusion' '
	cl search "\"generative AI\"" --count >phrase &&
	cl search generative AI --count >words &&
	test $(cat phrase) -le $(cat words) &&
	cl search "camera*" --count >pre &&
	cl search cameras --count >exact &&
	test $(cat pre) -ge $(cat exact) &&
	cl search cameras OR drones --count >or &&
	test $(cat or) -ge $(cat exact) &&
	cl search --format=json -n 100 -- cameras -package >x.json &&
	ids x.json >x &&
	test -s x &&
	! grep "^ibt-ups-2023/cameras$" x &&
	cl search --format=json -n 100 -- cameras NOT package >y.json &&
	ids y.json | test_cmp x - &&
	cl search "NEAR(driver cameras, 3)" -n 1 | grep "^ibt-ups-2023/cameras "
'

test_expect 'no match exits 1 with nothing on stdout; --count says 0' '
	test_must_fail 1 cl search zeppelin >out 2>err &&
	test ! -s out && test ! -s err &&
	test_must_fail 1 cl search zeppelin --count >out &&
	echo 0 | test_cmp - out &&
	test_must_fail 1 cl search zeppelin --format=json >out &&
	echo "[]" | test_cmp - out
'

test_expect 'a malformed query exits 129 with a clear message' '
	for q in "(cameras" "cameras)" "AND" "cameras AND" "OR drones" "NOT cameras" \
		 "-cameras" "\"cameras" "()" "---" "NEAR(a b, x)"; do
		test_must_fail 129 cl search -- "$q" >out 2>err || return 1
		test ! -s out || return 1
		test $(wc -l <err) = 1 || return 1
		grep "^clause: " err || return 1
		! grep -i -e sql -e fts5 -e syntax err || return 1
	done
'

test_expect 'hostile queries never surface a database error' '
	long=$(python3 -c "print(\"notice \" * 120)")
	toolong=$(python3 -c "print(\"x\" * 5000)")
	for q in "\"" "'\''" "non-compete" "4.2" "4.2.1(a)" "O'\''Brien" "*" "**" \
		 "a**" "NEAR" "NEAR(" "NEAR()" "col:word" "^x" "+x" "{a b}" \
		 "caf\303\251" "\342\200\224" "\346\227\245\346\234\254" "\377\376" \
		 "'\''; DROP TABLE text; --" "rank" "heading:cameras" "- -" \
		 "$long" "$toolong" "((((((((((((((((((((a))))))))))))))))))))"; do
		cl search -- "$q" >out 2>err
		st=$?
		case $st in 0|1|129) ;; *) echo "exit $st for [$q]"; cat err; return 1;; esac
		! grep -i -e "sql" -e "fts5" -e "malformed" -e "no such" err || return 1
	done &&
	cl search cameras -n 1 >/dev/null
'

test_expect 'colour only when asked for or on a terminal' '
	cl search cameras -n 1 >plain &&
	! grep "$(printf "\033")" plain &&
	"$CLAUSE" --color=always -C lib search cameras -n 1 >colour &&
	grep "$(printf "\033")\[1;31m" colour
'

test_expect 'the work tree is searched: edits show without a commit' '
	sed "s/No driver-facing cameras/No zeppelin cameras/" lib/agreements/ibt-ups-2023.xml >tmp.xml &&
	cp lib/agreements/ibt-ups-2023.xml saved.xml &&
	cp tmp.xml lib/agreements/ibt-ups-2023.xml &&
	cl search zeppelin >out &&
	head -n 1 out | grep "^ibt-ups-2023/cameras " &&
	test_must_fail 1 cl search --rev HEAD zeppelin &&
	cp saved.xml lib/agreements/ibt-ups-2023.xml &&
	test_must_fail 1 cl search zeppelin &&
	rm lib/agreements/ibt-ups-2023.xml &&
	test_must_fail 1 cl search --doc ibt-ups-2023 cameras &&
	cp saved.xml lib/agreements/ibt-ups-2023.xml &&
	cl search --doc ibt-ups-2023 cameras >/dev/null
'

test_expect 'ignored files are not searched; changed rules take effect at once' '
	sed "/<agreement/s/ id=\"ibt-ups-2023\"/ id=\"ign-doc\"/" \
		lib/agreements/ibt-ups-2023.xml >lib/other/ign.xml &&
	cl search --doc ign-doc cameras >/dev/null &&
	echo "other/ign.xml" >lib/.gitignore &&
	test_must_fail 1 cl search --doc ign-doc cameras &&
	rm lib/.gitignore &&
	cl search --doc ign-doc cameras >/dev/null &&
	mkdir -p lib/.git/info && echo "other/" >>lib/.git/info/exclude &&
	test_must_fail 1 cl search --doc ign-doc cameras &&
	test_must_fail 1 cl search --doc unite-nta-2017 the &&
	sed -i "/^other\/\$/d" lib/.git/info/exclude &&
	cl search --doc unite-nta-2017 the >/dev/null &&
	mkdir lib/skipdir && mv lib/other/ign.xml lib/skipdir/ &&
	cl search --doc ign-doc cameras >/dev/null &&
	echo "skipdir/" >lib/.gitignore &&
	test_must_fail 1 cl search --doc ign-doc cameras &&
	rm -r lib/.gitignore lib/skipdir
'

test_expect 'paths are relative to the current directory' '
	(cd lib/agreements && "$CLAUSE" search driver-facing cameras -n 1) >out &&
	head -n 1 out | grep " ibt-ups-2023.xml:" &&
	(cd lib/models && "$CLAUSE" search driver-facing cameras -n 1) >out &&
	head -n 1 out | grep " ../agreements/ibt-ups-2023.xml:"
'

test_expect 'usage errors exit 129' '
	test_must_fail 129 cl search &&
	test_must_fail 129 cl search --since 2024 cameras &&
	test_must_fail 129 cl search --until 2024-1-1 cameras &&
	test_must_fail 129 cl search --quantity days cameras &&
	test_must_fail 129 cl search --quantity ">=5" cameras &&
	test_must_fail 129 cl search --rev HEAD --all-rounds cameras &&
	test_must_fail 129 cl search --remote x --history cameras &&
	test_must_fail 129 cl search -n 0 cameras &&
	test_must_fail 129 cl search --format=xml cameras &&
	test_must_fail 128 cl search --rev nosuchrev cameras
'

test_expect 'a query nested deeper than FTS5 can parse is a usage error, not a broken index (found by fuzz_query)' '
	q=$(python3 -c "print(\"a \" + \"\".join(\"(b OR -c \" for i in range(15)) + \"d\" + \")\" * 15)") &&
	test_must_fail 129 clause -C "$CLAUSE_TOP/clauses" search "$q" 2>err &&
	grep "the query is too complex" err && ! grep "cannot search" err
'

test_done
