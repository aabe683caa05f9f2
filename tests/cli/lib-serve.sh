# tests/cli/lib-serve.sh: start and stop clause serve for a test, sourced
# after lib.sh and lib-remote.sh (server_pid) by the serve tests.
#
#   start_serve LOG [ARGS...]   a server on a free port; PORT and PID set
#   stop_serve LOG              SIGTERM, then wait until it is gone

# start_serve LOG [ARGS...]: a server on a free port; PORT and PID set.
start_serve() {
	log=$1
	shift
	# the binary itself, not the clause() function: $! is then its pid
	"$CLAUSE" -C lib serve --listen 127.0.0.1:0 "$@" 2>"$log" &
	PID=$!
	server_pid $PID
	n=0
	while ! grep -qs "^clause: serving http://127.0.0.1:[0-9]*/" "$log" && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	PORT=$(sed -n "s|^clause: serving http://127.0.0.1:\([0-9]*\)/.*|\1|p" "$log")
	# Under the sanitizers $CLAUSE is a wrapper script: signal the
	# server itself, its child.
	child=$(pgrep -P "$PID" | head -n 1)
	if [ -n "$child" ]; then
		PID=$child
		server_pid "$PID"
	fi
	test -n "$PORT"
}
# stop_serve LOG: SIGTERM, then wait (bounded) until the process is gone.
stop_serve() {
	kill -TERM "$PID" || return 1
	n=0
	# bounded at 60 s: under the sanitizers an exit takes seconds, and a
	# server still closing its index could delete the WAL file of the
	# next one's index (SQLite removes it by name on the last close)
	while kill -0 "$PID" 2>/dev/null && [ $n -lt 600 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	! kill -0 "$PID" 2>/dev/null && grep -q "^clause: stopped (SIGTERM)$" "$1"
}
