"""Plain text as the tracker stores it: nothing a Word/Excel file or PostgreSQL refuses.

Text pasted from Word carries vertical tabs (soft line breaks) and other C0
control characters; XML (hence .docx and .xlsx) cannot hold them and
PostgreSQL cannot hold NUL. Line-like ones become line breaks, the rest go.
"""

import re

_LINE_LIKE = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def plain_text(value: str) -> str:
    """`value` with line-like controls as newlines and XML-illegal characters removed."""
    if not value:
        return value
    return _ILLEGAL.sub("", _LINE_LIKE.sub("\n", value))


def id_param(value: str | None) -> int | None:
    """A row id from a query parameter: ASCII digits only ("²" and "١" are digits to
    Python, not to us), and small enough for a 64-bit column; None otherwise."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit() and len(value) <= 18:
        return int(value)
    return None
