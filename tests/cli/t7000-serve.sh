#!/bin/sh
# t7000-serve: clause serve, a real libmicrohttpd server on loopback,
# started on a free port and stopped by its pid.  Its JSON equals the
# CLI's for the same questions; its pages escape what documents say;
# hostile requests are refused without harming other clients; a token
# guards it when asked; headless Chromium renders the pages.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"
. "$CLAUSE_TOP/tests/cli/lib-serve.sh"

cp -R "$CLAUSE_TOP/clauses" lib
cat >lib/other/hostile.xml <<-\EOF
<?xml version="1.0" encoding="UTF-8"?>
<agreement xmlns="urn:clause:1" id="hostile" status="proposal">
  <meta><title>T &lt;script&gt;alert(1)&lt;/script&gt;</title>
    <party role="union" id="u">U "quoted" &amp; &lt;b&gt;</party>
    <source kind="summary" href="javascript:alert(2)">a source that is no link</source></meta>
  <clause id="c" category="guardrail.surveillance"><num>1</num>
    <heading>&lt;script&gt;alert(3)&lt;/script&gt; cameras</heading>
    <p>No cameras &lt;img src=x onerror=alert(4)&gt; in rest areas.</p></clause>
</agreement>
EOF
git -C lib init -q && git -C lib add -A && git -C lib commit -q -m "library" &&
	git -C lib tag -a round/1 -m "Round 1

Party: union"

get() { curl -s --max-time 20 "http://127.0.0.1:$PORT$1"; }
code() { curl -s -o /dev/null --max-time 20 -w "%{http_code}" "$@"; }

start_serve serve.log
URL="http://127.0.0.1:$PORT"

test_expect 'it says where it listens, and answers' '
	test -n "$PORT" &&
	test "$(code "$URL/")" = 200
'

test_expect '/api/search gives what clause search --format=json gives' '
	get "/api/search?q=cameras&n=5" >api.json &&
	clause -C lib search cameras -n 5 --format=json >cli.json &&
	test_cmp cli.json api.json &&
	get "/api/search?q=%22generative+AI%22&status=ratified&n=3" >api.json &&
	clause -C lib search "\"generative AI\"" --status ratified -n 3 --format=json >cli.json &&
	test_cmp cli.json api.json
'

test_expect '/api/clause and /api/board give what clause show and clause board give' '
	get /api/clause/ibt-ups-2023/cameras >api.json &&
	clause -C lib show ibt-ups-2023/cameras --format=json >cli.json &&
	test_cmp cli.json api.json &&
	get /api/board/ibt-ups-2023 >api.json &&
	clause -C lib board ibt-ups-2023 --format=json >cli.json &&
	test_cmp cli.json api.json
'

test_expect 'a search page: hits with highlighted snippets, facets, links that work' '
	get "/search?q=cameras" >s.html &&
	grep -q "<p id=\"total\">[0-9]* clauses</p>" s.html &&
	grep -q "<mark>" s.html &&
	grep -q "<a href=\"/clause/ibt-ups-2023/cameras\">" s.html &&
	grep -q "<li class=\"d0\"><a href=\"/search?q=cameras&amp;category=guardrail\">guardrail</a> [1-9]" s.html &&
	grep -q "<li class=\"d1\"><a href=\"/search?q=cameras&amp;category=guardrail.surveillance\">surveillance</a> [1-9]" s.html &&
	grep -q "<a class=\"category\" href=\"/search?q=cameras&amp;category=guardrail.surveillance\">guardrail.surveillance</a>" s.html &&
	get "/search?q=cameras&category=guardrail.surveillance" >f.html &&
	grep -q "<p id=\"total\">" f.html &&
	test "$(code "$URL/clause/ibt-ups-2023/cameras")" = 200 &&
	test "$(code "$URL/doc/ibt-ups-2023")" = 200 &&
	test "$(code "$URL/board/ibt-ups-2023")" = 200
'

