#!/bin/sh
# t3200-remote-http: smart HTTP against lighttpd + git http-backend on
# 127.0.0.1, with basic auth on push: credentials from the URL and from
# git's credential helpers, a wrong password (bounded attempts, no hang),
# and clones and fetches killed midway then retried.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

retitle() {
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 ($2)</title>|" "$1"
}

if ! command -v lighttpd >/dev/null 2>&1; then
	echo "not ok 1 - lighttpd is not installed (make deps installs it)"
	exit 1
fi
mkdir srv && make_bare srv/fed.git
git -C srv/fed.git config http.receivepack true
if ! start_http "$TEST_SCRATCH/srv"; then
	echo "not ok 1 - lighttpd did not start"
	cat lighttpd.log lighttpd.err
	exit 1
fi
base="http://127.0.0.1:$HTTP_PORT"
url="$base/git/fed.git"
# No prompt anywhere: a test that needs credentials it lacks must fail.
export GIT_TERMINAL_PROMPT=0
# The certificate authorities are the system's unless a test says so.
unset GIT_SSL_CAINFO

test_expect 'clone over HTTP, no credentials needed to read' '
	clause clone -q "$url" ana &&
	test "$(git -C ana rev-parse HEAD)" = "$(git -C srv/fed.git rev-parse main)" &&
	(cd ana && clause validate)
'

test_expect 'push without credentials: 128, a clear message, nothing changed' '
	retitle ana/guardrail-model.xml ana1 &&
	(cd ana && clause commit -m "Ana one" >/dev/null) &&
	server=$(git -C srv/fed.git rev-parse main) &&
	tracking=$(git -C ana rev-parse origin/main) &&
	(cd ana && timeout 30 "$CLAUSE" push 2>../err; echo $? >../status) &&
	test "$(cat status)" = 128 &&
	grep "^clause: cannot push to .origin.: authentication required for .$url." err &&
	test "$(git -C srv/fed.git rev-parse main)" = "$server" &&
	test "$(git -C ana rev-parse origin/main)" = "$tracking"
'

test_expect 'a wrong password: clear error after 3 attempts, no hang, password not shown' '
	(cd ana && clause remote add wrong "http://ana:nope@127.0.0.1:$HTTP_PORT/git/fed.git") &&
	server=$(git -C srv/fed.git rev-parse main) &&
	(cd ana && timeout 30 "$CLAUSE" push wrong 2>../err; echo $? >../status) &&
	test "$(cat status)" = 128 &&
	grep "^clause: cannot push to .wrong.: authentication failed for .http://ana@127.0.0.1:$HTTP_PORT/git/fed.git. after 3 attempts" err &&
	! grep nope err &&
	test "$(git -C srv/fed.git rev-parse main)" = "$server"
'

test_expect 'credentials in the URL push' '
	(cd ana && clause remote add auth "http://ana:s3cret@127.0.0.1:$HTTP_PORT/git/fed.git" &&
	 timeout 30 "$CLAUSE" push auth 2>../err) &&
	grep "^clause: pushed 1 ref" err &&
	test "$(git -C srv/fed.git rev-parse main)" = "$(git -C ana rev-parse HEAD)"
'

test_expect 'credentials from a git credential helper push, rounds too' '
	git config --global credential.helper store &&
	printf "http://ana:s3cret@127.0.0.1:%s\n" "$HTTP_PORT" >"$HOME/.git-credentials" &&
	retitle ana/neutrality-model.xml ana2 &&
	(cd ana && clause commit -m "Ana two" >/dev/null && clause round add 2 &&
	 timeout 30 "$CLAUSE" push --rounds 2>../err) &&
	grep "^clause: pushed 2 refs" err &&
	test "$(git -C srv/fed.git rev-parse main)" = "$(git -C ana rev-parse HEAD)" &&
	test "$(git -C srv/fed.git rev-parse round/2^{commit})" = "$(git -C ana rev-parse HEAD)" &&
	test "$(git -C ana rev-parse origin/main)" = "$(git -C ana rev-parse HEAD)"
'

test_expect 'a library that needs credentials to read too: clone and push, helper kept' '
	printf "http://ana:s3cret@127.0.0.1:%s\n" "$HTTP_PORT" >"$HOME/.git-credentials" &&
	timeout 30 "$CLAUSE" clone -q "$base/private/fed.git" priv &&
	retitle priv/adjustment-model.xml priv &&
	(cd priv && clause commit -m "Private" >/dev/null && timeout 30 "$CLAUSE" push -q) &&
	test "$(git -C srv/fed.git rev-parse main)" = "$(git -C priv rev-parse HEAD)" &&
	grep -q s3cret "$HOME/.git-credentials" &&
	(cd ana && clause pull -q)
'

test_expect 'a wrong password from the helper is rejected, then a clear error' '
	printf "http://ana:stale@127.0.0.1:%s\n" "$HTTP_PORT" >"$HOME/.git-credentials" &&
	retitle ana/neutrality-model.xml ana3 &&
	(cd ana && clause commit -m "Ana three" >/dev/null) &&
	(cd ana && timeout 30 "$CLAUSE" push 2>../err; echo $? >../status) &&
	test "$(cat status)" = 128 &&
	grep "^clause: cannot push to .origin.: authentication" err &&
	! grep stale "$HOME/.git-credentials" &&
	git config --global --unset credential.helper
