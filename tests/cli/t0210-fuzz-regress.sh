#!/bin/sh
# t0210-fuzz-regress: every fuzzing harness of tests/fuzz/, built as an
# ordinary program (replay.c), runs over its seeds and over every input a
# fuzzing run ever failed on (tests/fuzz/regress/NAME/): each harness
# checks its module's promises on each input and aborts when one breaks.
# make check builds the programs and names their folder in FUZZ_REPLAY.
. "$CLAUSE_TOP/tests/cli/lib.sh"

harnesses="doc taxonomy query wdiff merge import serve"

test_expect 'make check built a replay program for every harness' '
	test -n "$FUZZ_REPLAY" &&
	for h in $harnesses; do test -x "$FUZZ_REPLAY/replay_$h" || exit 1; done &&
	test "$(ls "$CLAUSE_TOP"/tests/fuzz/fuzz_*.c | wc -l)" -eq 7
'

for h in $harnesses; do
	test_expect "fuzz harness $h: its seeds and regression inputs pass" '
		seeds=$(sh "$CLAUSE_TOP/tests/fuzz/seeds.sh" '"$h"' .) &&
		"$FUZZ_REPLAY/replay_'"$h"'" $seeds >out 2>err &&
		n=$(sed -n "s/.*: \([0-9]*\) inputs\$/\1/p" out) &&
		test "$n" -gt 3
	'
done

test_expect 'every regression input is replayed (none in a folder no harness reads)' '
	for d in "$CLAUSE_TOP"/tests/fuzz/regress/*/; do
		name=$(basename "$d") &&
		case " $harnesses " in *" $name "*) ;; *) echo "no harness $name" >&2; exit 1;; esac
	done
'

test_expect 'a replay program fails on an input it cannot read' '
	test_must_fail 2 "$FUZZ_REPLAY/replay_wdiff" no-such-input
'

test_done
