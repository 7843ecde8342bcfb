"""Turn an uploaded file into report text: .txt (UTF-8 or GB18030) or .docx.

Government offices save text as UTF-8 (often with a BOM) or as GB18030/GBK;
anything else, or a binary file under a .txt name, is refused with a message
the user can act on rather than imported as mojibake.
"""

import io
import unicodedata
import zipfile
from functools import lru_cache
from pathlib import Path

from ..text import plain_text
from . import messages
from .errors import ReportImportError
from .messages import EMPTY, UNKNOWN_ENCODING, say

MAX_BYTES = 5 * 1024 * 1024

_MAGIC = (
    (b"\x89PNG", say(messages.IMAGE, format="PNG")),
    (b"\xff\xd8\xff", say(messages.IMAGE, format="JPEG")),
    (b"GIF8", say(messages.IMAGE, format="GIF")),
    (b"%PDF", messages.PDF),
    (b"\xd0\xcf\x11\xe0", messages.OLD_WORD),
    (b"Rar!", messages.ARCHIVE),
    (b"\x1f\x8b", messages.ARCHIVE),
)
_UNSUPPORTED_SUFFIXES = {
    ".doc": messages.OLD_WORD,
    ".wps": messages.WPS,
    ".pdf": messages.PDF,
}


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
    if suffix == ".docx" or data.startswith(b"PK\x03\x04"):
        text = _read_docx(data)
    else:
        _refuse_known_binary(data)
        text = _decode_text(data)
    text = plain_text(text)  # e.g. Word's soft line breaks, a stray NUL
    if not text.strip():
        raise ReportImportError(EMPTY)
    return text


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


def _read_docx(data: bytes) -> str:
    """Body paragraphs of a Word file, joined by blank lines."""
    import docx  # python-docx; imported here so plain-text imports do not need it

    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise ReportImportError(messages.BAD_DOCX) from error
    except Exception as error:  # python-docx raises its own errors for odd packages
        raise ReportImportError(messages.BAD_DOCX) from error
    return "\n\n".join(paragraph.text for paragraph in document.paragraphs)
