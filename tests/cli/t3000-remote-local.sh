#!/bin/sh
# t3000-remote-local: clone, remote, fetch, pull and push over a local
# path and file://, and interop with stock git both ways.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

make_bare fed.git

# A library's state, to show that a refused operation changed nothing:
# every ref with its value, HEAD, and the work tree's status.
state() {
	git -C "$1" for-each-ref --format='%(refname) %(objectname)'
	git -C "$1" symbolic-ref HEAD
	git -C "$1" status --porcelain
}

retitle() {
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 ($2)</title>|" "$1"
}

test_expect 'clone over a path: work tree, origin, upstream, rounds' '
	clause clone fed.git ana >out 2>err &&
	test ! -s out &&
	grep "^clause: cloned .fed.git. into .ana." err &&
	test -f ana/adjustment-model.xml &&
	test "$(git -C ana symbolic-ref HEAD)" = refs/heads/main &&
	test "$(git -C ana config remote.origin.url)" = "$TEST_SCRATCH/fed.git" &&
	test "$(git -C ana config branch.main.remote)" = origin &&
	test "$(git -C ana rev-parse HEAD)" = "$(git -C fed.git rev-parse main)" &&
	test -z "$(git -C ana status --porcelain)" &&
	(cd ana && clause round list) | grep "round/1" &&
	(cd ana && clause validate)
'

test_expect 'clone makes the directory with the usual mode, no hidden leftovers' '
	test "$(stat -c %a ana)" = "$(mkdir modeprobe && stat -c %a modeprobe)" &&
	test -z "$(ls -a | grep "clone-")"
'

test_expect 'clone over file:// into the default directory' '
	mkdir sub && (cd sub && clause clone -q "file://$TEST_SCRATCH/fed.git" >../out 2>../err) &&
	test ! -s out && test ! -s err &&
	test -f sub/fed/guardrail-model.xml &&
	test "$(git -C sub/fed rev-parse HEAD)" = "$(git -C fed.git rev-parse main)"
'

test_expect 'clone into a non-empty directory: exit 1, nothing touched' '
	mkdir busy && echo keep >busy/file &&
	test_must_fail 1 clause clone fed.git busy 2>err &&
	grep "^clause: destination .busy. already exists" err &&
	test "$(ls -A busy)" = file
'

test_expect 'clone into an empty directory works' '
	mkdir empty && clause clone -q fed.git empty && test -d empty/.git
'

test_expect 'clone into DIR/ with a trailing slash, and into an absolute path' '
	clause clone -q fed.git slashed/ && test -d slashed/.git &&
	mkdir deep && clause clone -q fed.git "$TEST_SCRATCH/deep/lib" &&
	test -d deep/lib/.git &&
	test -z "$(ls -a . deep | grep "clone-")"
'

test_expect 'clone of a missing repository: 128, nothing left behind' '
	test_must_fail 128 clause clone no-such.git gone 2>err &&
	grep "^clause: cannot clone .no-such.git." err &&
	test ! -e gone && test -z "$(ls -a | grep "clone-")"
'

test_expect 'a clone with invalid documents warns, exits 0' '
	git clone -q fed.git badwork &&
	sed "s/category=\"adjustment.notice\"/category=\"adjustment.notise\"/" \
		badwork/adjustment-model.xml >badwork/x && mv badwork/x badwork/adjustment-model.xml &&
	git -C badwork commit -q -am "bad category" &&
	git clone -q --bare badwork bad.git &&
	clause clone bad.git badclone 2>err &&
	grep "adjustment-model.xml:[0-9]*:[0-9]*: .*adjustment.notise" err &&
	grep "^clause: warning: 1 problem" err &&
	test -f badclone/adjustment-model.xml
'

test_expect 'remote add, list (text and JSON), remove' '
	(cd ana && clause remote add mirror ../fed.git) &&
	(cd ana && clause remote list >../out) &&
	printf "mirror\t%s\norigin\t%s\n" "$TEST_SCRATCH/fed.git" "$TEST_SCRATCH/fed.git" >expect &&
	test_cmp expect out &&
	test "$(git -C ana config remote.mirror.fetch)" = "+refs/heads/*:refs/remotes/mirror/*" &&
	(cd ana && clause remote list --format=json) | python3 -c "
