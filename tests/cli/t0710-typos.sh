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

test_done