test_expect 'every filter of clause search, in the URL: the same hits as the command' '
	for args in "q=notice&sector=health" "q=notice&since=2024-01-01" \
		"q=notice&until=2026-12-31" "q=notice&quantity=days%3E%3D30" \
		"q=notice&party=union" "q=cameras&rev=round/1" \
		"q=notice&scope=rounds" "q=notice&category=adjustment&status=ratified"
	do
		get "/api/search?$args&n=50" >api.json &&
		grep -q "\"doc\"" api.json &&
		opts=$(printf "%s\n" "$args" | tr "&" "\n" | sed "s/%3E/>/g; s/%3D/=/g" |
			sed -n "s/^q=\(.*\)/\1/p; s/^scope=rounds/--all-rounds/p; /^[a-z]*=/{/^q=/d; /^scope=/d; s/^\([a-z]*\)=/--\1=/p}") &&
		clause -C lib search $opts -n 50 --format=json >cli.json &&
		test_cmp cli.json api.json || return 1
	done
'

test_expect 'a filter clause search would refuse is a 400 saying why' '
	test "$(code "$URL/search?q=notice&since=2026-13-01")" = 400 &&
	get "/search?q=notice&since=2026-02-30" | grep -q "since=2026-02-30: not a date (YYYY-MM-DD)" &&
	get "/api/search?quantity=dayz" | grep -q "quantity=dayz: UNIT OP NUMBER" &&
	test "$(code "$URL/search?q=notice&scope=everything")" = 400 &&
	test "$(code "$URL/search?q=notice&scope=rounds&rev=round/1")" = 400 &&
	test "$(code "$URL/search?q=notice&rev=round/9")" = 404 &&
	test "$(code "$URL/search?q=notice&page=x")" = 400
'

test_expect 'the refine form keeps the query; a filter in force can be dropped' '
	get "/search?q=notice&sector=health&scope=rounds" >r.html &&
	grep -q "<details class=\"refine\" open>" r.html &&
	grep -q "name=\"sector\" placeholder=\"[^\"]*\" value=\"health\"" r.html &&
	grep -q "<option value=\"rounds\" selected>" r.html &&
	grep -q "sector: health <a title=\"drop this filter\" href=\"/search?q=notice&amp;scope=rounds\">" r.html &&
	grep -q "&middot; in round/1" r.html &&
	grep -q "href=\"/clause/[a-z0-9-]*/[a-z0-9-]*?rev=round%2F1\"" r.html
'

test_expect 'a plain search sent by the form keeps Refine closed and its links clean' '
	get "/search?q=notice&party=&sector=&since=&until=&quantity=&scope=worktree&rev=" >plain.html &&
	grep -q "<details class=\"refine\">" plain.html &&
	! grep -q "scope=worktree" plain.html &&
	grep -q "href=\"/search?q=notice&amp;category=adjustment\"" plain.html
'

test_expect 'a clause page of a revision: rev= in its URL' '
	get "/clause/ibt-ups-2023/cameras?rev=round/1" >rv.html &&
	grep -q "as at <code>round/1</code>" rv.html &&
	test "$(code "$URL/clause/ibt-ups-2023/cameras?rev=round/9")" = 404 &&
	test "$(code "$URL/clause/ibt-ups-2023/cameras?rev=-x")" = 400 &&
	test "$(code "$URL/doc/ibt-ups-2023?rev=round/1")" = 200
'

test_expect 'a clause page links to its similar clauses; /similar/DOC/CLAUSE lists those clause similar ranks' '
	get /clause/ibt-ups-2023/cameras >cp.html &&
	grep -q "<p id=\"similar\" class=\"deferred\"><a href=\"/similar/ibt-ups-2023/cameras\">" cp.html &&
	grep -q "<script src=\"/search.js\"></script>" cp.html &&
	get /similar/ibt-ups-2023/cameras >sim.html &&
	grep -q "<ol id=\"similar\" class=\"similar\">" sim.html &&
	sed -n "/<ol id=\"similar\"/,/<\/ol>/s|.*<li><a href=\"/clause/\([^\"]*\)\">.*|\1|p" sim.html >got &&
	clause -C lib similar ibt-ups-2023/cameras -n 5 --format=json |
		python3 -c "import json, sys; [print(h[\"doc\"] + \"/\" + h[\"clause\"]) for h in json.load(sys.stdin)]" >want &&
	test -s want && test_cmp want got &&
	test "$(code "$URL/similar/ibt-ups-2023/nosuch")" = 404 &&
	test "$(code "$URL/similar/nosuch/cameras")" = 404
