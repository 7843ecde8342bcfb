"""Split one part of the report into its numbered items.

The outermost numbering style that opens a paragraph makes the items of the
part; for measures, the next style down makes sub-items ((一) → 1. 2. 3.).
Styles further down (the seed's 一是/二是 inside "1.政府职能依法全面履行。")
stay inside their item. Items written inline in one paragraph ("一是…。二是…;
三是…") are split at markers that continue the count, so an enumeration
inside an item never splits it. A marker whose numeral was lost ("是公职律师…")
is recognised only where the count has a gap.
"""

import re
from dataclasses import dataclass, field

from . import messages
from .messages import say
from .normalize import Line
from .numbering import (
    ITEM_STYLES,
    Marker,
    Style,
    damaged_marker_at,
    first_inline_marker,
    marker_at,
)

# A wrap-up paragraph after the last item ("新的一年,我县将…", "2023年,我局
# 将继续…"): the report's voice looking ahead, not the body of an item.
_WE = r"(?:我们|我区|我市|我县|我省|我镇|我局|我厅|我委|我办|全区|全市|全县)"
_CLOSING = re.compile(
    rf"^(?:我们将|今后,?{_WE}|下一步,?{_WE}|新的一年(?:里|中)?,?{_WE}|20\d\d年,?{_WE}将|"
    r"站在新的起点|总之|综上)"
)


@dataclass
class RawItem:
    """An item's extent in the shadow text, before numbering and titles."""

    marker: Marker | None
    start: int
    end: int
    level: int = 0


