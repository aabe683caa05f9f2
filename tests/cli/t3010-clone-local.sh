#!/bin/sh
# t3010-clone-local: clones from this machine copy the object database
# (a path hardlinks it, as git does; file:// copies it) instead of
# packing every object through libgit2's local transport.  The clone is
# a whole, independent library: every round and commit, origin and its
# remote-tracking refs, usable for fetch, pull and push afterwards.
# Fetches from this machine copy only the objects that are new, where
# libgit2's transport sent every round's whole tree again.
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

# --- fetch from this machine -------------------------------------------

# Objects reachable from $2 but not from $3 in repository $1.
new_objects() {
	git -C "$1" rev-list --objects "$2" --not "$3" | cut -d" " -f1 | sort
}
# Loose objects of repository $1.
loose_objects() {
	(cd "$1/.git/objects" && find ?? -type f 2>/dev/null | tr -d / | sort)
}

test_expect 'a fetch over file:// copies only the new objects, no pack' '
	clause clone -q "file://$TEST_SCRATCH/mixed.git" fz &&
	loose_objects fz >loose.before &&
	ls fz/.git/objects/pack >packs.before &&
	old=$(git -C mixed.git rev-parse main) &&
	retitle fx/adjustment-model.xml four &&
	(cd fx && clause commit -m "Fourth" >/dev/null && clause round add 4 &&
	 clause push -q --rounds) &&
	(cd fz && clause fetch 2>../err) &&
	grep "^clause: origin/main: " err &&
	c=$(git -C mixed.git rev-parse "round/4^{commit}" | cut -c1-7) &&
	grep "^clause: round/4: $c (new)" err &&
	(cd fz && clause round list) | grep "$c" &&
	ls fz/.git/objects/pack >packs.after &&
	test_cmp packs.before packs.after &&
	loose_objects fz >loose.after &&
	comm -13 loose.before loose.after >copied &&
	{ new_objects mixed.git main "$old"; git -C mixed.git rev-parse round/4; } |
		sort >expect &&
	test_cmp expect copied &&
	test "$(git -C fz rev-parse origin/main)" = "$(git -C mixed.git rev-parse main)" &&
	test "$(git -C fz rev-parse round/4)" = "$(git -C mixed.git rev-parse round/4)" &&
	git -C fz fsck --strict &&
	(cd fz && clause pull -q) &&
	grep "(four)" fz/adjustment-model.xml
'

test_expect 'a fetch over a path copies only the new objects too' '
	old=$(git -C px rev-parse origin/main) &&
	ls px/.git/objects/pack >packs.before &&
	(cd px && clause pull -q) &&
	ls px/.git/objects/pack >packs.after &&
	test_cmp packs.before packs.after &&
	test "$(git -C px rev-parse HEAD)" = "$(git -C mixed.git rev-parse main)" &&
	git -C px rev-parse --verify -q refs/tags/round/4 &&
	git -C px fsck --strict
'

test_expect 'a first pull into an empty library brings every object and round' '
	clause init -q blank &&
	(cd blank && clause remote add origin "file://$TEST_SCRATCH/mixed.git" &&
	 clause pull -q origin main) &&
	objects_of mixed.git >expect && objects_of blank >actual && test_cmp expect actual &&
	tags_of mixed.git >expect && tags_of blank >actual && test_cmp expect actual &&
	test "$(git -C blank rev-parse HEAD)" = "$(git -C mixed.git rev-parse main)" &&
	git -C blank fsck --strict && (cd blank && clause validate)
'

test_expect 'a ref outside branches and tags still comes, through the transport' '
	git -C mixed.git update-ref refs/archive/old main~1 &&
	git -C fz config --add remote.origin.fetch "+refs/archive/*:refs/archive/*" &&
	(cd fz && clause fetch -q) &&
	test "$(git -C fz rev-parse refs/archive/old)" = "$(git -C mixed.git rev-parse main~1)" &&
	git -C fz fsck --strict
'

# The copy stops at an object the remote lacks: every ref stays, and no
# object copied before it lacks what it points to (fsck checks them all).
test_expect 'a fetch that fails midway leaves the refs and a sound database' '
	cp -R mixed.git torn.git &&
	clause clone -q torn.git tc &&
	git clone -q torn.git torn.work &&
	cp "$CLAUSE_TOP"/clauses/models/adjustment-model.xml torn.work/new-a.xml &&
	cp "$CLAUSE_TOP"/clauses/models/neutrality-model.xml torn.work/new-b.xml &&
	sed -i "s/<title>/<title>Other /" torn.work/new-a.xml torn.work/new-b.xml &&
	git -C torn.work add . && git -C torn.work commit -q -m "Two new" &&
	git -C torn.work push -q origin main &&
	blob=$(git -C torn.git rev-parse main:new-b.xml) &&
	rm -f "torn.git/objects/$(echo $blob | cut -c1-2)/$(echo $blob | cut -c3-)" &&
	git -C tc for-each-ref >refs.before &&
	(cd tc && test_must_fail 128 clause fetch 2>../err) &&
	grep "^clause: cannot fetch from .origin." err &&
	git -C tc for-each-ref >refs.after &&
	test_cmp refs.before refs.after &&
	git -C tc fsck --strict
'

test_expect 'a fetch that copies shows its count on a terminal only' '
	command -v script >/dev/null || { echo "no script(1)"; exit 0; }
	clause init -q blank2 &&
	(cd blank2 && clause remote add origin "file://$TEST_SCRATCH/mixed.git") &&
	(cd blank2 && script -qec "$CLAUSE fetch" /dev/null >../tty.out) &&
	grep "copying objects: [0-9]*, .*, done" tty.out &&
	clause init -q blank3 &&
	(cd blank3 && clause remote add origin "file://$TEST_SCRATCH/mixed.git" &&
	 clause fetch 2>../err) &&
	! grep "copying" err
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

test_expect 'a hub made by plain git init --bare (HEAD: master), pushed main: the clone has main checked out' '
	git init -q --bare -b master hub.git &&
	clause init -q hubsrc && cp "$CLAUSE_TOP"/clauses/models/*.xml hubsrc/ &&
	(cd hubsrc && clause commit -q -m models && clause remote add origin ../hub.git &&
	 clause push -q origin main) &&
	test "$(git -C hub.git symbolic-ref HEAD)" = refs/heads/master &&
	clause clone -q hub.git hubcopy &&
	test -f hubcopy/adjustment-model.xml &&
	test "$(git -C hubcopy symbolic-ref HEAD)" = refs/heads/main &&
	test "$(git -C hubcopy rev-parse HEAD)" = "$(git -C hub.git rev-parse main)" &&
	test -z "$(git -C hubcopy status --porcelain)" &&
	(cd hubcopy && clause validate -q && sed -i "s/<title>/<title>Hub /" adjustment-model.xml &&
	 clause commit -q -m hub && clause push -q) &&
	test "$(git -C hub.git rev-parse main)" = "$(git -C hubcopy rev-parse HEAD)"
'

test_expect 'a hub with only a branch of another name: that one is checked out' '
	git init -q --bare -b master hub2.git &&
	(cd hubsrc && clause remote add hub2 ../hub2.git && git push -q ../hub2.git main:drafts) &&
	clause clone -q hub2.git hub2copy &&
	test "$(git -C hub2copy symbolic-ref HEAD)" = refs/heads/drafts &&
	test -f hub2copy/adjustment-model.xml
'

test_done
