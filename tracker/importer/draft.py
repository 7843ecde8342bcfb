"""A parse the coordinator can correct before saving.

Retitle, change an item's kind, delete, add from the source, reorder within
its part, merge, split, relink. The draft is plain JSON (stored on
ImportDraft.data). Every item keeps its `start` and `end` offsets in the
source, so every text is still an exact slice of the report. `start` also
names an item while the coordinator works: items never overlap, and a merge
or a split keeps the first part's start. `order` (the start unless the
coordinator moved the item) orders a part's items; numbers follow it.

Which links are offered follows the model's pairing rule (LINK_ENDS in
tracker.models.choices), the one Django import here.
"""

from collections.abc import Iterable
from dataclasses import asdict, astuple, dataclass
from datetime import date

from tracker.models.choices import LINK_ENDS

from . import messages
from .errors import ReportImportError
from .linkkey import LinkKey
from .links import LinkSuggestion, select_links
from .normalize import shadow
from .numbering import marker_at
from .parsed import CAUSE, KINDS, MEASURE, SHORTFALL, ParsedItem, ParsedReport
from .titles import lead_phrase

HEADER = ("title", "issuer", "year", "signed", "published")


def draft_from_parsed(parsed: ParsedReport) -> dict:
    """The parse as a draft. Item offsets are offsets in the parsed text (the
    shadow the parser matches on has the same length), so they hold for the source."""
    return {
        "title": parsed.title,
        "issuer": parsed.issuer,
        "year": parsed.year,
        "signed": _iso(parsed.signed),
        "published": _iso(parsed.published),
        "items": [asdict(item) | {"end": item.start + len(item.text)} for item in parsed.items()],
        "unplaced": list(parsed.unplaced),
        "warnings": list(parsed.warnings),
        "links": None,  # None: the suggested links; else the chosen link keys
    }


def parsed_from_draft(data: dict) -> ParsedReport:
    def day(value):
        return date.fromisoformat(value) if value else None

    report = ParsedReport(
        title=data["title"],
        issuer=data["issuer"],
        year=data["year"],
        signed=day(data["signed"]),
        published=day(data["published"]),
        unplaced=list(data["unplaced"]),
        warnings=list(data["warnings"]),
    )
    lists = {
        "measure": report.measures,
        "shortfall": report.shortfalls,
        "cause": report.causes,
        "task": report.tasks,
    }
    for kind in KINDS:
        rows = items_of(data, kind)
        # A part's items keep the places its items have in the report; moving an
        # item changes which of them comes first.
        places = sorted(row["start"] for row in rows)
        for row, place in zip(rows, places, strict=True):
            fields = {
                k: row[k]
                for k in ("kind", "number", "marker", "title", "text", "parent", "cause_of")
            }
            lists[kind].append(ParsedItem(**fields, start=place))
    return report


def _order(row: dict) -> tuple:
    return (row.get("order", row["start"]), row["start"])


def items_of(data: dict, kind: str) -> list[dict]:
    """A part's items in the order the coordinator wants (the report's, unless moved)."""
    return sorted((r for r in data["items"] if r["kind"] == kind), key=_order)


def items_by_part(data: dict) -> list[dict]:
    """Every item, part by part as the report has them, each part in source order."""
    return [row for kind in KINDS for row in items_of(data, kind)]


def item_at(data: dict, start: int) -> dict:
    """The item whose text starts at `start` in the source."""
    for row in data["items"]:
        if row["start"] == start:
            return row
    raise ReportImportError(messages.ITEM_NOT_FOUND)


def next_of(data: dict, row: dict) -> dict:
    """The item after `row` in its part: the one a merge joins it with."""
    rows = items_of(data, row["kind"])
    index = rows.index(row)
    if index + 1 >= len(rows):
        raise ReportImportError(messages.NOTHING_TO_MERGE)
    return rows[index + 1]


def neighbour(data: dict, row: dict, step: int) -> dict:
    """The item `step` places (-1 before, +1 after) from `row` in its part."""
    rows = items_of(data, row["kind"])
    index = rows.index(row) + step
    if not 0 <= index < len(rows):
        raise ReportImportError(messages.NOTHING_TO_MOVE)
    return rows[index]