@dataclass
class SplitResult:
    items: list[RawItem] = field(default_factory=list)
    unplaced: list[tuple[int, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def rstrip_end(norm: str, start: int, end: int) -> int:
    """Move `end` left past trailing spaces and line breaks."""
    while end > start and norm[end - 1] in " \n":
        end -= 1
    return end


def _choose_top(markers: list[Marker | None]) -> Style | None:
    """The style of the part's first "1" marker (or of its first marker at all)."""
    present = [m for m in markers if m is not None]
    for marker in present:
        if marker.value == 1:
            return marker.style
    return present[0].style if present else None


def _choose_sub(markers: list[Marker | None], top: Style) -> Style | None:
    """For measures: the first style numbered from 1 below a heading of `top`."""
    seen_top = False
    for marker in markers:
        if marker is None:
            continue
        if marker.style == top:
            seen_top = True
        elif seen_top and marker.style > top and marker.value == 1:
            return marker.style
    return None


def _first_inline_style(norm: str, lines: list[Line], styles: tuple[Style, ...]) -> Style | None:
    """For a part with no numbered paragraph: a style counted from 1 inside a line."""
    for line in lines:
        for style in styles:
            if first_inline_marker(norm, line.start, line.end, style, 1) is not None:
                return style
    return None


class _Splitter:
    """Walks the lines of one part, opening and extending items as it goes."""

    def __init__(self, norm: str, lines: list[Line], top: Style, sub: Style | None, markers: list):
        self.norm, self.lines, self.top, self.sub = norm, lines, top, sub
        self.markers = markers
        self.result = SplitResult()
        self.current: RawItem | None = None
        self.expected = {top: 1, sub: 1} if sub is not None else {top: 1}
        self.has_heading = False

    def run(self) -> SplitResult:
        for pos, line in enumerate(self.lines):
            self._take_line(pos, line)
        return self.result

    def _take_line(self, pos: int, line: Line) -> None:
        marker = self.markers[pos]
        if marker is not None and marker.style in self.expected and self._may_open(marker):
            self._open(marker)
        elif (damaged := self._damaged(pos, line)) is not None:
            self._open(damaged)
        elif self.current is None:
            if self._next_inline(line.start, line.end) is None:
                self._stray(line.start, line.end, line.text)
        elif marker is None and _CLOSING.match(line.text) and self._is_last_run(pos):
            self.current = None
            self._stray(line.start, line.end, line.text)
            return
        else:
            self.current.end = line.end
        self._split_inline(line)

    def _is_last_run(self, pos: int) -> bool:
        """No item opens after line `pos`: a wrap-up comes after the last item.

        So "2023年,我县将…" opening the body of a task that is followed by
        more tasks stays in that task.
        """
        later = self.markers[pos + 1 :]
        return not any(m is not None and m.style == self.top for m in later)

    def _may_open(self, marker: Marker) -> bool:
        """Sub-items only exist under a heading."""
        return marker.style == self.top or self.has_heading

    def _open(self, marker: Marker) -> None:
        level = 0 if marker.style == self.top else 1
        if level == 0:
            self.has_heading = True
            if self.sub is not None:
                self.expected[self.sub] = 1
        expected = self.expected[marker.style]
        if marker.value and marker.value != expected:
            printed = self.norm[marker.start : marker.end].strip()
            self.result.warnings.append(say(messages.NUMBER_GAP, expected=expected, marker=printed))
        self.expected[marker.style] = (marker.value or expected) + 1
        end = self._line_end(marker.start)
        self.current = RawItem(marker, marker.end, end, level)
        self.result.items.append(self.current)

    def _line_end(self, pos: int) -> int:
        end = self.norm.find("\n", pos)
        return rstrip_end(self.norm, pos, len(self.norm) if end < 0 else end)

    def _damaged(self, pos: int, line: Line) -> Marker | None:
        """A numeral lost from a marker, accepted only where the count skips one."""
        if self.markers[pos] is not None and self.markers[pos].style == self.top:
            return None
        damaged = damaged_marker_at(self.norm, line.start, self.top)
        if damaged is None or self.current is None:
            return None
        later = [m for m in self.markers[pos + 1 :] if m is not None and m.style == self.top]
        if later and later[0].value > self.expected[self.top]:
            self.result.warnings.append(
                say(messages.DAMAGED_MARKER, n=self.expected[self.top], start=line.text[:12])
            )
            return damaged
        return None

    def _stray(self, start: int, end: int, text: str) -> None:
        """Text outside any item: a lead-in ending with a colon, or unplaced."""
        if text.rstrip().endswith(":"):
            return
        self.result.unplaced.append((start, end))

    def _split_inline(self, line: Line) -> None:
        """Open items at markers inside the line that continue the count."""
        pos = line.start
        while True:
            marker = self._next_inline(pos, line.end)
            if marker is None:
                return
            if self.current is None:
                self._stray(line.start, marker.start, self.norm[line.start : marker.start])
            else:
                self.current.end = rstrip_end(self.norm, self.current.start, marker.start)
            self._open(marker)
            self.current.end = line.end
            pos = marker.end

    def _next_inline(self, start: int, end: int) -> Marker | None:
        """The earliest marker in [start, end) that continues one of the counts."""
        found: list[Marker] = []
        for style, expected in self.expected.items():
            if style == self.sub and not self.has_heading:
                continue
            marker = first_inline_marker(self.norm, start, end, style, expected)
            if marker is not None:
                found.append(marker)
                end = marker.start  # a later style need not look further
        return min(found, key=lambda m: m.start) if found else None


def _paragraph_items(lines: list[Line]) -> SplitResult:
    """No numbering at all: each paragraph is an item (the caller warns)."""
    result = SplitResult()
    for line in lines:
        if line.text.endswith(":") and not result.items:
            continue
        result.items.append(RawItem(None, line.start, line.end))
    return result


def split_items(
    norm: str, lines: list[Line], *, nested: bool, styles: tuple[Style, ...] = ITEM_STYLES
) -> SplitResult:
    """Split a part's lines into items; `nested` allows sub-items (measures only).

    `styles` are the numbering styles that may make items (causes also split
    at 一方面/另一方面).
    """
    markers = [marker_at(norm, line.start, styles) for line in lines]
    top = _choose_top(markers)
    if top is None:
        top = _first_inline_style(norm, lines, styles)
    if top is None:
        result = _paragraph_items(lines)
        if result.items:
            result.warnings.append(messages.NO_NUMBERING)
        return result
    sub = _choose_sub(markers, top) if nested else None
    return _Splitter(norm, lines, top, sub, markers).run()
