#!/bin/sh
# t2300-similar-matrix: clause similar and clause matrix on a copy of the
# shipped library.
. "$CLAUSE_TOP/tests/cli/lib.sh"

cp -R "$CLAUSE_TOP/clauses" lib &&
git -C lib init -q && git -C lib add -A && git -C lib commit -q -m shipped ||
	exit 1
cl() { "$CLAUSE" -C "$TEST_SCRATCH/lib" "$@"; }
cl index -q || exit 1

test_expect 'similar: the same provision in other agreements, itself left out' '
	cl similar ibt-ups-2023/cameras >out &&
	cat out &&
	test $(wc -l <out) = 5 &&
	! grep " ibt-ups-2023/cameras " out &&
	grep "^[01]\.[0-9][0-9]  riverbend-[a-z0-9-]*/cameras  negotiation/" out &&
	cl similar adjustment-model/notice -n 1 >out &&
	grep "^0\.[0-9][0-9]  [a-z0-9-]*/notice " out &&
	! grep "^[0-9.]*  adjustment-model/" out
'

test_expect 'similar: the same text in another document scores 1.00' '
	sed "/<agreement/s/ id=\"ibt-ups-2023\"/ id=\"ibt-copy\"/" \
		lib/agreements/ibt-ups-2023.xml >lib/other/ibt-copy.xml &&
	cl similar ibt-ups-2023/cameras -n 1 >out &&
	grep "^1\.00  ibt-copy/cameras  other/ibt-copy.xml:[0-9]*  Cameras in package cars$" out &&
	rm lib/other/ibt-copy.xml
'

test_expect 'similar: json, scores from 0 to 1, best first' '
	cl similar wga-amptp-2023/not-a-writer -n 4 --format=json >s.json &&
	python3 -c "
