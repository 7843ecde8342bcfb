"""Causes written under their shortfall: "…。原因分析:…" or a "原因:" paragraph."""

import re

from .items import RawItem, rstrip_end
from .numbering import Marker, Style

# What names the causes, in a label or a lead-in: 原因, 原因分析, 产生原因,
# 问题原因, 产生上述问题的原因, 究其原因, 存在问题的主要原因 …
CAUSE_HEAD = (
    r"(?:究其|分析|剖析|深究|查找|反思|深挖|归纳|产生|问题)?"
    r"(?:[^。;:,\n]{0,12}?的)?(?:主要|根本|深层次)?原因"
)
_LABEL = re.compile(rf"{CAUSE_HEAD}(?:分析)?(?:如下|是|有|在于)?\s*:")
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