'

test_expect 'a clause page links to how it deviates from its model: the page clause diff writes for the two' '
	id=$(sed -n "s/.*<agreement [^>]*id=\"\([^\"]*\)\".*/\1/p" lib/negotiation/riverbend-r2-employer.xml) &&
	get "/clause/$id/notice" >dv.html &&
	link=$(grep -o "class=\"deviation\" href=\"[^\"]*\"" dv.html | sed "s/.*href=\"//; s/\"\$//; s/&amp;/\&/g") &&
	test "$link" = "/compare?a=adjustment-model%2Fnotice&b=$id%2Fnotice" &&
	get "$link" >cmp.html &&
	clause -C lib diff adjustment-model/notice "$id/notice" --format=html >cli.html &&
	test_cmp cli.html cmp.html &&
	grep -q "<del" cmp.html &&
	get "/compare?a=adjustment-model/notice@round/1&b=$id/notice@round/1" >cmp.html &&
	clause -C lib diff adjustment-model/notice@round/1 "$id/notice@round/1" --format=html >cli.html &&
	test_cmp cli.html cmp.html &&
	test "$(code "$URL/compare?a=adjustment-model/nosuch&b=$id/notice")" = 404 &&
	test "$(code "$URL/compare?a=adjustment-model&b=$id/notice")" = 400 &&
	test "$(code "$URL/compare?a=adjustment-model/notice@round/9&b=$id/notice")" = 404
'

test_expect 'the coverage matrix is the page clause matrix --format=html writes' '
	get "/matrix" >m.html &&
	clause -C lib matrix --format=html >cli.html &&
	test_cmp cli.html m.html &&
	get "/matrix?category=guardrail&quantity=days&rev=round/1" >m.html &&
	clause -C lib matrix --category guardrail --quantity days --rev round/1 --format=html >cli.html &&
	test_cmp cli.html m.html &&
	grep -q "<td class=\"n yes\">" m.html &&
	test "$(code "$URL/matrix?category=guardrail.nosuch")" = 404 &&
	get "/matrix?category=guardrail.nosuch" | grep -q "unknown category .guardrail.nosuch."
'

test_expect 'search as you type: a script of its own, allowed by the policy, and a page that works without it' '
	curl -s -D h -o js "$URL/search.js" &&
	grep -i "^content-type: text/javascript" h &&
	grep -i "^content-security-policy:.*script-src .self.;" h &&
	! grep -i "unsafe-eval\|script-src[^;]*unsafe-inline" h &&
	grep -q "addEventListener(.input." js &&
	get "/search?q=notice" >s.html &&
	grep -q "<div id=\"results\">" s.html &&
	grep -q "<script src=\"/search.js\"></script>" s.html &&
	! grep -q "<script>" s.html &&
	grep -q "<form class=\"search\" method=\"get\" action=\"/search\">" s.html
'

test_expect 'a redline page is the page clause diff --format=html writes; history links to each step' '
	sed -i "s|may not be used to discipline drivers|may not be used to discipline or rate drivers|" lib/agreements/ibt-ups-2023.xml &&
	(cd lib && clause commit -m "Rate" >/dev/null && git tag -a round/2 -m "Round 2

Party: employer") &&
	get "/redline?from=round/1&to=round/2" >red.html &&
	clause -C lib diff --format=html round/1 round/2 >cli.html &&
	test_cmp cli.html red.html &&
	get "/redline?from=round/1&to=round/2&by-party=1" >redp.html &&
	grep -q "<ins class=\"by-employer\" title=\"employer\">or rate</ins>" redp.html &&
	get /clause/ibt-ups-2023/cameras >c.html &&
	step=$(grep -o "href=\"/redline?from=[0-9a-f]*~1&amp;to=[0-9a-f]*\"" c.html | head -1 |
		sed "s/^href=\"//; s/\"\$//; s/&amp;/\&/g") &&
	test -n "$step" &&
	get "$step" | grep -q "<ins>or rate</ins>" &&
	test "$(code "$URL/redline?from=--output=x")" = 400 &&
	test "$(code "$URL/redline?from=HEAD&to=a..b")" = 400 &&
	test "$(code "$URL/redline?from=nosuch")" != 200
'

test_expect 'a query the parser refuses gets the CLI message, never an SQL error' '
	test "$(code "$URL/search?q=%22unclosed")" = 400 &&
	get "/search?q=%22unclosed" >e.html &&
	msg=$(clause -C lib search "\"unclosed" 2>&1 | sed "s/^clause: //") &&
	grep -F "$(echo "$msg" | sed "s/\"/\&quot;/g")" e.html &&
	! grep -qi "sql\|fts5" e.html &&
	test "$(code "$URL/api/search?q=%22unclosed")" = 400
