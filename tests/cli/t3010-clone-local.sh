#!/bin/sh
# t3010-clone-local: clones from this machine copy the object database
# (a path hardlinks it, as git does; file:// copies it) instead of
# packing every object through libgit2's local transport.  The clone is
# a whole, independent library: every round and commit, origin and its
# remote-tracking refs, usable for fetch, pull and push afterwards.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

retitle() {
	sed -i "s|<title>\([^<]*\)</title>|<title>\1 ($2)</title>|" "$1"
}

# Refs and objects of a repository, to compare a clone with its source:
# every tag, annotated ones peeled too, and every reachable object.
tags_of() {
	git -C "$1" for-each-ref --format='%(refname) %(objectname) %(*objectname)' refs/tags
}
objects_of() {
	git -C "$1" rev-list --objects --all | cut -d" " -f1 | sort
}

# mixed.git: a bare library with two annotated rounds whose objects are
# partly in a pack (round/1) and partly loose (round/2 and after).
make_bare mixed.git &&
git -C mixed.git gc -q &&
git clone -q mixed.git mixed.work &&
retitle mixed.work/guardrail-model.xml two &&
(cd mixed.work && clause commit -m "Second round" >/dev/null &&
 clause round add -m "Round two" 2) &&
# git's receive-pack keeps a small push as loose objects.
git -C mixed.work push -q origin main round/2 &&
rm -rf mixed.work
loose=$(cd mixed.git/objects && ls -d ?? | head -n 1)

