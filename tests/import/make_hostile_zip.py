#!/usr/bin/python3
"""make_hostile_zip.py DIR REAL.docx: zips no Word would write, in DIR.

  bomb.docx       word/document.xml of 1 GiB of zeros, deflated (~1 MB)
  liar.docx       the same, its sizes in the headers patched to 1000 bytes
  many.docx       100,000 entries
  evil.docx       an entry named ../evil beside a real document
  garbage.docx    random bytes
  truncated.docx  the first half of REAL.docx
  notword.docx    a valid zip with no word/document.xml
  sheet.docx      a package whose main part is a spreadsheet's
  encrypted.docx  REAL.docx with every entry flagged encrypted
  dense.docx      16 MB of paragraphs deflated to 49 KB: within every
                  other bound, but 3 s and 290 MB to parse
  xxe.docx        word/document.xml with a DOCTYPE naming /etc/passwd as
                  an external entity
  ole.docx        an OLE compound file's signature (Word's encrypted
                  .docx, or a .doc)
  corrupt.docx    REAL.docx with word/document.xml's CRC wrong
  escape.docx     an unsafe entry name with a terminal escape in it
  external.docx   styles related as an External URL, which must not be
                  followed (a real document, otherwise)
"""
import random
import struct
import sys
import zipfile
import zlib

GIB = 1 << 30


def raw_zip(path, entries):
    """A zip of (name, method, crc, compressed bytes, size) entries,
    written directly: zipfile would take seconds to deflate a gigabyte
    or to write 100,000 entries.  Zip64 end records past 65535 entries."""
    out, central = bytearray(), bytearray()
    for name, method, crc, data, size in entries:
        name = name.encode()
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0,
                               method, 0, 0x21, crc, len(data), size,
                               len(name), 0, 0, 0, 0, 0, len(out)) + name
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0,
                           0x21, crc, len(data), size, len(name), 0) + name
        out += data
    n, cd_offset = len(entries), len(out)
    out += central
    if n > 0xFFFF:
        z64 = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n,
                           len(central), cd_offset)
        out += struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
        n = 0xFFFF
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central),
                       cd_offset, 0)
    open(path, "wb").write(out)


def bomb(path):
    """1 GiB of zeros deflated: after a full flush deflate forgets what
    came before, so one megabyte's compressed block repeats as it is."""
    chunk = bytes(1 << 20)
    z = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = z.compress(chunk) + z.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(GIB // len(chunk)):
        crc = zlib.crc32(chunk, crc)
    data = block * (GIB // len(chunk)) + z.flush()
    raw_zip(path, [("[Content_Types].xml", 0, zlib.crc32(b"<Types/>"),
                    b"<Types/>", 8),
                   ("word/document.xml", 8, crc, data, GIB)])


def patch_sizes(path, out, size):
    """Make every header claim `size` uncompressed bytes."""
    data = bytearray(open(path, "rb").read())
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
    for info in infos:
            # Uncompressed size: at 22 in the local header, 24 in the
        # central directory's.
        struct.pack_into("<I", data, info.header_offset + 22, size)
    i = data.find(b"PK\1\2")
    while i >= 0:
        nlen, xlen, clen = struct.unpack_from("<HHH", data, i + 28)
        struct.pack_into("<I", data, i + 24, size)
        i = data.find(b"PK\1\2", i + 46 + nlen + xlen + clen)
    open(out, "wb").write(data)


def many(path):
    raw_zip(path, [("word/media/e%06d" % i, 0, 0, b"", 0)
                   for i in range(100000)])


def copy_with(real, path, extra, skip=()):
    with zipfile.ZipFile(real) as src, \
         zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            if info.filename not in skip:
                z.writestr(info.filename, src.read(info.filename))
        for name, data in extra:
            z.writestr(name, data)


def encrypted(real, path):
    """Set bit 0 (encrypted) of the general purpose flags everywhere."""
    data = bytearray(open(real, "rb").read())
    for sig, flags_at in ((b"PK\3\4", 6), (b"PK\1\2", 8)):
        i = data.find(sig)
        while i >= 0:
            flags = struct.unpack_from("<H", data, i + flags_at)[0]
            struct.pack_into("<H", data, i + flags_at, flags | 1)
            i = data.find(sig, i + 4)
    open(path, "wb").write(data)


def corrupt(real, path, name):
    """Another CRC for `name`, in both of its headers."""
    data = bytearray(open(real, "rb").read())
    with zipfile.ZipFile(real) as z:
        info = z.getinfo(name)
    bad = info.CRC ^ 0x5A5A5A5A
    struct.pack_into("<I", data, info.header_offset + 14, bad)
    i = data.find(b"PK\1\2")
    while i >= 0:
        nlen, xlen, clen = struct.unpack_from("<HHH", data, i + 28)
        if data[i + 46:i + 46 + nlen] == name.encode():
            struct.pack_into("<I", data, i + 16, bad)
        i = data.find(b"PK\1\2", i + 46 + nlen + xlen + clen)
    open(path, "wb").write(data)


def dense(path):
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    head = '<w:document xmlns:w="%s"><w:body>' % w
    unit = "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", head + unit * ((16 << 20) // 40) +
                   "</w:body></w:document>")


def main():
    out, real = sys.argv[1], sys.argv[2]
    bomb(out + "/bomb.docx")
    patch_sizes(out + "/bomb.docx", out + "/liar.docx", 1000)
    many(out + "/many.docx")
    copy_with(real, out + "/evil.docx", [("../evil", "gotcha")])
    random.seed(7)
    open(out + "/garbage.docx", "wb").write(
        bytes(random.getrandbits(8) for _ in range(4096)))
    data = open(real, "rb").read()
    open(out + "/truncated.docx", "wb").write(data[:len(data) // 2])
    with zipfile.ZipFile(out + "/notword.docx", "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("readme.txt", "not a document")
    with zipfile.ZipFile(out + "/sheet.docx", "w") as z:
        z.writestr("_rels/.rels",
                   '<Relationships xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/relationships"><Relationship Id="rId1" '
                   'Type="http://schemas.openxmlformats.org/officeDocument/'
                   '2006/relationships/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml",
                   '<workbook xmlns="http://schemas.openxmlformats.org/'
                   'spreadsheetml/2006/main"/>')
    encrypted(real, out + "/encrypted.docx")
    open(out + "/ole.docx", "wb").write(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(4088))
    corrupt(real, out + "/corrupt.docx", "word/document.xml")
    dense(out + "/dense.docx")
    with zipfile.ZipFile(real) as src:
        doc = src.read("word/document.xml").decode()
    head, rest = doc.split("\n", 1)
    doc = (head + '\n<!DOCTYPE w:document [<!ENTITY x SYSTEM '
           '"file:///etc/passwd">]>\n' + rest.replace("New Technology", "&x;"))
    copy_with(real, out + "/xxe.docx", [("word/document.xml", doc)],
              skip=("word/document.xml",))
    copy_with(real, out + "/escape.docx", [("\x1b]0;owned\x07/../x", "")])
    with zipfile.ZipFile(real) as src:
        rels = src.read("word/_rels/document.xml.rels").decode()
    rels = rels.replace('Target="styles.xml"',
                        'Target="file:///etc/passwd" TargetMode="External"')
    copy_with(real, out + "/external.docx",
              [("word/_rels/document.xml.rels", rels)],
              skip=("word/_rels/document.xml.rels",))


if __name__ == "__main__":
    main()
