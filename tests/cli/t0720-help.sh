#!/bin/sh
# t0720-help.sh: clause help [COMMAND], and a mistyped command gets a
# "did you mean".
. "$CLAUSE_TOP/tests/cli/lib.sh"

test_expect "clause help is clause --help; clause help CMD is CMD --help" '
	clause help >help.out && clause --help >dash.out && test_cmp dash.out help.out &&
	clause help import >imp.out && clause import --help >imp2.out &&
	test_cmp imp2.out imp.out &&
	grep -q "^usage: clause import " imp.out
'

test_expect "a mistyped command is a usage error with the nearest commands" '
	test_must_fail 129 clause serch cameras 2>err &&
	grep -q "clause: .serch. is not a clause command (did you mean .search." err &&
	test_must_fail 129 clause help nosuch 2>err &&
	grep -q "nosuch. is not a clause command (see clause --help)" err &&
	test_must_fail 129 clause imprt x.docx 2>err &&
	grep -q "did you mean .import.?" err
'

test_expect "remote rm is remote remove, as in git" '
	new_library lib && git init -q --bare hub.git &&
	(cd lib && clause remote add up "$TEST_SCRATCH/hub.git" &&
	 git remote | grep -qx up &&
	 clause remote rm up && ! git remote | grep -qx up &&
	 test_must_fail 1 clause remote rm up 2>../err) &&
	grep -q "no remote named .up." err
'

test_done