import json, sys
d = json.load(sys.stdin)
assert [r[\"name\"] for r in d] == [\"mirror\", \"origin\"], d
" &&
	(cd ana && clause remote remove mirror) &&
	(cd ana && clause remote list >../out) &&
	test $(wc -l <out) = 1
'

test_expect 'remote errors: exists (1), unknown (1), bad name and usage (129)' '
	(cd ana && test_must_fail 1 clause remote add origin ../fed.git 2>../err) &&
	grep "^clause: remote .origin. already exists" err &&
	(cd ana && test_must_fail 1 clause remote remove nope 2>../err) &&
	grep "^clause: no remote named .nope." err &&
	(cd ana && test_must_fail 129 clause remote add "bad name" x) &&
	(cd ana && test_must_fail 129 clause remote add onlyname) &&
	(cd ana && test_must_fail 129 clause remote frob) &&
	(cd ana && test_must_fail 129 clause remote)
'

test_expect 'push sends the branch; round tags only with --rounds' '
	retitle ana/guardrail-model.xml ana1 &&
	(cd ana && clause commit -m "Ana retitles" >/dev/null) &&
	(cd ana && clause round add -m "Ana round" 2) &&
	(cd ana && clause push 2>../err) &&
	grep "^clause: pushed 1 ref" err &&
	grep -x "clause: 1 round stayed here (the remote lacks it): clause push --rounds sends it" err &&
	test "$(git -C fed.git rev-parse main)" = "$(git -C ana rev-parse HEAD)" &&
	test "$(git -C ana rev-parse origin/main)" = "$(git -C ana rev-parse HEAD)" &&
	test -z "$(git -C fed.git tag -l round/2)" &&
	(cd ana && clause push --rounds 2>../err) &&
	test "$(git -C fed.git rev-parse round/2)" = "$(git -C ana rev-parse round/2)" &&
	(cd ana && clause push --rounds 2>../err) &&
	grep "everything up to date" err &&
	(cd ana && clause push 2>../err) &&
	! grep "round" err
'

test_expect 'fetch brings new commits into origin/main only' '
	clause clone -q fed.git ben &&
	retitle ana/neutrality-model.xml ana2 &&
	(cd ana && clause commit -m "Ana again" >/dev/null && clause push -q) &&
	before=$(git -C ben rev-parse HEAD) &&
	(cd ben && clause fetch 2>../err) &&
	grep "^clause: origin/main: $(git -C ben rev-parse --short=7 HEAD)\.\.$(git -C ana rev-parse --short=7 HEAD)\$" err &&
	test "$(git -C ben rev-parse HEAD)" = "$before" &&
	test "$(git -C ben rev-parse origin/main)" = "$(git -C ana rev-parse HEAD)" &&
	(cd ben && clause fetch origin 2>../err && clause fetch --all && clause fetch -q) &&
	test ! -s err
'

test_expect 'fetch from an unknown remote: 1; usage errors: 129' '
	(cd ben && test_must_fail 1 clause fetch nope 2>../err) &&
	grep "^clause: no remote named .nope." err &&
	(cd ben && test_must_fail 129 clause fetch --all origin) &&
	(cd ben && test_must_fail 129 clause fetch a b)
'

test_expect 'pull fast-forwards the branch and the work tree' '
	(cd ben && clause pull 2>../err) &&
	grep "^clause: fast-forward [0-9a-f]*\.\.[0-9a-f]*" err &&
	test "$(git -C ben rev-parse HEAD)" = "$(git -C ana rev-parse HEAD)" &&
	grep "(ana2)" ben/neutrality-model.xml &&
	test -z "$(git -C ben status --porcelain)" &&
	(cd ben && clause pull 2>../err) &&
	grep "^clause: already up to date" err
'

test_expect 'pull keeps a local change the update does not touch' '
	retitle ana/neutrality-model.xml ana3 &&
	(cd ana && clause commit -m "Ana three" >/dev/null && clause push -q) &&
	retitle ben/adjustment-model.xml local &&
	(cd ben && clause pull -q) &&
	grep "(ana3)" ben/neutrality-model.xml &&
	grep "(local)" ben/adjustment-model.xml &&
	git -C ben checkout -q -- adjustment-model.xml
'

test_expect 'pull refuses to overwrite a local change: 1, nothing changed' '
	retitle ana/neutrality-model.xml ana4 &&
	(cd ana && clause commit -m "Ana four" >/dev/null && clause push -q) &&
	retitle ben/neutrality-model.xml mine &&
	(cd ben && clause fetch -q 2>../err) &&
	test ! -s err &&
	state ben >before &&
	cp ben/neutrality-model.xml mine.xml &&
	(cd ben && test_must_fail 1 clause pull 2>../err) &&
	grep "^clause: local changes to .neutrality-model.xml. would be overwritten" err &&
	state ben >after &&
	test_cmp before after &&
	cmp mine.xml ben/neutrality-model.xml &&
	git -C ben checkout -q -- neutrality-model.xml &&
	(cd ben && clause pull -q) &&
	grep "(ana4)" ben/neutrality-model.xml
'

test_expect 'a diverged push is refused; pull then merges clause by clause' '
	retitle ana/guardrail-model.xml ana5 &&
	(cd ana && clause commit -m "Ana five" >/dev/null && clause push -q) &&
	retitle ben/adjustment-model.xml ben1 &&
	(cd ben && clause commit -m "Ben one" >/dev/null) &&
	(cd ben && clause fetch -q) &&
	state ben >before &&
	fed_before=$(git -C fed.git rev-parse main) &&
	(cd ben && test_must_fail 1 clause push 2>../err) &&
	grep "^clause: refused: refs/heads/main: non-fast-forward" err &&
	grep "^clause: the remote .origin. refused 1 ref" err &&
	state ben >after &&
	test_cmp before after &&
	test "$(git -C fed.git rev-parse main)" = "$fed_before" &&
	(cd ben && clause pull 2>../err) &&
	grep "^clause: merged, now at" err &&
	grep "(ana5)" ben/guardrail-model.xml && grep "(ben1)" ben/adjustment-model.xml &&
	test "$(git -C ben rev-list --parents -n 1 HEAD | wc -w)" -eq 3 &&
	(cd ben && clause push -q) && (cd ana && clause pull -q)
'

test_expect 'push before fetching: refused as fetch first, nothing changed' '
	retitle ana/guardrail-model.xml ana6 &&
	(cd ana && clause commit -m "Ana six" >/dev/null && clause push -q) &&
	state ben >before &&
	(cd ben && test_must_fail 1 clause push 2>../err) &&
	grep "^clause: refused: refs/heads/main: fetch first" err &&
	state ben >after &&
	test_cmp before after
'

test_expect 'a round that exists with another value is refused by name' '
	(cd ben && git reset -q --hard origin/main) &&
	git -C fed.git tag round/3 main~1 &&
	(cd ben && clause round add -m "Ben three" 3) &&
	(cd ben && test_must_fail 1 clause push --rounds 2>../err) &&
	grep "^clause: refused: refs/tags/round/3: already exists" err &&
	test "$(git -C fed.git rev-parse round/3)" = "$(git -C fed.git rev-parse main~1)"
'

test_expect 'pull with NAME BRANCH, and errors for unknown ones' '
	git -C fed.git branch draft main~1 &&
	clause clone -q fed.git cy &&
	(cd cy && git checkout -q -b draft main~1 && clause pull origin draft 2>../err) &&
	grep "already up to date" err &&
	(cd cy && test_must_fail 1 clause pull origin nobranch 2>../err) &&
	grep "^clause: remote .origin. has no branch .nobranch." err &&
	(cd cy && test_must_fail 1 clause pull nope 2>../err) &&
	grep "^clause: no remote named .nope." err &&
	(cd cy && test_must_fail 129 clause pull a b c)
'

test_expect 'pull into a library with no commits yet' '
	clause init -q fresh &&
	(cd fresh && clause remote add origin ../fed.git && clause pull -q origin main) &&
	test "$(git -C fresh rev-parse HEAD)" = "$(git -C fed.git rev-parse main)" &&
	test -f fresh/adjustment-model.xml
'

test_expect 'push a named branch to a named remote' '
	(cd ana && git checkout -q -b topic && retitle guardrail-model.xml topic &&
	 clause commit -m "On topic" >/dev/null && clause push origin topic 2>../err) &&
	test "$(git -C fed.git rev-parse topic)" = "$(git -C ana rev-parse topic)" &&
	git -C ana checkout -q main &&
	(cd ana && test_must_fail 1 clause push origin nosuch 2>../err) &&
	grep "^clause: no branch .nosuch. to push" err
'

# --- interop with stock git -------------------------------------------

test_expect 'a library pushed by clause is cloned, logged and fsckd by git' '
	git clone -q fed.git viagit &&
	git -C viagit log --format=%s >log &&
	grep -x "Ana six" log &&
	grep -x "Model library" log &&
	git -C viagit fsck --strict &&
	git -C fed.git fsck --strict &&
	git -C viagit ls-remote --tags origin | grep "refs/tags/round/2"
'

test_expect 'commits pushed by git are pulled and validated by clause' '
	retitle viagit/guardrail-model.xml bygit &&
	git -C viagit commit -q -am "Pushed with git" &&
	git -C viagit push -q origin main &&
	(cd ana && clause pull -q) &&
	grep "(bygit)" ana/guardrail-model.xml &&
	(cd ana && clause validate) &&
	(cd ana && clause log -n 1) | grep "Pushed with git" &&
	git -C ana fsck --strict
'

test_expect 'remote added by clause is used by git; by git, by clause' '
	(cd ana && clause remote add viaclause ../fed.git) &&
	git -C ana fetch -q viaclause &&
	git -C ana remote add viagitremote ../fed.git &&
	(cd ana && clause fetch -q viagitremote) &&
	test "$(git -C ana rev-parse viagitremote/main)" = "$(git -C fed.git rev-parse main)"
'

test_expect 'progress is drawn on a terminal only, and not with -q' '
	command -v script >/dev/null || { echo "no script(1)"; exit 0; }
	script -qec "$CLAUSE clone file://$TEST_SCRATCH/fed.git tty1" /dev/null >tty.out &&
	grep "checking out files" tty.out &&
	script -qec "$CLAUSE clone -q file://$TEST_SCRATCH/fed.git tty2" /dev/null >tty.out &&
	! grep "objects\|checking out" tty.out &&
	clause clone "file://$TEST_SCRATCH/fed.git" tty3 2>err &&
	! grep "objects\|checking out" err
'

test_expect 'remote commands outside a library: 128' '
	mkdir nolib && (cd nolib && test_must_fail 128 clause fetch &&
	 test_must_fail 128 clause push && test_must_fail 128 clause pull &&
	 test_must_fail 128 clause remote list)
'

test_done
