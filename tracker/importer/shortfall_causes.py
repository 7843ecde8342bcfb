"""Causes written under their shortfall: "…。原因分析:…" or a "原因:" paragraph."""

import re

from .items import RawItem, rstrip_end
from .numbering import Marker, Style

_LABEL = re.compile(
    r"(?:产生(?:问题|以上问题|上述问题|这些问题)?的|问题产生的|存在问题的)?(?:主要)?原因(?:分析)?\s*:"
)
_BEFORE_LABEL = "。;!?\n"


def split_inline_cause(norm: str, shortfall: RawItem) -> RawItem | None:
    """Cut the cause off the end of a shortfall; shorten the shortfall to match.

    The label must open a sentence or a paragraph, so "…的原因:" inside a
    sentence is left alone. The label as printed becomes the cause's marker.
    """
    for match in _LABEL.finditer(norm, shortfall.start, shortfall.end):
        before = rstrip_end(norm, shortfall.start, match.start())
        opens_paragraph = "\n" in norm[before : match.start()]
        if before > shortfall.start and (norm[before - 1] in _BEFORE_LABEL or opens_paragraph):
            break
    else:
        return None
    start = match.end()
    while start < shortfall.end and norm[start] in " \n":
        start += 1
    if start >= shortfall.end:
        return None
    label = Marker(Style.SHI, 0, match.start(), match.end())
    cause = RawItem(label, start, shortfall.end)
    shortfall.end = before
    return cause
