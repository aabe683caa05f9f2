#!/bin/sh
# t0950-layers.sh: the source tree's folders are floors, and data flows one
# way, down them: cmd -> serve -> board -> export -> (merge | index | diff | import)
# -> git -> doc -> util.  A file includes headers of its own folder or of a lower floor,
# never of a higher one or of a sibling on its own floor (README: "What is
# in this repository").
. "$CLAUSE_TOP/tests/cli/lib.sh"

src="$CLAUSE_TOP/src"

floor() {
	case $1 in
	util) echo 0 ;;
	doc) echo 1 ;;
	git) echo 2 ;;
	merge|index|diff|import) echo 3 ;;
	export) echo 4 ;;
	board) echo 5 ;;
	serve) echo 6 ;;
	cmd) echo 7 ;;
	main) echo 8 ;;
	*) echo "unknown folder '$1'" >&2; echo 99 ;;
	esac
}

test_expect "every source file is in a known folder" '
	n=0
	for f in "$src"/*/*.[ch]; do
		dir=$(basename "$(dirname "$f")")
		test "$(floor "$dir")" -ne 99 || exit 1
		n=$((n + 1))
	done
	test "$(ls "$src" | grep -v "^main\.c\$" | grep -c "\.[ch]\$")" -eq 0 &&
	test $n -gt 40
'

test_expect "includes only go down the floors" '
	bad=0 seen=0
	for f in "$src"/main.c "$src"/*/*.[ch]; do
		case $f in
		"$src"/main.c) dir=main ;;
		*) dir=$(basename "$(dirname "$f")") ;;
		esac
		own=$(floor "$dir")
		for inc in $(sed -n "s/^#include \"\([a-z]*\)\/[a-z_]*\.h\".*/\1/p" "$f"); do
			seen=$((seen + 1))
			test "$inc" = "$dir" && continue
			if test "$(floor "$inc")" -ge "$own"; then
				echo "${f#$src/} includes $inc/, not below $dir/"
				bad=1
			fi
		done
		if grep -n "^#include \"[a-z_]*\.h\"" "$f"; then
			echo "${f#$src/}: a header named without its folder"
			bad=1
		fi
	done
	test $seen -gt 100 && test $bad -eq 0
'

test_expect "each folder says what it owns at the top of its main header" '
	for pair in cmd/cmd.h serve/serve.h board/board.h export/export.h merge/merge.h index/index.h \
		    diff/cdiff.h import/import.h git/repo.h doc/doc.h util/buf.h; do
		dir=${pair%%/*}
		head -n 20 "$src/$pair" | grep -q "^ \* src/$dir/: [a-z]" ||
			{ echo "$pair does not say what src/$dir/ owns"; exit 1; }
	done
'

test_done
