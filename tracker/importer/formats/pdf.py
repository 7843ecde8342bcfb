"""PDF with a text layer: the words as the page shows them, in bounded memory.

pdfminer.six reads the file. Before it inflates anything, every stream it
could inflate (page contents, fonts, character maps; not images, which are
never inflated) is measured by inflating it a chunk at a time and throwing the
output away, so a stream that inflates past limits.MAX_STREAM_BYTES, or all of
them past MAX_STREAMS_TOTAL, is refused having cost only a chunk of memory.
Pages are then laid out one at a time by a device that keeps no drawings or
images and at most MAX_PAGE_GLYPHS glyphs; only each page's lines of text
(words and positions) are kept, and `layout.py` joins them into paragraphs.

A PDF whose pages carry no text (a scan) gets a message saying so.
"""

import io
import logging
import unicodedata
import zlib

from .. import messages
from ..errors import ReportImportError
from . import limits
from .layout import TextLine, paragraphs_of
from .limits import too_expanded

# Fonts map some glyphs to the Kangxi radicals or to the CJK radicals
# supplement instead of the ideographs they look like (⼈ for 人, ⺠ for 民):
# Chromium's PDFs of Noto CJK do. The supplement has no compatibility
# mapping in Unicode's data, so the simplified forms are listed here.
_RADICALS = {
    "\u2ea0": "民",
    "\u2ec1": "虎",
    "\u2ec4": "西",
    "\u2ec5": "见",
    "\u2ec6": "角",
    "\u2ec9": "贝",
    "\u2ecb": "车",
    "\u2ed3": "长",
    "\u2ed4": "门",
    "\u2ed8": "青",
    "\u2ed9": "韦",
    "\u2eda": "页",
    "\u2edb": "风",
    "\u2edc": "飞",
    "\u2edd": "食",
    "\u2ee1": "首",
    "\u2ee2": "马",
    "\u2ee3": "骨",
    "\u2ee4": "鬼",
    "\u2ee5": "鱼",
    "\u2ee6": "鸟",
    "\u2ee7": "卤",
    "\u2ee8": "麦",
    "\u2ee9": "黄",
    "\u2eea": "黾",
    "\u2eec": "齐",
    "\u2eee": "齿",
    "\u2ef0": "龙",
}
_UNDEFINED = "\ufffd"

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # it warns on every odd font


def read_pdf(data: bytes) -> str:
    """The paragraphs of a PDF's text layer, joined by blank lines."""
    from pdfminer.pdfdocument import PDFDocument, PDFPasswordIncorrect
    from pdfminer.pdfexceptions import PDFException
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        _check_streams(document)
        pages = list(_page_lines(document, PDFPage.create_pages(document)))
    except PDFPasswordIncorrect as error:
        raise ReportImportError(messages.PDF_LOCKED) from error
    except ReportImportError:
        raise
    except (PDFException, PSException, ValueError, KeyError, TypeError, AssertionError) as error:
        raise ReportImportError(messages.BAD_PDF) from error
    glyphs = sum(len(line.text) for page in pages for line in page)
    if glyphs < 20 * max(1, len(pages)) // 10 + 20:
        raise ReportImportError(messages.PDF_SCANNED)
    undefined = sum(line.text.count(_UNDEFINED) for page in pages for line in page)
    if undefined > glyphs // 3:
        raise ReportImportError(messages.PDF_NO_UNICODE)
    return "\n\n".join(paragraphs_of(pages))


def _check_streams(document) -> None:
    """Inflate each stream pdfminer may inflate, keeping none of it, within the limits."""
    from pdfminer.pdftypes import PDFStream

    total = 0
    seen: set[int] = set()
    for xref in document.xrefs:
        for objid in xref.get_objids():
            if objid in seen:
                continue
            seen.add(objid)
            try:
                obj = document.getobj(objid)
            except Exception:  # a broken object: pdfminer skips it too
                continue
            if not isinstance(obj, PDFStream) or _is_image(obj):
                continue
            total += _inflated_size(obj)
            if total > limits.MAX_STREAMS_TOTAL:
                raise too_expanded()


def _is_image(stream) -> bool:
    subtype = stream.get("Subtype")
    return getattr(subtype, "name", None) == "Image"


