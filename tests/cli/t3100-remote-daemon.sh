#!/bin/sh
# t3100-remote-daemon: clone, fetch, pull and push over git:// against
# git daemon on 127.0.0.1; refusals by the server (a pre-receive hook)
# and non-fast-forward pushes change nothing locally.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

state() {
	git -C "$1" for-each-ref --format='%(refname) %(objectname)'
	git -C "$1" symbolic-ref HEAD
	git -C "$1" status --porcelain
}

retitle() {
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 ($2)</title>|" "$1"
}

mkdir srv && make_bare srv/fed.git
# A server-side rule: while srv/fed.git/closed exists, refuse every push.
cat >srv/fed.git/hooks/pre-receive <<'HOOK'
#!/bin/sh
if test -f closed; then
	echo "the library is closed during the bargaining session" >&2
	exit 1
fi
if test -f hostile; then
	# a server that tries to drive the terminal: clear the screen, set
	# the window title, write the clipboard (OSC 52), ring, overwrite
	printf 'owned\033[2J\033]0;pwned\007\033]52;c;aGk=\007\010\177 end\n' >&2
fi
exit 0
HOOK
chmod +x srv/fed.git/hooks/pre-receive

if ! start_git_daemon "$TEST_SCRATCH/srv"; then
	echo "not ok 1 - git daemon did not start"
	cat daemon.log
	exit 1
fi
url="git://127.0.0.1:$DAEMON_PORT/fed.git"

test_expect 'clone over git://' '
	clause clone -q "$url" ana &&
	test "$(git -C ana rev-parse HEAD)" = "$(git -C srv/fed.git rev-parse main)" &&
	test "$(git -C ana config remote.origin.url)" = "$url" &&
	(cd ana && clause validate && clause round list | grep round/1)
'

test_expect 'push over git:// (receive-pack), with rounds' '
	retitle ana/guardrail-model.xml ana1 &&
	(cd ana && clause commit -m "Ana one" >/dev/null && clause round add 2 &&
	 clause push --rounds 2>../err) &&
	grep "^clause: pushed 2 refs" err &&
	test "$(git -C srv/fed.git rev-parse main)" = "$(git -C ana rev-parse HEAD)" &&
	test "$(git -C srv/fed.git rev-parse round/2^{commit})" = "$(git -C ana rev-parse HEAD)" &&
	git -C srv/fed.git fsck --strict
'

test_expect 'fetch and pull over git://' '
	clause clone -q "$url" ben &&
	retitle ana/neutrality-model.xml ana2 &&
	(cd ana && clause commit -m "Ana two" >/dev/null && clause push -q) &&
	(cd ben && clause fetch -q && clause pull -q) &&
	test "$(git -C ben rev-parse HEAD)" = "$(git -C ana rev-parse HEAD)" &&
	grep "(ana2)" ben/neutrality-model.xml
'

test_expect 'a non-fast-forward push over git:// is refused by name; nothing changes' '
	retitle ana/guardrail-model.xml ana3 &&
	(cd ana && clause commit -m "Ana three" >/dev/null && clause push -q) &&
	retitle ben/adjustment-model.xml ben1 &&
	(cd ben && clause commit -m "Ben one" >/dev/null && clause fetch -q) &&
	state ben >before &&
	server=$(git -C srv/fed.git rev-parse main) &&
	(cd ben && test_must_fail 1 clause push 2>../err) &&
	grep "^clause: refused: refs/heads/main: non-fast-forward" err &&
	state ben >after &&
	test_cmp before after &&
	test "$(git -C srv/fed.git rev-parse main)" = "$server"
'

test_expect 'a push the pre-receive hook refuses: named with the reason; nothing changes' '
	(cd ben && git reset -q --hard origin/main) &&
	retitle ben/adjustment-model.xml ben2 &&
	(cd ben && clause commit -m "Ben two" >/dev/null) &&
	touch srv/fed.git/closed &&
	state ben >before &&
	server=$(git -C srv/fed.git rev-parse main) &&
	(cd ben && test_must_fail 1 clause push 2>../err) &&
	rm srv/fed.git/closed &&
	grep "^clause: remote: the library is closed during the bargaining session" err &&
	grep "^clause: refused: refs/heads/main: pre-receive hook declined" err &&
	grep "nothing changed here" err &&
	state ben >after &&
	test_cmp before after &&
	test "$(git -C srv/fed.git rev-parse main)" = "$server" &&
	(cd ben && clause push -q) &&
	test "$(git -C srv/fed.git rev-parse main)" = "$(git -C ben rev-parse HEAD)"
'

test_expect 'interop over git://: stock git clones, logs and fscks what clause pushed' '
	git clone -q "$url" viagit &&
	git -C viagit log --format=%s | grep -x "Ben two" &&
	git -C viagit fsck --strict &&
	retitle viagit/guardrail-model.xml bygit &&
	git -C viagit commit -q -am "Pushed with git over git://" &&
	git -C viagit push -q origin main &&
	(cd ana && clause pull -q && clause validate) &&
	grep "(bygit)" ana/guardrail-model.xml
'

test_expect 'progress on a terminal: objects received, indexed, checked out' '
	command -v script >/dev/null || { echo "no script(1)"; exit 0; }
	script -qec "$CLAUSE clone $url tty1" /dev/null >tty.out &&
	grep "receiving objects\|indexing objects" tty.out &&
	grep "checking out files: 100% (3/3)" tty.out &&
	script -qec "$CLAUSE clone -q $url tty2" /dev/null >tty.out &&
	! grep "objects\|checking out" tty.out
'

test_expect 'an unreachable server: 128 with a clear message, no hang' '
	port=$(free_port) &&
	timeout 20 "$CLAUSE" clone "git://127.0.0.1:$port/fed.git" nowhere 2>err;
	test $? = 128 &&
	grep "^clause: cannot clone .git://127.0.0.1:$port/fed.git." err &&
	test ! -e nowhere &&
	test -z "$(ls -a | grep "clone-")" &&
	(cd ana && clause remote add dead "git://127.0.0.1:$port/fed.git" &&
	 test_must_fail 128 timeout 20 "$CLAUSE" push dead 2>../err) &&
	grep "^clause: cannot push to .dead.: " err &&
	(cd ana && test_must_fail 128 timeout 20 "$CLAUSE" fetch dead 2>../err) &&
	grep "^clause: cannot fetch from .dead.: " err &&
	(cd ana && test_must_fail 128 timeout 20 "$CLAUSE" fetch --all 2>../err) &&
	grep "^clause: cannot fetch from .dead.: " err &&
	test "$(git -C ana rev-parse origin/main)" = "$(git -C srv/fed.git rev-parse main)"
'

test_expect 'what a server sends to show (sideband) reaches the terminal with its escapes visible' '
	(cd ben && clause pull -q) &&
	retitle ben/adjustment-model.xml hostile &&
	(cd ben && clause commit -m "Ben: hostile" >/dev/null) &&
	touch srv/fed.git/hostile &&
	(cd ben && clause push 2>../err) &&
	rm srv/fed.git/hostile &&
	grep "^clause: remote: owned" err &&
	! grep -q "$(printf "\033")" err && ! grep -q "$(printf "\007")" err &&
	grep -F "owned\\x1b[2J\\x1b]0;pwned\\x07\\x1b]52;c;aGk=\\x07\\x08\\x7f end" err
'

test_done
