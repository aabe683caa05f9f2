#!/usr/bin/env python3
"""render_text.py DOC.xml: a clause document as the plain text a negotiator
would paste into Word: the title, then each article's number and heading,
each clause's number and heading on a line, each paragraph and list item
on a line of its own ("(a) ..." for letter lists), blank lines between.
The test fixtures of clause import are made from this by LibreOffice."""
import sys
import xml.etree.ElementTree as ET

NS = "{urn:clause:1}"
LABELS = {
    "alpha": lambda i: "(%s)" % "abcdefghijklmnopqrstuvwxyz"[i],
    "roman": lambda i: "(%s)" % ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"][i],
    "ordered": lambda i: "%d." % (i + 1),
    "bullet": lambda i: "-",
}


def text(el):
    return " ".join("".join(el.itertext()).split())


def clause(c, out):
    head = " ".join(text(c.find(NS + t)) for t in ("num", "heading") if c.find(NS + t) is not None)
    out.append(head)
    for child in c:
        tag = child.tag[len(NS):]
        if tag == "p":
            out.append(text(child))
        elif tag == "note":
            out.append("Note: " + text(child))
        elif tag == "list":
            label = LABELS[child.get("type", "bullet")]
            for i, item in enumerate(child.findall(NS + "item")):
                out.append("%s %s" % (label(i), text(item)))
        elif tag == "clause":
            clause(child, out)


def main():
    root = ET.parse(sys.argv[1]).getroot()
    out = [text(root.find(NS + "meta/" + NS + "title"))]
    for part in root:
        if part.tag == NS + "article":
            out.append(" ".join(text(part.find(NS + t)) for t in ("num", "heading")
                                if part.find(NS + t) is not None))
            for child in part:
                if child.tag == NS + "note":
                    out.append(text(child))
                elif child.tag == NS + "clause":
                    clause(child, out)
        elif part.tag == NS + "clause":
            clause(part, out)
    sys.stdout.write("\n\n".join(line for line in out if line) + "\n")


main()
