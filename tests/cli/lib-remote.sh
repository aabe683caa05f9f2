# tests/cli/lib-remote.sh: servers on 127.0.0.1 for the remote tests
# (t3000-t3999), sourced after lib.sh.  Every server runs on a free port,
# is started and stopped by its pid, and is stopped by a trap whatever
# happens.  Waits are bounded.
#
#   free_port                   print a free TCP port on 127.0.0.1
#   wait_port PORT              wait (at most 10 s) until PORT accepts
#   start_git_daemon BASE       git daemon serving BASE (receive-pack on);
#                               sets DAEMON_PORT
#   start_http ROOT             lighttpd + git http-backend for ROOT, basic
#                               auth (user ana, password s3cret) on push,
#                               /slow/ throttled, /private/ auth for
#                               reading too; sets HTTP_PORT
#   server_pid NAME PID         register a pid to stop at exit
#   make_bare DIR               a bare library with the model clauses and
#                               round/1, as a federation would publish it

server_pids=""
remote_cleanup() {
	for pid in $server_pids; do
		kill "$pid" 2>/dev/null
	done
	for pid in $server_pids; do
		# Bounded: give each a moment, then insist.
		n=0
		while kill -0 "$pid" 2>/dev/null && [ $n -lt 20 ]; do
			sleep 0.1
			n=$((n + 1))
		done
		kill -9 "$pid" 2>/dev/null
	done
	server_pids=""
}
trap 'remote_cleanup' EXIT
trap 'remote_cleanup; exit 1' INT TERM

server_pid() {
	server_pids="$server_pids $1"
}

free_port() {
	python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

wait_port() {
	python3 - "$1" <<'PY'
import socket, sys, time
port = int(sys.argv[1])
end = time.time() + 10
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", port), 0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

start_git_daemon() {
	DAEMON_PORT=$(free_port)
	git daemon --reuseaddr --enable=receive-pack --export-all \
		--base-path="$1" --listen=127.0.0.1 --port="$DAEMON_PORT" \
		--pid-file="$TEST_SCRATCH/daemon.pid" "$1" \
		>"$TEST_SCRATCH/daemon.log" 2>&1 &
	server_pid $!
	wait_port "$DAEMON_PORT"
}

start_http() {
	HTTP_PORT=$(free_port)
	root=$1
	conf="$TEST_SCRATCH/lighttpd.conf"
	# The password file in lighttpd's plain format: user:password.
	printf 'ana:s3cret\n' >"$TEST_SCRATCH/htpasswd"
	cat >"$conf" <<CONF
server.document-root = "$root"
server.bind = "127.0.0.1"
server.port = $HTTP_PORT
server.errorlog = "$TEST_SCRATCH/lighttpd.err"
server.modules = ("mod_auth", "mod_authn_file", "mod_alias", "mod_setenv", "mod_cgi")
alias.url = ("/git/" => "/usr/lib/git-core/git-http-backend/",
	     "/slow/" => "/usr/lib/git-core/git-http-backend/",
	     "/private/" => "/usr/lib/git-core/git-http-backend/")
\$HTTP["url"] =~ "^/(git|slow|private)/" {
	cgi.assign = ("" => "")
	setenv.add-environment = (
		"GIT_PROJECT_ROOT" => "$root",
		"GIT_HTTP_EXPORT_ALL" => "1",
		"HOME" => "$HOME",
		"GIT_CONFIG_NOSYSTEM" => "1"
	)
}
\$HTTP["url"] =~ "^/slow/" {
	connection.kbytes-per-second = 64
}
auth.backend = "plain"
auth.backend.plain.userfile = "$TEST_SCRATCH/htpasswd"
\$HTTP["querystring"] =~ "service=git-receive-pack" {
	auth.require = ("" => ("method" => "basic", "realm" => "clause", "require" => "valid-user"))
}
\$HTTP["url"] =~ "^/private/" {
	auth.require = ("" => ("method" => "basic", "realm" => "clause", "require" => "valid-user"))
}
\$HTTP["url"] =~ "/git-receive-pack\$" {
	auth.require = ("" => ("method" => "basic", "realm" => "clause", "require" => "valid-user"))
}
CONF
	lighttpd -D -f "$conf" >"$TEST_SCRATCH/lighttpd.log" 2>&1 &
	server_pid $!
	wait_port "$HTTP_PORT"
}

make_bare() {
	rm -rf "$1.work"
	"$CLAUSE" init -q "$1.work" &&
	cp "$CLAUSE_TOP"/clauses/models/*.xml "$1.work/" &&
	(cd "$1.work" && "$CLAUSE" commit -m "Model library" >/dev/null &&
	 "$CLAUSE" round add -m "Federation models" 1) &&
	git clone -q --bare "$1.work" "$1" &&
	rm -rf "$1.work"
}

# start_https ROOT: the same as start_http, over TLS with a throwaway
# self-signed certificate for 127.0.0.1 (in $TEST_SCRATCH/tls.crt);
# sets HTTPS_PORT.  Fails when lighttpd has no TLS module.
start_https() {
	[ -f /usr/lib/lighttpd/mod_openssl.so ] || return 1
	# No subjectAltName: libgit2's mbedTLS matches 127.0.0.1 by CN only.
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
		-keyout "$TEST_SCRATCH/tls.key" -out "$TEST_SCRATCH/tls.crt" \
		>/dev/null 2>&1 || return 1
	cat "$TEST_SCRATCH/tls.crt" "$TEST_SCRATCH/tls.key" >"$TEST_SCRATCH/tls.pem"
	HTTPS_PORT=$(free_port)
	sed -e "s/^server.port = .*/server.port = $HTTPS_PORT/" \
	    -e 's/^server.modules = (/server.modules = ("mod_openssl", /' \
	    -e "s|lighttpd.err|lighttpd-tls.err|" \
		"$TEST_SCRATCH/lighttpd.conf" >"$TEST_SCRATCH/lighttpd-tls.conf"
	cat >>"$TEST_SCRATCH/lighttpd-tls.conf" <<CONF
ssl.engine = "enable"
ssl.pemfile = "$TEST_SCRATCH/tls.pem"
CONF
	lighttpd -D -f "$TEST_SCRATCH/lighttpd-tls.conf" >"$TEST_SCRATCH/lighttpd-tls.log" 2>&1 &
	server_pid $!
	wait_port "$HTTPS_PORT"
}
