#!/bin/sh
# t0700-usage: --help, unknown options and commands, -C, --version, exit
# codes for usage errors, and output that cannot be written.
. "$CLAUSE_TOP/tests/cli/lib.sh"

COMMANDS="init validate ls show commit round log categories"
LIB="$CLAUSE_TOP/clauses"

test_expect 'clause --help and -h: usage on stdout, every command listed, exit 0' '
	clause --help >out 2>err &&
	test ! -s err &&
	grep "^usage: clause " out &&
	for c in $COMMANDS; do
		grep "^    $c " out || { echo "not listed: $c"; return 1; }
	done &&
	clause -h >out2 &&
	test_cmp out out2
'

for c in $COMMANDS; do
	test_expect "clause $c --help: usage on stdout, nothing on stderr, exit 0" "
		clause $c --help >out 2>err &&
		test ! -s err &&
		grep '^usage: clause $c' out &&
		clause $c -h >out2 &&
		test_cmp out out2
	"
done

test_expect 'clause round add --help and round list --help' '
	clause round add --help >out 2>err &&
	test ! -s err &&
	grep "^usage: clause round" out &&
	clause round list --help >out 2>err &&
	test ! -s err &&
	grep "^usage: clause round" out
'

for c in $COMMANDS; do
	test_expect "clause $c --no-such-option: exit 129, 'clause: unknown option' on stderr" "
		test_must_fail 129 clause $c --no-such-option >out 2>err &&
		test ! -s out &&
		grep \"^clause: unknown option '--no-such-option'\" err &&
		test_must_fail 129 clause $c -Z >out 2>err &&
		test ! -s out &&
		grep \"^clause: unknown option '-Z'\" err
	"
done

test_expect 'round add/list with an unknown option: 129' '
	test_must_fail 129 clause round add --bogus x 2>err &&
	grep "^clause: unknown option" err &&
	test_must_fail 129 clause round list --bogus 2>err &&
	grep "^clause: unknown option" err
'

test_expect 'an unknown global option: 129' '
	test_must_fail 129 clause --no-such-option ls >out 2>err &&
	test ! -s out &&
	grep "^clause: unknown option" err
'

test_expect 'an unknown command: 129, named on stderr' '
	test_must_fail 129 clause frobnicate >out 2>err &&
	test ! -s out &&
	grep "^clause: .*frobnicate" err &&
	test_must_fail 129 clause round frobnicate 2>err &&
	grep "^clause: " err &&
	test_must_fail 129 clause round
'

test_expect 'round and remote: a missing or unknown subcommand is named, with the usage' '
	test_must_fail 129 clause round >out 2>err &&
	grep "^clause: round needs add or list$" err &&
	grep "^usage: clause round add" err &&
	test_must_fail 129 clause remote 2>err &&
	grep "^clause: remote needs add, remove or list$" err &&
	test_must_fail 129 clause remote frob 2>err &&
	grep "^clause: unknown remote subcommand .frob.$" err &&
	test_must_fail 129 clause remote --frob 2>err &&
	grep "^clause: unknown option .--frob.$" err &&
	clause remote --help >out &&
	grep "^usage: clause remote add NAME URL" out &&
	clause round -C "$LIB" list >out &&
	test_must_fail 128 clause remote -C /nonexistent list 2>err &&
	grep "^clause: " err
'

test_expect 'no command at all: 129, usage on stderr' '
	test_must_fail 129 clause >out 2>err &&
	test ! -s out &&
	grep "usage: clause" err
'

test_expect 'options that need a value, bad formats and bad counts: 129' '
	test_must_fail 129 clause -C "$LIB" ls --status &&
	test_must_fail 129 clause -C "$LIB" ls --format=yaml &&
	test_must_fail 129 clause -C "$LIB" validate --format=xml &&
	test_must_fail 129 clause -C "$LIB" categories --format=csv &&
	test_must_fail 129 clause -C "$LIB" categories extra &&
	test_must_fail 129 clause -C "$LIB" show --format &&
	test_must_fail 129 clause -C "$LIB" ls -c=1 &&
	test_must_fail 129 clause -C "$LIB" ls --clauses=yes &&
	test_must_fail 129 clause --color=sometimes -C "$LIB" ls &&
	test_must_fail 129 clause init a b
'

test_expect '-C to a missing directory: 128, before or after the command' '
	test_must_fail 128 clause -C "$TEST_SCRATCH/no/such/dir" ls >out 2>err &&
	test ! -s out &&
	grep "^clause: .*no/such/dir" err &&
	test_must_fail 128 clause ls -C "$TEST_SCRATCH/no/such/dir" 2>err &&
	grep "^clause: .*no/such/dir" err &&
	test_must_fail 128 clause -C"$TEST_SCRATCH/no/such/dir" categories
'

test_expect '-C runs the command in that directory' '
	clause -C "$LIB" ls >a &&
	(cd "$LIB" && "$CLAUSE" ls) >b &&
	test_cmp a b
'

test_expect 'commands that need a library say so outside one' '
	mkdir nolib &&
	for c in "commit -m x" "round list" "round add r1" "log"; do
		(cd nolib && clause $c >../out 2>../err; echo $? >../status)
		test "$(cat status)" = 128 &&
		test ! -s out &&
		grep "^clause: .*clause init" err || { echo "clause $c"; return 1; }
	done
'

test_expect 'clause --version prints one line with the version, exit 0' '
	clause --version >out 2>err &&
	test ! -s err &&
	test $(wc -l <out) = 1 &&
	grep -E "^clause [0-9]+\.[0-9]+\.[0-9]+" out
'

test_expect 'stdout write failure: categories > /dev/full is not a success' '
	test -w /dev/full &&
	{ clause -C "$LIB" categories >/dev/full 2>err; test $? -ne 0; } &&
	grep "^clause: " err
'

test_expect 'stdout write failure for large output, help and version' '
	{ clause -C "$LIB" ls -c >/dev/full 2>err; test $? -ne 0; } &&
	grep "^clause: " err &&
	{ clause -C "$LIB" show ibt-ups-2023 >/dev/full 2>/dev/null; test $? -ne 0; } &&
	{ clause --help >/dev/full 2>/dev/null; test $? -ne 0; } &&
	{ clause ls --help >/dev/full 2>/dev/null; test $? -ne 0; } &&
	{ clause round list --help >/dev/full 2>/dev/null; test $? -ne 0; } &&
	{ clause --version >/dev/full 2>/dev/null; test $? -ne 0; }
'

test_expect 'diagnostics never go to stdout' '
	test_must_fail 1 clause -C "$LIB" show nosuch >out 2>err &&
	test ! -s out &&
	test_must_fail 129 clause -C "$LIB" ls --status nosuch >out 2>err &&
	test ! -s out &&
	clause -C "$LIB" validate >out 2>err &&
	test ! -s out &&
	grep "^clause: " err
'

test_expect 'what a user typed is never a format: --by %s%n is quoted as typed' '
	test_must_fail 129 clause -C "$LIB" ta --by "%s%s%n%x" ibt-ups-2023/notice 2>err &&
	grep "unknown party .%s%s%n%x." err
'

test_expect 'control characters typed into an argument come back visible in the message' '
	test_must_fail 1 clause -C "$LIB" show "$(printf "no\033]52;c;aGk=\007doc")" 2>err &&
	! grep -q "$(printf "\033")" err && ! grep -q "$(printf "\007")" err &&
	grep -F "no\\x1b]52;c;aGk=\\x07doc" err
'

test_done
