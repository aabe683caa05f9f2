#!/bin/sh
# t7010-serve-browser: clause serve used as a user uses it, in headless
# Chromium driven through the DevTools Protocol (tests/cli/cdp.py: the
# protocol over a pipe, Python's standard library alone).  A query typed
# into the search box and Enter pressed, a facet clicked, a hit clicked,
# a step of a clause's history clicked: each page's DOM holds what the
# command line says, and each page is screenshot.
#
# Each test starts a browser of its own at the page the test before it
# left the user on (its address in a file), so that a failure says which
# step failed.  Every wait in cdp.py is bounded; each browser run is
# bounded again by timeout, and leaves no process behind.
. "$CLAUSE_TOP/tests/cli/lib.sh"
. "$CLAUSE_TOP/tests/cli/lib-remote.sh"
. "$CLAUSE_TOP/tests/cli/lib-serve.sh"

export PYTHONPATH="$CLAUSE_TOP/tests/cli"
export PYTHONDONTWRITEBYTECODE=1	# no __pycache__ in the source tree

# The library: round/1, then one clause's words changed in round/2.
cp -R "$CLAUSE_TOP/clauses" lib
git -C lib init -q && git -C lib add -A && git -C lib commit -q -m "library" &&
	git -C lib tag -a round/1 -m "Round 1

Party: union"
sed -i "s|may not be used to discipline drivers|may not be used to rate or rank drivers|" \
	lib/agreements/ibt-ups-2023.xml
