#!/usr/bin/env python3
"""bench.py: what each clause command costs, side by side with git, xmllint
and SQLite, measured in one run.

usage: bench.py [--agreements N] [--clauses M] [--rounds R] [--runs K]
                [--no-judge] [--clause PATH] [--work DIR]

Builds (or reuses) the deterministic library of tests/bench/gen.py under
--work, then times each command K times (default 5) after one warm-up run
and prints one table: median, min and max wall time, peak memory (max RSS)
of the command, the tool it is compared with measured in the same run, the
ratio, and the target with PASS or FAIL.  --no-judge prints the table but
never fails (make check runs a small version that way to keep the scripts
working); otherwise the exit status is 1 when any target fails.

A row whose command is not in this build of clause says "n/a" and is not
judged.  Peak memory is measured by GNU time (/usr/bin/time) on the
warm-up run.
"""
import argparse
import http.client
import threading
import urllib.parse
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MB = 1024  # ru_maxrss is in KiB


def run(cmd, cwd=None, env=None, check=True):
    """Run cmd once; (seconds, max RSS KiB, exit status)."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    dt = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if check and code not in (0, 1):
        raise RuntimeError("{} exited {}".format(" ".join(cmd), code))
    return dt, ru.ru_maxrss, code


class Timing:
    def __init__(self, times, rss):
        self.times = times
        self.rss = rss

    @property
    def median(self):
        return statistics.median(self.times)

    def pct(self, p):
        s = sorted(self.times)
        return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def peak_rss(cmd, cwd=None, env=None):
    """Max RSS (KiB) of one run of cmd, measured by GNU time.  The rusage
    of a child forked from this (large) Python process would count the
    copy of Python it was before exec, so it is not used."""
    fd, out = tempfile.mkstemp()
    os.close(fd)
    try:
        run(["/usr/bin/time", "-f", "%M", "-o", out] + cmd, cwd, env)
        with open(out) as f:
            return int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        return 0
    finally:
        os.unlink(out)


def measure(cmd, runs, setup=None, cwd=None, env=None):
    """Warm up once (measuring peak memory), then `runs` timed runs;
    setup() runs before each."""
    if setup:
        setup()
    rss = peak_rss(cmd, cwd, env)
    times = []
    for _ in range(runs):
        if setup:
            setup()
        dt, _, _ = run(cmd, cwd, env)
        times.append(dt)
    return Timing(times, rss)


def has_command(clause, name):
    p = subprocess.run([clause, name, "--help"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return p.returncode == 0


def ms(s):
    return "{:.1f}".format(s * 1000.0)


class Table:
    def __init__(self):
        self.rows = []
        self.failed = 0

    def add(self, what, t, base_name=None, base=None, target=None, ok=None):
        """One line: what was measured, its timing, what it is compared
        with (and that timing), the target and whether it holds."""
        if t is None:
            self.rows.append((what, "n/a", "", "", "", "", "", target or "", "n/a"))
            return
        ratio = ""
        if base is not None:
            ratio = "{:.2f}x".format(t.median / base.median) if base.median else "-"
        verdict = "" if ok is None else ("PASS" if ok else "FAIL")
        if ok is False:
            self.failed += 1
        self.rows.append((what, ms(t.median), ms(min(t.times)), ms(max(t.times)),
                          "{:.1f}".format(t.rss / MB),
                          "{} {}".format(base_name, ms(base.median)) if base else "",
                          ratio, target or "", verdict))

    def memory(self, what, kib, target, ok=None):
        """A line of peak memory alone (KiB), with its target."""
        if ok is False:
            self.failed += 1
        self.rows.append((what, "", "", "", "{:.1f}".format(kib / MB), "", "", target,
                          "" if ok is None else ("PASS" if ok else "FAIL")))

    def print(self):
        head = ("measurement", "median ms", "min", "max", "max RSS MB",
                "compared with (median ms)", "ratio", "target", "")
        rows = [head] + self.rows
        w = [max(len(str(r[i])) for r in rows) for i in range(len(head))]
        for k, r in enumerate(rows):
            print("  ".join(str(c).ljust(w[i]) if i in (0, 5, 7) else str(c).rjust(w[i])
                            for i, c in enumerate(r)).rstrip())
            if k == 0:
                print("  ".join("-" * x for x in w))


def xml_files(lib):
    out = subprocess.run(["git", "-C", lib, "ls-files", "*.xml"], check=True,
                         capture_output=True, text=True).stdout.split()
    return [os.path.join(lib, f) for f in out]


def clause_texts(files):
    """(id, heading, text) of every clause, as the sqlite3 baseline loads."""
    rows = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            data = fh.read()
        for m in re.finditer(r'<clause id="([^"]+)"[^>]*>.*?<heading>(.*?)</heading>\s*<p>(.*?)</p>',
                             data, re.S):
            text = re.sub(r"<[^>]+>", "", m.group(3))
            rows.append((m.group(1), m.group(2), " ".join(text.split())))
    return rows


def sql_quote(s):
    return "'" + s.replace("'", "''") + "'"


class Server:
    """clause serve on a free loopback port.  A session of its own:
    `clause` may be a wrapper script (the sanitizer runs), so the server
    is its child, and the whole group is stopped at the end."""

    def __init__(self, clause, lib, env):
        self.p = subprocess.Popen([clause, "-C", lib, "serve", "--listen", "127.0.0.1:0",
                                   "--threads", "4"], stderr=subprocess.PIPE, env=env,
                                  text=True, start_new_session=True)
        m = re.search(r"127\.0\.0\.1:(\d+)/", self.p.stderr.readline())
        self.port = int(m.group(1)) if m else None
        self.requests = 0
        self.pid = self.p.pid
        try:
            with open("/proc/{0}/task/{0}/children".format(self.p.pid)) as f:
                kids = f.read().split()
            if kids:
                self.pid = int(kids[0])
        except OSError:
            pass
        threading.Thread(target=lambda: [None for _ in self.p.stderr], daemon=True).start()

    def hwm(self):
        """Peak resident memory (VmHWM, KiB) of the server process."""
        with open("/proc/{}/status".format(self.pid)) as f:
            return int(re.search(r"VmHWM:\s*(\d+)", f.read()).group(1))

    def stop(self):
        try:
            os.killpg(self.p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.p.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.p.pid, signal.SIGKILL)
            self.p.wait()

    def wrk(self, paths, clients, seconds):
        """wrk (a C client: Python's threads measured their own queueing)
        with `clients` connections for `seconds`, cycling through paths:
        ([p50, p99] in seconds, requests, errors), or None without wrk."""
        if not shutil.which("wrk"):
            return None
        fd, script = tempfile.mkstemp(suffix=".lua")
        with os.fdopen(fd, "w") as f:
            f.write("local paths = {" + ",".join('"' + p.replace('"', '\\"') + '"'
                                              for p in paths) + "}\n"
                    "local i = 0\n"
                    "request = function()\n"
                    "  i = i % #paths + 1\n"
                    "  return wrk.format(\"GET\", paths[i])\n"
                    "end\n")
        try:
            out = subprocess.run(["wrk", "-t", "2", "-c", str(clients), "-d", "{}s".format(seconds),
                                  "--latency", "-s", script,
                                  "http://127.0.0.1:{}".format(self.port)],
                                 capture_output=True, text=True, check=True).stdout
        finally:
            os.unlink(script)
        unit = {"us": 1e-6, "ms": 1e-3, "s": 1.0}

        def pct(p):
            m = re.search(r"^\s*{}%\s+([\d.]+)(us|ms|s)\s*$".format(p), out, re.M)
            return float(m.group(1)) * unit[m.group(2)] if m else float("nan")
        n = re.search(r"(\d+) requests in", out)
        bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
        sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
        errors = (int(bad.group(1)) if bad else 0) + (sum(int(x) for x in sock.groups()) if sock else 0)
        self.requests += int(n.group(1)) if n else 0
        return [pct(50), pct(99)], int(n.group(1)) if n else 0, errors

    def first(self, paths):
        """Each path once, one client, no warm-up: (seconds of each
        answer, statuses other than 200)."""
        lat, errors = [], []
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        for p in paths:
            t0 = time.perf_counter()
            conn.request("GET", p)
            r = conn.getresponse()
            r.read()
            lat.append(time.perf_counter() - t0)
            if r.status != 200:
                errors.append(r.status)
        conn.close()
        self.requests += len(paths)
        return lat, errors

    def load(self, paths, clients, passes):
        """Every path once (warm-up), then `clients` clients at once, each
        on a connection of its own kept alive, each asking `passes` times
        for every path: (seconds of each answer, statuses other than 200)."""
        lat, errors = [], []

        def client(k, n):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            for i in range(n * len(paths)):
                t0 = time.perf_counter()
                conn.request("GET", paths[(k + i) % len(paths)])
                r = conn.getresponse()
                r.read()
                lat.append(time.perf_counter() - t0)
                if r.status != 200:
                    errors.append(r.status)
            conn.close()
        client(0, 1)
        del lat[:], errors[:]
        ts = [threading.Thread(target=client, args=(k, passes)) for k in range(clients)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.requests += len(paths) + len(lat)
        return lat, errors


def served_library(clause, work, lib, big, env):
    """A clone of lib, its work tree the same clauses, with a branch that
    puts big's 500-clause agreement in place of lib's first one (the same
    path and id) as of big's round/1 and round/2, tagged big/round-1 and
    big/round-2: a redline between those two is of that one agreement,
    in a library of lib's size.  lib itself is left as it is."""
    dest = os.path.join(work, "serve-" + os.path.basename(lib))
    have = subprocess.run(["git", "-C", dest, "rev-parse", "-q", "--verify", "big/round-2"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if have.returncode != 0:
        shutil.rmtree(dest, ignore_errors=True)
        subprocess.run(["git", "clone", "-q", lib, dest], check=True, env=env)
        path = subprocess.run(["git", "-C", big, "ls-files", "*.xml"], check=True,
                              capture_output=True, text=True).stdout.split()[0]
        g = ["git", "-C", dest, "-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
        subprocess.run(g + ["switch", "-q", "-c", "big"], check=True, env=env)
        for r in (1, 2):
            xml = subprocess.run(["git", "-C", big, "show", "round/{}:{}".format(r, path)],
                                 check=True, capture_output=True).stdout
            with open(os.path.join(dest, path), "wb") as f:
                f.write(xml)
            for cmd in (["add", path], ["commit", "-q", "-m", "500 clauses, round {}".format(r)],
                        ["tag", "big/round-{}".format(r)]):
                subprocess.run(g + cmd, check=True, env=env, stdout=subprocess.DEVNULL)
        subprocess.run(g + ["switch", "-q", "main"], check=True, env=env)
    run([clause, "-C", dest, "index"], env=env)
    return dest


def search_paths(queries):
    """The bench's queries as /api/search addresses, 10 hits each."""
    paths = []
    for q in queries:
        args, i = {"q": []}, 0
        while i < len(q):
            if q[i].startswith("--"):
                args[q[i][2:]] = q[i + 1]
                i += 2
            else:
                args["q"].append(q[i])
                i += 1
        args["q"] = " ".join(args["q"])
        args["n"] = "10"
        paths.append("/api/search?" + urllib.parse.urlencode(args))
    return paths


def clause_paths(files, count=50):
    """/clause/DOC/CLAUSE of `count` clauses, one each from documents
    spread over the library."""
    rng = random.Random(11)
    paths = []
    for i in range(count):
        with open(files[i * len(files) // count], encoding="utf-8") as f:
            data = f.read()
        doc = re.search(r'<agreement[^>]* id="([^"]+)"', data).group(1)
        cid = rng.choice(re.findall(r'<clause[^>]* id="([^"]+)"', data))
        paths.append("/clause/{}/{}".format(doc, cid))
    return paths


def serve_rows(clause, served, env, queries, gt, files, runs, tbl, J):
    """One server answers all: the bench's queries over HTTP at 16
    clients (p50, p99, against git grep), clause pages and a redline page
    of the 500-clause agreement (one client, side by side with clause diff
    --format=html), then the server's peak memory after all of it."""
    red = ("big/round-1", "big/round-2")
    cli = measure([clause, "-C", served, "diff", "--format=html"] + list(red), runs, env=env)
    srv = Server(clause, served, env)
    if srv.port is None:
        srv.stop()
        for what in ("serve: search over HTTP", "serve: clause page", "serve: redline page",
                     "serve: peak memory"):
            tbl.add(what, None)
        return
    pages = clause_paths(files)
    try:
        # Each search once, one client, the answers not yet kept: what a
        # new question costs.  Then 16 clients at once over the same
        # searches (kept answers, while the library is as it was).
        srv.load(["/api/search?q=warm+up+{}".format(i) for i in range(8)], 4, 1)
        cold, cold_err = srv.first(search_paths(queries))
        w = srv.wrk(search_paths(queries), 16, 5)
        s_lat, s_err = (srv.load(search_paths(queries), 16, 2) if w is None
                        else ([], []))
        c_lat, c_err = srv.load(pages, 1, 2)
        r_lat, r_err = srv.load(["/redline?from={}&to={}".format(*red)], 1, 20)
        hwm, requests = srv.hwm(), srv.requests
    finally:
        srv.stop()
    c, r = Timing(c_lat, hwm), Timing(r_lat, hwm)
    if w is not None:
        (p50, p99), nreq, nerr = w
        client = "wrk"
    else:
        s = Timing(s_lat, hwm)
        p50, p99, nreq, nerr, client = s.median, s.pct(99), len(s_lat), len(s_err), "Python"
    k = Timing(cold, hwm)
    tbl.add("serve: search over HTTP, each search the first time, 1 client ({} requests, "
            "{} errors)".format(len(cold), len(cold_err)), k, "git grep -w -i", gt)
    tbl.add("serve: search over HTTP, 16 clients ({}): p50 ({} requests, {} errors)".format(
        client, nreq, nerr), Timing([p50], hwm), "git grep -w -i", gt,
        "< 2 ms and >= 10x faster than git grep",
        J(not nerr and p50 < 0.002 and gt.median >= 10 * p50))
    tbl.add("serve: search over HTTP, 16 clients ({}): p99".format(client), Timing([p99], hwm),
            None, None, "< 20 ms", J(p99 < 0.020))
    tbl.add("serve: clause page, 1 client ({} requests of {} clauses, {} errors)".format(
        len(c_lat), len(set(pages)), len(c_err)), c, None, None, "< 5 ms",
        J(not c_err and c.median < 0.005))
    tbl.add("serve: redline page, 500-clause agreement, round 1 -> 2, 1 client "
            "({} requests, {} errors)".format(len(r_lat), len(r_err)), r,
            "clause diff --format=html", cli, "< 50 ms", J(not r_err and r.median < 0.050))
    tbl.memory("serve: peak memory (VmHWM) after all {} requests, warm-ups too".format(
        requests), hwm, "< 256 MB", J(hwm < 256 * MB))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agreements", type=int, default=2000)
    ap.add_argument("--clauses", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--import-clauses", type=int, default=1500,
                    help="clauses of the agreement imported from PDF and Word")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-judge", action="store_true")
    ap.add_argument("--clause", default=os.path.join(TOP, "clause"))
    ap.add_argument("--work", default=os.path.join(TOP, "build", "bench"))
    args = ap.parse_args()
    clause = os.path.abspath(args.clause)
    judge = not args.no_judge
    runs = max(5, args.runs) if judge else max(1, args.runs)

    os.makedirs(args.work, exist_ok=True)
    lib = os.path.join(args.work, "lib-{}x{}x{}".format(args.agreements, args.clauses, args.rounds))
    if not os.path.isdir(os.path.join(lib, ".git")):
        shutil.rmtree(lib, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"),
                        "--agreements", str(args.agreements), "--clauses", str(args.clauses),
                        "--rounds", str(args.rounds), lib], check=True, stdout=subprocess.DEVNULL)
    big = os.path.join(args.work, "one-500x2")
    if not os.path.isdir(os.path.join(big, ".git")):
        shutil.rmtree(big, ignore_errors=True)
        subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"),
                        "--agreements", "1", "--clauses", "500", "--rounds", "2", big],
                       check=True, stdout=subprocess.DEVNULL)
    files = xml_files(lib)
    env = dict(os.environ, NO_COLOR="1", GIT_CONFIG_NOSYSTEM="1")
    tbl = Table()
    n = args.agreements * args.clauses
    J = (lambda ok: ok if judge else None)

    # 1. Validation, against xmllint on the same files.
    v = measure([clause, "-C", lib, "validate"], runs, env=env)
    x = measure(["xmllint", "--noout", "--schema", os.path.join(TOP, "schemas", "clause.xsd")]
                + files, runs, env=env)
    tbl.add("validate, whole library ({} clauses)".format(n), v, "xmllint --schema", x,
            "<= xmllint", J(v.median <= x.median))

    # 2-5. Index and search.
    if has_command(clause, "index") and has_command(clause, "search"):
        tmp = tempfile.mkdtemp(dir=args.work)
        sql = os.path.join(tmp, "load.sql")
        with open(sql, "w", encoding="utf-8") as f:
            f.write("PRAGMA journal_mode=WAL;\nCREATE VIRTUAL TABLE c USING "
                    "fts5(id, heading, text, tokenize=\"unicode61 remove_diacritics 2\");\n"
                    "BEGIN;\n")
            for cid, h, t in clause_texts(files):
                f.write("INSERT INTO c VALUES({},{},{});\n".format(
                    sql_quote(cid), sql_quote(h), sql_quote(t)))
            f.write("COMMIT;\n")
        db = os.path.join(tmp, "raw.sqlite")

        def fresh_raw():
            for suffix in ("", "-wal", "-shm"):
                if os.path.exists(db + suffix):
                    os.unlink(db + suffix)
        raw = None
        if shutil.which("sqlite3"):
            raw = measure(["sh", "-c", "sqlite3 '{}' < '{}'".format(db, sql)], runs,
                          setup=fresh_raw, env=env)
        full = measure([clause, "-C", lib, "index", "--rebuild"], runs, env=env)
        tbl.add("index build, full", full, "sqlite3 FTS5 bulk load" if raw else None, raw,
                "<= 2x raw FTS5 load", J(raw is not None and full.median <= 2 * raw.median))
        one = files[len(files) // 2]
        with open(one, encoding="utf-8") as f:
            original = f.read()
        flip = [0]

        def touch_one():
            flip[0] += 1
            with open(one, "w", encoding="utf-8") as f:
                f.write(original.replace("</p>", " edit{}</p>".format(flip[0]), 1))
        inc = measure([clause, "-C", lib, "index"], runs, setup=touch_one, env=env)
        with open(one, "w", encoding="utf-8") as f:
            f.write(original)
        run([clause, "-C", lib, "index"], env=env)
        tbl.add("index update, one document changed", inc, None, None, "< 100 ms",
                J(inc.median < 0.100))

        rng = random.Random(7)
        words = sorted({w for _, _, t in clause_texts(files[:50]) for w in t.lower().split()
                        if w.isalpha() and len(w) > 3})
        queries = []
        for i in range(50):
            k = i % 5
            if k == 0:
                queries.append([rng.choice(words)])
            elif k == 1:
                queries.append(['"{} {}"'.format(rng.choice(words), rng.choice(words))])
            elif k == 2:
                queries.append([rng.choice(words), "--category", "guardrail"])
            elif k == 3:
                queries.append([rng.choice(words), rng.choice(words)])
            else:
                queries.append([rng.choice(words[:20]), "--status", "ratified"])
        s_times, g_times, s_rss = [], [], 0
        rg = shutil.which("rg")
        r_times = []
        for q in queries:
            t = measure([clause, "-C", lib, "search", "-n", "10"] + q, runs, env=env)
            s_times.append(t.median)
            s_rss = max(s_rss, t.rss)
            terms = [w.strip('"') for w in " ".join(a for a in q if not a.startswith("--")
                                                   and a not in ("guardrail", "ratified")).split()]
            gcmd = ["git", "-C", lib, "grep", "-w", "-i", "-l"]
            for w in terms:
                gcmd += ["-e", w]
            g = measure(gcmd, runs, env=env)
            g_times.append(g.median)
            if rg:
                r_times.append(measure([rg, "-w", "-i", "-l"] + sum((["-e", w] for w in terms), [])
                                       + [lib], runs, env=env).median)
        st, gt = Timing(s_times, s_rss), Timing(g_times, 0)
        tbl.add("search, 50 queries: median", st, None, None, "< 10 ms",
                J(st.median < 0.010))
        tbl.add("search, 50 queries: against git grep", st, "git grep -w -i", gt,
                ">= 20x faster than git grep", J(gt.median >= 20 * st.median))
        tbl.add("search, 50 queries: 95th percentile", Timing([st.pct(95)], s_rss),
                None, None, "< 50 ms", J(st.pct(95) < 0.050))
        if r_times:
            tbl.add("  (ripgrep on the same words, median)", Timing(r_times, 0))
        # What no command can beat: starting a process at all.  Where a
        # twentieth of git grep's time is below this, the 20x target
        # cannot be met by any program run once per query.
        tbl.add("  (start of any process: /bin/true)", measure(["/bin/true"], runs, env=env),
                None, None, "floor; 1/20 of git grep is {} ms".format(ms(gt.median / 20)))
        if has_command(clause, "serve"):
            served = served_library(clause, args.work, lib, big, env)
            serve_rows(clause, served, env, queries, gt, files, runs, tbl, J)
        word = queries[0][0]
        single = measure([clause, "-C", lib, "search", word], runs, env=env)
        allr = measure([clause, "-C", lib, "search", "--all-rounds", word], runs, env=env)
        tbl.add("search --all-rounds ({} rounds)".format(args.rounds), allr,
                "single revision", single, "<= 2x single", J(allr.median <= 2 * single.median))
        # Listings a current index answers (ls, categories, show) and
        # the history of one clause, which asks the index first.
        run([clause, "-C", lib, "index"], env=env)
        with open(files[0], encoding="utf-8") as f:
            head = f.read()
        doc = re.search(r'<agreement[^>]* id="([^"]+)"', head).group(1)
        cid = re.search(r'<clause[^>]* id="([^"]+)"', head).group(1)
        for what, cmd in (("ls", ["ls"]), ("categories", ["categories"]),
                          ("show DOC", ["show", doc])):
            t = measure([clause, "-C", lib] + cmd, runs, env=env)
            tbl.add("{}, current index".format(what), t, None, None, "< 20 ms",
                    J(t.median < 0.020))
        t = measure([clause, "-C", lib, "log", doc + "/" + cid], runs, env=env)
        tbl.add("log DOC/CLAUSE, with the index", t, None, None, "< 100 ms",
                J(t.median < 0.100))
        shutil.rmtree(tmp, ignore_errors=True)
    else:
        for what in ("index build, full", "index update, one document changed",
                     "search, 50 queries", "search --all-rounds"):
            tbl.add(what, None)

    # 6. Diff.
    if has_command(clause, "diff") and args.rounds >= 2:
        d = measure([clause, "-C", lib, "diff", "--color=never", "round/1", "round/2"], runs, env=env)
        gd = measure(["git", "-C", lib, "diff", "--word-diff", "round/1", "round/2"], runs, env=env)
        tbl.add("diff, whole library, round/1 -> round/2", d, "git diff --word-diff", gd,
                "<= git diff --word-diff", J(d.median <= gd.median))
        d1 = measure([clause, "-C", big, "diff", "--color=never", "round/1", "round/2"], runs, env=env)
        tbl.add("diff, one 500-clause agreement", d1, None, None, "milliseconds (< 100 ms)",
                J(d1.median < 0.100))
        red = os.path.join(args.work, "redline.docx")
        dw = measure([clause, "-C", big, "diff", "--format=docx", "-o", red, "round/1", "round/2"],
                     runs, env=env)
        tbl.add("diff as a Word redline, same agreement", dw, None, None, "< 100 ms",
                J(dw.median < 0.100))
    else:
        tbl.add("diff, whole library", None)

    # 6b. The bargaining board of a 500-clause agreement over 12 rounds,
    # tabled by the union and the employer in turn.
    if has_command(clause, "board"):
        neg = os.path.join(args.work, "board-500x12")
        if not os.path.isdir(os.path.join(neg, ".git")):
            shutil.rmtree(neg, ignore_errors=True)
            subprocess.run([sys.executable, os.path.join(TOP, "tests", "bench", "gen.py"),
                            "--agreements", "1", "--clauses", "500", "--rounds", "12",
                            "--parties", neg], check=True, stdout=subprocess.DEVNULL)
        bd = measure([clause, "-C", neg, "board"], runs, env=env)
        tbl.add("board, 500 clauses over 12 rounds", bd, None, None, "< 200 ms",
                J(bd.median < 0.200))

    # 7. Clone over file://.
    if has_command(clause, "clone"):
        dest = os.path.join(args.work, "clone-dest")

        def clean():
            shutil.rmtree(dest, ignore_errors=True)
        c = measure([clause, "clone", "-q", "file://" + lib, dest], runs, setup=clean, env=env)
        gc = measure(["git", "clone", "-q", "file://" + lib, dest], runs, setup=clean, env=env)
        clean()
        tbl.add("clone over file://", c, "git clone", gc, "<= 1.5x git clone",
                J(c.median <= 1.5 * gc.median))
    else:
        tbl.add("clone over file://", None)

    # 7b. The whole library as one CSV (from the index).
    if has_command(clause, "export"):
        csv_out = os.path.join(args.work, "all.csv")
        ex = measure([clause, "-C", lib, "export", "--all", "--format=csv", "-o", csv_out],
                     runs, env=env)
        tbl.add("export --all as CSV ({} clauses)".format(n), ex, None, None, "< 2 s",
                J(ex.median < 2.0))

    # 8. Import of a 300-page agreement (1,500 clauses) laid out by
    # LibreOffice as PDF and Word, against pdftotext on the same PDF.
    nimp = args.import_clauses
    if has_command(clause, "import") and shutil.which("soffice"):
        imp = os.path.join(args.work, "import-{}".format(nimp))
        pdf, docx = os.path.join(imp, "agreement.pdf"), os.path.join(imp, "agreement.docx")
        if not (os.path.exists(pdf) and os.path.exists(docx)):
            os.makedirs(imp, exist_ok=True)
            txt = os.path.join(imp, "agreement.txt")
            run([sys.executable, os.path.join(TOP, "tests", "bench", "gen_agreement.py"),
                 "--clauses", str(nimp), txt])
            profile = "file://" + os.path.join(imp, "lo-profile")
            for fmt in ("pdf", "docx:MS Word 2007 XML"):
                run(["soffice", "--headless", "-env:UserInstallation=" + profile,
                     "--convert-to", fmt, "--outdir", imp, txt])
        # outside any library, so that only the file is read
        away = tempfile.mkdtemp()
        ip = measure([clause, "import", "-q", "--dry-run", pdf], runs, cwd=away, env=env)
        pt = measure(["pdftotext", pdf, os.devnull], runs, cwd=away, env=env)
        tbl.add("import, PDF of {} clauses".format(nimp), ip, "pdftotext", pt,
                "< 1 s and <= 3x pdftotext",
                J(ip.median < 1.0 and ip.median <= 3 * pt.median))
        idx = measure([clause, "import", "-q", "--dry-run", docx], runs, cwd=away, env=env)
        tbl.add("import, the same as Word (.docx)", idx, None, None, "< 0.5 s",
                J(idx.median < 0.5))
        shutil.rmtree(away, ignore_errors=True)
    else:
        tbl.add("import, PDF of {} clauses".format(nimp), None)

    # 9. Peak memory of every command measured above.
    worst = max((r for r in tbl.rows if r[4] not in ("", "n/a")),
                key=lambda r: float(r[4]), default=None)
    if worst:
        peak = float(worst[4])
        tbl.memory("peak memory, any command (" + worst[0].split(",")[0] + ")",
                   peak * MB, "<= 256 MB", J(peak <= 256))

    print("clause benchmarks: {} agreements x {} clauses = {} clauses, {} rounds; "
          "{} runs per figure after a warm-up".format(args.agreements, args.clauses, n,
                                                     args.rounds, runs))
    tbl.print()
    if judge:
        print("{} target{} failed".format(tbl.failed, "" if tbl.failed == 1 else "s"))
        return 1 if tbl.failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
