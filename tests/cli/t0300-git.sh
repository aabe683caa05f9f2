#!/bin/sh
# t0300-git: clause init/commit/round against plain git, both ways.
. "$CLAUSE_TOP/tests/cli/lib.sh"

json_ok() { python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))'; }

test_expect 'clause init makes a git repository on branch main' '
	clause init lib >out &&
	grep "lib" out &&
	test -d lib/.git &&
	test "$(git -C lib symbolic-ref HEAD)" = refs/heads/main
'

test_expect 'clause init again is safe and says so' '
	clause init lib >out &&
	grep -i "reinitialized" out &&
	test "$(git -C lib symbolic-ref HEAD)" = refs/heads/main
'

cp "$CLAUSE_TOP"/clauses/models/*.xml lib/

test_expect 'clause commit -m records the models with the right author and message' '
	(cd lib && clause commit -m "Add the model library" >../out) &&
	grep "Add the model library" out &&
	test "$(git -C lib log --format=%an/%ae/%cn/%s)" = \
		"Test Negotiator/negotiator@example.org/Test Negotiator/Add the model library" &&
	test "$(git -C lib rev-list --count HEAD)" = 1 &&
	git -C lib ls-tree --name-only HEAD >files &&
	grep -x adjustment-model.xml files &&
	grep -x guardrail-model.xml files &&
	grep -x neutrality-model.xml files &&
	test -z "$(git -C lib status --porcelain)"
'

test_expect 'git fsck --strict accepts the library' '
	git -C lib fsck --strict
'

test_expect 'round add makes an annotated tag refs/tags/round/1' '
	(cd lib && clause round add 1 -m "Union opening proposal" --party union) &&
	test "$(git -C lib cat-file -t refs/tags/round/1)" = tag &&
	test "$(git -C lib rev-parse round/1^{commit})" = "$(git -C lib rev-parse HEAD)" &&
	git -C lib cat-file tag refs/tags/round/1 >tag &&
	grep "^tagger Test Negotiator <negotiator@example.org>" tag &&
	grep "Union opening proposal" tag &&
	grep "^Party: union" tag &&
	git -C lib fsck --strict
'

test_expect 'round list shows the round (text)' '
	(cd lib && clause round list >../out) &&
	test $(wc -l <out) = 1 &&
	grep "round/1" out &&
	grep "union" out &&
	grep "Union opening proposal" out &&
	grep "$(git -C lib rev-parse HEAD | cut -c1-7)" out
'

test_expect 'round list shows the round (JSON)' '
	(cd lib && clause round list --format=json >../out) &&
	json_ok <out &&
	python3 -c "
import json
d = json.load(open(\"out\"))
assert len(d) == 1, d
r = d[0]
assert r[\"name\"] == \"1\", r
assert r[\"party\"] == \"union\", r
assert r[\"note\"] == \"Union opening proposal\", r
assert r[\"commit\"] == \"$(git -C lib rev-parse HEAD)\", r
"
'

test_expect 'a second round name with the same name fails with exit 1' '
	(cd lib && test_must_fail 1 clause round add 1 -m again 2>../err) &&
	grep "^clause: .*already exists" err &&
	git -C lib cat-file tag refs/tags/round/1 | grep "Union opening proposal"
'

test_expect 'bad round names are usage errors (129)' '
	(cd lib &&
	 test_must_fail 129 clause round add "bad name" &&
	 test_must_fail 129 clause round add "a/b" &&
	 test_must_fail 129 clause round add "x..y" &&
	 test_must_fail 129 clause round add "" &&
	 test_must_fail 129 clause round add) &&
	test $(git -C lib tag -l "round/*" | wc -l) = 1
'

test_expect 'commit with nothing changed exits 1' '
	head=$(git -C lib rev-parse HEAD) &&
	(cd lib && test_must_fail 1 clause commit -m "nothing" >../out 2>../err) &&
	grep "^clause: .*nothing to commit" err &&
	test ! -s out &&
	test "$(git -C lib rev-parse HEAD)" = "$head"
'

test_expect 'commit without -m is a usage error' '
	echo "<!-- edit -->" >>lib/neutrality-model.xml &&
	(cd lib && test_must_fail 129 clause commit 2>../err) &&
	grep "^clause: " err &&
	(cd lib && test_must_fail 129 clause commit -m) &&
	git -C lib checkout -q -- neutrality-model.xml
'

test_expect 'commit with an empty message is refused' '
	echo "<!-- edit -->" >>lib/neutrality-model.xml &&
	head=$(git -C lib rev-parse HEAD) &&
	(cd lib && clause commit -m "" ; test $? -ne 0) &&
	test "$(git -C lib rev-parse HEAD)" = "$head" &&
	git -C lib checkout -q -- neutrality-model.xml
'

test_expect 'commit with no identity anywhere fails clearly and commits nothing' '
	mkdir -p nobody &&
	echo "<!-- edit -->" >>lib/neutrality-model.xml &&
	head=$(git -C lib rev-parse HEAD) &&
	git -C lib status --porcelain >before &&
	test -z "$(git -C lib config --local user.name)" &&
	(cd lib && HOME="$TEST_SCRATCH/nobody" XDG_CONFIG_HOME="$TEST_SCRATCH/nobody" \
		clause commit -m "anonymous" >../out 2>../err; echo $? >../status) &&
	test "$(cat status)" = 1 &&
	grep "^clause: .*identity" err &&
	test ! -s out &&
	test "$(git -C lib rev-parse HEAD)" = "$head" &&
	git -C lib status --porcelain >after &&
	test_cmp before after &&
	git -C lib diff --cached --quiet &&
	git -C lib checkout -q -- neutrality-model.xml
'

test_expect 'round add with no identity anywhere fails and makes no tag' '
	(cd lib && HOME="$TEST_SCRATCH/nobody" XDG_CONFIG_HOME="$TEST_SCRATCH/nobody" \
		test_must_fail 1 clause round add anon 2>../err) &&
	grep "^clause: .*identity" err &&
	test -z "$(git -C lib tag -l round/anon)"
'

test_expect 'GIT_AUTHOR_* and GIT_COMMITTER_* are honoured' '
	echo "<!-- by env -->" >>lib/neutrality-model.xml &&
	(cd lib && GIT_AUTHOR_NAME="Ann Author" GIT_AUTHOR_EMAIL=ann@example.org \
		GIT_COMMITTER_NAME="Cy Committer" GIT_COMMITTER_EMAIL=cy@example.org \
		clause commit -m "by env" >/dev/null) &&
	test "$(git -C lib log -1 --format="%an <%ae>|%cn <%ce>")" = \
		"Ann Author <ann@example.org>|Cy Committer <cy@example.org>"
'

test_expect 'commit PATH commits only that path; another change stays modified' '
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 (2025)</title>|" lib/adjustment-model.xml lib/guardrail-model.xml &&
	(cd lib && clause commit -m "Retitle adjustment" adjustment-model.xml >/dev/null) &&
	test "$(git -C lib diff-tree --no-commit-id --name-only -r HEAD)" = adjustment-model.xml &&
	test "$(git -C lib status --porcelain)" = " M guardrail-model.xml"
'

test_expect 'commit of a PATH that matches no file: 128, nothing committed' '
	head=$(git -C lib rev-parse HEAD) &&
	(cd lib && test_must_fail 128 clause commit -m "Nothing there" no-such-file.xml 2>../err) &&
	grep "^clause: .*no-such-file.xml" err &&
	test "$(git -C lib rev-parse HEAD)" = "$head" &&
	test "$(git -C lib status --porcelain)" = " M guardrail-model.xml"
'

test_expect 'commit PATH from a subdirectory with ../PATH' '
	mkdir -p lib/sub &&
	(cd lib/sub && clause commit -m "Retitle guardrail" ../guardrail-model.xml >/dev/null) &&
	test "$(git -C lib diff-tree --no-commit-id --name-only -r HEAD)" = guardrail-model.xml &&
	test -z "$(git -C lib status --porcelain)"
'

test_expect 'commit PATH leaves changes staged elsewhere out of the commit' '
	sed -i "s| (2025)</title>| (2026)</title>|" lib/adjustment-model.xml lib/guardrail-model.xml &&
	git -C lib add guardrail-model.xml &&
	(cd lib && clause commit -m "Only adjustment" adjustment-model.xml >/dev/null) &&
	git -C lib diff-tree --no-commit-id --name-only -r HEAD >changed &&
	echo adjustment-model.xml >expect &&
	test_cmp expect changed &&
	test "$(git -C lib status --porcelain)" = "M  guardrail-model.xml"
'
git -C lib reset -q
(cd lib && clause commit -m "Catch up" >/dev/null 2>&1)

test_expect 'commit of a deleted document records the deletion' '
	cp "$CLAUSE_TOP"/clauses/agreements/ibt-ups-2023.xml lib/ &&
	(cd lib && clause commit -m "Add UPS" >/dev/null) &&
	rm lib/ibt-ups-2023.xml &&
	(cd lib && clause commit -m "Drop UPS" >/dev/null) &&
	test -z "$(git -C lib ls-tree --name-only HEAD ibt-ups-2023.xml)" &&
	test -z "$(git -C lib status --porcelain)"
'

# --- interop with plain git ---------------------------------------------

test_expect 'a commit made with plain git is seen by clause ls, show and log' '
	sed "s/id=\"neutrality-model\"/id=\"plain-git-doc\"/; s|<title>[^<]*</title>|<title>Added with plain git</title>|" \
		lib/neutrality-model.xml >lib/plain.xml &&
	git -C lib add plain.xml &&
	git -C lib commit -q -m "Plain git adds a document" &&
	(cd lib && clause ls >../ls.out) &&
	grep "^plain-git-doc .*Added with plain git" ls.out &&
	(cd lib && clause ls --rev HEAD >../ls.out) &&
	grep "^plain-git-doc " ls.out &&
	(cd lib && clause show plain-git-doc >../show.out) &&
	grep "Added with plain git" show.out &&
	(cd lib && clause show plain-git-doc@HEAD >../show.out) &&
	grep "Added with plain git" show.out &&
	(cd lib && clause log -n 1 >../log.out) &&
	grep "Plain git adds a document" log.out &&
	(cd lib && clause log plain-git-doc >../log.out) &&
	test $(wc -l <log.out) = 1 &&
	grep "added .*Plain git adds a document" log.out
'

test_expect 'a commit made by clause is read by git log -p and git show' '
	sed -i "s|<title>Added with plain git</title>|<title>Edited by clause</title>|" lib/plain.xml &&
	(cd lib && clause commit -m "Clause edits the document" >/dev/null) &&
	git -C lib log -1 -p --format=%s >gitlog &&
	head -n 1 gitlog | grep -x "Clause edits the document" &&
	grep "^-.*Added with plain git" gitlog &&
	grep "^+.*Edited by clause" gitlog &&
	git -C lib show HEAD:plain.xml >shown &&
	test_cmp lib/plain.xml shown &&
	git -C lib fsck --strict
'

test_expect 'a git clone of the library validates with --rev HEAD and keeps rounds' '
	git clone -q lib clone &&
	(cd clone && clause validate --rev HEAD) &&
	(cd clone && clause validate) &&
	(cd clone && clause round list >../out) &&
	grep "round/1" out &&
	(cd clone && clause show adjustment-model/notice@round/1 >../out) &&
	grep "adjustment-model/notice" out
'

test_expect 'a bare clone works with --rev and @REV' '
	git clone -q --bare lib bare.git &&
	(cd bare.git && clause validate --rev HEAD) &&
	(cd bare.git && clause ls --rev HEAD >../out) &&
	grep "^adjustment-model " out &&
	(cd bare.git && clause show plain-git-doc@HEAD >../out) &&
	grep "Edited by clause" out &&
	(cd bare.git && clause log -n 1 >../out) &&
	grep "Clause edits the document" out
'

test_done
