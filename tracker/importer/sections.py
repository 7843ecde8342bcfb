"""Cut the report body into its parts: measures, shortfalls, causes, tasks and others.

A part starts at a heading. Numbered headings ("一、…", "第二部分 …") are read
loosely by keywords; unnumbered or bracketed short lines ("存在的问题",
"(二)原因分析", "产生问题的原因:") only when they are plainly headings, so
that an item's lead phrase never opens a part by accident.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .normalize import Line
from .numbering import ITEM_STYLES, Style, chinese_to_int, first_inline_marker, marker_at
from .parsed import CAUSE, MEASURE, SHORTFALL, TASK
from .shortfall_causes import CAUSE_HEAD

INTRO, LEADER, OTHER, UNKNOWN = "intro", "leader", "other", "unknown"

_OTHER = re.compile(r"其他需要报告|其他事项|其他情况|其他需要说明|需要报告的其他")
_LEADER = re.compile(r"第一责任人|主要负责人履行|主要负责同志履行|主要负责人.{0,6}职责")
_CAUSE = re.compile(r"原因")
_SHORTFALL_AND_CAUSE = re.compile(
    r"(不足|问题|短板|差距|困难)(之处)?\s*[和与及、]\s*(其)?(产生的?)?原因"
)
# A part of next year's tasks named as such: "下一步工作打算", "2023年工作安排".
_TASK_HEADING = re.compile(
    r"(?:下一年度|下一步|下步|今后|明年|来年|下阶段|20\d\d年度?).{0,8}"
    r"(?:打算|安排|计划|思路|措施|举措|方向|重点|要点)|整改措施|改进措施|努力方向|整改方向|改进方向"
)
_TASK_FIRST = re.compile(r"整改措施|整改方向|改进措施|改进方向|努力方向")
_SHORTFALL = re.compile(r"不足|存在.{0,4}问题|问题(和|与|及)|短板|差距|薄弱环节")
_TASK = re.compile(r"下一年度|下一步|下步|明年|今后|下阶段|来年|安排|打算|计划|思路|要点|工作重点")
_NOT_TASK = re.compile(r"上一年度|成效|情况|取得")
_MEASURE = re.compile(r"举措|成效|做法|成绩|主要工作|进展|情况|回顾|工作开展")
_MEASURE_STRICT = re.compile(r"举措|成效|做法|主要工作")
_STRICT_SHORTFALL = re.compile(
    r"(存在|面临|主要)的?.{0,4}(问题|不足|短板)|不足之处|问题(和|与|及)不足|不足(和|与|及)"
)
_NUMBERED_PART = re.compile(
    r"^(?:第([一二三四五六七八九十]{1,3})部分\s*[、.,:]?|([一二三四五六七八九十]{1,3})\s*[、.,])\s*"
)
# How a list of causes is announced: "原因分析", "产生上述问题的原因主要是",
# "究其原因,主要有以下几点", "造成这些问题的原因是多方面的,主要有": a head
# naming the causes, then a short tail before the colon.
_CAUSE_LABEL_LINE = re.compile(
    rf"^(?:{CAUSE_HEAD}(?:分析)?(?:如下|主要有|主要是)?\s*:?|{CAUSE_HEAD}[^。;:]{{0,20}}:)$"
)

# "究其原因,主要有以下几点:一是…", "产生上述问题的原因主要是:…", "究其原因,…":
# a label opening a paragraph of causes (a colon, else the first comma, ends it).
_CAUSE_LEAD = re.compile(rf"^{CAUSE_HEAD}(?:[^。;:]{{0,20}}:|,)\s*")
# A label that names one shortfall's cause ("原因:", "产生原因:"), not all of them.
_OWN_CAUSE_LABEL = re.compile(r"^(?:产生|问题|主要)?原因(?:分析)?\s*[:,]\s*$")


@dataclass
class Section:
    """A part of the report: its kind, its heading as printed, and its lines."""

    kind: str
    heading: str
    lines: list[Line] = field(default_factory=list)
    heading_line: Line | None = None
    # A label in front of causes written as prose on its line ("究其原因,主要是…"):
    # [start, end) in the text; such a cause takes the label as its marker.
    label: tuple[int, int] | None = None


def classify(text: str, *, strict: bool) -> str | None:
    """The kind of part a heading announces, or None if it announces none."""
    if _OTHER.search(text):
        return OTHER
    if _LEADER.search(text):
        return LEADER
    if _CAUSE.search(text) and not _SHORTFALL_AND_CAUSE.search(text):
        return CAUSE
    if _TASK_FIRST.search(text):
        return TASK
    shortfall = _STRICT_SHORTFALL if strict else _SHORTFALL
    if shortfall.search(text):
        return SHORTFALL
    if _TASK.search(text) and not _NOT_TASK.search(text):
        return TASK
    measure = _MEASURE_STRICT if strict else _MEASURE
    if measure.search(text):
        return MEASURE
    return None


def _numbered_heading(text: str) -> tuple[int, str] | None:
    """The number and words of a "一、…" or "第一部分…" line, None if not numbered so."""
    match = _NUMBERED_PART.match(text)
    if not match:
        return None
    return chinese_to_int(match.group(1) or match.group(2)), text[match.end() :]


def _is_plain_heading(words: str) -> bool:
    """Short, no sentence inside: how an unnumbered heading looks."""
    core = words.rstrip(":。")
    return 2 <= len(core) <= 26 and not re.search(r"[,。;,]", core)


class _Following(Sequence[Line]):
    """The lines after a position, without copying them (reports can be long)."""

    def __init__(self, lines: list[Line], start: int):
        self.lines, self.start = lines, start

    def __len__(self) -> int:
        return len(self.lines) - self.start

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            raise TypeError("slicing is not supported")
        if not 0 <= index < len(self):
            raise IndexError(index)
        return self.lines[self.start + index]


def heading_kind(
    norm: str,
    line: Line,
    following: Sequence[Line],
    current: str,
    part_number: int,
    *,
    bracket_parts: bool = False,
) -> str | None:
    """The kind of part `line` opens, or None when it is an ordinary line.

    `part_number` is the number of the last numbered part heading (0 before
    the first): a numbered heading must continue that count, so an item
    numbered "一、" inside a part does not pass for a new part.
    `bracket_parts` says the report numbers its parts "(一)(二)(三)".
    """
    text = line.text
    if _CAUSE_LABEL_LINE.match(text):
        return _cause_label_kind(norm, following, current)
    numbered = _numbered_heading(text)
    if numbered is not None:
        value, words = numbered
        if part_number and value != part_number + 1:
            return None
        if len(words) <= 60 and "。" not in words.rstrip("。"):
            kind = classify(words, strict=False)
            if kind is None and current == INTRO:
                return UNKNOWN
            return kind
        return None
    marker = marker_at(norm, line.start, (Style.CN_PAREN,))
    if marker is not None:
        return _bracketed_heading_kind(norm[marker.end : line.end], current, bracket_parts)
    if marker_at(norm, line.start) is None and _is_plain_heading(text):
        return classify(text, strict=True)
    return None


def _bracketed_heading_kind(words: str, current: str, bracket_parts: bool) -> str | None:
    """What a "(二)…" line opens: a part where parts are so numbered, else a split.

    "(二)原因分析" splits a 不足和原因 part; "(二)下一步工作打算" splits a
    存在的问题及下一步打算 part. Anywhere else a bracketed line is an item,
    and a task heading must name the coming year's plans, so that a shortfall
    such as "(三)年度工作计划落实不到位" is not taken for one.
    """
    if not (bracket_parts or current in (SHORTFALL, CAUSE)) or not _is_plain_heading(words):
        return None
    kind = classify(words, strict=True)
    if kind == TASK:
        return TASK if _TASK_HEADING.search(words) else None
    return kind if bracket_parts or kind in (SHORTFALL, CAUSE) else None


def _parts_are_bracketed(norm: str, lines: list[Line]) -> bool:
    """No "一、…" part headings, but "(一)主要举措…(二)存在的不足…" ones.

    Short reports (a bureau's, a township's) number their parts like items;
    the bracketed headings must name a shortfall part and one other part.
    """
    kinds = set()
    for line in lines:
        numbered = _numbered_heading(line.text)
        if numbered is not None and classify(numbered[1], strict=False) is not None:
            return False
        marker = marker_at(norm, line.start, (Style.CN_PAREN,))
        words = norm[marker.end : line.end] if marker else ""
        if marker and _is_plain_heading(words):
            kinds.add(classify(words, strict=True))
    return SHORTFALL in kinds and bool(kinds & {MEASURE, TASK})


def _cause_label_kind(norm: str, following: Sequence[Line], current: str) -> str | None:
    """What a "原因分析:" line alone opens.

    A numbered list right after it is a list of causes. Inside a shortfall
    part, when more numbered shortfalls follow, the label introduces the
    current shortfall's own cause (the "一是…/原因分析:/…/二是…" style) and
    stays inside that shortfall. Otherwise it opens a part of causes.
    """
    if following and marker_at(norm, following[0].start) is not None:
        return CAUSE
    if current == SHORTFALL:
        for line in following:
            if _NUMBERED_PART.match(line.text):
                break
            if marker_at(norm, line.start) is not None:
                return None
    return CAUSE


def split_sections(norm: str, lines: list[Line]) -> list[Section]:
    """Group body lines under the part headings that precede them."""
    sections = [Section(INTRO, "")]
    part_number = 0
    bracket_parts = _parts_are_bracketed(norm, lines)
    for pos, line in enumerate(lines):
        following = _Following(lines, pos + 1)
        previous = lines[pos - 1] if pos else None
        rest = _causes_after_label(norm, line, following, sections[-1].kind, previous)
        if rest is not None:
            label = (line.start, rest.start)
            sections.append(
                Section(CAUSE, line.text[: rest.start - line.start], [rest], label=label)
            )
            continue
        lead = _CAUSE_LEAD.match(line.text)
        if lead and lead.end() < len(line.text):  # "原因:…" with its cause: not a heading
            sections[-1].lines.append(line)
            continue
        kind = heading_kind(
            norm, line, following, sections[-1].kind, part_number, bracket_parts=bracket_parts
        )
        if kind is None:
            sections[-1].lines.append(line)
            continue
        numbered = _numbered_heading(line.text)
        if numbered is not None:
            part_number = numbered[0]
        sections.append(Section(kind, line.text, heading_line=line))
    return sections


def _names_a_part(norm: str, line: Line) -> bool:
    """A bracketed line that reads as a part's heading ("(三)下一步工作打算")."""
    marker = marker_at(norm, line.start, (Style.CN_PAREN,))
    words = norm[marker.end : line.end] if marker else ""
    return bool(marker) and _is_plain_heading(words) and classify(words, strict=True) is not None