'

test_expect 'every field of a document is escaped; a source that is not http(s) is no link' '
	get /clause/hostile/c >h.html &&
	get /doc/hostile >d.html &&
	get "/search?q=rest+areas" >hs.html &&
	# no script but search.js, on the search page
	! sed "s|<script src=\"/search.js\"></script>||" h.html d.html hs.html |
		grep -qi "<script\|<img\|<b>\|javascript:alert(2)\"" &&
	grep -q "&lt;script&gt;alert(3)&lt;/script&gt; cameras" h.html &&
	grep -q "a source that is no link (javascript:alert(2))" h.html &&
	! grep -q "href=\"javascript" h.html
'

test_expect 'headers: a strict Content-Security-Policy, nothing cached, nothing sniffed' '
	curl -s -D hdr -o /dev/null "$URL/search?q=notice" &&
	grep -i "^content-security-policy: default-src .none." hdr &&
	grep -i "^x-content-type-options: nosniff" hdr &&
	grep -i "^cache-control: no-store" hdr
'

test_expect 'hostile requests are refused; the other clients go on' '
	test "$(code --path-as-is "$URL/../../etc/passwd")" = 404 &&
	test "$(code "$URL/clause/..%2f..%2fetc/passwd")" = 404 &&
	test "$(code "$URL/doc/.git")" = 404 &&
	test "$(code -X POST "$URL/api/search?q=x")" = 405 &&
	test "$(code -X DELETE "$URL/")" = 405 &&
	c=$(code "$URL/search?q=%zz%") && test "$c" = 200 -o "$c" = 400 &&
	big=$(head -c 40000 /dev/zero | tr "\\0" a) &&
	c=$(code -H "X-Big: $big" "$URL/") && test "$c" != 200 &&
	python3 -c "print(\"q=\" + \"a\" * 10000000, end=\"\")" >long &&
	c=$(curl -s -o /dev/null -w "%{http_code}" --max-time 20 -G --data-urlencode @long "$URL/search" 2>/dev/null) ;
	test "$c" != 200 && test "$c" != 500 &&
	python3 - "$PORT" <<-\EOF &&
	import socket, sys, urllib.request
	# a slow client holds a connection open, half a request sent ...
	s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
	s.sendall(b"GET /search?q=notice HTTP/1.1\r\nHost: x\r\n")
	# ... while everyone else is answered
	for _ in range(5):
	    with urllib.request.urlopen("http://127.0.0.1:%s/api/search?q=notice" % sys.argv[1], timeout=5) as r:
	        assert r.status == 200
	s.close()
	EOF
	test "$(code "$URL/api/search?q=notice")" = 200
'

test_expect '64 requests at once, 16 at a time: every one answered 200' '
	seq 64 | xargs -P 16 -I{} curl -s -o /dev/null -w "%{http_code}\n" --max-time 30 \
		"$URL/api/search?q=notice&n={}" >codes &&
	test "$(grep -c "^200$" codes)" = 64
'

