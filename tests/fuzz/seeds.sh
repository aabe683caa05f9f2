#!/bin/sh
# seeds.sh NAME WORK: the seed files and directories of harness NAME,
# one a line, absolute: what the tree already holds (the shipped library,
# the hostile corpus, written into WORK/hostile, the schemas), the seeds
# kept here, and every input a run crashed on (regress/NAME/).  Used by
# tools/fuzz.sh and by t0210.
top=$(cd "$(dirname "$0")/../.." && pwd)
here=$top/tests/fuzz
case $1 in
doc)
	find "$top/clauses" -name "*.xml" ! -name "taxonomy*.xml"
	if [ ! -d "$2/hostile" ]; then
		sh "$top/tests/hostile/make-corpus.sh" "$2/hostile" >/dev/null 2>&1
		rm -f "$2/hostile/huge.xml"	# 50 MB: past any input size
	fi
	echo "$2/hostile"
	;;
taxonomy)
	echo "$top/schemas/taxonomy.xml"
	find "$top/clauses" "$top/tests/hostile" -name "*taxonomy*.xml"
	;;
esac
for d in "$here/seeds/$1" "$here/regress/$1"; do
	[ -d "$d" ] && echo "$d"
done
exit 0
