"""Numbering markers of the genre: (一) 一、 1. 1、 (1) ① 一是 第一, 一要, 一方面.

All patterns run on the shadow text (see normalize.py), where full-width
brackets, digits and commas are already half-width.
"""

import re
from dataclasses import dataclass
from enum import IntEnum

CN_NUM = "[一二三四五六七八九十]{1,3}"


class Style(IntEnum):
    """Marker styles, ranked from the outermost level of a list to the innermost."""

    CN_COMMA = 1  # 一、 (usually the report's parts)
    CN_PAREN = 2  # (一)
    NUM = 3  # 1. 1、
    NUM_PAREN = 4  # (1) 1)
    CIRCLED = 5  # ①
    DI = 6  # 第一,
    SHI = 7  # 一是
    YAO = 8  # 一要
    SIDE = 9  # 一方面, 另一方面 (two sides of one argument: causes only)


# The styles that number items anywhere; SIDE only splits a list of causes.
ITEM_STYLES = tuple(style for style in Style if style != Style.SIDE)
CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Every marker starts with one of these (after normalisation): a cheap first test.
_MARKER_FIRST = frozenset("一二三四五六七八九十(0123456789第另再" + CIRCLED_DIGITS)
_SIDES = {"一": 1, "另一": 2, "再一": 3}

_PATTERNS: dict[Style, re.Pattern[str]] = {
    Style.CN_COMMA: re.compile(rf"({CN_NUM}) *[、.,](?![一二三四五六七八九十])"),
    Style.CN_PAREN: re.compile(rf"\( *({CN_NUM}) *\) *[、.,]?"),
    Style.NUM: re.compile(r"(\d{1,2}) *(?:[、,]|\.(?!\d))"),
    Style.NUM_PAREN: re.compile(r"(?:\( *(\d{1,2}) *\)|(\d{1,2})\)) *[、.,]?"),
    Style.DI: re.compile(rf"第({CN_NUM}) *[,、:;]"),
    Style.SHI: re.compile(rf"({CN_NUM})是 *[,:]?"),
    Style.YAO: re.compile(rf"({CN_NUM})要 *[,:]?(?!求|点|素|件|害|是)"),
    Style.CIRCLED: re.compile(rf"([{CIRCLED_DIGITS}]) *[、.,]?"),
    Style.SIDE: re.compile(r"(一|另一|再一)方面 *[,:]?"),
}

# What is left of a marker when its numeral is lost (the seed's "是公职律师…").
_DAMAGED: dict[Style, re.Pattern[str]] = {
    Style.SHI: re.compile(r"是(?=[\u4e00-\u9fff“\"])"),
    Style.YAO: re.compile(r"要(?=[\u4e00-\u9fff])"),
    Style.CN_PAREN: re.compile(r"\( *\)|\)(?=[\u4e00-\u9fff])"),
    Style.NUM: re.compile(r"[.、](?=[\u4e00-\u9fff])"),
    Style.CN_COMMA: re.compile(r"、(?=[\u4e00-\u9fff])"),
    Style.DI: re.compile(r"第 *[,、]"),
}


@dataclass(frozen=True)
class Marker:
    """A numbering marker found at [start, end) of the text.

    A damaged marker has `value` 0, is empty (start == end) and `remains` is
    the length of what is left of it ("是" → 1), kept in the item's text.
    """

    style: Style
    value: int
    start: int
    end: int
    remains: int = 0


def chinese_to_int(numeral: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十一 → 21, 〇/零 → 0 (up to 99)."""
    if "十" not in numeral:
        return _plain_digits(numeral)
    tens, _, ones = numeral.partition("十")
    return (_plain_digits(tens) if tens else 1) * 10 + (_plain_digits(ones) if ones else 0)


def _plain_digits(numeral: str) -> int:
    """Read positional Chinese digits: 二〇二一 → 2021."""
    value = 0
    for ch in numeral:
        digit = "〇一二三四五六七八九".find(ch)
        if digit < 0:
            digit = 0 if ch == "零" else -1
        if digit < 0:
            raise ValueError(numeral)
        value = value * 10 + digit
    return value


def _value(match: re.Match[str]) -> int:
    raw = next(group for group in match.groups() if group)
    if raw in _SIDES:
        return _SIDES[raw]
    if raw in CIRCLED_DIGITS:
        return CIRCLED_DIGITS.index(raw) + 1
    return int(raw) if raw.isdigit() else chinese_to_int(raw)


def marker_at(norm: str, pos: int, styles: tuple[Style, ...] = ITEM_STYLES) -> Marker | None:
    """The marker starting exactly at `pos`, trying the given styles in rank order."""
    if norm[pos : pos + 1] not in _MARKER_FIRST:
        return None
    for style in sorted(styles):
        match = _PATTERNS[style].match(norm, pos)
        end = _skip_spaces(norm, match.end()) if match else pos
        if match and _plausible(norm, end):
            return Marker(style, _value(match), pos, end)
    return None


def damaged_marker_at(norm: str, pos: int, style: Style) -> Marker | None:
    """A marker of `style` whose numeral is missing; its remains stay in the text."""
    pattern = _DAMAGED.get(style)
    match = pattern.match(norm, pos) if pattern else None
    return Marker(style, 0, pos, pos, match.end() - pos) if match else None


def _plausible(norm: str, end: int) -> bool:
    """A marker must be followed by words on its line, not by a line end or a digit."""
    rest = norm[end : end + 1]
    return bool(rest) and rest not in "\n" and not rest.isdigit()


def _skip_spaces(norm: str, pos: int) -> int:
    while pos < len(norm) and norm[pos] == " ":
        pos += 1
    return pos


_SENTENCE_END = re.compile(r"[。;;:!?] *")


def first_inline_marker(norm: str, start: int, end: int, style: Style, value: int) -> Marker | None:
    """The first marker of `style` numbered `value` that opens a sentence in [start, end).

    Stops at the first hit, so splitting a long paragraph stays linear.
    """
    for match in _SENTENCE_END.finditer(norm, start, end):
        marker = marker_at(norm, match.end(), (style,))
        if marker and marker.start < end and marker.value == value:
            return marker
    return None