test_expect 'wrk: 64 connections for 10 s, not one error; hostile requests meanwhile refused' '
	wrk -t 2 -c 64 -d 10s --timeout 10s "$URL/api/search?q=notice" >wrk.out 2>&1 &
	w=$! &&
	sleep 2 &&
	test "$(code --path-as-is "$URL/../../etc/passwd")" = 404 &&
	test "$(code "$URL/clause/..%2f..%2fetc/passwd")" = 404 &&
	c=$(code "$URL/search?q=%zz%") && test "$c" = 200 -o "$c" = 400 &&
	c=$(code -H "X-Big: $(head -c 40000 /dev/zero | tr "\\0" a)" "$URL/") && test "$c" != 200 &&
	c=$(curl -s -o /dev/null -w "%{http_code}" --max-time 20 -G --data-urlencode @long "$URL/search" 2>/dev/null) ;
	test "$c" != 200 && test "$c" != 500 &&
	python3 - "$PORT" <<-\EOF &&
	import socket, sys, time
	# five slow clients, each half a request sent, held for 3 s
	held = []
	for _ in range(5):
	    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
	    s.sendall(b"GET /search?q=notice HTTP/1.1\r\nHost: x\r\n")
	    held.append(s)
	time.sleep(3)
	for s in held:
	    s.close()
	EOF
	wait $w &&
	cat wrk.out &&
	grep -q "requests in 1[0-9]" wrk.out &&
	! grep -q "Socket errors\|Non-2xx" wrk.out
'

test_expect 'one log line a request: method, path, status, milliseconds' '
	grep -q "^GET /api/search 200 [0-9.]* ms$" serve.log &&
	grep -q "^POST /api/search 405 [0-9.]* ms$" serve.log &&
	! grep -q "q=" serve.log
'

test_expect 'an edit shows on the next page' '
	sed -i "s|<heading>Cameras in package cars</heading>|<heading>Cameras in delivery vans</heading>|" lib/agreements/ibt-ups-2023.xml &&
	sleep 0.3 &&	# past the burst a worker trusts one look at the work tree for
	get "/search?q=delivery+vans" >edit.html &&
	grep -q "<mark>delivery</mark> <mark>vans</mark>" edit.html &&
	git -C lib checkout -q agreements/ibt-ups-2023.xml
'

test_expect 'a search asked again is answered alike, and never from before an edit' '
	get "/api/search?q=package+cars" >k1.json &&
	get "/api/search?q=package+cars" >k2.json &&
	test_cmp k1.json k2.json &&
	grep -q "\"heading\": \"Cameras in package cars\"" k1.json &&
	get "/search?q=package+cars" >k1.html && get "/search?q=package+cars" >k2.html &&
	test_cmp k1.html k2.html &&
	sed -i "s|<heading>Cameras in package cars</heading>|<heading>Cameras in delivery vans</heading>|" lib/agreements/ibt-ups-2023.xml &&
	sleep 0.3 &&
	get "/api/search?q=package+cars" >k3.json &&
	! grep -q "Cameras in package cars" k3.json &&
	clause -C lib search package cars --format=json >k3.cli &&
	test_cmp k3.cli k3.json &&
	get "/search?q=package+cars" >k3.html &&
	! grep -q "Cameras in <mark>package</mark> <mark>cars</mark>" k3.html &&
	git -C lib checkout -q agreements/ibt-ups-2023.xml &&
	sleep 0.3 &&
	get "/api/search?q=package+cars" >k4.json &&
	test_cmp k1.json k4.json
'

test_expect 'chromium and wrk are installed (make deps)' '
	command -v chromium && command -v wrk
'

test_expect 'Chromium renders the search page, a facet and a clause page' '
	browser --dump-dom "$URL/search?q=cameras" >dom.html 2>blog &&
	grep -q "<p id=\"total\">" dom.html &&
	facet=$(grep -o "href=\"/search?q=cameras&amp;category=[a-z.-]*\"" dom.html | head -1 |
		sed "s/^href=\"//; s/\"\$//; s/&amp;/\\&/g") &&
	test -n "$facet" &&
	browser --dump-dom "$URL$facet" >dom2.html 2>blog &&
	grep -q "<p id=\"total\">" dom2.html &&
	hit=$(grep -o "href=\"/clause/[a-z0-9.-]*/[a-z0-9.-]*\"" dom2.html | head -1 |
		sed "s/^href=\"//; s/\"\$//") &&
	browser --dump-dom "$URL$hit" >dom3.html 2>blog &&
	grep -q "<h1>" dom3.html && grep -q "<h2>History</h2>" dom3.html &&
	browser --window-size=1200,1000 --screenshot="$TEST_SCRATCH/search.png" \
		"$URL/search?q=cameras" >blog 2>&1 &&
	test $(wc -c <search.png) -gt 10000
