#!/usr/bin/python3
"""make_docx.py DIR: the Word fixtures of tests/unit/check_import_docx.c.

Every file is written by python-docx (a real producer: its own template's
styles, numbering and package), with what python-docx has no API for
(numbering definitions, fields, tracked changes, comments, content
controls) added as WordprocessingML elements through its oxml layer, the
way Word itself writes them.  Nothing here builds a zip by hand.

  agreement.docx  three articles numbered only by numbering.xml:
                  "Article %1" (Heading 1), "%1.%2", "(%3)", from 14
  headings.docx   Title, Heading 1/2, a style based on Heading 2, an
                  outline level, a table (one nested in a cell), a
                  content control, a field
  tracked.docx    insertions, deletions, a move, a deleted paragraph mark
  comments.docx   two comments, a footnote reference, an altChunk
  footnotes.docx  footnotes (one of two paragraphs with a field, one
                  referred to twice), an endnote reference
  outline.docx    LibreOffice's export of an OpenDocument file with
                  outline numbering on its headings ("Article %1", "%1.%2")
                  and a list "(a)": Word numbering written by LibreOffice
"""
import os
import subprocess
import sys

import docx
from docx.opc.constants import CONTENT_TYPE as CT, RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")
DATE = 'w:author="Negotiator" w:date="2026-11-30T10:00:00Z"'


def add_numbering(document, xml_abstracts, xml_nums):
    """Numbering definitions, Word's way: abstractNums before nums."""
    numbering = document.part.numbering_part.element
    first_num = numbering.find(qn("w:num"))
    for x in xml_abstracts:
        el = parse_xml(x)
        if first_num is not None:
            first_num.addprevious(el)
        else:
            numbering.append(el)
    for x in xml_nums:
        numbering.append(parse_xml(x))


def lvl(ilvl, fmt, text, start=1, extra=""):
    return ('<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/>'
            '%s<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/></w:lvl>'
            % (ilvl, start, fmt, extra, text))


def numbered(paragraph, num_id, ilvl):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.insert_element_before(
        parse_xml('<w:numPr %s><w:ilvl w:val="%d"/><w:numId w:val="%d"/>'
                  '</w:numPr>' % (W, ilvl, num_id)),
        "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs",
        "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
        "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE",
        "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
        "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
        "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
        "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
        "w:rPr", "w:sectPr", "w:pPrChange")
    return paragraph


