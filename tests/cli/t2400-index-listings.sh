#!/bin/sh
# t2400-index-listings.sh: ls and categories answered from the search
# index say exactly what they say when the library is read, and read no
# document to say it; an index that cannot answer (none, stale, of another
# version, a revision it does not hold) leaves the answer to the library.
. "$CLAUSE_TOP/tests/cli/lib.sh"

# The files a command opens.  LeakSanitizer cannot run under ptrace.
traced() {
	ASAN_OPTIONS="${ASAN_OPTIONS:-}:detect_leaks=0" \
		strace -f -e trace=openat -o trace "$@"
}

# The documents (not taxonomies) a traced command opened.
docs_opened() {
	grep '\.xml"' trace | grep -v ENOENT | grep -vc 'taxonomy'
}

# Every listing, as stdout, stderr and exit status, into directory $1.
listings() {
	mkdir -p "$1"
	i=0
	while read -r dir args; do
		i=$((i + 1))
		# shellcheck disable=SC2086
		(cd "lib/$dir" && "$CLAUSE" $args >"$TEST_SCRATCH/$1/$i.out" \
			2>"$TEST_SCRATCH/$1/$i.err"
		 echo $? >"$TEST_SCRATCH/$1/$i.rc")
	done <<-EOF
	. ls
	. ls --format=json
	. ls -c
	. ls -c --format=json
	. ls --category guardrail
	. ls -c --category adjustment.notice --format=json
	. ls --party ibt
	. ls --status ratified --sector transit
	. ls --status nosuch
	agreements ls
	agreements ls -c
	. categories
	. categories -l
	. categories --format=json
	. validate
	. validate --format=json
	agreements validate
	EOF
}

test_expect 'a library with every kind of file' '
	cp -R "$CLAUSE_TOP/clauses" lib &&
	cat >lib/taxonomy.xml <<-EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<taxonomy xmlns="urn:clause:taxonomy:1">
	  <category id="guardrail">
	    <label>AI and technology guardrails</label>
	    <definition>The existing family, extended.</definition>
	    <category id="robot-safety">
	      <label>Robot safety zones</label>
	      <definition>Limits on robots working near people.</definition>
	    </category>
	  </category>
	</taxonomy>
	EOF
	printf "<agreement xmlns=\"urn:clause:1\" id=\"broken\"\n" >lib/agreements/broken.xml &&
	cat >lib/other/rules.xml <<-EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="ibt-ups-2023" status="proposal">
	  <meta><title>Breaks every rule</title>
	    <party role="union" id="u">U</party>
	    <term effective="2026-01-01" expires="2025-01-01"/></meta>
	  <article id="a">
	    <clause id="one" category="guardrail.nosuch" derived-from="nowhere/none">
	      <p>See <ref to="elsewhere/gone">a clause that is not there</ref>.</p>
	    </clause>
	    <clause id="one" category="adjustment.notice"><p>Twice.</p></clause>
	  </article>
	</agreement>
	EOF
	printf "<?xml version=\"1.0\"?>\n<note>not ours</note>\n" >lib/other/note.xml &&
	head -c 17000000 /dev/zero | tr "\\0" " " >lib/other/huge.xml &&
	git -C lib init -q && git -C lib add -A && git -C lib commit -q -m one &&
	find lib -name "*.xml" -exec touch -d 2020-01-01 {} + &&
	listings without &&
	test "$(ls without | wc -l)" = 51 &&
	grep -q "^clause: skipping agreements/broken.xml:" without/1.err &&
	grep -q "^clause: skipping other/huge.xml:1:1: file is too large" without/1.err &&
	grep -q "guardrail.robot-safety" without/12.out &&
	grep -q "^other/rules.xml:.*document id .ibt-ups-2023. is also used" without/15.err &&
	grep -q "^other/rules.xml:.*duplicate id .one." without/15.err &&
	grep -q "^other/rules.xml:.*unknown category .guardrail.nosuch." without/15.err &&
	grep -q "^other/rules.xml:.*derived-from .nowhere/none." without/15.err &&
	grep -q "^other/rules.xml:.*reference to .elsewhere/gone." without/15.err &&
	grep -q "^other/rules.xml:.*term expires" without/15.err &&
	test "$(cat without/15.rc)" = 1 &&
	test "$(cat without/9.rc)" = 129 &&
	test ! -e lib/.git/clause/index.sqlite
'

