#!/bin/sh
# t0900-man.sh: the man pages are lint-clean, every command has one, and
# each page's SYNOPSIS says exactly what the command's --help says.
. "$CLAUSE_TOP/tests/cli/lib.sh"

man="$CLAUSE_TOP/man"
# Every command: the names of src/cmd/cmd_*.c, as clause spells them.
commands=$(cd "$CLAUSE_TOP/src/cmd" && ls cmd_*.c | sed "s/^cmd_//; s/\.c\$//; s/_/-/g")

# Render a page as plain text: no overstrike, no tabs.  col(1) is in
# bsdextrautils, which a fresh machine may lack: sed does the same then.
bs=$(printf '\b')
render() {
	if command -v col >/dev/null 2>&1; then
		mandoc -T ascii "$1" | col -bx
	else
		mandoc -T ascii "$1" | sed "s/.$bs//g"
	fi
}

# Runs of white space become one space; none at either end.
normalize() {
	sed -e 's/[[:space:]][[:space:]]*/ /g' -e 's/^ //' -e 's/ $//'
}

# The SYNOPSIS of a rendered page, one usage per line: a line indented as
# far as the first one starts a usage, a line indented further continues it.
synopsis() {
	render "$1" | awk '
		/^SYNOPSIS$/ { on = 1; next }
		on && /^[^ ]/ { exit }
		on && NF {
			match($0, /^ */)
			if (base == "")
				base = RLENGTH
			if (RLENGTH == base) {
				if (cur != "")
					print cur
				cur = $0
			} else {
				cur = cur " " $0
			}
		}
		END { if (cur != "") print cur }' | normalize
}

# The usage lines of "clause ARGS --help", without "usage: " and "or: ".
usage_of() {
	"$CLAUSE" "$@" --help >help.out || return 1
	sed -n -e 's/^usage: //p' -e 's/^   or: //p' help.out | normalize
}

# The SYNOPSIS of PAGE must equal the usage of "clause ARGS --help".
synopsis_matches() {
	page=$1
	shift
	test -f "$page" || { echo "no page $page"; return 1; }
	usage_of "$@" >expect || return 1
	test -s expect || { echo "no usage lines in clause $* --help"; return 1; }
	synopsis "$page" >actual
	test_cmp expect actual
}

test_expect "clause-format(5)'s smallest document validates as it is written" '
	sed -n "/^\.\\\\\" minimal example: begin/,/^\.\\\\\" minimal example: end/p" \
		"$man/clause-format.5" | sed "/^\./d; s/\\\\-/-/g" >minimal.xml &&
	cat minimal.xml &&
	grep -q "^</agreement>$" minimal.xml &&
	"$CLAUSE" validate minimal.xml
'

test_expect "man pages exist" '
	ls "$man"/clause.1 "$man"/clause-format.5
'

for page in "$man"/*.[1-9]; do
	[ -e "$page" ] || continue
	name=$(basename "$page")
	test_expect "mandoc -T lint is clean: $name" '
		mandoc -T lint -W warning "$page" >lint.out 2>&1
		status=$?
		cat lint.out
		test $status -eq 0 && ! test -s lint.out
	'
done

for cmd in $commands; do
	test_expect "SYNOPSIS of clause-$cmd.1 matches clause $cmd --help" '
		synopsis_matches "$man/clause-$cmd.1" "$cmd"
	'
done

test_expect "SYNOPSIS of clause.1 matches clause --help" '
	synopsis_matches "$man/clause.1"
'

test_expect "every src/cmd/cmd_*.c has a page" '
	missing=0 seen=0
	for src in "$CLAUSE_TOP"/src/cmd/cmd_*.c; do
		test -f "$src" || continue
		seen=$((seen + 1))
		cmd=$(basename "$src" .c)
		cmd=$(echo "${cmd#cmd_}" | tr _ -)
		if ! test -f "$man/clause-$cmd.1"; then
			echo "no man page for $cmd: man/clause-$cmd.1"
			missing=1
		fi
	done
	test $seen -gt 10 && test $missing -eq 0
'

test_expect "every command in clause --help has a page and is in clause.1" '
	"$CLAUSE" --help >help.out &&
	sed -n "/^commands:/,/^\$/s/^    \([a-z-]*\) .*/\1/p" help.out >listed &&
	test -s listed &&
	render "$man/clause.1" >clause.txt &&
	while read -r cmd; do
		test -f "$man/clause-$cmd.1" || { echo "no page for $cmd"; exit 1; }
		grep -q "clause-$cmd(1)" clause.txt ||
			{ echo "clause.1 does not name clause-$cmd(1)"; exit 1; }
	done <listed
'

test_expect "the synopsis check can fail" '
	sed "s/^\.Op Fl l\$/.Op Fl x/" "$man/clause-categories.1" >broken.1 &&
	! cmp -s "$man/clause-categories.1" broken.1 &&
	! synopsis_matches broken.1 categories >/dev/null
'

test_done