def agreement(path):
    d = docx.Document()
    add_numbering(d, [
        '<w:abstractNum %s w:abstractNumId="90">'
        '<w:multiLevelType w:val="multilevel"/>%s%s%s</w:abstractNum>'
        % (W, lvl(0, "decimal", "Article %1", 14), lvl(1, "decimal", "%1.%2"),
           lvl(2, "lowerLetter", "(%3)")),
        '<w:abstractNum %s w:abstractNumId="91">'
        '<w:multiLevelType w:val="singleLevel"/>%s</w:abstractNum>'
        % (W, lvl(0, "upperRoman", "%1.")),
        # A list style's definition, reached through w:numStyleLink; its
        # second level in legal (all decimal) numbering, its third never
        # restarting.
        # Only its second level defined; its lvlText names the first.
        '<w:abstractNum %s w:abstractNumId="96">%s</w:abstractNum>'
        % (W, lvl(1, "decimal", "%1.%2")),
        '<w:abstractNum %s w:abstractNumId="94"><w:numStyleLink '
        'w:val="ContractList"/></w:abstractNum>' % W,
        '<w:abstractNum %s w:abstractNumId="95"><w:styleLink '
        'w:val="ContractList"/>%s%s%s</w:abstractNum>'
        % (W, lvl(0, "upperRoman", "Part %1"),
           lvl(1, "decimal", "%1.%2", extra='<w:isLgl/>'),
           lvl(2, "lowerRoman", "(%3)", extra='<w:lvlRestart w:val="0"/>')),
    ], [
        '<w:num %s w:numId="90"><w:abstractNumId w:val="90"/></w:num>' % W,
        '<w:num %s w:numId="91"><w:abstractNumId w:val="91"/></w:num>' % W,
        # A second list of the same definition continues its numbers...
        '<w:num %s w:numId="92"><w:abstractNumId w:val="91"/></w:num>' % W,
        # ...unless it restarts them.
        '<w:num %s w:numId="93"><w:abstractNumId w:val="91"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>'
        '</w:lvlOverride></w:num>' % W,
        '<w:num %s w:numId="94"><w:abstractNumId w:val="94"/></w:num>' % W,
        '<w:num %s w:numId="95"><w:abstractNumId w:val="95"/></w:num>' % W,
        '<w:num %s w:numId="96"><w:abstractNumId w:val="96"/></w:num>' % W,
    ])
    ls = d.styles.add_style("ContractList", docx.enum.style.WD_STYLE_TYPE.LIST)
    ls.element.get_or_add_pPr().append(parse_xml(
        '<w:numPr %s><w:numId w:val="95"/></w:numPr>' % W))
    # Clause paragraphs take their level from a style, as Word's outline
    # styles do.
    st = d.styles.add_style("Clause", docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = d.styles["Normal"]
    st.element.get_or_add_pPr().append(parse_xml(
        '<w:numPr %s><w:ilvl w:val="1"/><w:numId w:val="90"/></w:numPr>' % W))
    d.add_paragraph("Technology Agreement", style="Title")
    numbered(d.add_paragraph("New Technology", style="Heading 1"), 90, 0)
    d.add_paragraph("The Employer shall give notice of new technology.",
                    style="Clause")
    numbered(d.add_paragraph("Notice shall be given:"), 90, 1)
    numbered(d.add_paragraph("in writing;"), 90, 2)
    numbered(d.add_paragraph("at least 90 days in advance."), 90, 2)
    numbered(d.add_paragraph("Surveillance", style="Heading 1"), 90, 0)
    d.add_paragraph("No electronic monitoring without agreement.",
                    style="Clause")
    numbered(d.add_paragraph("Data collected shall be limited."), 90, 2)
    numbered(d.add_paragraph("Training", style="Heading 1"), 90, 0)
    d.add_paragraph("The Employer shall pay for training.", style="Clause")
    d.add_paragraph("Schedule of rates", style="List Bullet")
    numbered(d.add_paragraph("first"), 91, 0)
    numbered(d.add_paragraph("second"), 91, 0)
    d.add_paragraph("Between the lists.")
    numbered(d.add_paragraph("third"), 92, 0)
    numbered(d.add_paragraph("restarted"), 93, 0)
    for text, ilvl in (("Scope", 0), ("Covered work", 1), ("office", 2),
                       ("field", 2), ("Exclusions", 0), ("Managers", 1),
                       ("contractors", 2)):
        numbered(d.add_paragraph(text), 94, ilvl)
    numbered(d.add_paragraph("orphan level"), 96, 1)
    d.save(path)


def field(paragraph, code, result):
    """A complex field as Word writes one: begin, code, separate, result."""
    for x in ('<w:r %s><w:fldChar w:fldCharType="begin"/></w:r>' % W,
              '<w:r %s><w:instrText xml:space="preserve"> %s </w:instrText>'
              '</w:r>' % (W, code),
              '<w:r %s><w:fldChar w:fldCharType="separate"/></w:r>' % W,
              '<w:r %s><w:t>%s</w:t></w:r>' % (W, result),
              '<w:r %s><w:fldChar w:fldCharType="end"/></w:r>' % W):
        paragraph._p.append(parse_xml(x))


def headings(path):
    d = docx.Document()
    d.add_paragraph("Collective Agreement", style="Title")
    d.add_heading("Part One", level=1)
    d.add_heading("Definitions", level=2)
    sub = d.styles.add_style("Schedule Heading",
                             docx.enum.style.WD_STYLE_TYPE.PARAGRAPH)
    sub.base_style = d.styles["Heading 2"]
    d.add_paragraph("Schedules", style=sub)
    p = d.add_paragraph("Outlined by hand")
    p._p.get_or_add_pPr().append(parse_xml('<w:outlineLvl %s w:val="2"/>' % W))
    p = d.add_paragraph("Work")
    run = p.add_run()
    run._r.append(parse_xml('<w:tab %s/>' % W))
    p.add_run("from")
    p.add_run().add_break()
    p.add_run("home")
    p._p.append(parse_xml('<w:r %s><w:t xml:space="preserve"> on</w:t><w:noBreakHyphen/>'
                          '<w:t>site</w:t><w:sym w:font="Wingdings" '
                          'w:char="F0FC"/></w:r>' % W))
    p = d.add_paragraph("Visible")
    p.add_run(" drafting note").font.hidden = True
    p.add_run(" text")
    p = d.add_paragraph("See page ")
    field(p, "PAGE", "7")
    p.add_run(".")
    d.add_paragraph("")
    t = d.add_table(rows=4, cols=3)
    for r, row in enumerate([("Item", "Rate", "Notes"),
                             ("Laptop", "$50", ""),
                             ("", "", ""),
                             ("Phone", "", "none")]):
        for c, text in enumerate(row):
            t.cell(r, c).text = text
    t.cell(1, 2).add_paragraph("per month")
    inner = t.cell(3, 2).add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "cell"
    inner.cell(0, 1).text = "phone"
    body = d.element.body
    sdt = parse_xml('<w:sdt %s><w:sdtPr><w:alias w:val="Party"/></w:sdtPr>'
                    '<w:sdtContent><w:p><w:r><w:t>The Union</w:t></w:r></w:p>'
                    '</w:sdtContent></w:sdt>' % W)
    body.sectPr.addprevious(sdt)
    d.add_paragraph("End.")
    d.save(path)


def tracked(path):
    d = docx.Document()
    p = d.add_paragraph("Notice of ")
    p._p.append(parse_xml('<w:del %s w:id="1" %s><w:r><w:delText>30'
                          '</w:delText></w:r></w:del>' % (W, DATE)))
    p._p.append(parse_xml('<w:ins %s w:id="2" %s><w:r><w:t>90</w:t></w:r>'
                          '</w:ins>' % (W, DATE)))
    p.add_run(" days.")
    p = d.add_paragraph("Training is ")
    p._p.append(parse_xml('<w:moveFrom %s w:id="3" %s><w:r><w:t>paid </w:t>'
                          '</w:r></w:moveFrom>' % (W, DATE)))
    p.add_run("provided")
    p._p.append(parse_xml('<w:moveTo %s w:id="4" %s><w:r><w:t> and paid</w:t>'
                          '</w:r></w:moveTo>' % (W, DATE)))
    p.add_run(".")
    p = d.add_paragraph("Joined")
    p._p.get_or_add_pPr().append(parse_xml(
        '<w:rPr %s><w:del w:id="5" %s/></w:rPr>' % (W, DATE)))
    d.add_paragraph("with the next.")
    p = d.add_paragraph("Bold only.")
    p.runs[0]._r.insert(0, parse_xml(
        '<w:rPr %s><w:b/><w:rPrChange w:id="6" %s><w:rPr/></w:rPrChange>'
        '</w:rPr>' % (W, DATE)))
    d.save(path)


def comments(path):
    d = docx.Document()
    part = Part(PackURI("/word/comments.xml"), CT.WML_COMMENTS,
                ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<w:comments %s><w:comment w:id="0" %s w:initials="N"><w:p>'
                 '<w:r><w:t>Too vague</w:t></w:r></w:p></w:comment>'
                 '<w:comment w:id="1" %s w:initials="N"><w:p><w:r>'
                 '<w:t>Agreed</w:t></w:r></w:p></w:comment></w:comments>'
                 % (W, DATE, DATE)).encode(), d.part.package)
    d.part.relate_to(part, RT.COMMENTS)
    p = d.add_paragraph()
    for x in ('<w:commentRangeStart %s w:id="0"/>' % W,
              '<w:r %s><w:t xml:space="preserve">Reasonable notice </w:t></w:r>' % W,
              '<w:commentRangeEnd %s w:id="0"/>' % W,
              '<w:r %s><w:commentReference w:id="0"/></w:r>' % W,
              '<w:r %s><w:t>shall be given.</w:t></w:r>' % W,
              '<w:r %s><w:footnoteReference w:id="1"/></w:r>' % W):
        p._p.append(parse_xml(x))
    p = d.add_paragraph("Second.")
    p._p.append(parse_xml('<w:r %s><w:commentReference w:id="1"/></w:r>' % W))
    # An HTML part imported by reference, as some generators write whole
    # documents: not read, but noted.
    html = Part(PackURI("/word/afchunk1.html"), "text/html",
                b"<html><body><p>Imported</p></body></html>", d.part.package)
    rid = d.part.relate_to(html, "http://schemas.openxmlformats.org/"
                           "officeDocument/2006/relationships/aFChunk")
    d.element.body.sectPr.addprevious(parse_xml(
        '<w:altChunk %s %s r:id="%s"/>' % (W, nsdecls("r"), rid)))
    d.save(path)


