#!/usr/bin/env python3
"""gen_agreement.py OUT.txt [--clauses N]: a long agreement as plain text
(articles of 15 numbered clauses, headings, lettered lists, quantities),
about 300 pages at 1,500 clauses once LibreOffice lays it out.  The input
of the import benchmark; the same seed gives the same text."""
import argparse
import random

WORDS = ("employer union employee technology system notice training data camera "
         "schedule overtime seniority grievance arbitration committee vendor software "
         "workload classification layoff recall severance pilot monitoring review "
         "discipline bargaining information purpose effect position vacancy attrition "
         "contract agreement supervisor shift route vehicle equipment process").split()
HEADINGS = ("Notice Information Bargaining Training Redeployment Severance Monitoring "
            "Cameras Discipline Data Scheduling Committee Pilots Vendors Review").split()


def sentence(rng):
    n = rng.randint(10, 22)
    words = [rng.choice(WORDS) for _ in range(n)]
    if rng.random() < 0.4:
        words.insert(rng.randint(1, n - 1), "within %d %s" % (
            rng.choice((5, 10, 14, 30, 45, 60, 90, 120, 180)),
            rng.choice(("days", "working days", "months", "weeks"))))
    s = " ".join(words)
    return s[0].upper() + s[1:] + "."


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--clauses", type=int, default=1500)
    args = ap.parse_args()
    rng = random.Random(1500)
    out = ["Agreement between the Riverbend Transit Authority and Local 52"]
    per_article = 15
    for a in range(1, args.clauses // per_article + 1):
        out.append("ARTICLE %d - %s" % (a, rng.choice(HEADINGS).upper()))
        for c in range(1, per_article + 1):
            out.append("%d.%d %s" % (a, c, rng.choice(HEADINGS)))
            out.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 5))))
            if rng.random() < 0.3:
                for letter in "abc":
                    out.append("(%s) %s" % (letter, sentence(rng)))
    with open(args.out, "w", encoding="utf-8") as f:
        f.write("\n\n".join(out) + "\n")


main()
