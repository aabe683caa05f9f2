#!/bin/sh
# t2200-index: clause index, and the index surviving damage, deletion,
# kill -9 in the middle of an update, and concurrent readers and writers.
. "$CLAUSE_TOP/tests/cli/lib.sh"

cp -R "$CLAUSE_TOP/clauses" lib &&
git -C lib init -q && git -C lib add -A && git -C lib commit -q -m shipped ||
	exit 1
cl() { "$CLAUSE" -C "$TEST_SCRATCH/lib" "$@"; }
db=lib/.git/clause/index.sqlite
ndocs=$(cl ls | wc -l)
answer() {	# the right answer, and nothing about a database on stderr
	cl search driver-facing cameras -n 1 >ans.out 2>ans.err &&
	head -n 1 ans.out | grep -q "^ibt-ups-2023/cameras " &&
	! grep -i -e locked -e busy -e malformed -e "not a database" ans.err
}

test_expect 'clause index builds the index, then has nothing to do' '
	cl index 2>err &&
	grep "^clause: building the search index" err &&
	grep "^clause: index up to date: $ndocs documents, [0-9]* clauses ($ndocs files parsed)$" err &&
	cl index 2>err &&
	grep "($((0)) files parsed)" err &&
	test $(wc -l <err) = 1 &&
	cl index -q 2>err && test ! -s err
'

test_expect 'clause index --rebuild parses every document again' '
	cl index --rebuild 2>err &&
	grep "($ndocs files parsed)" err &&
	answer
'

test_expect 'the index is never committed and git sees nothing new' '
	test -z "$(git -C lib status --porcelain)" &&
	! git -C lib ls-files | grep index.sqlite
'

test_expect 'garbage in the index file: rebuilt with a one-line notice' '
	for f in "$db" "$db-wal" "$db-shm"; do rm -f "$f"; done &&
	python3 -c "open(\"$db\", \"wb\").write(b\"garbage \" * 4096)" &&
	cl search driver-facing cameras -n 1 >out 2>err &&
	head -n 1 out | grep "^ibt-ups-2023/cameras " &&
	test $(wc -l <err) = 1 &&
	grep "^clause: the search index was damaged" err &&
	answer && test ! -s ans.err
'

test_expect 'a truncated index: rebuilt, and the answers stay right' '
	for n in 4096 20000 60000; do
		cl index --rebuild -q || return 1
		size=$(wc -c <"$db")
		test "$size" -gt "$n" || continue
		python3 -c "
