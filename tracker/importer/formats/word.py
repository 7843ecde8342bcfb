"""Word (.docx): the text of every paragraph, in tables too, read as a stream.

A .docx is a zip of XML parts; only `word/document.xml` holds the body. It is
inflated a chunk at a time into an expat parser, never whole, and never past
limits.MAX_XML_BYTES, so images and other parts are never read at all and a
document.xml that inflates hugely is refused after a bounded amount of work.

Paragraphs come in document order, those in table cells included (offices lay
a report out in a one-cell table for its border), each once: the fallback copy
Word keeps of text boxes (mc:Fallback) is skipped, and so is deleted text.
"""

import io
import zipfile
from xml.parsers import expat

from .. import messages
from ..errors import ReportImportError
from .limits import CHUNK, MAX_XML_BYTES, TextBudget, too_expanded

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_SEP = "}"
_PARAGRAPH = f"{W}{_SEP}p"
_TEXT = f"{W}{_SEP}t"
_BREAKS = {f"{W}{_SEP}br": "\n", f"{W}{_SEP}cr": "\n", f"{W}{_SEP}tab": "\t"}
_SKIPPED = {f"{MC}{_SEP}Fallback", f"{W}{_SEP}del", f"{W}{_SEP}instrText"}


def read_docx(data: bytes) -> str:
    """The paragraphs of a Word file, joined by blank lines; empty ones left out."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise ReportImportError(messages.BAD_DOCX) from error
    if "word/document.xml" not in names:
        if "xl/workbook.xml" in names:
            raise ReportImportError(messages.SPREADSHEET)
        raise ReportImportError(messages.BAD_DOCX)
    collector = _Paragraphs()
    try:
        with archive.open("word/document.xml") as part:
            _feed(part, collector.parser)
    except ReportImportError:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, expat.ExpatError) as error:
        raise ReportImportError(messages.BAD_DOCX) from error
    return "\n\n".join(collector.paragraphs)


def _feed(part, parser) -> None:
    read = 0
    while chunk := part.read(CHUNK):
        read += len(chunk)
        if read > MAX_XML_BYTES:
            raise too_expanded()
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


class _Paragraphs:
    """Expat handlers collecting the text of w:p elements (nested ones apart)."""

    def __init__(self):
        self.paragraphs: list[str] = []
        self.open: list[list[str]] = []  # the paragraphs being read, innermost last
        self.in_text = False
        self.skipping = 0
        self.budget = TextBudget()
        parser = expat.ParserCreate(namespace_separator=_SEP)
        parser.StartElementHandler = self.start
        parser.EndElementHandler = self.end
        parser.CharacterDataHandler = self.characters
        # A Word part declares no DTD; one that does is not Word's (entity tricks).
        parser.StartDoctypeDeclHandler = self.refuse
        parser.EntityDeclHandler = self.refuse
        self.parser = parser

    def refuse(self, *args) -> None:
        raise ReportImportError(messages.BAD_DOCX)

    def start(self, name: str, attrs) -> None:
        if name in _SKIPPED:
            self.skipping += 1
        elif self.skipping:
            return
        elif name == _PARAGRAPH:
            self.open.append([])
        elif name == _TEXT:
            self.in_text = True
        elif name in _BREAKS and self.open:
            self.open[-1].append(_BREAKS[name])

    def end(self, name: str) -> None:
        if name in _SKIPPED:
            self.skipping -= 1
        elif self.skipping:
            return
        elif name == _PARAGRAPH and self.open:
            text = "".join(self.open.pop())
            if text.strip():
                self.paragraphs.append(text)
        elif name == _TEXT:
            self.in_text = False

    def characters(self, data: str) -> None:
        if self.in_text and self.open and not self.skipping:
            self.budget.spend(len(data))
            self.open[-1].append(data)
