#!/bin/sh
# t3520-merge-moves: a property test of clause merge across documents.
# A fixed-seed generator makes a library of three agreements, then two
# branches from it, each of which moves clauses to another article or
# another document, removes some, edits the words of others and adds
# clauses.  After `clause merge` of the two (clean or with conflicts):
#   - every clause of the base stands at most once outside conflicts,
#     across the whole library (a clause one side moved to another
#     document while the other changed it where it was stands in the new
#     document and, as the other side's version, in a conflict in the old
#     one: clause-pull(1));
#   - every word a side wrote is somewhere (in a clause or a conflict);
#   - every clause of the base that both sides kept is somewhere;
#   - a clean merge validates; a conflicted one validates once every
#     conflict is resolved with `clause resolve --ours --all` (or with
#     --theirs), and then still has each base clause at most once.
. "$CLAUSE_TOP/tests/cli/lib.sh"

CASES=${CLAUSE_MOVE_CASES:-60}

cat >gen.py <<'PY'
import random, re, subprocess, sys

DOCS = 3
# Enough words that two clauses share few: similar texts would be taken
# for one clause given a new id (clause-merge-driver(1)).
VOCAB = ("notice days training hours employer union technology review data "
         "system worker schedule camera sensor wage grievance arbitration "
         "seniority layoff recall shift overtime vacation holiday pension "
         "health safety office remote vendor software algorithm model audit "
         "privacy consent record access appeal committee meeting report "
         "budget premium bonus transfer posting vacancy probation").split()

def xml(doc):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<agreement xmlns="urn:clause:1" id="%s" status="proposal">' % doc["id"],
           '  <meta><title>%s</title><party role="union" id="u">U</party></meta>' % doc["id"]]
    for aid, clauses in doc["articles"]:
        out.append('  <article id="%s">' % aid)
        for cid, words in clauses:
            out.append('    <clause id="%s" category="adjustment.notice"><p>%s.</p></clause>'
                       % (cid, " ".join(words)))
        out.append("  </article>")
    out.append("</agreement>")
    return "\n".join(out) + "\n"

def base(rng):
    lib = []
    for d in range(DOCS):
        arts = []
        for a in range(2):
            cl = []
            for c in range(3):
                tag = "b%d%d%d" % (d, a, c)
                cl.append(("c%d%d%d" % (d, a, c),
                           [tag] + rng.sample(VOCAB, 6)))
            arts.append(("a%d" % a, cl))
        lib.append({"id": "doc%d" % d, "articles": arts})
    return lib

def side(rng, lib, name):
    """Change a copy of lib as one negotiator would; the words it wrote."""
    lib = [{"id": d["id"], "articles": [(a, list(c)) for a, c in d["articles"]]}
           for d in lib]
    wrote = []
    clauses = [(d, a, c) for d in range(DOCS) for a in range(2)
               for c in range(len(lib[d]["articles"][a][1]))]
    picks = rng.sample(clauses, 4)
    taken = []
    for d, a, c in picks:
        taken.append(lib[d]["articles"][a][1][c])
    for d, a, c in picks:
        cl = taken.pop(0)
        arts = lib[d]["articles"][a][1]
        op = rng.choice(["move-doc", "move-doc", "move-art", "delete", "edit"])
        if op == "edit":
            w = "%s%d" % (name, len(wrote))
            wrote.append(w)
            arts[arts.index(cl)] = (cl[0], cl[1][:2] + [w] + cl[1][2:])
            continue
        arts.remove(cl)
        if op == "delete":
            continue
        if op == "move-art":
            lib[d]["articles"][1 - a][1].append(cl)
            continue
        to = rng.choice([x for x in range(DOCS) if x != d])
        lib[to]["articles"][rng.randrange(2)][1].append(cl)
    if rng.random() < 0.5:
        w = "%s%d" % (name, len(wrote))
        wrote.append(w)
        lib[rng.randrange(DOCS)]["articles"][0][1].append(
            ("n-%s" % name, [w, "added", "clause"]))
    return lib, wrote

def write(lib):
    for d in lib:
        open("lib/%s.xml" % d["id"], "w").write(xml(d))

def tags(text):
    return re.findall(r"\bb\d\d\d\b", text)

def run(*cmd, ok=(0,)):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in ok:
        sys.exit("%s: exit %d\n%s%s" % (" ".join(cmd), p.returncode, p.stdout, p.stderr))
    return p

def outside(text):
    return re.sub(r"<conflict.*?</conflict>", "", text, flags=re.S)

def check(n, b, kept):
    files = [open("lib/doc%d.xml" % d).read() for d in range(DOCS)]
    every = "".join(files)
    out = "".join(outside(f) for f in files)
    for t in set(tags(xml_all(b))):
        k = tags(out).count(t)
        if k > 1:
            sys.exit("case %d: %s stands %d times" % (n, t, k))
    for t in kept:
        if t not in every:
            sys.exit("case %d: %s, kept by both sides, is gone" % (n, t))
    return every

def xml_all(lib):
    return "".join(xml(d) for d in lib)

clause, cases = sys.argv[1], int(sys.argv[2])
rng = random.Random(20261203)
conflicted = clean = 0
for n in range(cases):
    run("rm", "-rf", "lib")
    run(clause, "init", "-q", "lib")
    b = base(rng)
    write(b)
    run(clause, "-C", "lib", "commit", "-q", "-m", "base")
    o, ow = side(rng, b, "o")
    t, tw = side(rng, b, "t")
    run("git", "-C", "lib", "checkout", "-q", "-b", "theirs")
    write(t)
    run(clause, "-C", "lib", "commit", "-q", "-m", "theirs")
    run("git", "-C", "lib", "checkout", "-q", "main")
    write(o)
    run(clause, "-C", "lib", "commit", "-q", "-m", "ours")
    kept = set(tags(xml_all(o))) & set(tags(xml_all(t)))
    p = run(clause, "-C", "lib", "merge", "theirs", ok=(0, 1))
    every = check(n, b, kept)
    for w in ow + tw:
        if not re.search(r"\b%s\b" % w, every):
            sys.exit("case %d: the word %s is gone" % (n, w))
    if p.returncode == 0:
        clean += 1
        if "<conflict" in every:
            sys.exit("case %d: a clean merge with a conflict element" % n)
        run(clause, "-C", "lib", "validate", "-q")
        continue
    conflicted += 1
    run(clause, "-C", "lib", "validate", "-q", ok=(1,))
    run("cp", "-a", "lib", "lib-theirs")
    for how in ("--ours", "--theirs"):
        run("rm", "-rf", "lib")
        run("cp", "-a", "lib-theirs", "lib")
        run(clause, "-C", "lib", "resolve", how, "--all")
        run(clause, "-C", "lib", "validate", "-q")
        check(n, b, set())
    run("rm", "-rf", "lib-theirs")
print("%d cases: %d clean, %d with conflicts" % (cases, clean, conflicted))
PY

test_expect "$CASES generated merges with moves across documents keep every clause once" '
	python3 gen.py "$CLAUSE" "$CASES" >out &&
	cat out &&
	grep -E "^$CASES cases: [1-9][0-9]* clean, [1-9][0-9]* with conflicts$" out
'

test_done
