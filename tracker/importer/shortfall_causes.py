"""Causes written under their shortfall: "…。原因分析:…", a "原因:" paragraph, or prose.

A label ("原因:", "究其原因,") opens the cause and is printed where a number
would be, so it becomes the cause's marker. A sentence that gives the reason
without a label ("这主要是由于…", "其原因在于…") opens the cause itself.
"""

import re

from .items import RawItem, rstrip_end
from .numbering import Marker, Style

# What names the causes, in a label or a lead-in: 原因, 原因分析, 产生原因,
# 问题原因, 产生上述问题的原因, 究其原因, 存在问题的主要原因 …
CAUSE_HEAD = (
    r"(?:究其|分析|剖析|深究|查找|反思|深挖|归纳|产生|问题)?"
    r"(?:[^。;:,\n]{0,12}?的)?(?:主要|根本|深层次)?原因"
)
_LABEL = re.compile(rf"{CAUSE_HEAD}(?:分析)?(?:主要)?(?:如下|是|有|在于)?\s*[:,]")
# A sentence that states the reason: "这主要是由于…", "其原因在于…", "原因主要是…".
_REASON = re.compile(
    r"(?:这|此|其)(?:主要|也)?(?:是)?(?:由于|因为)|(?:其|主要|根本)?原因(?:主要)?(?:是|在于)(?![:,])"
)
_BEFORE_LABEL = "。;!?\n"


def split_inline_cause(norm: str, shortfall: RawItem) -> RawItem | None:
    """Cut the cause off the end of a shortfall; shorten the shortfall to match.

    The label must open a sentence or a paragraph, so "…的原因:" inside a
    sentence is left alone. The label as printed becomes the cause's marker.
    """
    found = _sentence_opening(norm, shortfall, _LABEL) or _sentence_opening(
        norm, shortfall, _REASON
    )
    if found is None:
        return None
    match, before, labelled = found
    start = match.end() if labelled else match.start()
    while start < shortfall.end and norm[start] in " \n":
        start += 1
    if start >= shortfall.end:
        return None
    label = Marker(Style.SHI, 0, match.start(), match.end()) if labelled else None
    cause = RawItem(label, start, shortfall.end)
    shortfall.end = before
    return cause


def _sentence_opening(norm: str, shortfall: RawItem, pattern: re.Pattern[str]):
    """The first match of `pattern` opening a sentence after the shortfall's own start."""
    for match in pattern.finditer(norm, shortfall.start, shortfall.end):
        before = rstrip_end(norm, shortfall.start, match.start())
        opens_paragraph = "\n" in norm[before : match.start()]
        if before > shortfall.start and (norm[before - 1] in _BEFORE_LABEL or opens_paragraph):
            return match, before, pattern is _LABEL
    return None
