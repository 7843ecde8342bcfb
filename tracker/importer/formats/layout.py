"""Lines of PDF text → the paragraphs the author typed.

A PDF has no paragraphs, only lines placed on pages. Word and browsers set a
report's paragraphs with a first-line indent and break lines at the right
margin, so a line starts a paragraph when it is indented (or centred, or set
right, like titles and signatures), when the line above stopped short of the
margin, or after a gap wider than the line spacing. A paragraph runs on across
a page break the same way. Running headers and footers (the issuer or title
repeated on every page, "— 3 —", "- 3 -", "第3页", "3/5", the address and date
a browser prints) are recognised by position and repetition and left out.

Pure geometry: pdf.py gives the lines, tests can give made-up ones.
"""

import re
from collections import Counter
from dataclasses import dataclass
from statistics import median

# A page number alone on its line, in the ways reports print it.
_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－─]*\s*\d{1,4}\s*[-—–－─]*|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|"
    r"\d{1,4}\s*/\s*\d{1,4}|(?:page|Page)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_URL = re.compile(r"^(?:file|https?)://\S*$")
BAND = 2  # how many lines at the top and the bottom of a page may be furniture


@dataclass(frozen=True)
class TextLine:
    """One line of text on a page: its words and its box (PDF points, y up)."""

    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    page: int
    page_width: float = 595.0

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def paragraphs_of(pages: list[list[TextLine]]) -> list[str]:
    """The report's paragraphs, page furniture left out."""
    pages = [_rows(page) for page in pages]
    pages = _without_furniture(pages)
    lines = [line for page in pages for line in page]
    if not lines:
        return []
    size = median(line.height for line in lines) or 10.0
    # The text block's margins: where body lines (not short headings) start and end.
    body = [line for line in lines if len(line.text) >= 8] or lines
    left = min(line.x0 for line in body)
    right = max(line.x1 for line in body)
    paragraphs: list[list[str]] = []
    previous: TextLine | None = None
    for line in lines:
        if previous is None or _starts_paragraph(previous, line, left, right, size):
            paragraphs.append([line.text.strip()])
        else:
            paragraphs[-1].append(_joiner(paragraphs[-1][-1], line.text) + line.text.strip())
        previous = line
    return ["".join(parts) for parts in paragraphs]


def _rows(page: list[TextLine]) -> list[TextLine]:
    """The page's lines top to bottom; pieces set on one baseline joined by a space."""
    ordered = sorted(page, key=lambda line: (-line.y1, line.x0))
    rows: list[TextLine] = []
    for line in ordered:
        last = rows[-1] if rows else None
        if last is not None and _same_row(last, line):
            first, second = (last, line) if last.x0 <= line.x0 else (line, last)
            rows[-1] = TextLine(
                f"{first.text.rstrip()} {second.text.lstrip()}",
                first.x0,
                max(first.x1, second.x1),
                min(first.y0, second.y0),
                max(first.y1, second.y1),
                line.page,
                line.page_width,
            )
        else:
            rows.append(line)
    return rows


def _same_row(a: TextLine, b: TextLine) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    return overlap > 0.6 * min(a.height, b.height)


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _without_furniture(pages: list[list[TextLine]]) -> list[list[TextLine]]:
    """Drop page numbers, printed addresses, and lines repeated at the top or bottom.

    A repeated line is dropped once per page and band: a running header that
    repeats the title leaves the title under it on the first page alone.
    """
    tops: Counter[str] = Counter()
    bottoms: Counter[str] = Counter()
    for page in pages:
        top, bottom = _bands(page)
        tops.update({_furniture_key(line.text) for line in top})
        bottoms.update({_furniture_key(line.text) for line in bottom})
    least = max(2, len(pages) / 2)
    top_repeated = {key for key, n in tops.items() if n >= least}
    bottom_repeated = {key for key, n in bottoms.items() if n >= least}
    kept = []
    for page in pages:
        top, bottom = _bands(page)
        dropped = _band_furniture(top, top_repeated)
        dropped |= _band_furniture(bottom[::-1], bottom_repeated)
        kept.append([line for line in page if id(line) not in dropped])
    return kept


def _bands(page: list[TextLine]) -> tuple[list[TextLine], list[TextLine]]:
    """The first and the last lines of a page, none in both."""
    top = page[:BAND]
    return top, page[len(top) :][-BAND:]


def _band_furniture(band: list[TextLine], repeated: set[str]) -> set[int]:
    dropped, seen = set(), set()
    for line in band:
        key = _furniture_key(line.text)
        if _PAGE_NUMBER.match(line.text.strip()) or _URL.match(line.text.strip()):
            dropped.add(id(line))
        elif key in repeated and key not in seen:
            seen.add(key)
            dropped.add(id(line))
    return dropped


def _starts_paragraph(
    previous: TextLine, line: TextLine, left: float, right: float, size: float
) -> bool:
    if line.x0 > left + 0.6 * size:  # indented, centred or set right
        return True
    if right - previous.x1 > 2.5 * size + _unbreakable_width(line.text, size):
        return True  # the line above stopped short: more than line breaking explains
    if previous.x0 > left + 3 * size:
        return True  # the line above was centred or set right, not just indented
    same_page = previous.page == line.page
    return same_page and previous.y0 - line.y1 > 1.5 * size


# What a line cannot be broken inside: a Latin word or number with the
# punctuation that may not open a line ("100%，").
_UNBREAKABLE = re.compile(r"^[0-9A-Za-z.%/:+\-]+[，。、；：,.;:）)”’》」]*")


def _unbreakable_width(text: str, size: float) -> float:
    """About how wide the head of `text` is that had to move to its line whole."""
    head = _UNBREAKABLE.match(text)
    if not head:
        return 0.0
    return sum(0.55 * size if ch.isascii() else size for ch in head.group())


def _joiner(before: str, after: str) -> str:
    """A wrapped line joins the one above directly, but Latin words keep a space."""
    if (
        before[-1:].isascii()
        and before[-1:].isalnum()
        and after[:1].isascii()
        and after[:1].isalnum()
    ):
        return " "
    return ""