(cd lib && clause commit -m "Rate" >/dev/null && git tag -a round/2 -m "Round 2

Party: employer")

# drive [ARGS...]: the Python on standard input, with cdp importable,
# bounded as a whole.
drive() {
	timeout 90 python3 - "$@"
}

start_serve serve.log
URL="http://127.0.0.1:$PORT"

test_expect 'chromium and python3 are installed (make deps)' '
	for tool in chromium python3; do
		command -v $tool || { echo "no $tool: make deps"; return 1; }
	done &&
	test -n "$PORT"
'

test_expect 'typing a query and pressing Enter: the hits and total clause search gives' '
	want=$(clause -C lib search notice --count) &&
	test "$want" -gt 0 &&
	drive "$URL" "$want" <<-\EOF
	import sys
	from urllib.parse import urlsplit, parse_qs
	from cdp import Browser
	url, want = sys.argv[1], int(sys.argv[2])
	HITS = "document.querySelectorAll(\"ol.hits > li\").length"
	TOTAL = "(document.getElementById(\"total\") || {}).textContent"
	with Browser(".") as b:
	    b.navigate(url + "/")
	    assert b.evaluate(HITS) == 0, "hits before any query"
	    b.type("form.search input[name=q]", "notice")
	    # search as you type (search.js): the hits come, the address follows
	    b.wait_for(HITS + " > 0 && location.search.includes(\"q=notice\")")
	    b.press_enter(wait_load=True)
	    # where the next test starts, and what it looked like, whatever follows
	    open("search.url", "w").write(b.url())
	    b.screenshot("search.png")
	    got = urlsplit(b.url())
	    assert got.path == "/search", got
	    assert parse_qs(got.query)["q"] == ["notice"], got
	    assert b.evaluate("document.querySelector(\"form.search input[name=q]\").value") == "notice"
	    total = b.evaluate(TOTAL)
	    assert total == "%d clauses" % want, "#total says %r, clause search --count %d" % (total, want)
	    n = b.evaluate(HITS)
	    assert n == min(want, 20), (n, want)
	    # each hit has its matched words marked
	    marks = b.evaluate("[...document.querySelectorAll(\"ol.hits > li\")].map("
	                       "li => [...li.querySelectorAll(\"mark\")].map(m => m.textContent.toLowerCase()))")
	    assert all("notice" in m for m in marks), marks
	EOF
'

test_expect 'clicking a category in the facets: the address has it, every hit is in it' '
	test -s search.url &&
	drive "$(cat search.url)" <<-\EOF
	import sys
	from urllib.parse import urlsplit, parse_qs
	from cdp import Browser
	with Browser(".") as b:
	    b.navigate(sys.argv[1])
	    total = int(b.evaluate("document.getElementById(\"total\").textContent").split()[0])
	    # the first category below a family that narrows the search
	    facet = b.evaluate("""(() => {
	        const items = [...document.querySelectorAll("nav.facets ul.tree > li")];
	        for (const [i, li] of items.entries()) {
	            const a = li.querySelector("a");
	            const n = parseInt(li.textContent.trim().split(/\\s+/).pop(), 10);
	            if (li.classList.contains("d1") && a && n < %d)
	                return {nth: i + 1, text: a.textContent, n: n,
	                        category: new URL(a.href).searchParams.get("category")};
	        }
	        return null;
	    })()""" % total)
	    assert facet, "no category below a family in nav.facets"
	    assert facet["category"].endswith("." + facet["text"]), facet
	    b.click("nav.facets ul.tree > li:nth-child(%d) > a" % facet["nth"], wait_load=True)
	    open("facet.url", "w").write(b.url())
	    open("facet.category", "w").write(facet["category"])
	    b.screenshot("facet.png")
	    args = parse_qs(urlsplit(b.url()).query)
	    assert args.get("category") == [facet["category"]], (b.url(), facet)
	    assert args.get("q") == ["notice"], b.url()
	    got = b.evaluate("document.getElementById(\"total\").textContent")
	    assert got == "%d clause%s" % (facet["n"], "" if facet["n"] == 1 else "s"), (got, facet)
	    # the .meta line: DOC/CLAUSE . title . status . CATEGORIES
	    metas = b.evaluate("[...document.querySelectorAll(\"ol.hits > li .meta\")].map(m => m.textContent)")
	    assert len(metas) == min(facet["n"], 20), (metas, facet)
	    c = facet["category"]
	    for m in metas:
	        cats = m.split(" \u00b7 ")[3].split()
	        assert any(x == c or x.startswith(c + ".") for x in cats), (m, c)
	    assert b.evaluate("document.querySelector(\"p.filters\").textContent").startswith(
	        "Filters: category: " + c), "the filter in force is not shown"
	EOF
'

test_expect 'clicking the first hit: its clause page says what clause show says' '
	test -s facet.url && test -s facet.category &&
	drive "$(cat facet.url)" "$(cat facet.category)" "$CLAUSE" <<-\EOF
	import json, subprocess, sys
	from urllib.parse import urlsplit
	from cdp import Browser
	url, category, clause = sys.argv[1:4]
	def words(s):
	    return " ".join(s.split())
	def show(ref, *args):
	    return subprocess.run([clause, "-C", "lib", "show", ref] + list(args), check=True,
	                          capture_output=True, text=True).stdout
	with Browser(".") as b:
	    b.navigate(url)
	    hit = b.evaluate("""(() => {
	        const li = document.querySelector("ol.hits > li");
	        return {title: li.querySelector(".hit-title a").textContent,
	                ref: li.querySelector(".meta").textContent.split(" ")[0]};
	    })()""")
	    b.click("ol.hits > li:first-child .hit-title a", wait_load=True)
	    b.screenshot("clause.png")
	    assert urlsplit(b.url()).path == "/clause/" + hit["ref"], (b.url(), hit)
	    page = b.evaluate("""(() => {
	        const h1 = document.querySelector("h1");
	        const art = document.querySelector("article.clause");
	        if (!h1 || !art) return null;
	        const blocks = [...art.children];
	        const acts = blocks.filter(e => e.matches("p.acts"));
	        const text = blocks.filter(e => !e.matches("p.acts"));
	        return {h1: h1.textContent, acts: acts.map(e => e.textContent),
	                text: text.map(e => e.innerText).join("\\n"),
	                first: text.length ? text[0].innerText : "",
	                cats: [...document.querySelectorAll("p.meta a[href*=\\"category=\\"]")].map(a => a.textContent)};
	    })()""")
	    assert page and page["text"], "no h1 or article.clause with text: %r" % page
	    # clause show: "NUM HEADING  [DOC/CLAUSE]", then the acts at the
	    # table, one "[TA DATE by PARTIES, round R] NOTE" each, then the text
	    lines = show(hit["ref"]).splitlines()
	    head = lines[0].rsplit("  [", 1)
	    assert head[1] == hit["ref"] + "]", lines[0]
	    assert words(page["h1"]) == words(head[0]) == words(hit["title"]), (page["h1"], lines[0], hit)
	    body = words(" ".join(lines[1:]))
	    # the acts, which the page writes "TA DATE by PARTIES, round R: NOTE"
	    said = {"ta": "TA", "reopen": "TA reopened", "reject": "Rejected"}
	    acts = json.loads(show(hit["ref"], "--format=json"))["acts"]
	    assert len(page["acts"]) == len(acts), (page["acts"], acts)
	    for got, a in zip(page["acts"], acts):
	        act = "%s %s by %s" % (said[a["kind"]], a["date"], a["by"])
	        act += ", round " + a["round"] if a.get("round") else ""
	        assert words(got) == act + (": " + words(a["note"]) if a.get("note") else ""), (got, a)
	        act = words("[%s] %s" % (act, a.get("note") or ""))
	        assert body.startswith(act), (body, act)
	        body = body[len(act):].lstrip()
	    assert body.startswith(words(page["first"])), "first paragraph: %r, clause show: %r" % (page["first"], body)
	    assert words(page["text"]) == body, "the page: %r, clause show: %r" % (page["text"], body)
	    assert any(x == category or x.startswith(category + ".") for x in page["cats"]), (page["cats"], category)
	EOF
'

test_expect 'a clause page in the browser: its similar clauses come in place of the link' '
	drive "$URL" "$CLAUSE" <<-\EOF
	import json, subprocess, sys
	from cdp import Browser
	url, clause = sys.argv[1:3]
	want = [h["doc"] + "/" + h["clause"] for h in json.loads(subprocess.run(
	    [clause, "-C", "lib", "similar", "ibt-ups-2023/cameras", "-n", "5", "--format=json"],
	    check=True, capture_output=True, text=True).stdout)]
	assert want, "clause similar found nothing"
	with Browser(".") as b:
	    b.navigate(url + "/clause/ibt-ups-2023/cameras")
	    b.wait_for("document.querySelector(\"ol#similar\") !== null")
	    got = b.evaluate("""[...document.querySelectorAll("ol#similar li a")].map(
	        a => new URL(a.href).pathname.replace("/clause/", ""))""")
	    assert got == want, (got, want)
	    assert b.evaluate("document.querySelector(\".deferred\") === null")
	EOF
'

test_expect 'clicking a step of a clause history: a redline of the words changed' '
	first=$(git -C lib rev-parse "round/1^{commit}") &&
	step=$(git -C lib rev-parse "round/2^{commit}") &&
	drive "$URL" "$first" "$step" <<-\EOF
	import sys
	from urllib.parse import urlsplit, parse_qs
	from cdp import Browser
	url, first, step = sys.argv[1:4]
	with Browser(".") as b:
	    b.navigate(url + "/clause/ibt-ups-2023/cameras")
	    steps = b.evaluate("[...document.querySelectorAll(\"ol.history > li\")].map(li => li.textContent)")
	    assert len(steps) == 2, steps
	    assert steps[0].startswith(step[:7] + " modified") and "(round/2)" in steps[0], steps
	    assert steps[1].startswith(first[:7] + " added") and "(round/1)" in steps[1], steps
	    b.click("ol.history > li:first-child a.step", wait_load=True)
	    b.screenshot("redline.png")
	    got = urlsplit(b.url())
	    assert got.path == "/redline", b.url()
	    assert parse_qs(got.query) == {"from": [step + "~1"], "to": [step]}, b.url()
	    # the changes in the clause, not the legend above (it has a del and an ins too)
	    red = b.evaluate("""(() => {
	        const c = [...document.querySelectorAll("div.clause")];
	        const t = s => c.flatMap(d => [...d.querySelectorAll(s)].map(e => e.textContent));
	        return {n: c.length, del: t("del"), ins: t("ins"),
	                h3: c.length && c[0].querySelector("h3").textContent};
	    })()""")
	    assert red["n"] == 1, red
	    assert "[ibt-ups-2023/cameras]" in red["h3"], red
	    assert red["del"] == ["discipline"], red
	    assert red["ins"] == ["rate or rank"], red
	EOF
'

test_expect 'a screenshot of each page: a PNG of more than 5 KB' '
	for f in search facet clause redline; do
		test "$(head -c 8 "$f.png" | od -An -tx1 | tr -d " \n")" = 89504e470d0a1a0a &&
		test "$(wc -c <"$f.png")" -gt 5120 || { echo "$f.png"; return 1; }
	done
'

test_expect 'SIGTERM stops the server; no browser is left behind' '
	stop_serve serve.log &&
	test "$(curl -s -o /dev/null --max-time 5 -w "%{http_code}" "$URL/")" = 000 &&
	! pgrep -f "$TEST_SCRATCH/chrome\."
'

test_done
