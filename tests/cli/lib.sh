# tests/cli/lib.sh: helpers for the end-to-end tests, sourced by each
# tests/cli/tNNNN-*.sh script.  In the spirit of git's t/test-lib.sh.
#
#   test_expect "what" 'commands'   run commands in a subshell; ok if exit 0
#   test_must_fail CODE cmd...      cmd must exit with CODE (1, 128 or 129)
#   test_cmp expect actual          files must be equal (diff shown if not)
#   new_library DIR                 clause init DIR with a test identity
#   browser ARGS...                 headless Chromium (Debian's), bounded
#                                   by timeout, in a profile of its own
#   test_done                       end of script
#
# $CLAUSE is the binary under test, $CLAUSE_TOP the source tree,
# $TEST_SCRATCH an empty directory for this script alone.
set -u
: "${CLAUSE:?}"
: "${CLAUSE_TOP:?}"
: "${TEST_SCRATCH:=$(mktemp -d)}"
test_count=0
test_failed=0
cd "$TEST_SCRATCH" || exit 1
# A private HOME with an identity: no user or system config leaks in.
export HOME="$TEST_SCRATCH/home"
mkdir -p "$HOME"
git config --global user.name "Test Negotiator"
git config --global user.email "negotiator@example.org"
git config --global init.defaultBranch main
export GIT_CONFIG_NOSYSTEM=1
unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL
export NO_COLOR=1
export LC_ALL=C

clause() { "$CLAUSE" "$@"; }

test_expect() {
	test_count=$((test_count + 1))
	if (eval "$2") >"$TEST_SCRATCH/.log" 2>&1; then
		echo "ok $test_count - $1"
	else
		echo "not ok $test_count - $1"
		sed 's/^/#   /' "$TEST_SCRATCH/.log" | tail -n 30
		test_failed=$((test_failed + 1))
	fi
}

test_must_fail() {
	want=$1
	shift
	"$@"
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "expected exit $want, got $got: $*" >&2
		return 1
	fi
	return 0
}

test_cmp() {
	diff -u "$1" "$2"
}

new_library() {
	"$CLAUSE" init -q "$1"
}

test_done() {
	[ "$test_failed" -eq 0 ]
	exit $?
}

browser() {
	timeout 90 chromium --headless --no-sandbox --disable-gpu --disable-quic \
		--no-first-run --disable-background-networking \
		--disable-component-update --disable-sync \
		--user-data-dir="$(mktemp -d "$TEST_SCRATCH/chrome.XXXXXX")" "$@"
}
