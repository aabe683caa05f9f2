#!/bin/sh
# t3300-remote-ssh: clone and push over SSH against an sshd on 127.0.0.1
# with a throwaway host key and user key, the key held by ssh-agent; the
# host key is checked against known_hosts; a key the server does not
# accept fails clearly, after bounded attempts.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

skip_all() {
	echo "ok 1 # skip $1"
	exit 0
}

sshd=/usr/sbin/sshd
[ -x "$sshd" ] || skip_all "no sshd (Debian package openssh-server)"
command -v ssh-agent >/dev/null || skip_all "no ssh-agent"
# sshd logs in as a real user and needs its privilege separation
# directory; as root both are at hand.
[ "$(id -u)" = 0 ] || skip_all "sshd on loopback needs root here"
mkdir -p /run/sshd

# libgit2 1.5's SSH transport leaks a few strings on every connection
# (inside git_remote_connect, in code built without frame pointers, so
# LeakSanitizer cannot tell its frames apart).  Under the sanitizers,
# this script alone ignores leaks from libgit2 and libssh2; the same
# clause code paths run leak-checked over git:// and HTTP in t3100/t3200.
if [ -n "${LSAN_OPTIONS:-}" ]; then
	cat "$CLAUSE_TOP/tests/lsan.supp" >lsan-ssh.supp
	printf 'leak:libgit2.so\nleak:libssh2.so\n' >>lsan-ssh.supp
	export LSAN_OPTIONS="suppressions=$TEST_SCRATCH/lsan-ssh.supp:print_suppressions=0"
fi

retitle() {
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 ($2)</title>|" "$1"
}

mkdir srv && make_bare srv/fed.git
ssh-keygen -q -t ed25519 -N "" -C host -f hostkey
ssh-keygen -q -t ed25519 -N "" -C ana -f anakey
ssh-keygen -q -t ed25519 -N "" -C stranger -f strangerkey
cp anakey.pub authorized_keys
port=$(free_port)
user=$(id -un)
cat >sshd_config <<CONF
Port $port
ListenAddress 127.0.0.1
HostKey $TEST_SCRATCH/hostkey
PidFile $TEST_SCRATCH/sshd.pid
AuthorizedKeysFile $TEST_SCRATCH/authorized_keys
StrictModes no
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $user
MaxAuthTries 3
CONF
"$sshd" -D -e -f "$TEST_SCRATCH/sshd_config" 2>sshd.log &
server_pid $!
wait_port "$port" || { echo "not ok 1 - sshd did not start"; cat sshd.log; exit 1; }

eval "$(ssh-agent -s)" >/dev/null
server_pid "$SSH_AGENT_PID"
ssh-add -q anakey
mkdir -p "$HOME/.ssh"
url="ssh://$user@127.0.0.1:$port$TEST_SCRATCH/srv/fed.git"

test_expect 'an unknown host key is refused: 128, says how to record it' '
	timeout 30 "$CLAUSE" clone "$url" unknown 2>err; echo $? >status
	test "$(cat status)" = 128 &&
	grep "^clause: cannot clone .*the host key of .\[127.0.0.1\]:$port. is not in known_hosts" err &&
	grep "ssh -p $port 127.0.0.1" err &&
	test ! -e unknown
'

printf "[127.0.0.1]:%s %s\n" "$port" "$(cut -d" " -f1,2 hostkey.pub)" >"$HOME/.ssh/known_hosts"

test_expect 'a host key that does not match is refused' '
	cp "$HOME/.ssh/known_hosts" kh.good &&
	printf "[127.0.0.1]:%s %s\n" "$port" "$(cut -d" " -f1,2 strangerkey.pub)" >"$HOME/.ssh/known_hosts" &&
	timeout 30 "$CLAUSE" clone "$url" wrongkey 2>err; echo $? >status
	cp kh.good "$HOME/.ssh/known_hosts" &&
	test "$(cat status)" = 128 &&
	grep "is not in known_hosts" err
'

test_expect 'clone over ssh:// with the key in ssh-agent' '
	timeout 30 "$CLAUSE" clone -q "$url" ana &&
	test "$(git -C ana rev-parse HEAD)" = "$(git -C srv/fed.git rev-parse main)" &&
	(cd ana && clause validate)
'

test_expect 'push, pull and rounds over SSH' '
	retitle ana/guardrail-model.xml ssh1 &&
	(cd ana && clause commit -m "Over SSH" >/dev/null && clause round add 2 &&
	 timeout 30 "$CLAUSE" push --rounds 2>../err) &&
	grep "^clause: pushed 2 refs" err &&
	test "$(git -C srv/fed.git rev-parse main)" = "$(git -C ana rev-parse HEAD)" &&
	git -C srv/fed.git fsck --strict &&
	timeout 30 "$CLAUSE" clone -q "$url" ben &&
	retitle ana/neutrality-model.xml ssh2 &&
	(cd ana && clause commit -m "Over SSH again" >/dev/null && timeout 30 "$CLAUSE" push -q) &&
	(cd ben && timeout 30 "$CLAUSE" pull -q) &&
	grep "(ssh2)" ben/neutrality-model.xml
'

test_expect 'a key the server does not accept: clear error, no hang' '
	ssh-add -q -D &&
	ssh-add -q strangerkey &&
	timeout 30 "$CLAUSE" clone "$url" stranger 2>err; echo $? >status
	ssh-add -q -D && ssh-add -q anakey &&
	test "$(cat status)" = 128 &&
	grep "^clause: cannot clone .*authentication failed for" err &&
	test ! -e stranger &&
	test -z "$(ls -a | grep "clone-")"
'

test_expect 'no ssh-agent: clear error, no hang' '
	(unset SSH_AUTH_SOCK; timeout 30 "$CLAUSE" clone "$url" noagent 2>err; echo $? >status)
	test "$(cat status)" = 128 &&
	grep "^clause: cannot clone .*no ssh-agent (SSH_AUTH_SOCK is not set)" err &&
	test ! -e noagent
'

test_done