import os
os.truncate(\"$db\", $n)
" || return 1
		rm -f "$db-wal" "$db-shm"
		answer || { cat ans.out ans.err; return 1; }
		test "$(cl search notice --count 2>/dev/null)" = "$(cl search notice --count 2>/dev/null)" || return 1
		cl index --check -q || return 1
		answer || return 1
	done
'

test_expect 'index --check finds damage a search did not touch' '
	cl index --rebuild -q &&
	size=$(wc -c <"$db") &&
	python3 -c "
f = open(\"$db\", \"r+b\")
f.seek($size // 2)
f.write(b\"\\xff\" * 8192)
" &&
	{ cl index --check 2>err; true; } &&
	cat err &&
	grep "^clause: the search index was damaged" err &&
	answer
'

test_expect 'a deleted index is built again' '
	rm -f "$db" "$db-wal" "$db-shm" &&
	cl search driver-facing cameras -n 1 >out 2>err &&
	grep "^clause: building the search index" err &&
	answer
'

test_expect 'kill -9 during an update leaves a usable index' '
	# A bigger library, so that a rebuild takes a while.
	for i in 1 2 3 4 5 6 7 8; do
		mkdir -p lib/gen$i &&
		for f in "$CLAUSE_TOP"/clauses/agreements/*.xml; do
			sed -e "/<agreement/s/ id=\"\([^\"]*\)\"/ id=\"\1-g$i\"/" \
			    -e "s/ the / the w$i /g" "$f" >lib/gen$i/${f##*/} || return 1
		done
	done &&
	for delay in 0.01 0.05 0.1 0.2 0.3; do
		cl index --rebuild -q & pid=$!
		sleep $delay
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		answer || { cat ans.out ans.err; return 1; }
		cl index --check -q || return 1
	done &&
	cl index 2>err && grep "(0 files parsed)" err
'

test_expect 'concurrent searches and updates never say the database is locked' '
	: >errs &&
	for w in 1 2; do
		(
			for i in 1 2 3 4 5 6 7 8 9 10; do
				sed "s/ the / the x$w$i /" "$CLAUSE_TOP/clauses/agreements/ibt-ups-2023.xml" \
					>lib/gen$w/ibt-ups-2023.xml
				"$CLAUSE" -C lib search "x$w$i" --count >/dev/null 2>>errs.w$w ||
					echo "writer $w: search $i failed" >>errs.w$w
			done
		) &
	done
	for rd in 1 2 3; do
		(
			for i in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15; do
				"$CLAUSE" -C lib search driver-facing cameras --doc ibt-ups-2023 -n 1 \
					>/dev/null 2>>errs.r$rd || echo "reader $rd: search $i failed" >>errs.r$rd
			done
		) &
	done
	(
		for i in 1 2 3; do
			"$CLAUSE" -C lib index --rebuild -q 2>>errs.x || echo "rebuild $i failed" >>errs.x
		done
	) &
	wait
	cat errs.* >errs 2>/dev/null
	cat errs
	! grep -i -e locked -e busy errs &&
	test ! -s errs &&
	answer
'

# The files a command opens.  LeakSanitizer cannot run under ptrace.
traced() {
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
		strace -f -e trace=openat -o trace "$@"
}

test_expect 'show finds a document through a current index, else reads the library' '
	cp -R "$CLAUSE_TOP/clauses" shown &&
	git -C shown init -q && git -C shown add -A && git -C shown commit -q -m s &&
	"$CLAUSE" -C shown show ibt-ups-2023 >lib.txt &&
	"$CLAUSE" -C shown show ibt-ups-2023/cameras --format=json >lib.json &&
	(cd shown/models && "$CLAUSE" show ibt-ups-2023) >lib-sub.txt &&
	grep "path: ../agreements/ibt-ups-2023.xml" lib-sub.txt &&
	find shown -name "*.xml" -exec touch -d 2020-01-01 {} + &&
	"$CLAUSE" -C shown index -q &&
	traced "$CLAUSE" -C shown show ibt-ups-2023 >ix.txt &&
	test_cmp lib.txt ix.txt &&
	test $(grep -c "\.xml\"" trace) = 1 &&
	"$CLAUSE" -C shown show ibt-ups-2023/cameras --format=json >ix.json &&
	test_cmp lib.json ix.json &&
	(cd shown/models && "$CLAUSE" show ibt-ups-2023) >ix-sub.txt &&
	test_cmp lib-sub.txt ix-sub.txt &&
	sed -i "s/No driver-facing cameras/No inward-facing cameras/" \
		shown/agreements/ibt-ups-2023.xml &&
	traced "$CLAUSE" -C shown show ibt-ups-2023/cameras >new.txt &&
	grep "No inward-facing cameras" new.txt &&
	test $(grep -c "\.xml\"" trace) -gt 20 &&
	test_must_fail 1 "$CLAUSE" -C shown show nosuch 2>err &&
	grep "^clause: no document .nosuch." err
'

test_expect 'show leaves an index of another version alone; search rebuilds it, and says why' '
	sqlite3 shown/.git/clause/index.sqlite "UPDATE meta SET value = 0 WHERE key = \"version\"" &&
	"$CLAUSE" -C shown show ibt-ups-2023/cameras >out 2>err &&
	grep "inward-facing" out && test ! -s err &&
	test "$(sqlite3 shown/.git/clause/index.sqlite "SELECT value FROM meta WHERE key = \"version\"")" = 0 &&
	"$CLAUSE" -C shown search inward-facing >out 2>err &&
	grep "^clause: the search index was made by another version of clause; rebuilding it$" err &&
	grep "^ibt-ups-2023/cameras " out
'

test_expect 'outside a git repository the index is kept in memory' '
	mkdir plain && cp "$CLAUSE_TOP"/clauses/agreements/ibt-ups-2023.xml plain/ &&
	(cd plain && "$CLAUSE" search driver-facing cameras) >out 2>err &&
	head -n 1 out | grep "^ibt-ups-2023/cameras  ibt-ups-2023.xml:" &&
	test ! -s err &&
	test_must_fail 128 "$CLAUSE" -C plain index
'

test_expect 'index usage errors exit 129' '
	test_must_fail 129 cl index extra &&
	test_must_fail 129 cl index --bogus
'

test_done