'

test_expect 'sub-clauses nest on the clause page; ids that clash crash nothing' '
	cat >lib/other/nested.xml <<-\EOF &&
	<?xml version="1.0" encoding="UTF-8"?>
	<agreement xmlns="urn:clause:1" id="nested" status="proposal">
	  <meta><title>Nested</title><party role="union" id="u">U</party></meta>
	  <clause id="outer" category="guardrail.surveillance"><num>1</num><heading>Outer</heading>
	    <p>Outer words.</p>
	    <clause id="inner" category="guardrail.surveillance"><num>1.1</num><heading>Inner</heading>
	      <p>Inner words.</p>
	      <clause id="inmost" category="guardrail.surveillance"><num>1.1.1</num><heading>Inmost</heading>
	        <p>Inmost words.</p></clause></clause>
	    <p>Closing words.</p>
	  </clause>
	</agreement>
	EOF
	sed "s/id=\"nested\"/id=\"clash\"/; s/id=\"inner\"/id=\"outer\"/" lib/other/nested.xml >lib/other/clash.xml &&
	sleep 0.3 &&
	get /clause/nested/outer >n.html &&
	python3 - n.html <<-\EOF &&
	import sys
	from html.parser import HTMLParser
	depth = {}
	class P(HTMLParser):
	    d = 0
	    def handle_starttag(self, t, a):
	        if t == "blockquote": self.d += 1
	    def handle_endtag(self, t):
	        if t == "blockquote": self.d -= 1
	    def handle_data(self, x):
	        for w in ("Outer words", "Inner words", "Inmost words", "Closing words"):
	            if w in x: depth[w] = self.d
	P().feed(open(sys.argv[1]).read())
	assert depth == {"Outer words": 0, "Inner words": 1, "Inmost words": 2,
	                 "Closing words": 0}, depth
	EOF
	c=$(code "$URL/clause/clash/outer") && test "$c" = 200 &&
	test "$(code "$URL/doc/clash")" = 200 &&
	test "$(code "$URL/")" = 200 &&
	rm lib/other/nested.xml lib/other/clash.xml
'

test_expect 'a category on the clause page links to a search by that category alone' '
	get /clause/ibt-ups-2023/cameras >c.html &&
	link=$(grep -o "href=\"/search?category=[a-z.-]*\"" c.html | head -1 |
		sed "s/^href=\"//; s/\"\$//") &&
	test -n "$link" &&
	get "$link" >cat.html &&
	grep -q "<p id=\"total\">[1-9][0-9]* clause" cat.html &&
	get "/api/search?category=guardrail.surveillance&n=200" >cat.json &&
	clause -C lib ls --category guardrail.surveillance --clauses --format=json >ls.json &&
	python3 - cat.json ls.json <<-\EOF
	import json, sys
	api = json.load(open(sys.argv[1]))
	ls = json.load(open(sys.argv[2]))
	got = sorted((h["doc"], h["clause"]) for h in api)
	want = sorted((c["doc"], c["clause"]) for c in ls)
	assert got == want, (got, want)
	EOF
'

test_expect 'a request with a body is answered, not left hanging' '
	test "$(code -X POST -d "q=notice" --max-time 5 "$URL/api/search")" = 405 &&
	test "$(code -X PUT --data-binary @/etc/hostname --max-time 5 "$URL/")" = 405
'

test_expect 'without a token, a Host that is not the loopback one is refused (DNS rebinding)' '
	test "$(code -H "Host: evil.example:$PORT" "$URL/api/search?q=notice")" = 421 &&
	test "$(code -H "Host: evil.example" "$URL/")" = 421 &&
	test "$(code -H "Host: localhost:$PORT" "$URL/")" = 200 &&
	test "$(code -H "Host: 127.0.0.1:$PORT" "$URL/")" = 200
