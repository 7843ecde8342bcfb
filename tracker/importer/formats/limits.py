"""How much work one upload may cause, whatever it claims to hold.

A 300 KB Word file can hold a 300 MB image or 300 MB of XML; a small PDF can
hold streams that inflate a thousandfold. Readers never inflate more than these
amounts and never keep what they do not need, so the memory an import takes is
bounded by the limits here, not by the file (measured in tests/test_import_bombs.py).
"""

from ..errors import ReportImportError
from ..messages import TOO_EXPANDED

# The text of a long report is some 50,000 characters; these leave wide room.
MAX_TEXT_CHARS = 400_000
# Word's document.xml of a long report is under 1 MB.
MAX_XML_BYTES = 24 * 1024 * 1024
# A PDF stream (page content, font, character map) once inflated, and all of them.
MAX_STREAM_BYTES = 8 * 1024 * 1024
MAX_STREAMS_TOTAL = 24 * 1024 * 1024
MAX_PDF_PAGES = 300
# Glyphs drawn on one PDF page: a dense A4 page has about 3,000.
MAX_PAGE_GLYPHS = 20_000
CHUNK = 64 * 1024


def too_expanded() -> ReportImportError:
    return ReportImportError(TOO_EXPANDED)


class TextBudget:
    """Counts characters read so far; refuses past MAX_TEXT_CHARS."""

    def __init__(self, limit: int = MAX_TEXT_CHARS):
        self.left = limit

    def spend(self, n: int) -> None:
        self.left -= n
        if self.left < 0:
            raise too_expanded()
