#!/bin/sh
# t0730-options: the small things of issue 17 a new user trips on: one
# --color[=WHEN] on every command, -q on the commands that chat, remotes
# on this machine checked when added and pushed to, round names, and the
# message when no identity is configured.
. "$CLAUSE_TOP/tests/cli/lib.sh"

cp -R "$CLAUSE_TOP/clauses" lib &&
git -C lib init -q && git -C lib add -A && git -C lib commit -q -m shipped ||
	exit 1
cl() { "$CLAUSE" -C "$TEST_SCRATCH/lib" "$@"; }
esc=$(printf "\033")

# 1. Colour.
test_expect 'search --color colours the matched words, bare --color meaning always' '
	cl search --color notice -n 1 >out &&
	grep -q "$esc\[1;31m" out &&
	cl search notice --color -n 1 >out2 && test_cmp out out2 &&
	cl --color search notice -n 1 >out3 && test_cmp out out3
'

test_expect 'search --color=never and a pipe: marks, no escape' '
	cl search --color=never notice -n 1 >out &&
	! grep -q "$esc" out && grep -q "\*notice\*" out &&
	cl search notice -n 1 >pipe && test_cmp out pipe
'

test_expect 'a command colour option overrides the global one' '
	cl --color=always search --color=never notice -n 1 >out &&
	! grep -q "$esc" out
'

test_expect 'diff --color does not take the next argument as its value' '
	printf "%s\n" "<agreement xmlns=\"urn:clause:1\" id=\"t\" status=\"proposal\"><meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta><clause id=\"a\" category=\"adjustment.notice\"><p>Notice of 30 days.</p></clause></agreement>" >lib/t.xml &&
	cl commit -q -m one &&
	sed "s/30 days/45 days/" lib/t.xml >lib/t2 && mv lib/t2 lib/t.xml &&
	cl commit -q -m two &&
	cl diff --color HEAD~1 HEAD >out &&
	grep -q "$esc\[9;31m30" out && grep -q "$esc\[4;32m45" out &&
	cl diff --color=never HEAD~1 HEAD >plain &&
	! grep -q "$esc" plain
'

test_expect 'every command takes --color; a bad value is a usage error' '
	cl ls --color >/dev/null && cl validate -q --color=never &&
	cl categories --color=auto >/dev/null &&
	test_must_fail 129 cl ls --color=sometimes 2>err &&
	grep -q "unknown --color value .sometimes. (use always, never or auto)" err &&
	test_must_fail 129 cl --color=sometimes ls 2>err &&
	grep -q "unknown --color value" err
'

test_expect 'JSON and CSV never carry colour, even with --color=always' '
	cl --color=always search notice --format=json -n 3 >out.json &&
	! grep -q "$esc" out.json && grep -q "\*notice\*" out.json &&
	cl search --color notice --format=csv -n 3 >out.csv &&
	! grep -q "$esc" out.csv
'

test_expect 'help lists --color[=WHEN] among the options every command has' '
	cl ls --help >out && grep -q -- "--color\[=WHEN\]" out
'

# 2. -q.
test_expect 'commit -q prints nothing; without it the summary line' '
	sed "s/45 days/60 days/" lib/t.xml >lib/t2 && mv lib/t2 lib/t.xml &&
	cl commit -q -m three >out 2>err &&
	test ! -s out && test ! -s err &&
	test "$(git -C lib log -1 --format=%s)" = three &&
	sed "s/60 days/61 days/" lib/t.xml >lib/t2 && mv lib/t2 lib/t.xml &&
	cl commit -m four >out && grep -q "^\[main [0-9a-f]*\] four" out
'

test_expect 'validate -q prints the problems only' '
	cl validate -q >out 2>err && test ! -s out && test ! -s err &&
	cl validate 2>err && grep -q "documents valid" err &&
	cp lib/t.xml bad.xml && sed "s/id=\"a\"/id=\"A b\"/" bad.xml >lib/bad.xml &&
	test_must_fail 1 cl validate -q 2>err &&
	grep -q "bad.xml:1:" err && ! grep -q "problem in" err &&
	rm lib/bad.xml
