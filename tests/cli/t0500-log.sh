#!/bin/sh
# t0500-log: clause log and clause show @REV over a four-round negotiation
# kept in ONE document (tech.xml, id riverbend) that is overwritten round by
# round and moved to a subdirectory in between.
. "$CLAUSE_TOP/tests/cli/lib.sh"

json_ok() { python3 -c 'import json,sys; json.loads(sys.stdin.buffer.read().decode("utf-8"))'; }

NEG="$CLAUSE_TOP/clauses/negotiation"
# The negotiation files, found by their <round name="..."> in the metadata.
round_file() { grep -l "<round name=\"$1\"" "$NEG"/*.xml | head -n 1; }
R1=$(round_file 1)
R2=$(round_file 2)
R3=$(round_file 3)
TA=$(round_file TA)
# put SRC DEST: the round's text, but always with the document id riverbend.
put() {
	sed 's/\(<agreement [^>]*\) id="[^"]*"/\1 id="riverbend"/' "$1" >"$2"
}

new_library lib
cp "$CLAUSE_TOP"/clauses/models/*.xml lib/
cd lib
{
	clause commit -m "Models" &&
	put "$R1" tech.xml && clause commit -m "Round 1: union proposal" &&
	clause round add 1 -m "Union opens" --party union &&
	put "$R2" tech.xml && clause commit -m "Round 2: employer counter" &&
	clause round add 2 --party employer &&
	mkdir -p riverbend && git mv tech.xml riverbend/tech.xml &&
	clause commit -m "Move tech.xml into riverbend/" &&
	put "$R3" riverbend/tech.xml && clause commit -m "Round 3: union revision" &&
	clause round add 3 --party union &&
	put "$TA" riverbend/tech.xml && clause commit -m "Tentative agreement" &&
	clause round add TA --party joint
} >"$TEST_SCRATCH/setup.log" 2>&1
setup=$?
cd "$TEST_SCRATCH"
c_models=$(git -C lib rev-parse HEAD~5 | cut -c1-7)
c_r1=$(git -C lib rev-parse HEAD~4 | cut -c1-7)
c_r2=$(git -C lib rev-parse HEAD~3 | cut -c1-7)
c_mv=$(git -C lib rev-parse HEAD~2 | cut -c1-7)
c_r3=$(git -C lib rev-parse HEAD~1 | cut -c1-7)
c_ta=$(git -C lib rev-parse HEAD | cut -c1-7)

test_expect 'setup: four rounds committed and tagged, one move' '
	cat setup.log &&
	test $setup = 0 &&
	test -n "$R1" && test -n "$R2" && test -n "$R3" && test -n "$TA" &&
	test "$(git -C lib rev-list --count HEAD)" = 6 &&
	test $(git -C lib tag -l "round/*" | wc -l) = 4 &&
	git -C lib diff --name-status -M HEAD~3 HEAD~2 | grep "^R100" &&
	(cd lib && clause validate)
'

# The renumbered clause, from the header comments of the negotiation files.
test_expect 'setup: the header comments say discipline was only renumbered' '
	grep "discipline *RENUMBERED 15.2 -> 15.3" "$R2" &&
	grep "discipline *unchanged" "$R3" &&
	grep "discipline *unchanged" "$TA"
'

test_expect 'log of a clause changed in every round: exactly those 4 commits' '
	(cd lib && clause log riverbend/notice >../out) &&
	cat out &&
	test $(wc -l <out) = 4 &&
	grep "^$c_ta .* modified .*Tentative agreement  *(round/TA)$" out &&
	grep "^$c_r3 .* modified .*Round 3: union revision  *(round/3)$" out &&
	grep "^$c_r2 .* modified .*Round 2: employer counter  *(round/2)$" out &&
	grep "^$c_r1 .* added .*Round 1: union proposal  *(round/1)$" out &&
	! grep "^$c_mv" out &&
	! grep "^$c_models" out
'

test_expect 'log of a clause: newest first, with its path at each commit' '
	(cd lib && clause log riverbend/notice >../out) &&
	cut -c1-7 out >order &&
	printf "%s\n" $c_ta $c_r3 $c_r2 $c_r1 >expect &&
	test_cmp expect order &&
	grep "^$c_ta .*riverbend/tech.xml" out &&
	grep "^$c_r1 .* tech.xml" out
'

test_expect 'a clause only renumbered (discipline 15.2 -> 15.3) has no entry for it' '
	(cd lib && clause log riverbend/discipline >../out) &&
	cat out &&
	test $(wc -l <out) = 1 &&
	grep "^$c_r1 .* added " out &&
	grep "(round/1, round/2, round/3, round/TA)" out
'

test_expect 'a clause unchanged in the TA: 3 entries, round 3 and TA on one' '
	(cd lib && clause log riverbend/moratorium >../out) &&
	test $(wc -l <out) = 3 &&
	grep "^$c_r3 .* modified .*(round/3, round/TA)$" out &&
	! grep "^$c_ta" out
'

test_expect 'a clause dropped in round 2 shows added then removed' '
	(cd lib && clause log riverbend/gain-sharing >../out) &&
	cat out &&
	test $(wc -l <out) = 2 &&
	grep "^$c_r2 .* removed " out &&
	grep "^$c_r1 .* added .*(round/1)$" out
'

test_expect 'a clause added in round 3 starts there' '
	(cd lib && clause log riverbend/worker-data >../out) &&
	test $(wc -l <out) = 2 &&
	grep "^$c_r3 .* added .*(round/3)$" out &&
	grep "^$c_ta .* modified .*(round/TA)$" out
'

test_expect 'log of the document lists the commits that changed it, not the move' '
	(cd lib && clause log riverbend >../out) &&
	cat out &&
	grep "^$c_ta .* modified " out &&
	grep "^$c_r3 .* modified " out &&
	grep "^$c_r2 .* modified " out &&
	grep "^$c_r1 .* added " out &&
	! grep "^$c_models" out &&
	! grep "^$c_mv" out &&
	test $(wc -l <out) = 4
'

test_expect 'log of a model document: only its own commit' '
	(cd lib && clause log adjustment-model >../out) &&
	test $(wc -l <out) = 1 &&
	grep "^$c_models .* added .*Models" out
'

test_expect 'log of the library lists every commit' '
	(cd lib && clause log >../out) &&
	cat out &&
	test $(wc -l <out) = 6 &&
	cut -c1-7 out >order &&
	printf "%s\n" $c_ta $c_r3 $c_mv $c_r2 $c_r1 $c_models >expect &&
	test_cmp expect order &&
	grep "^$c_r1 .*(round/1)" out
'

test_expect 'log in a subdirectory lists only commits touching documents there' '
	(cd lib/riverbend && clause log >../../out) &&
	cut -c1-7 out >order &&
	printf "%s\n" $c_ta $c_r3 $c_mv >expect &&
	test_cmp expect order
'

new_library side
mkdir side/neg
cp "$CLAUSE_TOP"/clauses/models/*.xml side/
cp "$R1" "$R2" side/neg/
(cd side && clause commit -m "Rounds 1 and 2 side by side" >/dev/null 2>&1)
cp "$R3" "$TA" side/neg/
(cd side && clause commit -m "Round 3 and the TA side by side" >/dev/null 2>&1)
id_of() { sed -n 's/.*<agreement [^>]* id="\([^"]*\)".*/\1/p' "$1" | head -n 1; }

test_expect 'documents side by side sharing clause ids have separate histories' '
	r2=$(id_of "$R2") && ta=$(id_of "$TA") &&
	(cd side && clause log $r2/notice >../out) &&
	test $(wc -l <out) = 1 &&
	grep " added .*Rounds 1 and 2 side by side" out &&
	(cd side && clause log $ta/notice >../out) &&
	test $(wc -l <out) = 1 &&
	grep " added .*Round 3 and the TA side by side" out
'

new_library revert
cp "$CLAUSE_TOP"/clauses/models/*.xml revert/
(
	cd revert &&
	clause commit -m "v1: 180 days" && clause round add 1 &&
	sed -i "s|<quantity unit=\"days\">180</quantity>|<quantity unit=\"days\">60</quantity>|" adjustment-model.xml &&
	clause commit -m "v2: 60 days" && clause round add 2 &&
	git show HEAD~1:adjustment-model.xml >adjustment-model.xml &&
	clause commit -m "v3: back to 180 days" && clause round add 3
) >revert.log 2>&1

test_expect 'a clause restored to an earlier text: each round stays on its own commit' '
	cat revert.log &&
	(cd revert && clause log adjustment-model/notice >../out) &&
	cat out &&
	test $(wc -l <out) = 3 &&
	grep "v3: back to 180 days  *(round/3)$" out &&
	grep "v2: 60 days  *(round/2)$" out &&
	grep "v1: 180 days  *(round/1)$" out
'

test_expect 'a document restored to an earlier text: each round stays on its own commit' '
	(cd revert && clause log adjustment-model >../out) &&
	cat out &&
	grep "v3: back to 180 days  *(round/3)$" out &&
	grep "v1: 180 days  *(round/1)$" out
'

test_expect 'log of an unknown address exits 1' '
	(cd lib && test_must_fail 1 clause log nosuch/x >../out 2>../err) &&
	test ! -s out &&
	grep "^clause: " err &&
	(cd lib && test_must_fail 1 clause log nosuch) &&
	(cd lib && test_must_fail 1 clause log riverbend/no-such-clause)
'

test_expect 'log address and option errors are usage errors' '
	(cd lib &&
	 test_must_fail 129 clause log a/b/c &&
	 test_must_fail 129 clause log riverbend/ &&
	 test_must_fail 129 clause log -n 0 &&
	 test_must_fail 129 clause log -n x &&
	 test_must_fail 129 clause log --format=yaml &&
	 test_must_fail 129 clause log riverbend notice)
'

test_expect 'log -n 1 limits the output' '
	(cd lib && clause log -n 1 riverbend/notice >../out) &&
	test $(wc -l <out) = 1 &&
	grep "^$c_ta " out &&
	(cd lib && clause log -n 2 >../out) &&
	test $(wc -l <out) = 2 &&
	(cd lib && clause log --max-count=1 riverbend >../out) &&
	test $(wc -l <out) = 1
'

test_expect 'log --rev starts from an older commit' '
	(cd lib && clause log --rev round/2 riverbend/notice >../out) &&
	test $(wc -l <out) = 2 &&
	grep "^$c_r2 " out
'

test_expect 'log --rev round/2 of the library: later rounds are not listed' '
	(cd lib && clause log --rev round/2 >../out) &&
	cat out &&
	test $(wc -l <out) = 3 &&
	grep "^$c_r2 .*Round 2: employer counter  *(round/2)$" out &&
	! grep -e "round/3" -e "round/TA" out
'

test_expect 'log --format=json parses and has the fields' '
	(cd lib && clause log --format=json riverbend/notice >../out) &&
	json_ok <out &&
	python3 -c "
import json
d = json.load(open(\"out\"))
assert len(d) == 4, d
assert [e[\"change\"] for e in d] == [\"modified\"] * 3 + [\"added\"], d
assert [e[\"rounds\"] for e in d] == [[\"TA\"], [\"3\"], [\"2\"], [\"1\"]], d
assert all(e[\"author\"] == \"Test Negotiator\" for e in d), d
assert d[0][\"path\"] == \"riverbend/tech.xml\", d[0]
assert d[-1][\"path\"] == \"tech.xml\", d[-1]
assert d[0][\"num\"] == \"14.2\", d[0]
" &&
	(cd lib && clause log --format=json >../out) && json_ok <out &&
	(cd lib && clause log --format=json riverbend >../out) && json_ok <out
'

# --- show at a revision ----------------------------------------------------

test_expect 'show DOC/CLAUSE@round/1 and @1 print the round-1 text' '
	(cd lib && clause show riverbend/notice@round/1 >../r1a) &&
	(cd lib && clause show riverbend/notice@1 >../r1b) &&
	test_cmp r1a r1b &&
	grep "180 days" r1a &&
	grep "14 days" r1a &&
	grep "riverbend/notice" r1a &&
	(cd lib && clause show riverbend/notice >../now) &&
	grep "90 days" now &&
	! grep "180 days" now
'

test_expect 'show @REV follows the file: round 2 text from the old path' '
	(cd lib && clause show riverbend/notice@round/2 >../out) &&
	grep "60" out &&
	(cd lib && clause show riverbend/discipline@1 >../out) &&
	grep "^15.2 " out &&
	(cd lib && clause show riverbend/discipline@2 >../out) &&
	grep "^15.3 " out
'

test_expect 'show a clause that was dropped: present at round 1, gone later' '
	(cd lib && clause show riverbend/gain-sharing@1 >/dev/null) &&
	(cd lib && test_must_fail 1 clause show riverbend/gain-sharing 2>../err) &&
	grep "^clause: " err
'

test_expect 'show DOC@HEAD~1 --format=xml prints XML that xmllint accepts' '
	(cd lib && clause show riverbend@HEAD~1 --format=xml >../out.xml) &&
	xmllint --noout out.xml &&
	xmllint --noout --schema "$CLAUSE_TOP/schemas/clause.xsd" out.xml &&
	git -C lib show HEAD~1:riverbend/tech.xml | cmp - out.xml
'

test_expect 'show DOC/CLAUSE --format=xml prints well-formed XML' '
	(cd lib && clause show riverbend/notice@3 --format=xml >../out.xml) &&
	xmllint --noout out.xml &&
	grep "<quantity unit=\"days\">120</quantity>" out.xml
'

test_expect 'show or log with a revision that does not resolve: 128' '
	(cd lib && test_must_fail 128 clause show riverbend@no-such-rev >../out 2>../err) &&
	test ! -s out &&
	grep "^clause: .*no-such-rev" err &&
	(cd lib && test_must_fail 128 clause log --rev no-such-rev riverbend 2>../err) &&
	grep "^clause: .*no-such-rev" err
'

test_expect 'log in a library without commits: 128 with a message' '
	new_library nocommits &&
	(cd nocommits && test_must_fail 128 clause log >../out 2>../err) &&
	test ! -s out &&
	grep "^clause: " err
'

test_done
