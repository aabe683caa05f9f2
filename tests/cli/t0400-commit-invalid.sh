#!/bin/sh
# t0400-commit-invalid: one invalid document among several valid new and
# changed ones: clause commit refuses the lot and leaves HEAD, the index,
# the work tree and the rounds exactly as they were.
. "$CLAUSE_TOP/tests/cli/lib.sh"

new_library lib
cp "$CLAUSE_TOP"/clauses/models/*.xml lib/
cp "$CLAUSE_TOP"/clauses/agreements/ibt-ups-2023.xml lib/
(cd lib && clause commit -m "Models and UPS" >/dev/null &&
	clause round add base -m "Baseline" --party joint)

# snapshot NAME: everything commit must not touch.
snapshot() {
	git -C lib rev-parse HEAD >"$1.head"
	git -C lib status --porcelain >"$1.status"
	git -C lib ls-files --stage >"$1.index"
	git -C lib for-each-ref >"$1.refs"
	git -C lib diff >"$1.diff"
	git -C lib diff --cached >"$1.cached"
}
same_as() {
	snapshot after &&
	for k in head status index refs diff cached; do
		test_cmp "$1.$k" "after.$k" || return 1
	done
}

test_expect 'setup: valid changes pass validation on their own' '
	(cd lib && clause validate)
'

# Valid changes: two new documents, one changed document, one staged change.
cp "$CLAUSE_TOP"/clauses/agreements/wga-amptp-2023.xml lib/
mkdir lib/sub
cp "$CLAUSE_TOP"/clauses/agreements/cwa-microsoft-2022.xml lib/sub/
sed -i 's|<title>\([^<]*\)</title>|<title>\1 (revised)</title>|' lib/adjustment-model.xml
sed -i 's|<title>\([^<]*\)</title>|<title>\1 (staged)</title>|' lib/guardrail-model.xml
git -C lib add guardrail-model.xml
# ... and one invalid: a clause in a category nobody has heard of.
sed 's/category="guardrail\.[a-z-]*"/category="guardrail.mind-reading"/' \
	"$CLAUSE_TOP"/clauses/agreements/dga-amptp-2023.xml >lib/sub/dga.xml
bad_line=$(grep -n 'guardrail.mind-reading' lib/sub/dga.xml | head -n 1 | cut -d: -f1)

test_expect 'setup: the invalid document is invalid, the rest valid' '
	test -n "$bad_line" &&
	(cd lib && test_must_fail 1 clause validate sub/dga.xml) &&
	(cd lib && clause validate wga-amptp-2023.xml sub/cwa-microsoft-2022.xml adjustment-model.xml guardrail-model.xml)
'

snapshot before
objects_before=$(find lib/.git/objects -type f | sort)

test_expect 'commit refuses: exit 1, path:line:col of the problem on stderr' '
	(cd lib && test_must_fail 1 clause commit -m "Everything" >../out 2>../err) &&
	cat err &&
	test ! -s out &&
	grep "^sub/dga.xml:$bad_line:[0-9][0-9]*: .*guardrail.mind-reading" err &&
	! grep -v -e "^sub/dga.xml:" -e "^clause: " err
'

test_expect 'after the refused commit HEAD, index, work tree and rounds are unchanged' '
	same_as before &&
	git -C lib diff --cached --name-only >cached &&
	echo guardrail-model.xml >expect &&
	test_cmp expect cached &&
	test "$(git -C lib rev-parse round/base^{commit})" = "$(cat before.head)"
'

test_expect 'commit naming the invalid path among valid ones refuses too' '
	(cd lib && test_must_fail 1 clause commit -m "Named" wga-amptp-2023.xml sub >../err 2>&1) &&
	grep "^sub/dga.xml:$bad_line:" err &&
	same_as before
'

test_expect 'commit from a subdirectory refuses and names the path from there' '
	(cd lib/sub && test_must_fail 1 clause commit -m "From sub" >../../out 2>../../err) &&
	test ! -s out &&
	grep -E "^(sub/)?dga.xml:$bad_line:[0-9]+: " err &&
	same_as before
'

test_expect 'refused commits leave no object behind in .git/objects' '
	test "$(find lib/.git/objects -type f | sort)" = "$objects_before"
'

test_expect 'commit of valid paths only succeeds while the invalid file sits untracked' '
	git -C lib reset -q &&
	(cd lib && clause commit -m "Only the valid new ones" wga-amptp-2023.xml sub/cwa-microsoft-2022.xml >/dev/null) &&
	git -C lib diff-tree --no-commit-id --name-only -r HEAD >changed &&
	printf "%s\n" sub/cwa-microsoft-2022.xml wga-amptp-2023.xml >expect &&
	test_cmp expect changed &&
	git -C lib status --porcelain >st &&
	grep "^?? sub/dga.xml" st &&
	grep "^ M adjustment-model.xml" st &&
	grep "^ M guardrail-model.xml" st &&
	test "$(git -C lib rev-parse round/base^{commit})" = "$(cat before.head)"
'

test_expect 'a broken version of a tracked document is refused too' '
	rm lib/sub/dga.xml &&
	snapshot before2 &&
	printf "<agreement xmlns=\"urn:clause:1\" id=\"ibt-ups-2023\">\n  <meta>\n" >lib/ibt-ups-2023.xml &&
	(cd lib && test_must_fail 1 clause commit -m "Break UPS" >/dev/null 2>../err) &&
	grep "^ibt-ups-2023.xml:[0-9]*:[0-9]*: " err &&
	git -C lib show HEAD:ibt-ups-2023.xml | cmp - "$CLAUSE_TOP"/clauses/agreements/ibt-ups-2023.xml &&
	git -C lib rev-parse HEAD >h && test_cmp before2.head h &&
	git -C lib ls-files --stage >i && test_cmp before2.index i
'

test_expect 'after fixing the problem, the commit goes through' '
	git -C lib checkout -q -- ibt-ups-2023.xml &&
	(cd lib && clause commit -m "The rest" >/dev/null) &&
	test -z "$(git -C lib status --porcelain)" &&
	(cd lib && clause validate --rev HEAD) &&
	git -C lib fsck --strict
'

test_expect 'a commit that cannot move the branch (ref locked) leaves the index as it was' '
	echo "<!-- late edit -->" >>lib/neutrality-model.xml &&
	snapshot before3 &&
	: >lib/.git/refs/heads/main.lock &&
	# held by a live process (a lock nobody holds is a dead one, cleared)
	{ sleep 30 <lib/.git/refs/heads/main.lock & holder=$!; } &&
	(cd lib && clause commit -m "Locked out" >/dev/null 2>../err; echo $? >../status) &&
	kill $holder && rm -f lib/.git/refs/heads/main.lock &&
	cat err &&
	test "$(cat status)" = 128 &&
	grep "^clause: " err &&
	same_as before3
'
rm -f lib/.git/refs/heads/main.lock

test_expect 'a lock file no process holds (its writer was killed) is cleared: the commit lands' '
	: >lib/.git/refs/heads/main.lock && : >lib/.git/index.lock &&
	(cd lib && clause commit -q -m "After a crash") &&
	test ! -e lib/.git/refs/heads/main.lock && test ! -e lib/.git/index.lock &&
	test "$(git -C lib log -1 --format=%s)" = "After a crash"
'

test_done
