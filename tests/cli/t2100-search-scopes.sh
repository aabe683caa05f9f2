#!/bin/sh
# t2100-search-scopes: clause search over revisions: --rev, --all-rounds,
# --history and --remote on a library whose history replays the shipped
# negotiation as one document over four rounds.
. "$CLAUSE_TOP/tests/cli/lib.sh"

neg="$CLAUSE_TOP/clauses/negotiation"
new_library lib || exit 1
mkdir lib/models && cp "$CLAUSE_TOP"/clauses/models/*.xml lib/models/ || exit 1
for r in r1-union:1 r2-employer:2 r3-union:3 ta:ta; do
	file=${r%%:*}
	name=${r##*:}
	sed "s/id=\"riverbend-$file\"/id=\"riverbend-tech\"/" "$neg/riverbend-$file.xml" \
		>lib/technology.xml || exit 1
	"$CLAUSE" -C lib commit -m "Technology article: $file" >/dev/null &&
	"$CLAUSE" -C lib round add "$name" -m "Round $name" >/dev/null || exit 1
done
cl() { "$CLAUSE" -C "$TEST_SCRATCH/lib" "$@"; }
# The days of each version of the notice clause, by round.
days() { sed -n '/<clause id="notice"/,/<\/clause>/p' "$neg/riverbend-$1.xml" |
	sed -n 's/.*<quantity unit="days">\([0-9]*\)<.*/\1/p' | head -n 1; }

test_expect 'the work tree holds the last round only' '
	cl search --doc riverbend-tech notice --format=json -n 100 >wt.json &&
	python3 -c "
