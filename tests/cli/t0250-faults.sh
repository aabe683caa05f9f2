#!/bin/sh
# t0250-faults: crashes and full disks.  Each write operation (commit,
# index update, pull with a merge, clone, fetch, import -o) is killed
# with SIGKILL at random moments (210 trials, a fixed seed), and run on a
# disk that fills up after N writes (an LD_PRELOAD shim failing write,
# pwrite, writev, fsync with ENOSPC, or EIO).  After each: git fsck
# --strict is clean, the library validates, a search answers as a fresh
# index does, the state is the old one or the intended one (never half),
# and the operation run again succeeds.  A full disk is one clear error
# and exit 128.  A pull with a merge, clean and with a conflict, is also
# killed at its first write, then its second, and so on to its last (the
# shim again): every step of the checkout, and the one between the work
# tree's last file and the branch's move.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

# Under the sanitizers $CLAUSE is a wrapper script: kill the binary itself.
bin=${CLAUSE_REAL:-$CLAUSE}
TRIALS=${FAULT_TRIALS:-35}	# per operation; 6 operations

# ---- the templates each trial starts from --------------------------------
make_bare tmpl-fed.git
clause clone -q tmpl-fed.git tmpl-ben
clause clone -q tmpl-fed.git tmpl-ana
DOC=adjustment-model.xml
sed -i 's|skill or staffing level changes|skill, pay or staffing level changes|' tmpl-ana/$DOC
(cd tmpl-ana && clause commit -q -m "Ana: pay" && clause push -q)
sed -i 's|<quantity unit="days">14</quantity>|<quantity unit="days">10</quantity>|' tmpl-ben/$DOC
(cd tmpl-ben && clause commit -q -m "Ben: 10 days" && clause index -q)
sed -i 's|<title>\([^<]*\)</title>|<title>\1 (edited)</title>|' tmpl-ben/guardrail-model.xml
expected_search=$(cd tmpl-ben && clause search -n 50 --format=json notice)
printf 'ARTICLE 1 NOTICE\n\n1.1 The Employer shall give notice 90 days before any new technology.\n\n1.2 Training is paid.\n' >tmpl-source.txt
# The library as ana pushed it, for what fetch and pull bring.
their_head=$(git -C tmpl-fed.git rev-parse main)
ben_head=$(git -C tmpl-ben rev-parse HEAD)

# Random delays in ms from a fixed seed: 0..60, most of them short.
delays=$(awk -v n=$((TRIALS * 6)) 'BEGIN { srand(20261203); for (i = 0; i < n; i++) printf "%d ", int(60 * rand() * rand()) }')
next_delay() {
	set -- $delays
	d=$1
	shift
	delays="$*"
	printf '0.%03d' "$d"
}

fresh() {
	rm -rf t-ben t-fed.git t-out t-clone &&
	cp -a tmpl-ben t-ben && cp -a tmpl-fed.git t-fed.git &&
	git -C t-ben remote set-url origin "$TEST_SCRATCH/t-fed.git"
}