def footnotes(path):
    d = docx.Document()
    fn = ('<w:footnote w:id="%s"><w:p><w:r><w:footnoteRef/></w:r>'
          '<w:r><w:t xml:space="preserve"> %s</w:t></w:r></w:p></w:footnote>')
    part = Part(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES,
                (('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<w:footnotes %s>'
                 '<w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
                 '<w:separator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:type="continuationSeparator" w:id="0"><w:p>'
                 '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                 '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r>'
                 '<w:r><w:t xml:space="preserve"> Drafted by the </w:t></w:r>'
                 '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                 '<w:r><w:instrText> DOCPROPERTY Committee </w:instrText></w:r>'
                 '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                 '<w:r><w:t>committee</w:t></w:r>'
                 '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
                 '<w:r><w:t>.</w:t></w:r></w:p>'
                 '<w:p><w:r><w:t>Second paragraph of the note.</w:t></w:r></w:p>'
                 '</w:footnote>' + fn % ("2", "Ratified in 2024.") +
                 '</w:footnotes>') % W).encode(), d.part.package)
    d.part.relate_to(part, RT.FOOTNOTES)
    d.add_heading("Notice", level=2)._p.append(parse_xml(
        '<w:r %s><w:footnoteReference w:id="2"/></w:r>' % W))
    p = d.add_paragraph()
    for x in ('<w:r %s><w:t xml:space="preserve">Notice is given </w:t></w:r>' % W,
              '<w:r %s><w:footnoteReference w:id="1"/></w:r>' % W,
              '<w:r %s><w:t>in writing.</w:t></w:r>' % W):
        p._p.append(parse_xml(x))
    p = d.add_paragraph("Again")
    for x in ('<w:r %s><w:footnoteReference w:id="1"/></w:r>' % W,
              '<w:r %s><w:footnoteReference w:id="9"/></w:r>' % W,
              '<w:r %s><w:endnoteReference w:id="1"/></w:r>' % W):
        p._p.append(parse_xml(x))
    d.save(path)


