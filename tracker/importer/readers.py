"""Turn an uploaded file into report text: .txt, .docx, .pdf or a saved web page.

The format is told by the content where it can be (a PDF, a zip, a web page),
else by the name. Word, PDF and web pages are read in `formats/`, within
bounded memory. Government offices save text as UTF-8 (often with a BOM) or
as GB18030/GBK; anything else, or a binary file under a .txt name, is refused
with a message the user can act on rather than imported as mojibake.
"""

import unicodedata
from functools import lru_cache
from pathlib import Path

from ..text import plain_text
from . import messages
from .errors import ReportImportError
from .formats.pdf import read_pdf
from .formats.web import is_mhtml, is_web_page, read_html, read_mhtml
from .formats.word import read_docx
from .messages import EMPTY, UNKNOWN_ENCODING, say

MAX_BYTES = 5 * 1024 * 1024

_MAGIC = (
    (b"\x89PNG", say(messages.IMAGE, format="PNG")),
    (b"\xff\xd8\xff", say(messages.IMAGE, format="JPEG")),
    (b"GIF8", say(messages.IMAGE, format="GIF")),
    (b"\xd0\xcf\x11\xe0", messages.OLD_WORD),
    (b"Rar!", messages.ARCHIVE),
    (b"\x1f\x8b", messages.ARCHIVE),
)
_UNSUPPORTED_SUFFIXES = {
    ".doc": messages.OLD_WORD,
    ".wps": messages.WPS,
    ".xls": messages.SPREADSHEET,
    ".xlsx": messages.SPREADSHEET,
}
_WEB_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
_MHTML_SUFFIXES = {".mhtml", ".mht"}


def too_large(max_bytes: int) -> str:
    return say(messages.TOO_LARGE, mb=max_bytes // (1024 * 1024))


def read_report_file(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read a report from disk without reading more than `max_bytes` + 1 bytes."""
    path = Path(path)
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as error:
        reason = error.strerror or error
        raise ReportImportError(
            say(messages.UNREADABLE_FILE, name=path.name, reason=reason)
        ) from error
    return read_report(data, path.name, max_bytes=max_bytes)


def read_report(data: bytes, filename: str, *, max_bytes: int = MAX_BYTES) -> str:
    """The report text of an uploaded file; ReportImportError with a Chinese message."""
    if len(data) > max_bytes:
        raise ReportImportError(too_large(max_bytes))
    if not data.strip():
        raise ReportImportError(EMPTY)
    suffix = Path(filename).suffix.lower()
    if suffix in _UNSUPPORTED_SUFFIXES:
        raise ReportImportError(_UNSUPPORTED_SUFFIXES[suffix])
    # Line ends as one "\n" (a browser sends a pasted text's lines with "\r\n" and
    # shows them with "\n": offsets in the source must be the page's); then
    # Word's soft line breaks, a stray NUL.
    text = plain_text(_read(data, suffix).replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise ReportImportError(EMPTY)
    return text


def _read(data: bytes, suffix: str) -> str:
    """The text of the file, by what its content says it is, else by its name."""
    if data[:1024].lstrip().startswith(b"%PDF") or (suffix == ".pdf" and b"%PDF" in data[:1024]):
        return read_pdf(data)
    if suffix == ".pdf":
        raise ReportImportError(messages.BAD_PDF)
    if data.startswith(b"PK\x03\x04") or suffix == ".docx":
        return read_docx(data)
    if suffix in _MHTML_SUFFIXES or is_mhtml(data):
        return read_mhtml(data)
    if suffix in _WEB_SUFFIXES or is_web_page(data):
        return read_html(data)
    _refuse_known_binary(data)
    return _decode_text(data)


def _refuse_known_binary(data: bytes) -> None:
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise ReportImportError(message)


def _decode_text(data: bytes) -> str:
    """UTF-8 (BOM or not) first, then GB18030; refuse what reads as neither."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReportImportError(UNKNOWN_ENCODING)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    else:
        # Strict UTF-8 decoding is itself strong evidence; only control bytes
        # (UTF-16, binaries) betray a wrong guess.
        if not _has_control_characters(text):
            return text
        raise ReportImportError(UNKNOWN_ENCODING)
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise ReportImportError(UNKNOWN_ENCODING) from error
    if _has_control_characters(text) or not _mostly_common_hanzi(text):
        raise ReportImportError(UNKNOWN_ENCODING)
    return text


def _has_control_characters(text: str) -> bool:
    """More than a stray control character in 200 means binary data or UTF-16."""
    controls = sum(
        1
        for ch in text
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f\v"
    )
    return controls > len(text) // 200


def _mostly_common_hanzi(text: str) -> bool:
    """Real GB18030 reports are written in common characters; mis-decoded bytes are not.

    Bytes decoded with the wrong codec (Shift-JIS or UTF-16 read as GB18030)
    come out as rare characters: fewer than 60 % of them are among the 3,755
    common characters of GB2312 level 1, against over 95 % in real reports.
    """
    hanzi = [ch for ch in text if "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"]
    if len(hanzi) < 20:
        return True
    common = sum(1 for ch in hanzi if _is_common_hanzi(ch))
    return common >= 0.6 * len(hanzi)


@lru_cache(maxsize=8192)
def _is_common_hanzi(ch: str) -> bool:
    try:
        encoded = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= encoded[0] <= 0xD7