import json
d = json.load(open(\"wt.json\"))
assert d and all(h[\"revisions\"] == [] for h in d), d
"
'

test_expect '--rev round/1 searches that round, paths say so' '
	cl search --rev round/1 --doc riverbend-tech notice -n 1 >out &&
	head -n 1 out | grep "^riverbend-tech/notice  round/1:technology.xml:[0-9]* " &&
	grep "$(days r1-union)" out
'

test_expect '--all-rounds: each version of a clause says in which rounds it is' '
	cl search --all-rounds --doc riverbend-tech --quantity "days>=0" notice -n 100 --format=json >r.json &&
	python3 -c "
import json, sys
d = [h for h in json.load(open(\"r.json\")) if h[\"clause\"] == \"notice\"]
assert len(d) >= 2, d
rounds = [r for h in d for r in h[\"revisions\"]]
assert sorted(rounds) == sorted(set(rounds)), rounds
assert set(rounds) == {\"round/1\", \"round/2\", \"round/3\", \"round/ta\"}, rounds
" &&
	cl search --all-rounds --doc riverbend-tech notice -n 100 >r.txt &&
	grep "^    in: round/1" r.txt &&
	grep "round/ta$" r.txt
'

test_expect '--all-rounds finds text that only an old round has' '
	d1=$(days r1-union) && dta=$(days ta) &&
	test "$d1" != "$dta" &&
	test_must_fail 1 cl search --doc riverbend-tech --quantity "days=$d1" notice &&
	cl search --all-rounds --doc riverbend-tech --quantity "days=$d1" notice >out &&
	grep "in: round/1" out &&
	! grep "round/ta" out
'

test_expect '--history names the commits that hold each version' '
	cl search --history --doc riverbend-tech notice -n 100 --format=json >h.json &&
	git -C lib log --format=%H >commits &&
	python3 -c "
import json
commits = set(open(\"commits\").read().split())
d = json.load(open(\"h.json\"))
assert d and all(h[\"commits\"] and set(h[\"commits\"]) <= commits for h in d), d
seen = set(c for h in d if h[\"clause\"] == \"notice\" for c in h[\"commits\"])
assert seen == commits, (seen, commits)
" &&
	cl search --history --doc riverbend-tech notice -n 1 >out &&
	grep "^    commits: [0-9a-f]\{7\}" out
'

test_expect '--history --rev REV starts from REV' '
	cl search --history --rev round/1 --doc riverbend-tech notice -n 100 --format=json >h1.json &&
	python3 -c "
import json
d = json.load(open(\"h1.json\"))
assert d and all(len(h[\"commits\"]) == 1 for h in d), d
"
'

test_expect '--remote searches a library fetched with plain git' '
	git init -q other &&
	git -C other remote add up "$TEST_SCRATCH/lib" &&
	git -C other fetch -q up &&
	test_must_fail 1 "$CLAUSE" -C other search notice &&
	"$CLAUSE" -C other search --remote up notice --doc riverbend-tech >out &&
	head -n 1 out | grep "^riverbend-tech/notice " &&
	grep "^    in: up/main$" out &&
	test_must_fail 1 "$CLAUSE" -C other search --remote nosuch notice 2>err &&
	grep "^clause: no remote-tracking branches for .nosuch." err
'

test_expect 'a library without rounds says so and exits 1' '
	git init -q bare-history && cp lib/technology.xml bare-history/ &&
	git -C bare-history add -A && git -C bare-history commit -q -m one &&
	test_must_fail 1 "$CLAUSE" -C bare-history search --all-rounds notice 2>err &&
	grep "^clause: the library has no rounds" err
'

test_expect 'rounds sharing blobs are indexed once' '
	# 3 models shared by all rounds + 4 versions of technology.xml (the
	# work tree has the last): 7 blobs parsed, not 4 rounds x 4 files.
	cl index --rebuild --all-rounds 2>err &&
	grep "(7 files parsed)" err &&
	cl index --all-rounds 2>err &&
	grep "(0 files parsed)" err
'

test_expect 'snapshots made from the parent equal snapshots made from the tree' '
	new_library hist &&
	mkdir hist/sub &&
	cp "$CLAUSE_TOP"/clauses/models/adjustment-model.xml hist/a.xml &&
	cp "$CLAUSE_TOP"/clauses/models/guardrail-model.xml hist/b.xml &&
	cp "$CLAUSE_TOP"/clauses/models/neutrality-model.xml hist/sub/c.xml &&
	git -C hist add -A && git -C hist commit -q -m one &&
	sed "s/>180</>150</" hist/a.xml >tmp && mv tmp hist/a.xml &&
	git -C hist rm -q b.xml && git -C hist mv sub/c.xml d.xml &&
	echo text >hist/e.txt &&
	git -C hist add -A && git -C hist commit -q -m two &&
	cp "$CLAUSE_TOP"/clauses/models/guardrail-model.xml hist/sub/b.xml &&
	git -C hist add -A && git -C hist commit -q -m three &&
	"$CLAUSE" -C hist search --history the -n 500 --format=json >/dev/null &&
	# The hits, without scores: bm25 depends on every text indexed.
	hits() { "$CLAUSE" -C hist search --rev $1 the -n 500 --format=json |
		python3 -c "
import json, sys
for h in sorted(json.load(sys.stdin), key=lambda h: (h[\"doc\"], h[\"clause\"])):
    print(h[\"doc\"], h[\"clause\"], h[\"path\"], h[\"line\"], h[\"snippet\"])"; } &&
	for c in $(git -C hist rev-list HEAD); do
		hits $c >inc.$c || return 1
	done &&
	"$CLAUSE" -C hist index --rebuild -q &&
	for c in $(git -C hist rev-list HEAD); do
		hits $c >full.$c &&
		test_cmp full.$c inc.$c || return 1
	done &&
	head=$(git -C hist rev-parse HEAD) &&
	grep ":d.xml " inc.$head &&
	grep ":sub/b.xml " inc.$head &&
	! grep -e ":b.xml " -e ":sub/c.xml " inc.$head &&
	"$CLAUSE" -C hist search --rev HEAD~2 "\"least 180\"" &&
	"$CLAUSE" -C hist search --rev HEAD "\"least 150\"" &&
	test_must_fail 1 "$CLAUSE" -C hist search --rev HEAD "\"least 180\""
'

test_expect 'clause index drops revisions no ref names, and history still works' '
	"$CLAUSE" -C hist search --history the -n 500 --format=json >before.json &&
	"$CLAUSE" -C hist index 2>err &&
	grep "^clause: dropped 2 snapshots of revisions no ref names$" err &&
	"$CLAUSE" -C hist index 2>err &&
	! grep dropped err &&
	"$CLAUSE" -C hist index --check -q &&
	"$CLAUSE" -C hist search --history the -n 500 --format=json >after.json &&
	python3 -c "
import json
def norm(f):
    return sorted((h[\"doc\"], h[\"clause\"], tuple(h[\"commits\"])) for h in json.load(open(f)))
assert norm(\"before.json\") == norm(\"after.json\")
" &&
	"$CLAUSE" -C lib index 2>err &&
	! grep dropped err
'

test_expect 'scores and order are the scope'"'"'s alone, whatever else was indexed before' '
	rm -rf fresh r1 && git clone -q lib fresh && git clone -q lib r1 &&
	git -C r1 checkout -q round/1 &&
	scores() { # DIR OUT [SCOPE...]
		dir=$1 out=$2 && shift 2 && : >"$out" &&
		for w in notice training monitoring data surveillance discipline \
			employer union wages workers "new technology"; do
			"$CLAUSE" -C "$dir" search "$@" -n 20 --format=json "$w" |
			python3 -c "
import json, sys
print(sys.argv[1], [(h[\"doc\"], h[\"clause\"], h[\"score\"]) for h in json.load(sys.stdin)])
" "$w" >>"$out" || return 1
		done
	} &&
	scores fresh wt.before &&
	scores fresh rounds.before --all-rounds &&
	"$CLAUSE" -C fresh search --history notice >/dev/null &&
	"$CLAUSE" -C fresh search --rev round/1 notice >/dev/null &&
	scores fresh wt.after &&
	scores fresh rounds.after --all-rounds &&
	test_cmp wt.before wt.after &&
	test_cmp rounds.before rounds.after &&
	grep -v "\[\]" wt.after | grep -c . >n && test "$(cat n)" -ge 8 &&
	scores fresh r1.rev --rev round/1 &&
	scores r1 r1.alone &&
	test_cmp r1.alone r1.rev &&
	# An edited work tree: as an index made afresh of the same files.
	cp r1/technology.xml fresh/technology.xml &&
	scores fresh edited &&
	rm -rf again && cp -r fresh again && rm -f again/.git/clause/index.sqlite* &&
	scores again edited.alone &&
	test_cmp edited.alone edited &&
	! test_cmp edited wt.after >/dev/null
'

test_expect 'a bare repository searches HEAD' '
	git clone -q --bare lib bare.git &&
	"$CLAUSE" -C bare.git search notice --doc riverbend-tech -n 1 >out &&
	head -n 1 out | grep "^riverbend-tech/notice "
'

test_done
