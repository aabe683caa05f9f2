#!/usr/bin/env python3
"""words.py INPUT.txt OUTPUT.xml: every word of the input's text is in the
imported document (the words of list labels such as "(a)" aside, which the
list type stands for).  Prints the words missing and exits 1 if any."""
import collections
import re
import sys
import xml.etree.ElementTree as ET

LABEL = re.compile(r"^\s*(\(?([a-z]{1,4}|[0-9]{1,3})\)|Note:)\s", re.M)


def words(text):
    return collections.Counter(w.lower() for w in re.findall(r"[A-Za-z0-9]+", text))


def main():
    src = open(sys.argv[1], encoding=sys.argv[3] if len(sys.argv) > 3 else "utf-8").read()
    src = LABEL.sub(" ", src)
    root = ET.parse(sys.argv[2]).getroot()
    got = words(" ".join(root.itertext()))
    missing = {w: n - got[w] for w, n in words(src).items() if got[w] < n}
    if missing:
        print("missing words:", " ".join(f"{w}x{n}" for w, n in sorted(missing.items())))
        return 1
    return 0


sys.exit(main())