test_expect 'the same listings from a current index, reading no document' '
	"$CLAUSE" -C lib index -q &&
	listings indexed &&
	for f in without/*; do
		test_cmp "$f" "indexed/${f#without/}" || exit 1
	done &&
	traced "$CLAUSE" -C lib ls -c >out &&
	test_cmp without/3.out out &&
	test "$(docs_opened)" = 0 &&
	grep -q "lib/taxonomy.xml" trace &&
	traced "$CLAUSE" -C lib categories >out &&
	test_cmp without/12.out out &&
	test "$(docs_opened)" = 0 &&
	test_must_fail 1 traced "$CLAUSE" -C lib validate >out 2>err &&
	test_cmp without/15.err err &&
	test "$(docs_opened)" = 0
'

test_expect 'an edited document is read alone, and the listing is new' '
	sed -i "s/<title>/<title>Edited: /" lib/agreements/ibt-ups-2023.xml &&
	traced "$CLAUSE" -C lib ls >out &&
	grep -q "Edited: " out &&
	test "$(docs_opened)" = 1 &&
	grep -q "agreements/ibt-ups-2023.xml" trace &&
	mv lib/.git/clause lib/.git/clause.off &&
	"$CLAUSE" -C lib ls >lib.txt 2>lib.err &&
	mv lib/.git/clause.off lib/.git/clause &&
	test_cmp lib.txt out
'

test_expect 'a revision the index holds answers from it, one it does not from the library' '
	"$CLAUSE" -C lib ls --rev HEAD -c >lib.txt 2>lib.err &&
	grep -q "^clause: skipping HEAD:agreements/broken.xml:" lib.err &&
	"$CLAUSE" -C lib search --rev HEAD camera >/dev/null &&
	"$CLAUSE" -C lib ls --rev HEAD -c >ix.txt 2>ix.err &&
	test_cmp lib.txt ix.txt &&
	test_cmp lib.err ix.err &&
	! grep -q "Edited: " ix.txt &&
	sqlite3 lib/.git/clause/index.sqlite "UPDATE blob SET title = \"Told by the index\"
		WHERE docid = \"ibt-ups-2023\"" &&
	"$CLAUSE" -C lib ls --rev HEAD >out &&
	grep -q "Told by the index" out &&
	git -C lib commit -q -a -m two &&
	"$CLAUSE" -C lib ls --rev HEAD >out &&
	! grep -q "Told by the index" out &&
	grep -q "Edited: " out
'

test_expect 'an index of another version is left alone, and the library answers' '
	sqlite3 lib/.git/clause/index.sqlite "UPDATE meta SET value = 0 WHERE key = \"version\"" &&
	traced "$CLAUSE" -C lib ls >out 2>err &&
	grep -q "Edited: " out &&
	test "$(docs_opened)" -gt 30 &&
	test "$(sqlite3 lib/.git/clause/index.sqlite "SELECT value FROM meta WHERE key = \"version\"")" = 0
'

test_expect 'log of a document or clause says the same with the index, which it asks first' '
	rm -rf hist && cp -R "$CLAUSE_TOP/clauses" hist &&
	git -C hist init -q && git -C hist add -A && git -C hist commit -q -m one &&
	f=hist/agreements/ibt-ups-2023.xml &&
	sed -i "s/No driver-facing cameras/No inward-facing cameras/" $f &&
	git -C hist commit -q -a -m two &&
	mkdir hist/moved && git -C hist mv agreements/ibt-ups-2023.xml moved/ &&
	git -C hist commit -q -m three &&
	for a in ibt-ups-2023 ibt-ups-2023/cameras ibt-ups-2023/nosuch; do
		"$CLAUSE" -C hist log $a >"lib-$(echo $a | tr / _).txt" 2>&1
		echo $? >>lib-rc.txt
	done &&
	"$CLAUSE" -C hist search --history cameras >/dev/null &&
	for a in ibt-ups-2023 ibt-ups-2023/cameras ibt-ups-2023/nosuch; do
		"$CLAUSE" -C hist log $a >"ix-$(echo $a | tr / _).txt" 2>&1
		echo $? >>ix-rc.txt
		test_cmp "lib-$(echo $a | tr / _).txt" "ix-$(echo $a | tr / _).txt" || exit 1
	done &&
	test_cmp lib-rc.txt ix-rc.txt &&
	test $(grep -c . lib-ibt-ups-2023_cameras.txt) = 2 &&
	sqlite3 hist/.git/clause/index.sqlite "UPDATE clause SET num = \"told-by-index\"
		WHERE cid = \"cameras\"" &&
	"$CLAUSE" -C hist log ibt-ups-2023/cameras >out &&
	grep -q "told-by-index" out
'

test_done