test_expect 'the source has packed and loose objects, and annotated rounds' '
	ls mixed.git/objects/pack/*.pack &&
	test -n "$loose" &&
	test "$(git -C mixed.git cat-file -t round/1)" = tag &&
	test "$(git -C mixed.git cat-file -t round/2)" = tag
'

test_expect 'clone over file:// has every round, commit and object' '
	clause clone -q "file://$TEST_SCRATCH/mixed.git" fx &&
	tags_of mixed.git >expect && tags_of fx >actual && test_cmp expect actual &&
	objects_of mixed.git >expect && objects_of fx >actual && test_cmp expect actual &&
	git -C fx rev-parse --verify -q refs/tags/round/1 &&
	test "$(git -C fx rev-parse HEAD)" = "$(git -C mixed.git rev-parse main)" &&
	test "$(git -C fx rev-parse origin/main)" = "$(git -C mixed.git rev-parse main)" &&
	test "$(git -C fx symbolic-ref HEAD)" = refs/heads/main &&
	test "$(git -C fx symbolic-ref refs/remotes/origin/HEAD)" = refs/remotes/origin/main &&
	test "$(git -C fx config remote.origin.url)" = "file://$TEST_SCRATCH/mixed.git" &&
	test "$(git -C fx config branch.main.merge)" = refs/heads/main &&
	test -z "$(git -C fx status --porcelain)" &&
	grep "(two)" fx/guardrail-model.xml &&
	git -C fx fsck --strict &&
	(cd fx && clause round list) >rounds && grep round/1 rounds && grep round/2 rounds
'

# Copied, not packed anew: the source pack and loose objects are there
# by name.  Copied, not linked: no object file shares its inode.
test_expect 'file:// copies the object files, and links none of them' '
	(cd mixed.git/objects && find pack ?? -type f | sort) >expect &&
	(cd fx/.git/objects && find pack ?? -type f | sort) >actual &&
	test_cmp expect actual &&
	test -z "$(find fx/.git/objects -type f -links +1)"
'

test_expect 'a path hardlinks the object files, as git does' '
	clause clone -q mixed.git px &&
	objects_of mixed.git >expect && objects_of px >actual && test_cmp expect actual &&
	tags_of mixed.git >expect && tags_of px >actual && test_cmp expect actual &&
	test -n "$(find px/.git/objects/pack -type f -links +1)" &&
	test "$(git -C px config remote.origin.url)" = "$TEST_SCRATCH/mixed.git"
'

test_expect 'both clones outlive a gc of the source and its removal' '
	cp -R mixed.git gone.git &&
	clause clone -q "file://$TEST_SCRATCH/gone.git" gx &&
	clause clone -q gone.git gp &&
	git -C gone.git gc -q --prune=now &&
	git -C gx fsck --strict && git -C gp fsck --strict &&
	rm -rf gone.git &&
	git -C gx fsck --strict && git -C gp fsck --strict &&
	(cd gx && clause validate && clause log -n 1 >../log) &&
	grep "Second round" log &&
	(cd gp && clause validate)
'

test_expect 'a file:// clone fetches, pulls and pushes through its origin' '
	clause clone -q "file://$TEST_SCRATCH/mixed.git" fy &&
	retitle fx/neutrality-model.xml three &&
	(cd fx && clause commit -m "Third" >/dev/null && clause round add 3 &&
	 clause push -q --rounds) &&
	test "$(git -C mixed.git rev-parse main)" = "$(git -C fx rev-parse HEAD)" &&
	(cd fy && clause fetch 2>../err) &&
	grep "^clause: origin/main: " err &&
	(cd fy && clause pull -q) &&
	test "$(git -C fy rev-parse HEAD)" = "$(git -C fx rev-parse HEAD)" &&
	grep "(three)" fy/neutrality-model.xml &&
	git -C fy rev-parse --verify -q refs/tags/round/3 &&
	git -C fy fsck --strict && git -C mixed.git fsck --strict
'

# git clone --shared leaves objects/info/alternates: a copy would carry
# the borrowing along (and a relative one would point nowhere).
test_expect 'a library that borrows its objects is cloned with its own' '
	git clone -q --bare mixed.git lender.git &&
	git clone -q --bare --shared lender.git borrower.git &&
	echo "../../lender.git/objects" >borrower.git/objects/info/alternates &&
	git -C borrower.git fsck &&
	clause clone -q borrower.git bp &&
	clause clone -q "file://$TEST_SCRATCH/borrower.git" bx &&
	test ! -e bp/.git/objects/info/alternates &&
	test ! -e bx/.git/objects/info/alternates &&
	rm -rf lender.git &&
	git -C bp fsck --strict && git -C bx fsck --strict &&
	tags_of mixed.git >expect && tags_of bx >actual && test_cmp expect actual
'

test_expect 'file://localhost/ and %-escapes name the same library' '
	mkdir "sp ace" && cp -R mixed.git "sp ace/lib.git" &&
	clause clone -q "file://localhost$TEST_SCRATCH/sp%20ace/lib.git" lx &&
	test "$(git -C lx rev-parse HEAD)" = "$(git -C mixed.git rev-parse main)" &&
	(cd lx/.git/objects && find pack -type f | sort) >actual &&
	(cd "sp ace/lib.git/objects" && find pack -type f | sort) >expect &&
	test_cmp expect actual
'

test_expect 'file:// into a non-empty directory: exit 1, nothing touched' '
	mkdir busy && echo keep >busy/file &&
	test_must_fail 1 clause clone "file://$TEST_SCRATCH/mixed.git" busy 2>err &&
	grep "^clause: destination .busy. already exists" err &&
	test "$(ls -A busy)" = file
'

# The copy succeeds, the checkout finds a blob missing: nothing stays.
test_expect 'a clone that fails after the copy leaves nothing behind' '
	cp -R mixed.git broken.git &&
	blob=$(git -C broken.git rev-parse main:guardrail-model.xml) &&
	obj="broken.git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-)" &&
	test -f "$obj" && rm -f "$obj" &&
	test_must_fail 128 clause clone "file://$TEST_SCRATCH/broken.git" bk 2>err &&
	grep "^clause: cannot clone " err &&
	test_must_fail 128 clause clone broken.git bk 2>err &&
	test ! -e bk &&
	test -z "$(ls -a | grep "clone-")"
'

test_expect 'file:// of something that is not a library: 128, nothing left' '
	mkdir plain &&
	test_must_fail 128 clause clone "file://$TEST_SCRATCH/plain" np 2>err &&
	grep "^clause: cannot clone " err &&
	test_must_fail 128 clause clone "file://$TEST_SCRATCH/none" np 2>err &&
	test ! -e np && test -z "$(ls -a | grep "clone-")"
'

test_expect 'a local clone shows the checkout on a terminal only' '
	command -v script >/dev/null || { echo "no script(1)"; exit 0; }
	script -qec "$CLAUSE clone file://$TEST_SCRATCH/mixed.git tty1" /dev/null >tty.out &&
	grep "checking out files: 100% (3/3)" tty.out &&
	script -qec "$CLAUSE clone -q file://$TEST_SCRATCH/mixed.git tty2" /dev/null >tty.out &&
	! grep "checking out" tty.out &&
	clause clone "file://$TEST_SCRATCH/mixed.git" tty3 2>err &&
	! grep "checking out" err
'

test_done