def move(data: dict, start: int, step: int) -> None:
    """Swap an item with its neighbour in its part; numbers follow the new order."""
    row = item_at(data, start)
    other = neighbour(data, row, step)
    row["order"], other["order"] = _order(other)[0], _order(row)[0]
    _renumber(data, row["kind"])


def delete(data: dict, start: int) -> None:
    """Drop an item. Its text stays in the source, where it can be added again."""
    row = item_at(data, start)
    data["items"].remove(row)
    _detach(data, row)
    _renumber(data, row["kind"])


def set_kinds(data: dict, kinds: dict[int, str]) -> bool:
    """Give items (named by their start) another kind; whether any changed."""
    changed = set()
    for start, kind in kinds.items():
        row = item_at(data, start)
        if kind and kind != row["kind"]:
            _detach(data, row)
            changed |= {row["kind"], kind}
            row.update(kind=kind, parent=None, cause_of=None, number=0)
            row.pop("order", None)
    for kind in changed:
        _renumber(data, kind)
    return bool(changed)


def _detach(data: dict, row: dict) -> None:
    """What pointed at `row` as a heading or as the shortfall of a cause points nowhere."""
    for other in data["items"]:
        if row["kind"] == MEASURE and other["kind"] == MEASURE and other["parent"] == row["number"]:
            other["parent"] = None
        if (
            row["kind"] == SHORTFALL
            and other["kind"] == CAUSE
            and other["cause_of"] == row["number"]
        ):
            other["cause_of"] = None


def selection(source: str, start: int, end: int) -> tuple[int, int]:
    """A selected span of the source without the spaces around it; BAD_SELECTION if empty."""
    if not 0 <= start < end <= len(source):
        raise ReportImportError(messages.BAD_SELECTION)
    while start < end and source[start].isspace():
        start += 1
    while end > start and source[end - 1].isspace():
        end -= 1
    if start == end:
        raise ReportImportError(messages.BAD_SELECTION)
    return start, end


def add_item(data: dict, source: str, start: int, end: int, kind: str) -> dict:
    """Make the selected source span an item of `kind`.

    A numbering marker at its head becomes the item's marker. Items the span
    covers are replaced; an item it cuts keeps its part before the span, and
    its part after the span becomes an item of the same kind.
    """
    start, end = selection(source, start, end)
    marker = marker_at(shadow(source[start:end]), 0)
    text_start = start + marker.end if marker and start + marker.end < end else start
    for row in list(data["items"]):
        if row["end"] <= start or row["start"] >= end:
            continue
        data["items"].remove(row)
        if row["start"] < start:
            head_end = start
            while head_end > row["start"] and source[head_end - 1].isspace():
                head_end -= 1
            if head_end > row["start"]:
                data["items"].append(dict(row, end=head_end, text=source[row["start"] : head_end]))
        if row["end"] > end:
            tail = selection(source, end, row["end"])
            text = source[tail[0] : tail[1]]
            data["items"].append(
                dict(row, start=tail[0], end=tail[1], text=text, marker="", order=tail[0])
                | {"title": _title(text, row["kind"])}
            )
        if row["start"] >= start:
            _detach(data, row)
    text = source[text_start:end]
    new = {
        "kind": kind,
        "number": 0,
        "marker": source[start:text_start].strip(),
        "title": _title(text, kind),
        "text": text,
        "start": text_start,
        "end": end,
        "parent": None,
        "cause_of": None,
    }
    data["items"].append(new)
    data["unplaced"] = [piece for piece in data["unplaced"] if piece not in source[start:end]]
    for each in KINDS:
        _renumber(data, each)
    return new


def split_offset(row: dict, at: str) -> int:
    """Where in the item's text a split before `at` falls: after its start, never at it."""
    at = at.strip()
    offset = row["text"].find(at) if at else -1
    if offset <= 0:
        raise ReportImportError(messages.BAD_SPLIT)
    return offset


