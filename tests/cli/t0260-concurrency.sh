#!/bin/sh
# t0260-concurrency: several clause processes on one library at once.
# Parallel commits of different documents all land (writers take turns
# through .git/clause/write.lock); searches while the files change never
# see "database is locked"; two pulls at once make one merge.  No update
# is lost, and git fsck is clean after each.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"

clause init -q lib
cp "$CLAUSE_TOP"/clauses/agreements/*.xml lib/
(cd lib && clause commit -q -m base && clause index -q)

test_expect 'eight commits at once, each of its own document: all eight land' '
	(cd lib && ls *.xml | head -8) >files &&
	for f in $(cat files); do
		sed -i "s|<title>\([^<]*\)</title>|<title>\1 (parallel)</title>|" lib/$f
	done
	for f in $(cat files); do
		(cd lib && clause commit -q -m "edit $f" $f 2>../err.$f; echo $? >../rc.$f) &
	done; wait

	test "$(cat rc.* | sort -u)" = 0 &&
	test "$(git -C lib log --format=%s | grep -c "^edit ")" -eq 8 &&
	test -z "$(git -C lib status --porcelain --untracked-files=no)" &&
	git -C lib fsck --strict &&
	for f in $(cat files); do git -C lib show HEAD:$f | grep -q "(parallel)" || exit 1; done
'

test_expect 'searches while documents change: every search answers, none sees a locked database' '
	(i=0; while [ $i -lt 25 ]; do
		sed -i "s|<title>\([^<]*\)</title>|<title>\1 $i</title>|" lib/ibt-ups-2023.xml
		i=$((i + 1)); sleep 0.02
	done) &
	for k in 1 2 3 4; do
		(i=0; while [ $i -lt 12 ]; do
			(cd lib && clause search -n 3 notice >/dev/null 2>>../serr.$k) || echo fail >>fails
			i=$((i + 1))
		done) &
	done; wait &&
	test ! -s fails && ! grep -h . serr.* &&
	(cd lib && clause search -n 3 notice >/dev/null)
'

test_expect 'two pulls at once into one clone: one merge commit, the other up to date' '
	make_bare fed.git &&
	clause clone -q fed.git ana && clause clone -q fed.git ben &&
	sed -i "s|skill or staffing level changes|skill, pay or staffing level changes|" ana/adjustment-model.xml &&
	(cd ana && clause commit -q -m "Ana: pay" && clause push -q) &&
	sed -i "s|<quantity unit=\"days\">14</quantity>|<quantity unit=\"days\">10</quantity>|" ben/adjustment-model.xml &&
	(cd ben && clause commit -q -m "Ben: 10 days") || exit 1
	(cd ben && clause pull 2>../p1.err; echo $? >../p1.rc) &
	(cd ben && clause pull 2>../p2.err; echo $? >../p2.rc) &
	wait

	test "$(cat p1.rc p2.rc)" = "$(printf "0\n0")" &&
	test "$(cat p1.err p2.err | grep -c "^clause: merged, now at")" -eq 1 &&
	test "$(cat p1.err p2.err | grep -c "^clause: already up to date")" -eq 1 &&
	test "$(git -C ben rev-list --parents -n 1 HEAD | wc -w)" -eq 3 &&
	test "$(git -C ben rev-list --count HEAD)" -eq 4 &&
	grep -q "skill, pay or staffing" ben/adjustment-model.xml &&
	grep -q ">10</quantity>" ben/adjustment-model.xml &&
	git -C ben fsck --strict
'

test_done