'

test_expect 'ta -q and reject -q record the act silently' '
	cl ta -q t/a >out 2>err && test ! -s out &&
	git -C lib log -1 --format=%s | grep -q "^TA t/a" &&
	cl ta -q --reopen --by union t/a >out && test ! -s out &&
	cl reject -q --by employer t/a >out && test ! -s out &&
	git -C lib log -1 --format=%s | grep -q "^Reject"
'

# 3. Remotes on this machine.
test_expect 'remote add of a path that does not exist: refused, saying so' '
	test_must_fail 1 cl remote add up "$TEST_SCRATCH/nowhere.git" 2>err &&
	grep -q "nowhere.git. does not exist" err &&
	grep -q "git init --bare" err &&
	! git -C lib remote | grep -q up &&
	test_must_fail 1 cl remote add up "file://$TEST_SCRATCH/nowhere.git" 2>err &&
	grep -q "does not exist" err
'

test_expect 'remote add of a directory that is no repository: refused' '
	mkdir notrepo &&
	test_must_fail 1 cl remote add up "$TEST_SCRATCH/notrepo" 2>err &&
	grep -q "notrepo. is not a git repository" err
'

test_expect 'push to a library with a work tree: says to push to a bare hub' '
	git clone -q lib other &&
	cl remote add other "$TEST_SCRATCH/other" &&
	test_must_fail 1 cl push other 2>err &&
	grep -q "other. is a library with a work tree" err &&
	grep -q "git init --bare" err &&
	! grep -q "non-bare" err
'

test_expect 'push to a hub made with git init --bare still works' '
	git init -q --bare hub.git &&
	cl remote add hub "$TEST_SCRATCH/hub.git" &&
	cl push -q hub &&
	test "$(git -C hub.git rev-parse main)" = "$(git -C lib rev-parse main)"
'

# 4. Round names.
test_expect 'round add with a bad name says what names are allowed' '
	for n in "bad name" "a+b" "-x" ".x" "a..b" "x.lock" "a/b"; do
		test_must_fail 129 cl round add -- "$n" 2>err &&
		grep -q "is not a valid round name: a round name is one word of letters, digits" err ||
		{ echo "accepted: $n"; return 1; }
	done &&
	cl round add 2026-03-employer && cl round add ta_1 &&
	cl round list | grep -q 2026-03-employer
'

# 5. Identity.
test_expect 'no identity: the message names author or committer and the local config' '
	mkdir nohome &&
	sed "s/61 days/62 days/" lib/t.xml >lib/t2 && mv lib/t2 lib/t.xml &&
	(HOME=$TEST_SCRATCH/nohome XDG_CONFIG_HOME=$TEST_SCRATCH/nohome GIT_CONFIG_NOSYSTEM=1 &&
	 export HOME XDG_CONFIG_HOME GIT_CONFIG_NOSYSTEM &&
	 unset GIT_AUTHOR_NAME GIT_AUTHOR_EMAIL GIT_COMMITTER_NAME GIT_COMMITTER_EMAIL &&
	 test_must_fail 1 cl commit -m five 2>err1;
	 git -C lib checkout -q t.xml;
	 test_must_fail 1 cl round add five 2>err2) &&
	grep -q "^clause: who are you? no identity (a name and an email) is configured for the author of the commit" err1 &&
	grep -q "git config --global user.name" err1 &&
	grep -q "or the same without --global for this library only" err1 &&
	grep -q "GIT_AUTHOR_NAME" err1 &&
	grep -q "configured for the committer .of a commit, or the recorder of a round." err2 &&
	grep -q "GIT_COMMITTER_EMAIL" err2 &&
	test "$(git -C lib log -1 --format=%s)" != five
'

test_done
