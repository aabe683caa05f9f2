#!/bin/sh
# t0740-hijack: output that document text, commit messages and tag
# messages cannot hijack.  On a terminal no control character reaches it
# but line ends, tabs and clause's own colours (CSI, OSC 8 links, OSC 52
# clipboard writes, BEL, backspace and carriage returns are shown
# visibly); HTML pages escape every field and carry a strict
# Content-Security-Policy; JSON escapes every control character and
# always parses.
. "$CLAUSE_TOP/tests/cli/lib.sh"

esc=$(printf '\033')
bel=$(printf '\007')
cr=$(printf '\r')
c1=$(printf '\302\233')
hostile_msg=$(printf 'Adopt\033]52;c;aGk=\007 the \033[2Jmodels\033]8;;http://x.example/\033\\link\033]8;;\033\\\010\r')

clause init -q lib
cp "$CLAUSE_TOP"/clauses/models/*.xml lib/
# A document whose text carries what XML lets through: C1 controls (raw
# and as references), a carriage return reference, markup-like text.
cat >lib/hostile.xml <<EOF2
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:clause:1" id="hostile" status="proposal">
  <meta>
    <title>Title &#x9b;2J &lt;script&gt;alert(1)&lt;/script&gt; "q" &amp; 'a'</title>
    <party role="union" id="u">Union ${c1}31m &#133;&#x9d;0;x&#x9c;</party>
    <party role="employer" id="e">Employer &lt;b onmouseover=alert(1)&gt;</party>
  </meta>
  <clause id="cam" category="guardrail.surveillance">
    <heading>Cameras &lt;img src=x onerror=alert(1)&gt;</heading>
    <p>No camera${c1}2J in rest areas&#13;X &#x9b;0m; tab	here.</p>
  </clause>
</agreement>
EOF2
(cd lib && clause commit -q -m "$hostile_msg" &&
 git tag -a round/1 -m "$(printf 'Party: union\033]0;t\007\nnote \033[2J')" HEAD &&
 sed -i "s|in rest areas|in rest or break areas|" hostile.xml &&
 GIT_AUTHOR_NAME="$(printf 'Eve\033[31m')" clause commit -q -m "$(printf 'Second\033[1A')")

no_controls() {
	! grep -q "$esc" "$1" && ! grep -q "$bel" "$1" && ! grep -q "$cr" "$1" &&
	! grep -q "$c1" "$1" && ! grep -q "$(printf '\010')" "$1"
}

on_tty() {
	script -qec "$*" /dev/null </dev/null | tr -d "$cr" >"$TTY_OUT"
}

test_expect 'log shows a commit message with escapes visibly, piped and on a terminal' '
	(cd lib && clause log >../piped) &&
	no_controls piped &&
	grep -F "Adopt\\x1b]52;c;aGk=\\x07 the \\x1b[2Jmodels" piped &&
	grep -F "Second\\x1b[1A" piped &&
	TTY_OUT=tty on_tty "cd lib && $CLAUSE log" &&
	no_controls tty && grep -F "Adopt\\x1b]52" tty &&
	(cd lib && clause log --format=json) >json &&
	python3 -c "import json; d = json.load(open(\"json\")); assert d[0][\"author\"] == \"Eve\\x1b[31m\", d[0]" &&
	grep -F "Eve\\u001b[31m" json
'

test_expect 'round list shows a tag message and party visibly' '
	(cd lib && clause round list >../rounds) &&
	no_controls rounds && grep -F "\\x1b" rounds
'

test_expect 'show, ls, search and diff on a terminal: no control character of the document' '
	for cmd in "show hostile" "show hostile/cam" "ls -c" "search camera" \
		   "diff HEAD~1 HEAD" "log hostile/cam" "categories"; do
		TTY_OUT=tty on_tty "cd lib && CLAUSE_PAGER=cat $CLAUSE $cmd" ||
			{ echo "failed: $cmd" >&2; cat tty >&2; exit 1; }
		no_controls tty || { echo "controls from: $cmd" >&2; cat -v tty >&2; exit 1; }
	done &&
	TTY_OUT=tty on_tty "cd lib && CLAUSE_PAGER=cat $CLAUSE diff HEAD~1 HEAD" &&
	grep "rest \[-areas-\]" tty >/dev/null || grep "rest" tty >/dev/null
'

test_expect 'colour still comes through on a terminal: only clause writes escapes' '
	sed -i "s|No camera|No video camera|" lib/hostile.xml &&
	TTY_OUT=tty on_tty "cd lib && CLAUSE_PAGER=cat $CLAUSE diff --color=always" &&
	grep -q "$esc\\[" tty &&
	! grep "$esc" tty | grep -v -q "$esc\\[[0-9;]*m" &&
	git -C lib checkout -q -- hostile.xml
'

test_expect 'JSON of every listing parses and holds no raw control character' '
	(cd lib &&
	 clause show --format=json hostile >../j1 && clause show --format=json hostile/cam >../j2 &&
	 clause ls -c --format=json >../j3 && clause search --format=json camera >../j4 &&
	 sed -i "s|No camera|No video camera|" hostile.xml && clause diff --format=json >../j5 &&
	 git checkout -q -- hostile.xml && clause matrix --format=json >../j6) &&
	for f in j1 j2 j3 j4 j5 j6; do
		python3 -c "
import json, sys
s = open(sys.argv[1], encoding=\"utf-8\").read()
json.loads(s)
bad = [c for c in s if ord(c) < 0x20 and c != \"\\n\" or 0x7f <= ord(c) <= 0x9f]
assert not bad, (sys.argv[1], bad[:5])
" $f || exit 1
	done
'

test_expect 'HTML pages: every field escaped, and a strict Content-Security-Policy' '
	(cd lib && sed -i "s|No camera|No video camera|" hostile.xml &&
	 clause diff --format=html >../p1.html && git checkout -q -- hostile.xml &&
	 clause export --format=html hostile -o ../p2.html &&
	 clause matrix --format=html >../p3.html &&
	 clause board --format=html hostile >../p4.html 2>/dev/null || true) &&
	for f in p1.html p2.html p3.html; do
		grep -q "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src .none.; style-src .unsafe-inline.\">" $f || { echo "no CSP in $f" >&2; exit 1; }
		! grep -q "<script\\|<img\\|<b on" $f || { echo "markup in $f" >&2; exit 1; }
	done &&
	grep -q "&lt;img src=x onerror=alert(1)&gt;" p2.html
'

test_done
