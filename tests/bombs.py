"""Small files that expand hugely: what a careless reader would inflate into memory.

Each is built in a fraction of a second from a zlib stream of one repeated
chunk, so the tests carry no binary fixture.
"""

import io
import struct
import zipfile
import zlib

EXPANDED = 300 * 1024 * 1024  # what each bomb inflates to
_CHUNK = 1024 * 1024

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/></Types>'
)
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def deflated(piece: bytes, total: int = EXPANDED, *, raw: bool = True) -> tuple[bytes, int]:
    """`piece` repeated to `total` bytes, deflated (raw for zip, zlib for PDF); and its CRC.

    A full flush makes each 1 MB chunk deflate to the same bytes, so the stream is
    one compressed chunk repeated: built in milliseconds, checksums and all.
    """
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = piece * max(1, min(_CHUNK, total) // len(piece))
    count = total // len(chunk)
    first = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    blocks = first + again * (count - 1) + compressor.flush()
    crc, adler = 0, 1
    for _ in range(count):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    if raw:
        return blocks, crc
    return b"\x78\xda" + blocks + struct.pack(">I", adler), crc


def _zip(entries: dict[str, bytes], bomb_name: str, bomb: bytes, bomb_crc: int) -> bytes:
    """A zip with ordinary entries and one pre-deflated entry that claims its true size."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        info = zipfile.ZipInfo(bomb_name)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size, info.compress_size, info.CRC = EXPANDED, len(bomb), bomb_crc
        info.header_offset = buffer.tell()
        buffer.write(info.FileHeader(zip64=False))
        buffer.write(bomb)
        archive.filelist.append(info)
        archive.NameToInfo[bomb_name] = info
        archive.start_dir = buffer.tell()
    return buffer.getvalue()


RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = (
    f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE}/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
).encode()
IMAGE_RELS = (
    f'<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{OFFICE}/image" '
    'Target="media/image1.png"/></Relationships>'
).encode()
WORD_TYPES = CONTENT_TYPES.replace(
    b"</Types>",
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="png" ContentType="image/png"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>',
)


def docx_with_huge_image() -> bytes:
    """A Word file Word itself would open: one paragraph and a 300 MB picture part."""
    body = (
        b"<w:document " + W + b"><w:body><w:p><w:r><w:t>ok</w:t></w:r></w:p></w:body></w:document>"
    )
    bomb, crc = deflated(b"\0" * 4096)
    return _zip(
        {
            "[Content_Types].xml": WORD_TYPES,
            "_rels/.rels": PACKAGE_RELS,
            "word/document.xml": body,
            "word/_rels/document.xml.rels": IMAGE_RELS,
        },
        "word/media/image1.png",
        bomb,
        crc,
    )


def docx_with_huge_xml() -> bytes:
    """document.xml of 300 MB: paragraphs of one character each."""
    paragraph = "<w:p><w:r><w:t>法</w:t></w:r></w:p>".encode()
    head = b"<w:document " + W + b"><w:body>"
    bomb, crc = deflated(paragraph)
    # The part is truncated XML after the head: a reader that inflates it all pays anyway.
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    prefix = compressor.compress(head) + compressor.flush(zlib.Z_SYNC_FLUSH)
    crc = zlib.crc32(head)
    return _zip({"[Content_Types].xml": CONTENT_TYPES}, "word/document.xml", prefix + bomb, crc)


def xlsx_with_huge_sheet() -> bytes:
    bomb, crc = deflated(b"<row><c><v>1</v></c></row>")
    return _zip(
        {"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<workbook/>"},
        "xl/worksheets/sheet1.xml",
        bomb,
        crc,
    )


def pdf(content: bytes, *, filter_name: bytes = b"/FlateDecode", extra: bytes = b"") -> bytes:
    """A one-page PDF whose page content stream is `content` (already encoded)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter %s >>\nstream\n" % (len(content), filter_name)
        + content
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>" + extra,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_with_huge_content() -> bytes:
    """A page whose content stream inflates to 300 MB of text-drawing operators."""
    bomb, _ = deflated(
        b"BT /F1 12 Tf 72 720 Td (AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA) Tj ET\n", raw=False
    )
    return pdf(bomb)


def pdf_with_many_glyphs() -> bytes:
    """A page content within the stream limit that draws millions of glyphs."""
    stream = b"BT /F1 1 Tf 72 720 Td (" + b"A" * (6 * 1024 * 1024) + b") Tj ET\n"
    return pdf(zlib.compress(stream, 9))


def text_pdf(lines: list[str]) -> bytes:
    """A small PDF with a text layer in Helvetica (ASCII only), for tests of the reader."""
    ops = [b"BT /F1 12 Tf 72 780 Td 14 TL"]
    for line in lines:
        ops.append(b"(" + line.encode("latin-1") + b") Tj T*")
    ops.append(b"ET")
    return pdf(zlib.compress(b"\n".join(ops)))


def scanned_pdf() -> bytes:
    """A page with nothing but an image, as a scanner makes it."""
    return pdf(zlib.compress(b"q 595 0 0 842 0 0 cm /Im1 Do Q"))