def _lists_items(norm: str, line: Line) -> bool:
    """Whether a second item of some numbering opens a sentence inside the line."""
    return any(first_inline_marker(norm, line.start, line.end, style, 2) for style in ITEM_STYLES)


def _causes_after_label(
    norm: str, line: Line, following: Sequence[Line], current: str, previous: Line | None
) -> Line | None:
    """The rest of a paragraph that opens with a label naming the causes, as a line.

    "产生上述问题的原因主要是:一方面,…;另一方面,…", "究其原因,主要有以下
    几点:一是…" and "究其原因,主要是…" in a paragraph of their own give the
    causes of the shortfalls before them. Inside a shortfall part a label
    that names one shortfall's cause ("原因:…"), or any label with more
    numbered shortfalls after it, is that shortfall's own cause and stays in it
    (shortfall_causes.py cuts it off); but after a paragraph that lists several
    shortfalls ("一是…;二是…;三是…。") even "原因:" gives the causes of them all.
    """
    match = _CAUSE_LEAD.match(line.text)
    if not match or match.end() == len(line.text):
        return None
    start = line.start + match.end()
    listed = marker_at(norm, start, (*ITEM_STYLES, Style.SIDE)) is not None
    if not listed and current not in (SHORTFALL, CAUSE):
        return None
    if current == SHORTFALL and not listed:
        own = _OWN_CAUSE_LABEL.match(line.text[: match.end()])
        if own and not (previous and _lists_items(norm, previous)):
            return None
        for later in following:
            if _NUMBERED_PART.match(later.text) or _names_a_part(norm, later):
                break
            if marker_at(norm, later.start) is not None:
                return None
    return Line(line.index, start, line.end, line.text[match.end() :])