'

test_expect 'revisions that do not exist: 404 that says which, never 500' '
	test "$(code "$URL/redline?from=nosuch")" = 404 &&
	test "$(code "$URL/redline?from=round/1&to=round/9")" = 404 &&
	get "/redline?from=round/1&to=round/9" | grep -q "round/9" &&
	test "$(code "$URL/search?q=notice&page=51")" = 400
'

test_expect 'an error page is titled by its status' '
	get "/nowhere" | grep -q "<title>Not found - clause</title>" &&
	get "/search?q=%22unclosed" | grep -q "<title>" &&
	get "/redline?from=-x" | grep -q "<title>Bad request - clause</title>"
'

test_expect 'the request log shows control characters escaped' '
	code "$URL/doc/a%1b%5b31mb%07" >/dev/null &&
	grep -q "^GET /doc/a\\\\x1b\[31mb\\\\x07 404 " serve.log &&
	! grep -q "$(printf "\033")" serve.log
'

# A second server, outside any test's subshell so that PID and PORT
# stay for the tests after it, on an index broken while none ran.
stop_serve serve.log || echo "# the first server did not stop" >&2
printf "not a database" >lib/.git/clause/index.sqlite
start_serve serve2.log --threads 8
URL="http://127.0.0.1:$PORT"

test_expect 'a broken index is healed once, before the first request; a burst finds it whole' '
	seq 32 | xargs -P 16 -I{} curl -s -o /dev/null -w "%{http_code}\n" --max-time 30 \
		"$URL/api/search?q=notice&n={}" >codes &&
	{ test "$(grep -c "^200$" codes)" = 32 &&
	  test $(grep -c "index" serve2.log) -le 1 ||
	  { sort codes | uniq -c; grep -v " 200 " serve2.log | tail -n 20; false; }; }
'

test_expect 'one address holds 128 connections at most; the rest are turned away' '
	python3 - "$PORT" <<-\EOF
	import socket, sys, time, urllib.request
	port = int(sys.argv[1])
	idle = [socket.create_connection(("127.0.0.1", port)) for _ in range(128)]
	time.sleep(0.3)
	try:
	    urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=5).read()
	    sys.exit("a 129th connection was served")
	except Exception:
	    pass
	for s in idle:
	    s.close()
	time.sleep(0.3)
	assert urllib.request.urlopen("http://127.0.0.1:%d/" % port, timeout=5).status == 200
	EOF
'

test_expect 'SIGTERM stops it cleanly: it says so, the port is closed' '
	stop_serve serve2.log &&
	test "$(code "$URL/")" = 000
'

test_expect 'another address than loopback needs a token; the token is asked for' '
	(cd lib && test_must_fail 129 clause serve --listen 0.0.0.0:0 2>../err) &&
	grep "reachable from other machines: give a token" err &&
	printf "short\n" >short.token &&
	(cd lib && test_must_fail 1 clause serve --token-file ../short.token 2>../err) &&
	grep "at least 16 characters" err &&
	(cd lib && test_must_fail 129 clause serve --listen nowhere 2>../err) &&
	printf "s3cret-token-of-the-local-52\n" >good.token &&
	start_serve tok.log --token-file "$TEST_SCRATCH/good.token" &&
	URL="http://127.0.0.1:$PORT" &&
	test "$(code "$URL/api/search?q=notice")" = 401 &&
	test "$(code "$URL/search?q=notice")" = 401 &&
	test "$(code -H "Authorization: Bearer wrong-token-wrong-token" "$URL/api/search?q=notice")" = 401 &&
	test "$(code -H "Authorization: Bearer s3cret-token-of-the-local-52" "$URL/api/search?q=notice")" = 200 &&
	curl -s -D h -o /dev/null "$URL/api/search?q=notice" &&
	grep -i "^www-authenticate: Bearer" h &&
	test "$(code -H "Host: anywhere.example" -H "Authorization: Bearer s3cret-token-of-the-local-52" "$URL/api/search?q=notice")" = 200 &&
	get /login >form.html &&
	grep -q "<form method=\"post\" action=\"/login\">" form.html &&
	curl -s -D h -o /dev/null "$URL/login?token=s3cret-token-of-the-local-52" &&
	! grep -i "^set-cookie:" h &&
	curl -s -D h -o /dev/null -d "token=wrong-token-wrong-token" "$URL/login" &&
	! grep -i "^set-cookie:" h &&
	curl -s -D h -o /dev/null --data-urlencode "token=s3cret-token-of-the-local-52" "$URL/login" &&
	grep -i "^location: /" h &&
	cookie=$(sed -n "s/^[Ss]et-[Cc]ookie: \(clause_session=[^;]*\);.*/\1/p" h) &&
	test -n "$cookie" &&
	! grep -i "^set-cookie:.*s3cret" h &&
	grep -i "^set-cookie:.*HttpOnly" h &&
	test "$(code -b "$cookie" "$URL/search?q=notice")" = 200 &&
	test "$(code -b "clause_session=s3cret-token-of-the-local-52" "$URL/search?q=notice")" = 401 &&
	test "$(code -b "clause_token=s3cret-token-of-the-local-52" "$URL/search?q=notice")" = 401 &&
	stop_serve tok.log &&
	printf "a token with spaces; and semicolons\n" >odd.token &&
	(cd lib && test_must_fail 1 clause serve --token-file ../odd.token 2>../err) &&
	grep "odd.token: a token is printable ASCII without spaces" err
