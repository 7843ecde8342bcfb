"""The end of a report: sign-off formula, signing bodies, date, attachment list.

A report ends "特此报告。", then the signing body or bodies (a joint report of
the Party committee and the government is signed by both, on one line or
two), then the date; an attachment list (附件) may come before or after.
None of that is an item.
"""

import re
from dataclasses import dataclass
from datetime import date

from .dates import DATE, parse_date
from .normalize import Line

ISSUER_END = (
    r"(?:人民政府|政府|委员会|管委会|办公室|办公厅|办事处|司法局|局|厅|委|院|署|中心|办|部|"
    r"区委|县委|市委)"
)
_ISSUER_LINE = re.compile(rf"^[\u4e00-\u9fff()]{{2,30}}{ISSUER_END}$")
_DATE_LINE = re.compile(rf"^\(?{DATE}\)?$")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*\s*(?::|$)")
# The formula that closes the text ("特此报告。"): part of the sign-off, not content.
_SIGN_OFF = re.compile(r"^(?:特此报告|专此报告|以上报告,?请(?:予)?审(?:阅|议|定))[。.!]?$")


def is_issuer_line(text: str) -> bool:
    return bool(_ISSUER_LINE.match(text))


def is_attachment_line(text: str) -> bool:
    return bool(_ATTACHMENT.match(text))


def is_sign_off(text: str) -> bool:
    return bool(_SIGN_OFF.match(text))


@dataclass(frozen=True)
class Signature:
    """Where the signature block starts (line position) and what it says."""

    position: int
    issuer: str
    signed: date | None


def find_signature(lines: list[Line], after: int) -> Signature | None:
    """The signing block after line `after`: the issuer lines, then the date.

    The block is the last whole-line date with the issuer-looking lines just
    above it; failing a date, issuer lines that end the text. Of two signing
    bodies the last is the issuer: the government signs after the Party
    committee, and a 法治政府 report is the government's.
    """
    dates = [pos for pos in range(after + 1, len(lines)) if _DATE_LINE.match(compact(lines[pos]))]
    date_pos = dates[-1] if dates else len(lines)
    start = date_pos
    while start - 1 > after and _is_signing_line(lines[start - 1].text):
        start -= 1
    if start == len(lines):
        return None
    issuer = last_issuer(lines[date_pos - 1].text) if start < date_pos else ""
    signed = parse_date(compact(lines[date_pos])) if dates else None
    return Signature(start, issuer, signed)


def _is_signing_line(text: str) -> bool:
    """One signing body ("蓟 州 区 人 民 政 府" spread out too), or several on one line."""
    return is_issuer_line(text.replace(" ", "")) or len(_issuer_tokens(text)) > 1


def _issuer_tokens(text: str) -> list[str]:
    """The bodies of a line like "中共云溪县委    云溪县人民政府", [] if it is not one."""
    tokens = text.split()
    return tokens if all(is_issuer_line(token) for token in tokens) else []


def last_issuer(text: str) -> str:
    """The last signing body of a line; a body spread out letter by letter is joined."""
    tokens = _issuer_tokens(text)
    return tokens[-1] if len(tokens) > 1 else text.replace(" ", "")


def header_date(lines: list[Line], before: int) -> date | None:
    """A date printed under the title, "(2023年1月12日)", for reports signed at the top."""
    for line in lines[:before]:
        if _DATE_LINE.match(compact(line)):
            return parse_date(compact(line))
    return None


def header_issuer(lines: list[Line], before: int) -> str:
    """The body named on the line above a date under the title (a byline), else ""."""
    for pos, line in enumerate(lines[:before]):
        if _DATE_LINE.match(compact(line)):
            above = lines[pos - 1].text if pos else ""
            return last_issuer(above) if _is_signing_line(above) else ""
    return ""


def compact(line: Line) -> str:
    """The line without spaces: signatures are often spread out to the right."""
    return line.text.replace(" ", "")