def _inflated_size(stream) -> int:
    from pdfminer import pdftypes

    if stream.rawdata is None:  # already decoded by pdfminer (an object stream)
        return len(stream.data or b"")
    data = stream.rawdata
    if stream.decipher and stream.objid is not None:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    filters = stream.get_filters()
    for position, (name, _params) in enumerate(filters):
        last = position == len(filters) - 1
        if name in pdftypes.LITERALS_FLATE_DECODE:
            data = _inflate(data, keep=not last)
        elif name in pdftypes.LITERALS_LZW_DECODE:
            data = _bounded(pdftypes.LZWDecoder(io.BytesIO(data)).run(), keep=not last)
        elif name in pdftypes.LITERALS_RUNLENGTH_DECODE:
            data = _bounded(_runs(data), keep=not last)
        elif name in pdftypes.LITERALS_ASCII85_DECODE:
            data = pdftypes.ascii85decode(data)  # shrinks
        elif name in pdftypes.LITERALS_ASCIIHEX_DECODE:
            data = pdftypes.asciihexdecode(data)  # shrinks
        else:
            return len(data)  # image codecs and the like: not inflated for text
        if isinstance(data, int):
            return data
    return len(data)


def _inflate(data: bytes, *, keep: bool) -> bytes | int:
    """Inflate `data` chunk by chunk: its size (or, with `keep`, itself), within the limit."""
    inflater = zlib.decompressobj()
    kept: list[bytes] = []
    size = 0
    pending = data
    try:
        while not inflater.eof:
            # With no input left, zlib still gives what it holds back.
            chunk = inflater.decompress(pending, limits.CHUNK)
            pending = inflater.unconsumed_tail
            size += len(chunk)
            if size > limits.MAX_STREAM_BYTES:
                raise too_expanded()
            if keep:
                kept.append(chunk)
            if not chunk and not pending:
                break
    except zlib.error:
        pass  # pdfminer reads what it can of a damaged stream; so far is measured
    return b"".join(kept) if keep else size


def _bounded(chunks, *, keep: bool) -> bytes | int:
    kept: list[bytes] = []
    size = 0
    try:
        for chunk in chunks:
            size += len(chunk)
            if size > limits.MAX_STREAM_BYTES:
                raise too_expanded()
            if keep:
                kept.append(chunk)
    except (ValueError, IndexError, StopIteration):
        pass
    return b"".join(kept) if keep else size


def _runs(data: bytes):
    """RunLengthDecode as chunks (pdfminer's builds the whole output at once)."""
    pos = 0
    while pos < len(data):
        length = data[pos]
        if length == 128:
            return
        if length < 128:
            yield data[pos + 1 : pos + 2 + length]
            pos += length + 2
        else:
            yield data[pos + 1 : pos + 2] * (257 - length)
            pos += 2


def _page_lines(document, pages):
    """Each page's text lines, one page laid out at a time."""
    from pdfminer.layout import LAParams, LTTextBox, LTTextLine
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager

    manager = PDFResourceManager(caching=True)
    device = _text_only_device()(manager, laparams=LAParams(char_margin=4.0, line_margin=0.3))
    interpreter = PDFPageInterpreter(manager, device)
    budget = limits.TextBudget()
    for number, page in enumerate(pages, start=1):
        if number > limits.MAX_PDF_PAGES:
            raise too_expanded()
        interpreter.process_page(page)
        layout = device.get_result()
        lines = []
        for box in layout:
            if not isinstance(box, LTTextBox):
                continue
            for line in box:
                if isinstance(line, LTTextLine):
                    text = _line_text(line)
                    if text.strip():
                        budget.spend(len(text))
                        lines.append(
                            TextLine(text, line.x0, line.x1, line.y0, line.y1, number, layout.width)
                        )
        device.result = None  # let the page's layout go before the next one
        yield lines


def _line_text(line) -> str:
    """The glyphs of a line, without the spaces pdfminer guesses from gaps."""
    from pdfminer.layout import LTChar

    return "".join(_character(item.get_text()) for item in line if isinstance(item, LTChar))


def _character(text: str) -> str:
    if text.startswith("(cid:"):
        return _UNDEFINED
    return "".join(_RADICALS.get(ch) or _compatible(ch) for ch in text)


def _compatible(ch: str) -> str:
    """A Kangxi radical, compatibility ideograph or ligature (ﬁ) as the plain character."""
    if "\u2e80" <= ch <= "\u2fdf" or "\uf900" <= ch <= "\ufaff" or "\ufb00" <= ch <= "\ufb06":
        return unicodedata.normalize("NFKC", ch)
    return ch


def _text_only_device():
    from pdfminer.converter import PDFPageAggregator

    class TextOnly(PDFPageAggregator):
        """Lays out glyphs only (no paths, no images) and at most MAX_PAGE_GLYPHS a page."""

        glyphs = 0

        def begin_page(self, page, ctm):
            self.glyphs = 0
            super().begin_page(page, ctm)

        def render_char(self, *args, **kwargs):
            self.glyphs += 1
            if self.glyphs > limits.MAX_PAGE_GLYPHS:
                raise too_expanded()
            return super().render_char(*args, **kwargs)

        def paint_path(self, *args, **kwargs):
            return None

        def render_image(self, *args, **kwargs):
            return None

        def handle_undefined_char(self, font, cid):
            return f"(cid:{cid})"

    return TextOnly