def _renumber(data: dict, kind: str) -> None:
    """Number a kind's items 1..n in source order, keeping parents and causes pointing right."""
    old_to_new = {}
    for new, row in enumerate(items_of(data, kind), start=1):
        old_to_new[row["number"]] = new
        row["number"] = new
    for row in data["items"]:
        if kind == MEASURE and row["kind"] == MEASURE and row["parent"]:
            row["parent"] = old_to_new.get(row["parent"])
        if kind == SHORTFALL and row["kind"] == CAUSE and row["cause_of"]:
            row["cause_of"] = old_to_new.get(row["cause_of"])
    data["links"] = None  # numbers moved: start again from the suggestions
    data["continuity"] = None  # … and from the proposals of last year's report


def _title(text: str, kind: str) -> str:
    return lead_phrase(shadow(text), text, first_clause=kind in (SHORTFALL, CAUSE)) or text[:30]


def merge_with_next(data: dict, source: str, start: int) -> None:
    """Join an item with the next one of its kind (they become one slice of the source)."""
    first = item_at(data, start)
    second = next_of(data, first)
    first["end"] = second["end"]
    first["text"] = source[first["start"] : first["end"]]
    data["items"].remove(second)
    if first["kind"] == MEASURE:
        for row in data["items"]:
            if row["kind"] == MEASURE and row["parent"] == second["number"]:
                row["parent"] = first["number"]
    _renumber(data, first["kind"])


def split_at(data: dict, source: str, start: int, at: str) -> None:
    """Split an item before the first occurrence of `at` (typed from the item's text)."""
    row = item_at(data, start)
    cut = row["start"] + split_offset(row, at)
    head_end = cut
    while head_end > row["start"] and source[head_end - 1].isspace():
        head_end -= 1
    second = dict(row, start=cut, end=row["end"], marker="", text=source[cut : row["end"]])
    second.pop("order", None)
    second["title"] = _title(second["text"], row["kind"])
    row["end"] = head_end
    row["text"] = source[row["start"] : head_end]
    data["items"].append(second)
    _renumber(data, row["kind"])


def set_header(
    data: dict,
    *,
    title: str,
    issuer: str,
    year: int | None,
    signed: date | None,
    published: date | None,
) -> None:
    data.update(title=title, issuer=issuer, year=year)
    data.update(signed=_iso(signed), published=_iso(published))


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def set_titles(data: dict, titles: dict[int, str]) -> None:
    """Retitle items, each named by its start."""
    for start, title in titles.items():
        item_at(data, start)["title"] = title


@dataclass(frozen=True)
class LinkOffer:
    """A link the preview offers: its key and the draft items at its two ends."""

    key: LinkKey
    source: dict
    target: dict


def link_offers(data: dict) -> list[LinkOffer]:
    """Every link the pairing rule allows between the draft's items, source by source."""
    offers = []
    for kind, (source_kinds, target_kinds) in LINK_ENDS.items():
        targets = [row for target_kind in target_kinds for row in items_of(data, target_kind)]
        for source_kind in source_kinds:
            for source in items_of(data, source_kind):
                offers += [LinkOffer(LinkKey.between(kind, source, t), source, t) for t in targets]
    return offers


def set_links(data: dict, keys: Iterable[LinkKey]) -> None:
    """The coordinator's choice of links, replacing the suggestions."""
    data["links"] = [key.encode() for key in keys]


def chosen_links(data: dict, suggestions: list[LinkSuggestion]) -> list[LinkSuggestion]:
    """The links to save: the coordinator's choice, or the selected suggestions."""
    if data.get("links") is None:
        return select_links(suggestions)
    by_key = {LinkKey.of(s): s for s in suggestions}
    allowed = {offer.key for offer in link_offers(data)}
    chosen = []
    for text in data["links"]:
        try:
            key = LinkKey.decode(text)
        except ValueError:
            continue
        if key in allowed:
            chosen.append(by_key.get(key) or LinkSuggestion(*astuple(key), 1.0, "手工关联"))
    return chosen
