#!/usr/bin/env python3
"""Writes the hand-made PDF fixtures of tests/core/ingest/pdf_test.cpp (run from this folder):
  handskriven.pdf   3 pages of Helvetica text placed line by line: a running header, lone
                    page numbers as footers, hyphenated line ends, speaker turns, a paragraph
                    that goes on over a page break
  skannad.pdf       one page holding only an image (a "scan"): no text layer
  blandad.pdf       5 pages: text, a scanned page (image only), text, two blank pages
fokusgrupp.pdf comes from fokusgrupp.fodt (a header, and a footer "Sida N av 3"):
  soffice --headless --convert-to pdf fokusgrupp.fodt
losenord.pdf from losenord.fodt, opened only with the password "hemlig":
  soffice --headless --convert-to 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},
    "DocumentOpenPassword":{"type":"string","value":"hemlig"}}' losenord.fodt
"""
import zlib

def pdf_string(s):
    b = s.encode("cp1252")
    return b"(" + b.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"

def write_pdf(path, pages, title=None, image=None, image_pages=None):
    """pages: list of lists of (x, y, size, text) in points, y from the bottom. The image
    (width, height) is drawn on every page, or on the pages (0-based) in image_pages."""
    objs = []  # bytes of objects 1..n
    def add(b):
        objs.append(b)
        return len(objs)
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    img = None
    if image:
        w, h = image
        raw = bytes((x * 7 + y * 3) % 256 for y in range(h) for x in range(w))
        data = zlib.compress(raw)
        img = add(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                  b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % (w, h, len(data)) + data + b"\nendstream")
    pages_id = len(objs) + 1 + 2 * len(pages)
    page_ids = []
    for number, lines in enumerate(pages):
        on_page = img and (image_pages is None or number in image_pages)
        ops = []
        for x, y, size, text in lines:
            ops.append(b"BT /F1 %d Tf %d %d Td " % (size, x, y) + pdf_string(text) + b" Tj ET")
        if on_page:
            ops.append(b"q 500 0 0 700 50 70 cm /Im1 Do Q")
        content = b"\n".join(ops)
        c = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        res = b"<< /Font << /F1 %d 0 R >>" % font + (b" /XObject << /Im1 %d 0 R >>" % img if on_page else b"") + b" >>"
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Resources " % pages_id + res +
                            b" /Contents %d 0 R >>" % c))
    add(b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % p for p in page_ids) + b"] /Count %d >>" % len(page_ids))
    info = add(b"<< /Title " + pdf_string(title) + b" /Producer (make_fixtures.py) >>") if title else None
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R" % (len(objs) + 1, catalog)
    if info:
        out += b" /Info %d 0 R" % info
    out += b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    open(path, "wb").write(bytes(out))

def page(number, paragraphs):
    """A page: header, paragraphs (lists of lines) from the top, a lone page number."""
    lines = [(72, 800, 9, "Utredning om äldreomsorgen 2024")]
    y = 760
    for para in paragraphs:
        size = 16 if para[0].startswith("#") else 11
        for text in para:
            lines.append((72, y, size, text.lstrip("# ")))
            y -= 14 if size == 11 else 20
        y -= 12  # paragraph spacing
    lines.append((290, 40, 9, str(number)))
    return lines

p1 = [
    ["# Intervju med Birgitta"],
    ["Grupp: Anhöriga. Intervjun gjordes i hemmet en förmiddag i maj."],
    ["Intervjuare: Hur fungerar kontakten med hemtjänsten?"],
    ["Birgitta (anhörig): Det har blivit bättre sedan äldre-",
     "omsorgen fick en ny samordnare, men det är fortfarande",
     "många olika personer som kommer hem till mamma."],
    ["Intervjuare: Vad betyder det för dig?"],
    ["Birgitta (anhörig): Jag får förklara allt från början varje gång, och",
     "mamma blir orolig av all vård- och omsorgspersonal som byts ut. Hon",
     "säger att hon inte vill vara till"],
]
p2 = [
    ["besvär för någon, men jag ser att hon blir ledsen."],
    ["Intervjuare: Har ni fått hjälp med IT-",
     "stödet som kommunen erbjuder?"],
    ["Birgitta (anhörig): Nej, ingen har visat oss hur surf-",
     "plattan fungerar."],
]
p3 = [
    ["Intervjuare: Tack för att du ville vara med."],
    ["Birgitta (anhörig): Tack själv."],
]
write_pdf("handskriven.pdf", [page(1, p1), page(2, p2), page(3, p3)], title="handskriven.docx")
write_pdf("skannad.pdf", [[]], image=(64, 64))
write_pdf("blandad.pdf", [[(72, 760, 11, "Sidan ett har text.")], [], [(72, 760, 11, "Sidan tre har text.")], [], []],
          image=(64, 64), image_pages={1})