# Run "$@" in t-ben, killed after a random delay.
killed() {
	(cd t-ben && exec "$bin" "$@") >/dev/null 2>&1 &
	pid=$!
	sleep "$(next_delay)"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# The library is sound: objects, documents, and an index that answers
# as a fresh one does.
sound() {
	git -C "$1" fsck --strict >/dev/null 2>&1 || { echo "fsck: $1" >&2; return 1; }
	(cd "$1" && clause validate -q) || { echo "validate: $1" >&2; return 1; }
	got=$(cd "$1" && clause search -n 50 --format=json notice) ||
		{ echo "search: $1" >&2; return 1; }
	[ -z "${2:-}" ] || [ "$got" = "$2" ] || { echo "search differs: $1" >&2; return 1; }
}

test_expect "commit killed $TRIALS times: HEAD old or new, never half; the retry commits" '
	i=0; old=0; new=0
	while [ $i -lt $TRIALS ]; do
		fresh && killed commit -q -m "Guardrails edited" || exit 1
		h=$(git -C t-ben rev-parse HEAD)
		if [ "$h" = "$ben_head" ]; then
			old=$((old + 1))
			(cd t-ben && clause commit -q -m "Guardrails edited") || exit 1
		else
			new=$((new + 1))
			test "$(git -C t-ben log -1 --format=%s)" = "Guardrails edited" || exit 1
		fi
		grep -q "(edited)" t-ben/guardrail-model.xml &&
		test "$(git -C t-ben show HEAD:guardrail-model.xml)" = "$(cat t-ben/guardrail-model.xml)" &&
		sound t-ben || exit 1
		i=$((i + 1))
	done
	echo "commit: $old before, $new after" >&2
'

test_expect "index update killed $TRIALS times: the index heals and answers as a fresh one" '
	i=0
	while [ $i -lt $TRIALS ]; do
		fresh && killed index -q || exit 1
		sound t-ben "$expected_search" || exit 1
		i=$((i + 1))
	done
'

test_expect "pull with a merge killed $TRIALS times: old or merged; pulling again finishes it" '
	i=0
	while [ $i -lt $TRIALS ]; do
		fresh && git -C t-ben checkout -q -- guardrail-model.xml && killed pull -q || exit 1
		(cd t-ben && clause pull -q) || { echo "pull again failed: $i" >&2; exit 1; }
		test "$(git -C t-ben rev-list --parents -n 1 HEAD | wc -w)" -eq 3 &&
		test "$(git -C t-ben rev-parse HEAD^2)" = "$their_head" &&
		grep -q "skill, pay or staffing" t-ben/$DOC && grep -q ">10</quantity>" t-ben/$DOC &&
		test -z "$(git -C t-ben status --porcelain)" &&
		sound t-ben || exit 1
		i=$((i + 1))
	done
'

test_expect "clone killed $TRIALS times: no directory or a whole clone; cloning again works" '
	i=0
	while [ $i -lt $TRIALS ]; do
		rm -rf t-clone .t-clone.clone-* &&
		("$bin" clone -q tmpl-fed.git t-clone >/dev/null 2>&1 & echo $! >pid; wait) &
		sleep "$(next_delay)"; kill -9 "$(cat pid)" 2>/dev/null; wait
		if [ -e t-clone ]; then
			test "$(git -C t-clone rev-parse HEAD)" = "$their_head" || exit 1
		else
			clause clone -q tmpl-fed.git t-clone || exit 1
		fi
		sound t-clone &&
		test -z "$(ls -d .t-clone.clone-* 2>/dev/null | head -1)" ||
			{ clause clone -q tmpl-fed.git t-clone2 && rm -rf t-clone2 &&
			  test -z "$(ls -d .t-clone.clone-* 2>/dev/null)"; } || exit 1
		i=$((i + 1))
	done
'

test_expect "fetch killed $TRIALS times: the ref old or new, the objects whole; fetching again works" '
	i=0
	while [ $i -lt $TRIALS ]; do
		fresh && killed fetch -q || exit 1
		r=$(git -C t-ben rev-parse origin/main)
		test "$r" = "$their_head" || test "$r" = "$(git -C tmpl-ben rev-parse origin/main)" || exit 1
		(cd t-ben && clause fetch -q) &&
		test "$(git -C t-ben rev-parse origin/main)" = "$their_head" &&
		sound t-ben || exit 1
		i=$((i + 1))
	done
'

test_expect "import -o killed $TRIALS times: no file or a whole one; importing again works and clears what the killed one left" '
	i=0
	while [ $i -lt $TRIALS ]; do
		fresh && cp tmpl-source.txt t-ben/source.txt &&
		killed import -q --id tech-notice --party union:Local -o imported.xml source.txt || exit 1
		if [ -e t-ben/imported.xml ]; then
			(cd t-ben && clause validate -q imported.xml) || exit 1
		fi
		# a killed writer may leave its temporary file; the next write
		# of the same file removes it
		(cd t-ben && clause import -q --id tech-notice --party union:Local -o imported.xml source.txt &&
		 clause validate -q imported.xml) || exit 1
		test -z "$(ls -a t-ben | grep "imported.xml." | head -1)" || { ls -a t-ben >&2; exit 1; }
		i=$((i + 1))
	done
'

# ---- a full disk -----------------------------------------------------------
cat >failwrite.c <<'EOF'
/* LD_PRELOAD: from the FAIL_AFTER-th write on (to a file, not stdout or
 * stderr), write, pwrite, writev, fsync and fdatasync fail with ENOSPC
 * (FAIL_ERRNO=EIO: EIO; FAIL_ERRNO=KILL: the process is killed there,
 * SIGKILL, at that exact step). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long left = -1;
static int err = ENOSPC;

static int fail_now(int fd)
{
	if (fd <= 2)
		return 0;
	if (left < 0) {
		const char *n = getenv("FAIL_AFTER"), *e = getenv("FAIL_ERRNO");
		left = n ? atol(n) : 1000000000L;
		if (e && strcmp(e, "EIO") == 0)
			err = EIO;
		if (e && strcmp(e, "KILL") == 0)
			err = -1;
	}
	if (left == 0) {
		if (err < 0)
			raise(SIGKILL);
		errno = err;
		return 1;
	}
	left--;
	return 0;
}

#define WRAP(ret, name, params, args, fd)				\
	ret name params							\
	{								\
		static ret (*real) params;				\
		if (!real)						\
			real = (ret (*) params)dlsym(RTLD_NEXT, #name);	\
		if (fail_now(fd))					\
			return -1;					\
		return real args;					\
	}
WRAP(ssize_t, write, (int fd, const void *b, size_t n), (fd, b, n), fd)
WRAP(ssize_t, pwrite, (int fd, const void *b, size_t n, off_t o), (fd, b, n, o), fd)
WRAP(ssize_t, pwrite64, (int fd, const void *b, size_t n, off_t o), (fd, b, n, o), fd)
WRAP(ssize_t, writev, (int fd, const struct iovec *v, int c), (fd, v, c), fd)
WRAP(int, fsync, (int fd), (fd), fd)
WRAP(int, fdatasync, (int fd), (fd), fd)
EOF
cc -shared -fPIC -O1 -o failwrite.so failwrite.c -ldl 2>cc.err
shim=$TEST_SCRATCH/failwrite.so
# A sanitizer build wants its runtime first among the preloaded.
asan=$(ldd "$bin" 2>/dev/null | awk '/libasan/ { print $3 }')
[ -n "$asan" ] && shim="$asan $shim"

# Run "$@" in t-ben on a disk full after $1 writes; 0, or 128 with one
# clear line.
on_full_disk() {
	n=$1
	shift
	(cd t-ben && LD_PRELOAD=$shim FAIL_AFTER=$n FAIL_ERRNO=${ERRNO:-ENOSPC} \
		"$bin" "$@" >/dev/null 2>../full.err)
	rc=$?
	[ $rc -eq 0 ] && return 0
	[ $rc -eq 128 ] || { echo "$* after $n writes: exit $rc" >&2; cat full.err >&2; return 1; }
	[ "$(wc -l <full.err)" -eq 1 ] || { echo "$*: not one line" >&2; cat full.err >&2; return 1; }
	grep -q "No space left on device\|the disk is full\|Input/output error" full.err ||
		{ echo "$*: unclear" >&2; cat full.err >&2; return 1; }
}

test_expect 'the shim builds and fails a write' '
	test -s failwrite.so &&
	write_one="import os; os.write(os.open(\"shim-copy\", os.O_WRONLY | os.O_CREAT), b\"x\")" &&
	! LD_PRELOAD=$TEST_SCRATCH/failwrite.so FAIL_AFTER=0 python3 -c "$write_one" 2>/dev/null &&
	LD_PRELOAD=$TEST_SCRATCH/failwrite.so FAIL_AFTER=1 python3 -c "$write_one" && test -s shim-copy
'

for n in 0 1 2 3 5 8 13 21 34 55 89; do
	test_expect "commit on a disk full after $n writes: 0 or one clear error 128; HEAD old or new; the retry commits" '
		fresh && on_full_disk '"$n"' commit -q -m "Guardrails edited" &&
		h=$(git -C t-ben rev-parse HEAD) &&
		{ test "$h" = "$ben_head" || test "$(git -C t-ben log -1 --format=%s)" = "Guardrails edited"; } &&
		sound t-ben &&
		{ test "$h" != "$ben_head" || (cd t-ben && clause commit -q -m "Guardrails edited"); } &&
		test "$(git -C t-ben show HEAD:guardrail-model.xml)" = "$(cat t-ben/guardrail-model.xml)"
	'
done

for n in 0 2 5 9 17 33; do
	test_expect "search with its index update on a disk full after $n writes (ENOSPC, then EIO): the index answers afterwards" '
		fresh && on_full_disk '"$n"' search -n 50 notice &&
		sound t-ben "$expected_search" &&
		fresh && ERRNO=EIO on_full_disk '"$n"' index -q &&
		sound t-ben "$expected_search"
	'
done

# Each of the clean pull's 20 writes failing in turn (the kill sweep below
# counts them): one clear error, and a checkout that failed is taken back
# (at once, or by the next writer when the disk is still full).
for n in $(seq 0 21) 50; do
	test_expect "pull with a merge on a disk full after $n writes: then pulling again finishes it" '
		fresh && git -C t-ben checkout -q -- guardrail-model.xml &&
		on_full_disk '"$n"' pull -q &&
		(cd t-ben && clause pull -q) &&
		test "$(git -C t-ben rev-parse HEAD^2)" = "$their_head" &&
		sound t-ben
	'
done

# Killed at each write in turn, from the first to the last: every step of
# a merge's checkout, and between the work tree's last file and the
# branch's move, which random delays seldom hit.
test_expect 'pull with a merge killed at its 1st, 2nd ... last write: old or merged; pulling again finishes it' '
	n=0 edited=
	while :; do
		fresh && git -C t-ben checkout -q -- guardrail-model.xml || exit 1
		(cd t-ben && LD_PRELOAD=$shim FAIL_AFTER=$n FAIL_ERRNO=KILL \
			"$bin" pull -q >/dev/null 2>&1)
		rc=$?
		# The first work tree left half merged: a file of it edited
		# since is kept, and the next writer refuses to take it back.
		if [ -z "$edited" ] && [ -n "$(git -C t-ben status --porcelain)" ]; then
			edited=$n
			rm -rf t-edit && cp -a t-ben t-edit &&
			f=$(git -C t-edit status --porcelain | awk "{ print \$2; exit }") &&
			echo "<!-- mine -->" >>"t-edit/$f" &&
			! (cd t-edit && clause pull -q 2>../edit.err) &&
			grep -q "changed since" edit.err && grep -q "mine" "t-edit/$f" ||
				{ cat edit.err >&2; exit 1; }
		fi
		half=$(git -C t-ben status --porcelain)
		(cd t-ben && clause pull -q 2>../again.err) ||
			{ cat again.err >&2; echo "pull again failed after a kill at write $n" >&2; exit 1; }
		# a half-merged work tree taken back is said so
		{ [ -z "$half" ] || grep -q "^clause: a merge left half done earlier .* was taken back first" again.err; } &&
		test "$(git -C t-ben rev-parse HEAD^2)" = "$their_head" &&
		test -z "$(git -C t-ben status --porcelain)" || exit 1
		[ $rc -eq 137 ] || break
		n=$((n + 1))
		[ $n -lt 2000 ] || { echo "pull still killed after 2000 writes" >&2; exit 1; }
	done
	echo "pull: killed at each of its $n writes; half merged first at $edited" >&2
	test -n "$edited" && sound t-ben
'

# Ben's words where Ana changed hers: a pull that leaves a conflict, as
# it leaves it when nothing kills it.
fresh && git -C t-ben checkout -q -- guardrail-model.xml &&
sed -i "s|skill or staffing level changes|skill, hours or staffing level changes|" t-ben/$DOC &&
(cd t-ben && clause commit -q -m "Ben: hours") && rm -rf tmpl-cben && mv t-ben tmpl-cben &&
cp -a tmpl-cben t-ref && git -C t-ref remote set-url origin "$TEST_SCRATCH/tmpl-fed.git" &&
{ (cd t-ref && clause pull -q 2>/dev/null); test $? -eq 1; } &&
cp t-ref/$DOC conflicted.xml && git -C t-ref status --porcelain >conflicted.status &&
grep -q "<conflict clause=" conflicted.xml || echo "the conflicting pull did not conflict" >&2

# A fresh copy of the library whose pull conflicts, its remote fresh too.
cfresh() {
	rm -rf t-cben t-fed.git && cp -a tmpl-cben t-cben && cp -a tmpl-fed.git t-fed.git &&
	git -C t-cben remote set-url origin "$TEST_SCRATCH/t-fed.git"
}

# Pulled again, it exits 1 and leaves the conflict as a pull nothing
# stopped leaves it; $1 says after what.
conflict_whole() {
	(cd t-cben && clause pull -q >/dev/null 2>&1)
	[ $? -eq 1 ] &&
	test "$(git -C t-cben rev-parse MERGE_HEAD)" = "$their_head" &&
	cmp -s t-cben/$DOC conflicted.xml &&
	test "$(git -C t-cben status --porcelain)" = "$(cat conflicted.status)" ||
		{ echo "$1" >&2; git -C t-cben status >&2; return 1; }
}

test_expect 'pull with a conflicting merge killed at each write: then pulling again leaves the conflict whole, and --abort undoes it' '
	test -s conflicted.status && n=0
	while :; do
		cfresh || exit 1
		(cd t-cben && LD_PRELOAD=$shim FAIL_AFTER=$n FAIL_ERRNO=KILL \
			"$bin" pull -q >/dev/null 2>&1)
		rc=$?
		# taken back and merged again (exit 1), or merged whole before
		# the kill ("a merge is in progress", exit 1 too)
		conflict_whole "after a kill at write $n" || exit 1
		(cd t-cben && clause merge --abort -q) && test -z "$(git -C t-cben status --porcelain)" || exit 1
		[ $rc -eq 137 ] || break
		n=$((n + 1))
		[ $n -lt 2000 ] || exit 1
	done
	echo "conflicting pull: killed at each of its $n writes" >&2
	test $n -gt 5
'

test_expect 'pull with a conflicting merge on a disk full after each number of writes: one clear error, and pulling again leaves the conflict whole' '
	n=0
	while :; do
		cfresh || exit 1
		(cd t-cben && LD_PRELOAD=$shim FAIL_AFTER=$n "$bin" pull -q >/dev/null 2>../full.err)
		rc=$?
		# conflicts written (1), or the full disk said in one line (128)
		case $rc in
		1) grep -q "clause conflict" full.err || { cat full.err >&2; exit 1; } ;;
		128) [ "$(wc -l <full.err)" -eq 1 ] && grep -q "No space left on device" full.err ||
			{ echo "after $n writes:" >&2; cat full.err >&2; exit 1; } ;;
		*) echo "after $n writes: exit $rc" >&2; cat full.err >&2; exit 1 ;;
		esac
		conflict_whole "after a full disk at write $n" || exit 1
		[ $rc -eq 128 ] || break
		n=$((n + 1))
		[ $n -lt 2000 ] || exit 1
	done
	echo "conflicting pull: a full disk at each of its $n writes" >&2
	test $n -gt 5
'

for n in 0 4 16; do
	test_expect "import -o on a disk full after $n writes: no file, or a whole one" '
		fresh && cp tmpl-source.txt t-ben/source.txt &&
		on_full_disk '"$n"' import -q --id tech-notice --party union:Local -o imported.xml source.txt &&
		{ test ! -e t-ben/imported.xml || (cd t-ben && clause validate -q imported.xml); } &&
		test -z "$(ls -a t-ben | grep "imported.xml." | head -1)"
	'
done

test_done