'

test_expect 'fetch and pull over HTTP; interop with stock git over HTTP' '
	git clone -q "$url" viagit &&
	git -C viagit log --format=%s | grep -x "Ana two" &&
	git -C viagit fsck --strict &&
	retitle viagit/guardrail-model.xml bygit &&
	git -C viagit commit -q -am "Pushed with git over HTTP" &&
	git -C viagit push -q "http://ana:s3cret@127.0.0.1:$HTTP_PORT/git/fed.git" main &&
	clause clone -q "$url" ben &&
	(cd ben && clause pull -q && clause validate) &&
	grep "(bygit)" ben/guardrail-model.xml &&
	(cd ana && git reset -q --hard origin/main && clause fetch -q && clause pull -q) &&
	grep "(bygit)" ana/guardrail-model.xml
'

# Outside the test's subshell, so that the server is stopped at the end.
https_up=1
start_https "$TEST_SCRATCH/srv" || https_up=

test_expect 'HTTPS: an untrusted certificate is refused; trusted through GIT_SSL_CAINFO or http.sslCAInfo' '
	if [ -z "$https_up" ]; then
		echo "lighttpd without TLS (lighttpd-mod-openssl)"; cat lighttpd-tls.log; exit 1
	fi
	tls="https://127.0.0.1:$HTTPS_PORT/git/fed.git" &&
	timeout 30 "$CLAUSE" clone "$tls" untrusted 2>err; echo $? >status
	test "$(cat status)" = 128 &&
	grep "^clause: cannot clone .$tls.: .*certificate" err &&
	test ! -e untrusted &&
	GIT_SSL_CAINFO="$TEST_SCRATCH/tls.crt" timeout 30 "$CLAUSE" clone -q "$tls" overtls &&
	test "$(git -C overtls rev-parse HEAD)" = "$(git -C srv/fed.git rev-parse main)" &&
	git -C overtls config http.sslCAInfo "$TEST_SCRATCH/tls.crt" &&
	retitle overtls/adjustment-model.xml tls &&
	(cd overtls && clause commit -m "Over TLS" >/dev/null &&
	 clause remote add tlsauth "https://ana:s3cret@127.0.0.1:$HTTPS_PORT/git/fed.git" &&
	 timeout 30 "$CLAUSE" push -q tlsauth) &&
	test "$(git -C srv/fed.git rev-parse main)" = "$(git -C overtls rev-parse HEAD)"
'

# A library big enough to take seconds through the throttled /slow/ path.
big() {
	git init -q -b main bigwork &&
	head -c 1500000 /dev/urandom >bigwork/scan.pdf &&
	cp "$CLAUSE_TOP"/clauses/models/guardrail-model.xml bigwork/ &&
	git -C bigwork add . && git -C bigwork commit -q -m "Big" &&
	git clone -q --bare bigwork srv/big.git
}

# Start "$@" in the background, wait until $1 (a glob) exists (libgit2's
# pack being downloaded: pack_git2_*), give it a moment, and kill it with
# SIGKILL.  Bounded: 10 s.  (The binary
# itself, not the sanitizer wrapper script, which would outlive it.)
real="${CLAUSE_REAL:-$CLAUSE}"
kill_midway() {
	pattern=$1
	shift
	"$@" >/dev/null 2>&1 &
	pid=$!
	n=0
	while [ $n -lt 100 ] && ! ls -d $pattern >/dev/null 2>&1; do
		sleep 0.1
		n=$((n + 1))
	done
	sleep 0.5
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	[ $n -lt 100 ]
}

test_expect 'a clone killed midway leaves no library; run again, it works' '
	big &&
	kill_midway ".bigclone.clone-*/.git/objects/pack/pack_git2_*" \
		"$real" clone "$base/slow/big.git" bigclone &&
	test ! -e bigclone &&
	ls -d .bigclone.clone-* &&
	clause clone -q "$base/git/big.git" bigclone &&
	test -f bigclone/scan.pdf &&
	git -C bigclone fsck --strict &&
	test -z "$(ls -a | grep "^\.bigclone\.clone-")"
'

test_expect 'a fetch killed midway leaves every ref as it was; run again, it works' '
	head -c 1500000 /dev/urandom >bigwork/scan2.pdf &&
	git -C bigwork add . && git -C bigwork commit -q -m "Bigger" &&
	git -C bigwork push -q ../srv/big.git main &&
	(cd bigclone && clause remote add slow "$base/slow/big.git") &&
	git -C bigclone for-each-ref >refs.before &&
	kill_midway "bigclone/.git/objects/pack/pack_git2_*" \
		sh -c "cd bigclone && exec \"$real\" fetch slow" &&
	git -C bigclone for-each-ref >refs.after &&
	test_cmp refs.before refs.after &&
	git -C bigclone fsck &&
	git -C bigclone config remote.slow.url "$base/git/big.git" &&
	(cd bigclone && clause fetch slow && clause pull -q origin) &&
	test "$(git -C bigclone rev-parse HEAD)" = "$(git -C srv/big.git rev-parse main)" &&
	test -f bigclone/scan2.pdf
'

test_done
