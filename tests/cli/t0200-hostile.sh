#!/bin/sh
# t0200-hostile: every file of the hostile corpus (tests/hostile/make-corpus.sh)
# is refused by clause validate quickly, in bounded memory, with one
# file:line:col message and without leaking what it tries to pull in; and
# clause commit of a library holding it commits nothing.
. "$CLAUSE_TOP/tests/cli/lib.sh"

MARKER=SECRET-MARKER-c1a05e-7f3a9d
export CLAUSE_SECRET_MARKER=$MARKER
sh "$CLAUSE_TOP/tests/hostile/make-corpus.sh" corpus || {
	echo "not ok 1 - make-corpus.sh failed"
	exit 1
}

# name|a payload string that must not leak (besides the secret marker)
HOSTILE='
xxe-file|SECRET-MARKER
xxe-param|SECRET-MARKER
external-dtd|SECRET-MARKER
billion-laughs|lol
quadratic|blowup
deep|<note><note>
bad-utf8|technological
latin1|Montr
truncated|technological
empty|SECRET-MARKER
garbage|SECRET-MARKER
huge|hugepayload
xinclude|SECRET-MARKER
'
RULES='
dup-ids|SECRET-MARKER
unknown-category|SECRET-MARKER
wrong-namespace|SECRET-MARKER
expiry-before|SECRET-MARKER
'

if [ -x /usr/bin/time ] && /usr/bin/time -f %M -o /dev/null true 2>/dev/null; then
	have_time=1
else
	have_time=
	echo "# /usr/bin/time (package time) is missing: memory is not measured"
fi

test_expect 'the corpus has every file' '
	for e in $HOSTILE $RULES; do
		test -f "corpus/${e%%|*}.xml" || { echo "missing ${e%%|*}.xml"; return 1; }
	done &&
	test ! -s corpus/empty.xml &&
	test $(wc -c <corpus/huge.xml) -ge 50000000 &&
	grep -q "$MARKER" corpus/secret.txt
'

# check NAME LEAK KIND: validate corpus/NAME.xml from inside corpus/ (so
# that paths in the output are just the file name).
check() {
	name=$1 leak=$2 kind=$3
	test_expect "$kind $name.xml: exit 1, one problem line, fast, small, no leak" "
		cd corpus &&
		start=\$(date +%s%N) &&
		if [ -n \"\$have_time\" ]; then
			timeout 5 /usr/bin/time -o ../$name.rss -f %M \"\$CLAUSE\" validate $name.xml >../$name.out 2>../$name.err
		else
			timeout 5 \"\$CLAUSE\" validate $name.xml >../$name.out 2>../$name.err
		fi
		status=\$?
		end=\$(date +%s%N)
		cd .. &&
		ms=\$(( (end - start) / 1000000 )) &&
		echo \"exit \$status in \$ms ms\" &&
		cat $name.err &&
		test \$status = 1 &&
		test \$ms -lt 2000 &&
		test ! -s $name.out &&
		n=\$(grep -c '^$name\\.xml:[0-9][0-9]*:[0-9][0-9]*: ..*' $name.err) &&
		echo \"\$n problem lines\" &&
		test \"\$n\" = 1 &&
		! grep -v -e '^$name\\.xml:[0-9][0-9]*:[0-9][0-9]*: ' -e '^clause: ' $name.err &&
		! grep -q -e \"\$MARKER\" -e '$leak' $name.out $name.err &&
		if [ -n \"\$have_time\" ]; then
			rss=\$(tail -n 1 $name.rss) &&
			echo \"max RSS \$rss KB\" &&
			test \"\$rss\" -lt 200000
		fi
	"
}

for e in $HOSTILE; do
	check "${e%%|*}" "${e#*|}" hostile
done
for e in $RULES; do
	check "${e%%|*}" "${e#*|}" rule-invalid
done

test_expect 'the whole corpus at once: every file named, exit 1, fast' '
	start=$(date +%s%N) &&
	(cd corpus && timeout 10 "$CLAUSE" validate >../all.out 2>../all.err)
	status=$?
	end=$(date +%s%N)
	test $status = 1 &&
	test $(( (end - start) / 1000000 )) -lt 4000 &&
	for e in $HOSTILE $RULES; do
		grep -q "^${e%%|*}\.xml:[0-9]*:[0-9]*: " all.err || { echo "not named: ${e%%|*}"; return 1; }
	done &&
	! grep -q "$MARKER" all.out all.err
'

test_expect 'clause ls on the corpus skips every hostile file and leaks nothing' '
	(cd corpus && "$CLAUSE" ls >../ls.out 2>../ls.err)
	for e in $HOSTILE; do
		grep -q "^clause: skipping ${e%%|*}\.xml:[0-9]*:[0-9]*: " ls.err ||
			{ echo "not skipped: ${e%%|*}"; return 1; }
	done &&
	! grep -q -e "$MARKER" -e lol -e blowup ls.out ls.err &&
	! grep -q -e "^xxe" -e "^laughs" -e "^quadratic" ls.out
'

# --- commit: nothing is committed ------------------------------------------

new_library lib
cp "$CLAUSE_TOP"/clauses/models/*.xml lib/
(cd lib && "$CLAUSE" commit -m "Models" >/dev/null)

commit_check() {
	name=$1
	test_expect "commit with $name.xml in the library commits nothing" "
		cd lib &&
		head=\$(git rev-parse HEAD) &&
		git status --porcelain >../before.st &&
		cp ../corpus/$name.xml . &&
		test_must_fail 1 \"\$CLAUSE\" commit -m 'try $name' >../c.out 2>../c.err &&
		test \"\$(git rev-parse HEAD)\" = \"\$head\" &&
		git diff --cached --quiet &&
		rm -f $name.xml &&
		git status --porcelain >../after.st &&
		test_cmp ../before.st ../after.st &&
		grep -q '^$name\\.xml:[0-9][0-9]*:[0-9][0-9]*: ' ../c.err &&
		! grep -q \"\$MARKER\" ../c.out ../c.err
	"
	rm -f lib/$name.xml
}

for e in $HOSTILE $RULES; do
	commit_check "${e%%|*}"
done

test_expect 'the library is still sound after all the refused commits' '
	(cd lib && git fsck --strict >/dev/null 2>&1 &&
	 test $(git rev-list --count HEAD) = 1 &&
	 "$CLAUSE" validate)
'

test_done
