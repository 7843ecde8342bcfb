"""A same-length "shadow" of the report text that the parser matches against.

Reports mix full-width and half-width digits and punctuation and every kind of
space (U+3000, NBSP, en spaces, tabs). The parser works on a shadow copy where
each character is replaced by exactly one canonical character, so an offset in
the shadow is the same offset in the original text: item texts are then cut
from the original, never from the normalised copy.
"""

from dataclasses import dataclass

_SPACES = "\t\x0b\x0c\x1c\x1d\x1e\x1f\x85\u00a0\u1680\u180e\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u200c\u200d\u202f\u205f\u2060\u3000\ufeff"


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {ord(ch): " " for ch in _SPACES}
    # Full-width ASCII (！ to ～) becomes its half-width twin: ， → , ： → : １ → 1.
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    # A lone carriage return (old Mac files) ends a line; in CRLF it just adds
    # an empty line, which the paragraph splitter skips.
    table[ord("\r")] = "\n"
    table[ord("\u2028")] = "\n"
    table[ord("\u2029")] = "\n"
    table[ord("\u3001")] = "、"
    table[ord("\uff64")] = "、"  # half-width ideographic comma
    table[ord("\uff61")] = "。"  # half-width ideographic full stop
    table[ord("\u2024")] = "."
    table[ord("\ufe52")] = "."
    table[ord("\u3014")] = "("  # 〔 as used in 〔2021〕 and damaged brackets
    table[ord("\u3015")] = ")"
    return table


_TABLE = _build_table()


def shadow(text: str) -> str:
    """Return the canonical same-length copy of `text` used for matching."""
    result = text.translate(_TABLE)
    assert len(result) == len(text)
    return result


@dataclass(frozen=True)
class Line:
    """One non-blank line of the report: [start, end) in the text, spaces trimmed."""

    index: int
    start: int
    end: int
    text: str  # the shadow text of the line, trimmed


def split_lines(norm: str) -> list[Line]:
    """Cut the shadow text into trimmed, non-blank lines, keeping their offsets."""
    lines: list[Line] = []
    pos = 0
    for raw in norm.split("\n"):
        stripped = raw.strip(" ")
        if stripped:
            start = pos + (len(raw) - len(raw.lstrip(" ")))
            lines.append(Line(len(lines), start, start + len(stripped), stripped))
        pos += len(raw) + 1
    return lines
