#!/usr/bin/python3
"""lo_accept.py: open a .docx in LibreOffice (headless, through the
Python UNO bridge), check that it opened as Word XML without repair, and
write its paragraphs as they stand, with every tracked change accepted,
or with every one rejected.

usage: lo_accept.py DOCX OUT [DOCX OUT]...

Writes OUT.asis, OUT.accept and OUT.reject: one line a paragraph,
"STYLE<TAB>TEXT" (tables are left out: a line per paragraph of the body
text), after a first line "#redlines<TAB>N" (tracked changes LibreOffice
sees in the file as loaded).  OUT.asis has a second line
"#changed-regions<TAB>N": the text:changed-region elements of the file
saved as OpenDocument (OUT.odt), where the tracked changes must survive.  Plain text as LibreOffice exports it
("Text (encoded)") goes to OUT.accept.txt and OUT.reject.txt.

The footnotes follow, a line each: "#footnote<TAB>TEXT".
Each DOCX is read into its own OUT.*.  Exit status 0; 1 if the file does not open, opens with another filter,
or needs repair; 2 on usage; 3 if LibreOffice or UNO cannot be started.
One LibreOffice process serves the three readings (it takes seconds to
start), in a profile of its own under /tmp, removed at the end.
"""
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

try:
    import uno
    from com.sun.star.beans import PropertyValue
    from com.sun.star.connection import NoConnectException
except ImportError:
    sys.stderr.write("lo_accept.py: no Python UNO bridge (apt-get install "
                     "python3-uno)\n")
    sys.exit(3)


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def start_office():
    """A private soffice listening on a pipe: (process, context, profile)."""
    profile = tempfile.mkdtemp(prefix="lo-docxw-%d-" % os.getpid())
    pipe = "lo_docxw_%d" % os.getpid()
    proc = subprocess.Popen(
        ["soffice", "-env:UserInstallation=file://" + profile,
         "--headless", "--invisible", "--norestore", "--nologo",
         "--nodefault", "--accept=pipe,name=%s;urp;" % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    url = "uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe
    for _ in range(600):
        try:
            return proc, resolver.resolve(url), profile
        except NoConnectException:
            if proc.poll() is not None:
                break
            time.sleep(0.1)
    proc.kill()
    proc.wait()
    shutil.rmtree(profile, ignore_errors=True)
    sys.stderr.write("lo_accept.py: cannot start LibreOffice\n")
    sys.exit(3)


def load(desktop, path):
    """The document, loaded hidden, with no repair allowed: a package
    that needs repair fails to load instead of prompting."""
    url = uno.systemPathToFileUrl(os.path.abspath(path))
    try:
        doc = desktop.loadComponentFromURL(
            url, "_blank", 0,
            (prop("Hidden", True), prop("RepairPackage", False),
             prop("Silent", True)))
    except Exception as e:  # IllegalArgumentException, IOException
        sys.stderr.write("lo_accept.py: cannot open %s: %s\n" % (path, e))
        return None
    if doc is None:
        sys.stderr.write("lo_accept.py: cannot open %s\n" % path)
        return None
    args = {a.Name: a.Value for a in doc.getArgs()}
    if args.get("FilterName") != "MS Word 2007 XML" or args.get("RepairPackage"):
        sys.stderr.write("lo_accept.py: %s opened as %r%s\n" % (
            path, args.get("FilterName"),
            " after repair" if args.get("RepairPackage") else ""))
        doc.close(True)
        return None
    return doc


def paragraphs(doc):
    """(style, text) of each paragraph of the body text, in order."""
    out = []
    en = doc.getText().createEnumeration()
    while en.hasMoreElements():
        p = en.nextElement()
        if p.supportsService("com.sun.star.text.Paragraph"):
            out.append((p.ParaStyleName, p.getString()))
    return out


def changed_regions(doc, path):
    """Save as OpenDocument; how many changed regions its text has."""
    doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(path)),
                   (prop("FilterName", "writer8"),))
    with zipfile.ZipFile(path) as z:
        return z.read("content.xml").decode("utf-8").count(
            "<text:changed-region ")


def dump(path, doc, redlines, regions=None):
    with open(path, "w", encoding="utf-8") as f:
        f.write("#redlines\t%d\n" % redlines)
        if regions is not None:
            f.write("#changed-regions\t%d\n" % regions)
        for style, text in paragraphs(doc):
            f.write("%s\t%s\n" % (style, text.replace("\n", " ")))
        notes = doc.getFootnotes()
        for i in range(notes.getCount()):
            f.write("#footnote\t%s\n" % notes.getByIndex(i).getString()
                    .replace("\n", " "))


def settle(ctx, doc, command):
    """Accept or reject every tracked change, as the Edit menu does."""
    smgr = ctx.ServiceManager
    helper = smgr.createInstanceWithContext(
        "com.sun.star.frame.DispatchHelper", ctx)
    frame = doc.getCurrentController().getFrame()
    helper.executeDispatch(frame, command, "", 0, ())


def reading(ctx, desktop, docx, out, command, suffix):
    doc = load(desktop, docx)
    if doc is None:
        return False
    n = doc.getRedlines().getCount()
    if command:
        settle(ctx, doc, command)
        left = doc.getRedlines().getCount()
        if left:
            sys.stderr.write("lo_accept.py: %d changes left after %s\n" %
                             (left, command))
            doc.close(True)
            return False
    dump(out + suffix, doc, n,
         None if command else changed_regions(doc, out + ".odt"))
    if command:
        doc.storeToURL(uno.systemPathToFileUrl(
            os.path.abspath(out + suffix + ".txt")),
            (prop("FilterName", "Text (encoded)"),
             prop("FilterOptions", "UTF8,LF")))
    doc.close(True)
    return True


def main(argv):
    if len(argv) < 3 or len(argv) % 2 != 1:
        sys.stderr.write("usage: lo_accept.py DOCX OUT [DOCX OUT]...\n")
        return 2
    proc, ctx, profile = start_office()
    ok = True
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext(
            "com.sun.star.frame.Desktop", ctx)
        for docx, out in zip(argv[1::2], argv[2::2]):
            ok = (reading(ctx, desktop, docx, out, None, ".asis") and
                  reading(ctx, desktop, docx, out,
                          ".uno:AcceptAllTrackedChanges", ".accept") and
                  reading(ctx, desktop, docx, out,
                          ".uno:RejectAllTrackedChanges", ".reject") and ok)
        try:
            desktop.terminate()
        except Exception:  # the bridge goes down with the office
            pass
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        shutil.rmtree(profile, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
