#!/bin/sh
# t0710-typos: misleading or silent answers to a mistyped command line
# (issue 17): unknown revisions and rounds, DOC/CLAUSE addresses that
# exist nowhere, filter values that match nothing by their spelling,
# negative counts, impossible dates, --format with diff --stat.  Each
# names what is wrong and, where it can, what was meant.
. "$CLAUSE_TOP/tests/cli/lib.sh"

NEG="$CLAUSE_TOP/clauses/negotiation"

# A copy of the shipped library (the index lives in its git dir).
cp -R "$CLAUSE_TOP/clauses" lib &&
git -C lib init -q && git -C lib add -A && git -C lib commit -q -m shipped ||
	exit 1
cl() { "$CLAUSE" -C "$TEST_SCRATCH/lib" "$@"; }

# The negotiation as the history of one document, a round a commit.
new_library rl >/dev/null
mkdir rl/models
cp "$CLAUSE_TOP"/clauses/models/*.xml rl/models/
n=0
for r in r1-union r2-employer r3-union ta; do
	n=$((n + 1))
	sed "s/id=\"riverbend-$r\"/id=\"riverbend-tech\"/" "$NEG/riverbend-$r.xml" >rl/technology.xml
	"$CLAUSE" -C rl commit -m "round $r" >/dev/null
	"$CLAUSE" -C rl round add $n >/dev/null
done
rl() { "$CLAUSE" -C "$TEST_SCRATCH/rl" "$@"; }

# 1. Revisions and rounds.

test_expect 'diff round/1 round/7: the unknown revision is named' '
	test_must_fail 129 rl diff round/1 round/7 2>err &&
	grep -x "clause: unknown revision '\''round/7'\''" err &&
	! grep "no document" err
'

test_expect 'diff HEAD~9 HEAD: says which of the two is not a revision' '
	test_must_fail 129 rl diff HEAD~9 HEAD 2>err &&
	grep -x "clause: unknown revision '\''HEAD~9'\''" err &&
	test_must_fail 129 rl diff nosuch other 2>err &&
	grep -x "clause: unknown revisions '\''nosuch'\'' and '\''other'\''" err
'

test_expect 'diff of two DOC/CLAUSE readings: both readings named' '
	test_must_fail 129 rl diff riverbend-tech/nonesuch@round/1 HEAD 2>err &&
	grep -x "clause: unknown revision '\''riverbend-tech/nonesuch@round/1'\''" err &&
	grep -x "clause: nor two clauses: '\''HEAD'\'' is not DOC/CLAUSE\[@REV\]" err &&
	test_must_fail 1 rl diff riverbend-tech/notice@round/1 riverbend-tech/notise@round/2 2>err &&
	grep -x "clause: no clause '\''notise'\'' in document '\''riverbend-tech'\'' at round/2 (did you mean '\''riverbend-tech/notice'\''?)" err
'

test_expect 'a clone of a remote without rounds: diff round/1 round/2 says to fetch them' '
	git init -q --bare bare.git &&
	git -C rl push -q ../bare.git main &&
	"$CLAUSE" clone -q bare.git cl2 2>/dev/null &&
	test_must_fail 129 "$CLAUSE" -C cl2 diff round/1 round/2 2>err &&
	grep -x "clause: unknown revisions '\''round/1'\'' and '\''round/2'\''" err &&
	grep "clause: this library has no rounds" err &&
	grep "clause push --rounds" err &&
	test_must_fail 128 "$CLAUSE" -C cl2 diff round/1 2>err &&
	grep -x "clause: unknown revision '\''round/1'\''" err &&
	grep "clause: this library has no rounds" err
'

# 2. DOC/CLAUSE that exists on neither side.

test_expect 'diff --clause with a mistyped clause or document: exit 1, did you mean' '
	test_must_fail 1 rl diff --clause=riverbend-tech/notise round/2 round/3 >out 2>err &&
	test ! -s out &&
	grep -x "clause: no clause '\''riverbend-tech/notise'\'' at round/2 or round/3 (did you mean '\''riverbend-tech/notice'\''?)" err &&
	test_must_fail 1 rl diff --clause=riverbend-tec/notice round/2 round/3 2>err &&
	grep "^clause: no document '\''riverbend-tec'\''.*(did you mean '\''riverbend-tech'\''?)" err &&
	test_must_fail 1 rl diff --clause=riverbend-tech/notise 2>err &&
	grep "at HEAD or the work tree" err
'

test_expect 'diff --clause with two files or --against-model: the same' '
	(cd "$NEG" && test_must_fail 1 "$CLAUSE" diff --clause=riverbend-r1-union/notise \
		riverbend-r1-union.xml riverbend-r2-employer.xml) 2>err &&
	grep -x "clause: no clause '\''riverbend-r1-union/notise'\'' (did you mean '\''riverbend-r1-union/notice'\''?)" err &&
	(cd "$NEG" && test_must_fail 1 "$CLAUSE" diff --clause=riverbend-r1-unio/notice \
		riverbend-r1-union.xml riverbend-r2-employer.xml) 2>err &&
	grep -x "clause: no document '\''riverbend-r1-unio'\'' (did you mean '\''riverbend-r1-union'\''?)" err &&
	test_must_fail 1 cl diff --against-model --clause=ibt-ups-203/notice 2>err &&
	grep -x "clause: no document '\''ibt-ups-203'\'' (did you mean '\''ibt-ups-2023'\''?)" err &&
	test_must_fail 1 cl diff --against-model --clause=ibt-ups-2023/notise 2>err &&
	grep -x "clause: no clause '\''ibt-ups-2023/notise'\'' (did you mean '\''ibt-ups-2023/notice'\''?)" err
'

test_expect 'diff --clause of an unchanged clause that exists: nothing, exit 0' '
	rl diff --clause=riverbend-tech/notice round/4 round/4 >out 2>err &&
	test ! -s out && test ! -s err
'

test_expect 'show, log and similar: did you mean, at most 3' '
	test_must_fail 1 cl show riverbend-r1-union/notise 2>err &&
	grep -x "clause: no clause '\''notise'\'' in document '\''riverbend-r1-union'\'' (did you mean '\''riverbend-r1-union/notice'\''?)" err &&
	test_must_fail 1 cl show riverbend-r1-unio 2>err &&
	grep "did you mean '\''riverbend-r1-union'\''" err &&
	test_must_fail 1 cl show riverbend 2>err &&
	grep "did you mean '\''riverbend-[^'\'']*'\'', '\''riverbend-[^'\'']*'\'' or '\''riverbend-[^'\'']*'\''?)" err &&
	test_must_fail 1 cl log riverbend-r1-unio 2>err &&
	grep "did you mean '\''riverbend-r1-union'\''" err &&
	test_must_fail 1 cl log riverbend-r1-union/notise 2>err &&
	grep "did you mean '\''riverbend-r1-union/notice'\''?" err &&
	test_must_fail 1 cl similar riverbend-r1-union/notise 2>err &&
	grep "did you mean '\''riverbend-r1-union/notice'\''?" err &&
	test_must_fail 1 cl show xyzzy 2>err &&
	grep -x "clause: no document '\''xyzzy'\''" err
'

# 3. Filters.

test_expect 'ls and search --status ratifed: usage error, did you mean, the list' '
	test_must_fail 129 cl ls --status ratifed >out 2>err &&
	test ! -s out &&
	grep "^clause: unknown status '\''ratifed'\'' (did you mean '\''ratified'\''?" err &&
	grep "model, proposal, counter, tentative, ratified, expired or superseded" err &&
	test_must_fail 129 cl search --status ratifed notice 2>err &&
	grep "^clause: unknown status '\''ratifed'\''" err
'

test_expect 'ls and search --category adjustment.notise: usage error, did you mean' '
	test_must_fail 129 cl ls --category adjustment.notise >out 2>err &&
	test ! -s out &&
	grep -x "clause: unknown category '\''adjustment.notise'\'' (did you mean '\''adjustment.notice'\''?)" err &&
	test_must_fail 129 cl search --category adjustment.notise notice 2>err &&
	grep -x "clause: unknown category '\''adjustment.notise'\'' (did you mean '\''adjustment.notice'\''?)" err &&
	test_must_fail 129 cl matrix --category adjustment.notise 2>err &&
	grep "did you mean '\''adjustment.notice'\''?" err
'

test_expect 'a category a library adds is known to ls and search' '
	cat >lib/other/taxonomy.xml <<-EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<taxonomy xmlns="urn:clause:taxonomy:1">
	  <category id="guardrail">
	    <label>AI and technology guardrails</label>
	    <definition>The existing family, extended.</definition>
	    <category id="robot-safety">
	      <label>Robot safety zones</label>
	      <definition>Limits on robots working near people.</definition>
	    </category>
	  </category>
	</taxonomy>
	EOF
	cl categories | grep guardrail.robot-safety &&
	test_must_fail 1 cl ls --category guardrail.robot-safety 2>err &&
	test ! -s err &&
	test_must_fail 1 cl search --category guardrail.robot-safety notice 2>err &&
	! grep unknown err &&
	test_must_fail 129 cl search --category guardrail.robot-safty notice 2>err &&
	grep "did you mean .guardrail.robot-safety.?" err &&
	rm lib/other/taxonomy.xml
'

test_expect 'search --quantity with a unit no quantity has: says so, with the units' '
	test_must_fail 1 cl search --quantity "dayz>=90" notice >out 2>err &&
	test ! -s out &&
	grep "^clause: no quantity in '\''dayz'\'' in the library (did you mean '\''days'\''?" err &&
	test_must_fail 1 cl search --quantity "parsecs>0" notice 2>err &&
	grep "^clause: no quantity in '\''parsecs'\''.*days" err
'

test_expect 'search --doc with a document that does not exist: says so, did you mean' '
	test_must_fail 1 cl search --doc ibt-ups-203 notice >out 2>err &&
	test ! -s out &&
	grep -x "clause: no document '\''ibt-ups-203'\'' (did you mean '\''ibt-ups-2023'\''?)" err &&
	test_must_fail 1 cl search --doc ibt-ups-2023 xyzzyplugh 2>err &&
	test ! -s err
'

test_expect 'search with no hits: "no clauses match" on a terminal, silent in a pipe' '
	test_must_fail 1 cl search xyzzyplugh >out 2>err &&
	test ! -s out && test ! -s err &&
	script -qec "$CLAUSE -C $TEST_SCRATCH/lib search xyzzyplugh" /dev/null >tty.out </dev/null
	grep "clause: no clauses match" tty.out
'

# 4. Counts.

for c in "search -n -1 notice" "search -n x notice" "similar -n -1 riverbend-r1-union/notice" \
	 "log -n -1" "log -n 0" "log -n 5x" "search -n 99999999999999999999999 notice"; do
	test_expect "$c: a usage error" "
		test_must_fail 129 cl $c >out 2>err &&
		test ! -s out &&
		grep '^clause: -n needs a positive number' err
	"
done

# 5. Dates.

for d in 2026-13-01 2026-02-30 9999-99-99 2025-02-29 2026-04-31 2026-00-10 2026-1-01; do
	test_expect "search --since $d: not a date" "
		test_must_fail 129 cl search --since $d notice 2>err &&
		grep -x \"clause: --since '$d': not a date (YYYY-MM-DD)\" err &&
		test_must_fail 129 cl search --until $d notice 2>err &&
		grep -x \"clause: --until '$d': not a date (YYYY-MM-DD)\" err
	"
done

test_expect 'search --since 2024-02-29 (a leap day) and 2000-02-29 are dates' '
	cl search --since 2024-02-29 notice >/dev/null &&
	cl search --until 2000-02-29 notice >/dev/null 2>err ||
	test $? = 1 && ! grep "not a date" err
'

# 6. diff --stat and --format.

test_expect 'search cameras -package: after the first word, -word is the query language, not an option' '
	cl search "cameras -package" --format=json >quoted.json &&
	cl search cameras -package --format=json >bare.json &&
	test_cmp quoted.json bare.json &&
	test "$(cl search cameras -package --count)" -lt "$(cl search cameras --count)" &&
	test "$(cl search cameras -n1 --format=json | grep -c "\"doc\"")" = 1 &&
	cl search cameras -h | grep -q "^usage: clause search" &&
	test_must_fail 129 cl search -package cameras 2>err &&
	grep -q "unknown option .-package." err
'

test_expect 'diff --stat --format=json: per-document counts' '
	rl diff --stat --format=json round/1 round/2 >s.json &&
	python3 -c "
import json
d = json.load(open(\"s.json\"))
assert d[\"documents_changed\"] == 1 and d[\"clauses_changed\"] == 14, d
e = d[\"documents\"][0]
assert e[\"doc\"] == \"riverbend-tech\" and e[\"path\"] == \"round/2:technology.xml\", e
assert e[\"modified\"] == 12 and e[\"removed\"] == 1 and e[\"numbers\"] == 17, e
assert e[\"metadata\"] == 4 and e[\"moved\"] == 1, e
"
'

test_expect 'diff --stat --format=html: a usage error' '
	test_must_fail 129 rl diff --stat --format=html round/1 round/2 >out 2>err &&
	test ! -s out &&
	grep "^clause: --stat prints text or json, not html" err
'

test_done
