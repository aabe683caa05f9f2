#!/bin/sh
# t1200-diff-browser: the HTML redline in a real browser.  Headless
# Chromium (Debian's package, installed by make deps) loads the page,
# prints it to PDF and takes a screenshot; poppler's pdfinfo and pdftotext
# check the pages and the text.  Every browser run is bounded by timeout.
. "$CLAUSE_TOP/tests/cli/lib.sh"

NEG="$CLAUSE_TOP/clauses/negotiation"

test_expect 'chromium, pdfinfo and pdftotext are installed (make deps)' '
	command -v chromium && command -v pdfinfo && command -v pdftotext
'

clause diff --format=html "$NEG/riverbend-r1-union.xml" "$NEG/riverbend-r2-employer.xml" >round.html

cat >a.xml <<-EOF
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:clause:1" id="d" status="proposal">
  <meta><title>T</title><party role="union" id="u">U</party></meta>
  <clause id="c" category="adjustment.notice"><num>1</num><heading>Notice</heading>
    <p>Notice of 45 days.</p></clause>
</agreement>
EOF
sed 's|<p>Notice of 45 days.</p>|<p>Notice of 90 days. \&lt;script\&gt;document.title="pwned"\&lt;/script\&gt;</p>|' a.xml >b.xml
clause diff --format=html a.xml b.xml >script.html

test_expect 'the redline between two rounds prints to PDF: 3 to 10 pages with the changes' '
	browser --no-pdf-header-footer --print-to-pdf="$TEST_SCRATCH/round.pdf" \
		"file://$TEST_SCRATCH/round.html" >log 2>&1 &&
	test -s round.pdf &&
	pages=$(pdfinfo round.pdf | sed -n "s/^Pages: *//p") &&
	echo "pages: $pages" &&
	test "$pages" -ge 3 && test "$pages" -le 10 &&
	pdftotext round.pdf round.txt &&
	grep -q "Summary" round.txt &&
	grep -q "180 days" round.txt &&
	grep -q "Transition fund" round.txt &&
	grep -q "Cameras on vehicles" round.txt
'

test_expect 'a one-clause redline is one page' '
	browser --no-pdf-header-footer --print-to-pdf="$TEST_SCRATCH/script.pdf" \
		"file://$TEST_SCRATCH/script.html" >log 2>&1 &&
	test "$(pdfinfo script.pdf | sed -n "s/^Pages: *//p")" = 1
'

test_expect 'a <script> clause is text on the page, never run' '
	pdftotext script.pdf script.txt &&
	grep -q "<script>document.title=\"pwned\"</script>" script.txt &&
	browser --dump-dom "file://$TEST_SCRATCH/script.html" >dom.html 2>log &&
	grep -q "&lt;script&gt;" dom.html &&
	! grep -qi "<script" dom.html &&
	! grep -q "<title>pwned</title>" dom.html
'

test_expect 'a screenshot of the redline is a non-empty PNG' '
	browser --window-size=1000,1400 --screenshot="$TEST_SCRATCH/round.png" \
		"file://$TEST_SCRATCH/round.html" >log 2>&1 &&
	test $(wc -c <round.png) -gt 10000 &&
	test "$(head -c 8 round.png | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a
'

test_done