import json
d = json.load(open(\"s.json\"))
assert len(d) == 4, d
s = [h[\"score\"] for h in d]
assert s == sorted(s, reverse=True) and all(0 < x <= 1 for x in s), s
assert all(set([\"doc\", \"clause\", \"score\", \"path\", \"line\", \"heading\"]) <= set(h) for h in d)
assert all(isinstance(h[\"categories\"], list) and h[\"categories\"] for h in d), d
assert not any(h[\"doc\"] == \"wga-amptp-2023\" and h[\"clause\"] == \"not-a-writer\" for h in d)
"
'

test_expect 'similar: unknown clause exits 1, bad address 129' '
	test_must_fail 1 cl similar ibt-ups-2023/nosuch 2>err &&
	grep "^clause: no clause .ibt-ups-2023/nosuch." err &&
	test_must_fail 129 cl similar ibt-ups-2023 &&
	test_must_fail 129 cl similar a/b/c &&
	test_must_fail 129 cl similar &&
	test_must_fail 129 cl similar -n x ibt-ups-2023/cameras
'

test_expect 'matrix: one row per document, a column per family' '
	cl matrix >m &&
	head -n 1 m | grep "^document  *adjustment  guardrail  neutrality$" &&
	test $(($(wc -l <m) - 1)) = $(cl ls | wc -l) &&
	grep "^cwa-microsoft-2022  *-  *-  *7$" m
'

test_expect 'matrix counts agree with ls -c --category, per document' '
	cl matrix --category guardrail --format=csv >m.csv &&
	cl ls -c --format=json >c.json &&
	python3 -c "
import csv, json, collections
rows = list(csv.reader(open(\"m.csv\", newline=\"\")))
head = rows[0]
assert head[:3] == [\"document\", \"title\", \"status\"], head
cols = head[3:]
assert len(cols) >= 5 and all(c.startswith(\"guardrail.\") for c in cols), cols
n = collections.Counter()
for c in json.load(open(\"c.json\")):
    for col in cols:
        if any(k == col or k.startswith(col + \".\") for k in c[\"categories\"]):
            n[(c[\"doc\"], col)] += 1
for r in rows[1:]:
    for col, v in zip(cols, r[3:]):
        assert int(v) == n[(r[0], col)], (r[0], col, v, n[(r[0], col)])
"
'

test_expect 'matrix shows who has no retraining clause' '
	cl matrix --category adjustment.training >t &&
	head -n 1 t | grep "^document  *training$" &&
	grep "^adjustment-model  *[1-9]" t &&
	grep "^ibt-ups-2023  *[1-9]" t &&
	grep "^cwa-microsoft-2022  *-$" t
'

test_expect 'matrix --quantity days shows notice periods' '
	cl matrix --category adjustment --quantity days >q &&
	head -n 1 q | grep " notice " &&
	col=$(head -n 1 q | tr -s " " "\n" | grep -n "^notice$" | cut -d: -f1) &&
	test "$(grep "^ibt-ups-2023 " q | tr -s " " | cut -d" " -f$col)" = 45 &&
	test "$(grep "^unifor-899-art25 " q | tr -s " " | cut -d" " -f$col)" = 120
'

test_expect 'matrix --format=json: the rows and cells of --format=csv' '
	cl matrix --category guardrail --format=json >m.json &&
	cl matrix --category guardrail --format=csv >m.csv &&
	cl matrix --category adjustment --quantity days --format=json >q.json &&
	cl matrix --category adjustment --quantity days --format=csv >q.csv &&
	python3 - <<-\EOF
	import csv, json
	for js, cs, qty in (("m.json", "m.csv", False), ("q.json", "q.csv", True)):
	    rows = list(csv.reader(open(cs, newline="")))
	    head, body = rows[0], rows[1:]
	    got = json.load(open(js))
	    assert len(got) == len(body), (len(got), len(body))
	    for g, b in zip(got, body):
	        assert [g["doc"], g["title"], g["status"]] == b[:3], (g, b)
	        assert list(g["cells"]) == head[3:], g
	        for cat, cell in zip(head[3:], b[3:]):
	            v = g["cells"][cat]
	            if qty:
	                assert [str(x) for x in v] == cell.split(), (v, cell)
	            else:
	                assert v == int(cell), (v, cell)
	    assert any(any(v for v in g["cells"].values()) for g in got)
	EOF
'

test_expect 'the printed matrix keeps every column, the header on every page' '
	cl matrix --category guardrail --format=html >wide.html &&
	browser --no-pdf-header-footer --print-to-pdf="$TEST_SCRATCH/wide.pdf" \
		"file://$TEST_SCRATCH/wide.html" 2>/dev/null &&
	pdfinfo wide.pdf >info &&
	pages=$(sed -n "s/^Pages: *//p" info) &&
	w=$(sed -n "s/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\1/p" info) &&
	h=$(sed -n "s/^Page size: *\([0-9.]*\) x \([0-9.]*\).*/\2/p" info) &&
	test "${w%.*}" -gt "${h%.*}" &&
	test "$pages" -ge 2 &&
	pdftotext wide.pdf wide.txt &&
	cols=$(head -n 1 m.csv | tr -d "\r" | cut -d, -f4- | tr , " ") &&
	test $(echo $cols | wc -w) = 11 &&
	for c in $cols; do
		grep -q -- "$c" wide.txt || { echo "column $c not printed"; return 1; }
	done &&
	for d in $(cut -d, -f1 m.csv | tail -n +2); do
		grep -q -- "^$d\$" wide.txt || { echo "row $d not printed"; return 1; }
	done &&
	first=$(echo $cols | cut -d" " -f1) &&
	test "$(grep -c -- "$first" wide.txt)" = "$pages"
'

test_expect 'matrix --format=html is a page, every text escaped' '
	sed -e "/<agreement/s/ id=\"ibt-ups-2023\"/ id=\"ibt-html\"/" \
	    -e "s|<title>[^<]*</title>|<title>\&lt;script\&gt;alert(1)\&lt;/script\&gt; \&amp; \&quot;co\&quot;</title>|" \
		lib/agreements/ibt-ups-2023.xml >lib/other/ibt-html.xml &&
	cl matrix --format=html >m.html &&
	head -n 1 m.html | grep "^<!DOCTYPE html>$" &&
	grep "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;co&quot;" m.html &&
	! grep "<script" m.html &&
	grep "@media print" m.html &&
	python3 -c "
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.stack = []; s.rows = 0
    def handle_starttag(s, t, a):
        if t not in (\"br\", \"meta\"): s.stack.append(t)
        if t == \"tr\": s.rows += 1
    def handle_endtag(s, t):
        assert s.stack and s.stack[-1] == t, (t, s.stack); s.stack.pop()
p = P(); p.feed(open(\"m.html\").read())
assert not p.stack and p.rows > 30, (p.stack, p.rows)
" &&
	rm lib/other/ibt-html.xml
'

test_expect 'matrix: unknown category and bad format exit 129' '
	test_must_fail 129 cl matrix --category guard 2>err &&
	grep "^clause: unknown category .guard." err &&
	test_must_fail 129 cl matrix --format=pdf &&
	test_must_fail 129 cl matrix extra
'

test_done
