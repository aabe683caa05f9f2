#!/usr/bin/env python3
"""gen.py: build a deterministic benchmark library for clause.

usage: gen.py [--agreements N] [--clauses M] [--rounds R] [--seed S] DIR

Writes a git repository at DIR holding N agreements of M clauses each
(default 2,000 x 50 = 100,000 clauses).  Clause texts are 40-150 words drawn
from the vocabulary of the shipped library (clauses/), with numbers and
<quantity> markup; categories come from schemas/taxonomy.xml.  Then R rounds
of history (default 5), each tagged round/1 .. round/R: from one round to
the next about 2% of clauses change (word edits, numbers moved, a few
clauses moved to another article, renumbered, added and dropped).

The same arguments always give the same files and the same commits (fixed
author, committer and dates), so runs on different days compare.
"""
import argparse
import os
import random
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

UNITS = [("days", 30, 180), ("hours", 8, 80), ("months", 3, 24),
         ("percent", 1, 20), ("USD", 500, 5000)]


def vocabulary():
    """Words of the shipped library's clause text, in a stable order."""
    words = set()
    for root, _, files in os.walk(os.path.join(TOP, "clauses")):
        for name in sorted(files):
            if not name.endswith(".xml"):
                continue
            with open(os.path.join(root, name), encoding="utf-8") as f:
                text = f.read()
            for p in re.findall(r"<p>(.*?)</p>", text, re.S):
                p = re.sub(r"<[^>]+>", " ", p)
                for w in re.findall(r"[A-Za-z][a-z]+", p):
                    words.add(w.lower())
    return sorted(words)


def leaves():
    with open(os.path.join(TOP, "schemas", "taxonomy.xml"), encoding="utf-8") as f:
        text = f.read()
    out, family = [], None
    for m in re.finditer(r'<category id="([a-z-]+)">', text):
        start = text.rfind("\n", 0, m.start())
        indent = m.start() - start - 1
        if indent == 2:
            family = m.group(1)
        else:
            out.append(family + "." + m.group(1))
    return out


class Clause:
    def __init__(self, cid, cats, words, qty):
        self.id = cid          # stable id
        self.cats = cats       # categories
        self.words = words     # list of words (strings)
        self.qty = qty         # (position, value, unit)
        self.num = None        # set when written
        self.heading = None


def make_clause(rng, vocab, cats, cid):
    n = rng.randint(40, 150)
    words = [rng.choice(vocab) for _ in range(n)]
    unit, lo, hi = rng.choice(UNITS)
    qty = (rng.randrange(n), rng.randint(lo, hi), unit)
    c = Clause(cid, rng.sample(cats, rng.choice([1, 1, 2])), words, qty)
    c.heading = " ".join(rng.choice(vocab) for _ in range(rng.randint(2, 4))).capitalize()
    return c


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clause_xml(c):
    pos, value, unit = c.qty
    before = " ".join(c.words[:pos])
    after = " ".join(c.words[pos:])
    amount = "${:,}".format(value) if unit == "USD" else str(value)
    text = "{} <quantity unit=\"{}\">{}</quantity> {}{}.".format(
        esc(before).capitalize(), unit, amount, "" if unit == "USD" else unit + " ",
        esc(after))
    # Wrap at about 72 columns, as people write XML by hand.
    lines, line = [], ""
    for w in text.split(" "):
        if line and len(line) + len(w) > 66:
            lines.append(line)
            line = w
        else:
            line = (line + " " + w) if line else w
    lines.append(line)
    body = "\n        ".join(lines)
    return ('    <clause id="{}" category="{}">\n'
            '      <num>{}</num>\n'
            '      <heading>{}</heading>\n'
            '      <p>{}</p>\n'
            '    </clause>\n').format(c.id, " ".join(c.cats), c.num, esc(c.heading), body)


def agreement_xml(doc_id, title, articles, year):
    out = ['<?xml version="1.0" encoding="UTF-8"?>\n',
           '<agreement xmlns="urn:clause:1" id="{}" status="ratified">\n'.format(doc_id),
           '  <meta>\n',
           '    <title>{}</title>\n'.format(esc(title)),
           '    <party role="union" id="u{}">Union local {}</party>\n'.format(doc_id[-4:], doc_id[-4:]),
           '    <party role="employer" id="e{}">Employer {}</party>\n'.format(doc_id[-4:], doc_id[-4:]),
           '    <sector>sector {}</sector>\n'.format(int(doc_id[-4:]) % 17),
           '    <term effective="{}-01-01" expires="{}-12-31"/>\n'.format(year, year + 4),
           '  </meta>\n']
    for a, (aid, clauses) in enumerate(articles):
        out.append('  <article id="{}">\n    <num>Article {}</num>\n'.format(aid, a + 1))
        for k, c in enumerate(clauses):
            c.num = "{}.{}".format(a + 1, k + 1)
            out.append(clause_xml(c))
        out.append('  </article>\n')
    out.append('</agreement>\n')
    return "".join(out)