'

# Behind a proxy: lighttpd forwards /library/X to the server as /X, and
# the server, told so by --base-url, links through it.
PROXY_PORT=$(free_port)
start_serve proxied.log --base-url "http://127.0.0.1:$PROXY_PORT/library/"
cat >proxy.conf <<CONF
server.document-root = "$TEST_SCRATCH"
server.bind = "127.0.0.1"
server.port = $PROXY_PORT
server.errorlog = "$TEST_SCRATCH/proxy.err"
server.modules = ("mod_proxy")
\$HTTP["url"] =~ "^/library/" {
	proxy.server = ("" => (("host" => "127.0.0.1", "port" => $PORT)))
	proxy.header = ("map-urlpath" => ("/library/" => "/"))
}
CONF
lighttpd -D -f proxy.conf >proxy.log 2>&1 &
server_pid $!
wait_port "$PROXY_PORT"

test_expect 'behind a proxy (--base-url): every link goes through it' '
	grep -q "^clause: serving http://127.0.0.1:$PORT/ as http://127.0.0.1:$PROXY_PORT/library/ " proxied.log &&
	P="http://127.0.0.1:$PROXY_PORT" &&
	curl -s "$P/library/search?q=cameras" >p.html &&
	grep -q "<form class=\"search\" method=\"get\" action=\"/library/search\">" p.html &&
	grep -q "<script src=\"/library/search.js\">" p.html &&
	link=$(grep -o "href=\"/library/clause/[^\"]*\"" p.html | head -1 |
		sed "s/^href=\"//; s/\"\$//") &&
	curl -s "$P$link" >pc.html &&
	grep -q "<article class=\"clause\">" pc.html &&
	# not one link leaves the prefix
	! grep -o "href=\"[^\"]*\"" p.html pc.html | grep -v "href=\"/library/\|href=\"https\?:" &&
	for l in $(grep -o "href=\"/library/[^\"]*\"" p.html pc.html | sed "s/^[^\"]*\"//; s/\"\$//; s/&amp;/\&/g" | sort -u | head -n 20); do
		test "$(code "$P$l")" = 200 || { echo "$l"; return 1; }
	done &&
	test "$(code -H "Host: evil.example" "http://127.0.0.1:$PORT/")" = 421 &&
	(cd lib && test_must_fail 129 clause serve --base-url "ftp://x/" 2>../err) &&
	grep -q "not http(s)://HOST\[:PORT\]\[/PATH\]" err &&
	(cd lib && test_must_fail 129 clause serve --base-url "http://x/a/../b" 2>../err) &&
	(cd lib && test_must_fail 129 clause serve --base-url "http://x/a\"b" 2>../err)
'
stop_serve proxied.log

test_done
