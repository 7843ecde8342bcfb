"""The report's text cut into the spans the preview highlights: each item's, and the rest."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Segment:
    """[start, end) of the source; `row` is the draft item whose text it is, if any."""

    start: int
    end: int
    text: str
    row: dict | None = None


def source_segments(source: str, rows: list[dict]) -> list[Segment]:
    """The whole source in order, items' spans apart (items never overlap)."""
    segments: list[Segment] = []
    pos = 0
    for row in sorted(rows, key=lambda r: r["start"]):
        start, end = max(row["start"], pos), row["end"]
        if start >= end:
            continue
        if start > pos:
            segments.append(Segment(pos, start, source[pos:start]))
        segments.append(Segment(start, end, source[start:end], row))
        pos = end
    if pos < len(source):
        segments.append(Segment(pos, len(source), source[pos:]))
    return segments