FODT = """<?xml version="1.0" encoding="UTF-8"?>
<office:document
 xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:styles>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1"
   style:family="paragraph" style:default-outline-level="1"/>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2"
   style:family="paragraph" style:default-outline-level="2"/>
  <text:outline-style style:name="Outline">
   <text:outline-level-style text:level="1" style:num-format="1"
    style:num-prefix="Article " text:start-value="14"/>
   <text:outline-level-style text:level="2" style:num-format="1"
    text:display-levels="2"/>
  </text:outline-style>
  <text:list-style style:name="Clauses">
   <text:list-level-style-number text:level="1" style:num-format="a"
    style:num-prefix="(" style:num-suffix=")"/>
  </text:list-style>
 </office:styles>
 <office:body><office:text>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">New Technology</text:h>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">Notice</text:h>
  <text:list text:style-name="Clauses">
   <text:list-item><text:p>in writing;</text:p></text:list-item>
   <text:list-item><text:p>90 days in advance.</text:p></text:list-item>
  </text:list>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">Consultation</text:h>
  <text:p>The parties shall meet.</text:p>
  <text:h text:style-name="Heading_20_1" text:outline-level="1">Surveillance</text:h>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">Cameras</text:h>
 </office:text></office:body>
</office:document>
"""


def outline(out):
    """LibreOffice writes the .docx; its own profile, so that it neither
    touches nor waits for the user's."""
    src = os.path.join(out, "outline.fodt")
    open(src, "w").write(FODT)
    profile = "file://" + os.path.abspath(os.path.join(out, "lo-profile"))
    subprocess.run(["soffice", "--headless", "-env:UserInstallation=" + profile,
                    "--convert-to", "docx:MS Word 2007 XML", "--outdir", out,
                    src], check=True, stdout=subprocess.DEVNULL, timeout=120)
    if not os.path.exists(os.path.join(out, "outline.docx")):
        sys.exit("soffice wrote no outline.docx")


def main():
    out = sys.argv[1]
    outline(out)
    agreement(out + "/agreement.docx")
    headings(out + "/headings.docx")
    tracked(out + "/tracked.docx")
    comments(out + "/comments.docx")
    footnotes(out + "/footnotes.docx")


if __name__ == "__main__":
    main()
