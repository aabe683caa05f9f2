#!/usr/bin/python3
"""revisions.py: how many tracked changes the Word redline of a diff
should hold, counted from `clause diff --format=json` alone.

usage: revisions.py DIFF.json

Prints one number: every word the diff strikes or inserts as one
revision a run (an edit that replaces is two: the struck words and the
inserted ones), a changed number of a clause two (one if a side has
none), an added or a removed clause one, a moved clause two (where it
left, where it went), and a metadata field that changed two (one if a
side has no value).  t5100 compares it with the text:changed-region
elements LibreOffice keeps when it saves the redline as OpenDocument.
"""
import json
import sys

WEIGHT = {"equal": 0, "insert": 1, "delete": 1, "replace": 2}


def both(old, new):
    """Revisions of a value that changed: struck and inserted."""
    return (old is not None) + (new is not None)


def clause_revisions(c):
    kinds = c["kinds"]
    if "added" in kinds or "removed" in kinds:
        return 1
    if "moved" in kinds:
        return 2
    n = sum(WEIGHT[op["op"]] for field in ("heading_edits", "text_edits")
            for op in (c[field] or []))
    if c["old"]["num"] != c["new"]["num"]:
        n += both(c["old"]["num"], c["new"]["num"])
    return n


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: revisions.py DIFF.json\n")
        return 2
    with open(argv[1], encoding="utf-8") as f:
        diff = json.load(f)
    total = 0
    for doc in diff["documents"]:
        total += sum(both(m["old"], m["new"]) for m in doc["metadata"])
        total += sum(clause_revisions(c) for c in doc["clauses"])
    print(total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
