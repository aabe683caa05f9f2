#!/bin/sh
# t0800-bench: the benchmark scripts keep working (make check runs a tiny
# version once; times are printed, not judged).
. "$CLAUSE_TOP/tests/cli/lib.sh"

test_expect 'the generator is deterministic' '
	python3 "$CLAUSE_TOP/tests/bench/gen.py" --agreements 3 --clauses 4 --rounds 2 a >/dev/null &&
	python3 "$CLAUSE_TOP/tests/bench/gen.py" --agreements 3 --clauses 4 --rounds 2 b >/dev/null &&
	test "$(git -C a rev-parse HEAD)" = "$(git -C b rev-parse HEAD)" &&
	test "$(git -C a tag -l "round/*" | wc -l)" -eq 2
'

test_expect 'the generated library is valid, with the clauses asked for' '
	clause -C a validate &&
	test "$(clause -C a ls -c | wc -l)" -eq 12 &&
	test "$(git -C a diff --name-only round/1 round/2 | wc -l)" -ge 1
'

test_expect 'a tiny benchmark run prints the table' '
	python3 "$CLAUSE_TOP/tests/bench/bench.py" --agreements 8 --clauses 5 --rounds 2 \
		--import-clauses 30 --runs 1 --no-judge --clause "$CLAUSE" --work "$TEST_SCRATCH/bench" >out &&
	cat out &&
	grep "^validate, whole library (40 clauses) .*xmllint" out &&
	grep "^import, PDF of 30 clauses .*pdftotext" out &&
	grep "^peak memory" out
'

test_done