def git(repo, *args, env=None):
    subprocess.run(["git", "-C", repo] + list(args), check=True, env=env,
                   stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agreements", type=int, default=2000)
    ap.add_argument("--clauses", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--parties", action="store_true",
                    help="rounds tabled by the union and the employer in turn")
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("dir")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    vocab = vocabulary()
    cats = leaves()
    os.makedirs(args.dir, exist_ok=True)
    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.org",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.org",
               GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", "init", "-q", "-b", "main", args.dir], check=True, env=env)
    git(args.dir, "config", "user.name", "Bench")
    git(args.dir, "config", "user.email", "bench@example.org")

    # docs[i] = (doc_id, title, year, [(article_id, [Clause...]), ...])
    docs = []
    next_id = 0
    for i in range(args.agreements):
        doc_id = "agr-{:04d}".format(i + 1)
        per = max(1, args.clauses // 5)
        articles, left, a = [], args.clauses, 0
        while left > 0:
            n = min(per, left)
            clauses = []
            for _ in range(n):
                next_id += 1
                clauses.append(make_clause(rng, vocab, cats, "c{}".format(next_id)))
            articles.append(("art{}".format(a + 1), clauses))
            left -= n
            a += 1
        title = "Agreement {} on technology ({})".format(i + 1, rng.choice(vocab))
        docs.append((doc_id, title, 2020 + i % 6, articles))

    def write_all(only=None):
        for k, (doc_id, title, year, articles) in enumerate(docs):
            if only is not None and k not in only:
                continue
            sub = os.path.join(args.dir, "agreements", doc_id[:-2])
            os.makedirs(sub, exist_ok=True)
            with open(os.path.join(sub, doc_id + ".xml"), "w", encoding="utf-8") as f:
                f.write(agreement_xml(doc_id, title, articles, year))

    write_all()
    for r in range(1, args.rounds + 1):
        if r > 1:
            touched = set()
            total = args.agreements * args.clauses
            for _ in range(max(1, total * 2 // 100)):
                k = rng.randrange(len(docs))
                touched.add(k)
                _, _, _, articles = docs[k]
                a = rng.randrange(len(articles))
                clauses = articles[a][1]
                if not clauses:
                    continue
                i = rng.randrange(len(clauses))
                c = clauses[i]
                op = rng.random()
                if op < 0.55:          # word edits
                    for _ in range(rng.randint(1, 4)):
                        j = rng.randrange(len(c.words))
                        c.words[j] = rng.choice(vocab)
                elif op < 0.80:        # a number moved
                    pos, value, unit = c.qty
                    c.qty = (pos, value + rng.choice([-30, -15, 15, 30, 60]) if unit != "percent"
                             else max(1, value + rng.choice([-2, 2])), unit)
                elif op < 0.87 and len(articles) > 1:   # moved to another article
                    del clauses[i]
                    b = (a + 1) % len(articles)
                    articles[b][1].append(c)
                elif op < 0.93:        # dropped, another added
                    del clauses[i]
                    next_id += 1
                    clauses.insert(i, make_clause(rng, vocab, cats, "c{}".format(next_id)))
                else:                  # reordered: renumbers its neighbours
                    if i + 1 < len(clauses):
                        clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
            write_all(touched)
        git(args.dir, "add", "-A", env=env)
        # one round a day, so that rounds sort by date past the ninth
        day = "2026-01-{:02d}T12:00:00Z".format(r)
        renv = dict(env, GIT_AUTHOR_DATE=day, GIT_COMMITTER_DATE=day)
        git(args.dir, "commit", "-q", "--allow-empty", "-m", "Round {}".format(r), env=renv)
        note = "Round {}".format(r)
        if args.parties:
            note += "\n\nParty: {}".format("union" if r % 2 else "employer")
        git(args.dir, "tag", "-a", "round/{}".format(r), "-m", note, env=renv)
    print("{}: {} agreements x {} clauses, {} rounds".format(
        args.dir, args.agreements, args.clauses, args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
