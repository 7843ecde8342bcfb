"""A parse the coordinator can correct before saving: rename, merge, split, relink.

The draft is plain JSON (stored on ImportDraft.data). Every item keeps its
`start` and `end` offsets in the source, so merged and split texts are still
exact slices of the report.
"""

from dataclasses import asdict
from datetime import date

from . import messages
from .errors import ReportImportError
from .links import LinkSuggestion, select_links, suggest_links
from .normalize import shadow
from .parsed import CAUSE, MEASURE, SHORTFALL, ParsedItem, ParsedReport
from .titles import lead_phrase

HEADER = ("title", "issuer", "year", "signed", "published")


def draft_from_parsed(parsed: ParsedReport, source: str) -> dict:
    items = []
    for item in parsed.items():
        row = asdict(item)
        row["end"] = item.start + len(item.text)
        if source[row["start"] : row["end"]] != item.text:  # locate it if offsets were shadow-based
            at = source.find(item.text)
            row["start"], row["end"] = at, at + len(item.text)
        items.append(row)
    return {
        "title": parsed.title,
        "issuer": parsed.issuer,
        "year": parsed.year,
        "signed": parsed.signed.isoformat() if parsed.signed else None,
        "published": parsed.published.isoformat() if parsed.published else None,
        "items": items,
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
    for row in sorted(data["items"], key=lambda r: r["start"]):
        fields = {
            k: row[k]
            for k in ("kind", "number", "marker", "title", "text", "start", "parent", "cause_of")
        }
        lists[row["kind"]].append(ParsedItem(**fields))
    return report


def items_of(data: dict, kind: str) -> list[dict]:
    return sorted((r for r in data["items"] if r["kind"] == kind), key=lambda r: r["start"])


def _find(data: dict, kind: str, number: int) -> dict:
    for row in data["items"]:
        if row["kind"] == kind and row["number"] == number:
            return row
    raise ReportImportError(messages.ITEM_NOT_FOUND)


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


def _title(text: str, kind: str) -> str:
    return lead_phrase(shadow(text), text, first_clause=kind in (SHORTFALL, CAUSE)) or text[:30]


def rename(data: dict, kind: str, number: int, title: str) -> None:
    title = " ".join(title.split())[:200]
    if not title:
        raise ReportImportError(messages.EMPTY_TITLE)
    _find(data, kind, number)["title"] = title


def merge_with_next(data: dict, source: str, kind: str, number: int) -> None:
    """Join an item with the next one of its kind (they become one slice of the source)."""
    rows = items_of(data, kind)
    first = _find(data, kind, number)
    index = rows.index(first)
    if index + 1 >= len(rows):
        raise ReportImportError(messages.NOTHING_TO_MERGE)
    second = rows[index + 1]
    first["end"] = second["end"]
    first["text"] = source[first["start"] : first["end"]]
    data["items"].remove(second)
    if kind == MEASURE:
        for row in data["items"]:
            if row["kind"] == MEASURE and row["parent"] == second["number"]:
                row["parent"] = first["number"]
    _renumber(data, kind)


def split_at(data: dict, source: str, kind: str, number: int, at: str) -> None:
    """Split an item before the first occurrence of `at` (typed from the item's text)."""
    row = _find(data, kind, number)
    at = at.strip()
    offset = row["text"].find(at) if at else -1
    if offset <= 0:
        raise ReportImportError(messages.BAD_SPLIT)
    cut = row["start"] + offset
    head_end = cut
    while head_end > row["start"] and source[head_end - 1].isspace():
        head_end -= 1
    second = dict(row, start=cut, end=row["end"], marker="", text=source[cut : row["end"]])
    second["title"] = _title(second["text"], kind)
    row["end"] = head_end
    row["text"] = source[row["start"] : head_end]
    data["items"].append(second)
    _renumber(data, kind)


def set_header(data: dict, **fields) -> None:
    for key, value in fields.items():
        if key in HEADER:
            data[key] = value


def link_key(link: LinkSuggestion) -> str:
    return f"{link.kind}:{link.source_kind}:{link.source_number}:{link.target_kind}:{link.target_number}"


def allowed_link_keys(data: dict) -> set[str]:
    """Every link the preview offers: cause → shortfall, task → shortfall or cause."""
    shortfalls, causes = items_of(data, SHORTFALL), items_of(data, CAUSE)
    keys = {
        f"explains:cause:{c['number']}:shortfall:{s['number']}" for c in causes for s in shortfalls
    }
    for task in items_of(data, "task"):
        for target in shortfalls + causes:
            keys.add(f"addresses:task:{task['number']}:{target['kind']}:{target['number']}")
    return keys


def chosen_links(data: dict, parsed: ParsedReport) -> list[LinkSuggestion]:
    """The links to save: the coordinator's choice, or the selected suggestions."""
    suggestions = suggest_links(parsed)
    if data.get("links") is None:
        return select_links(suggestions)
    by_key = {link_key(s): s for s in suggestions}
    allowed = allowed_link_keys(data)
    chosen = []
    for key in data["links"]:
        if key not in allowed:
            continue
        if key in by_key:
            chosen.append(by_key[key])
            continue
        kind, source_kind, source_number, target_kind, target_number = key.split(":")
        chosen.append(
            LinkSuggestion(
                kind,
                source_kind,
                int(source_number),
                target_kind,
                int(target_number),
                1.0,
                "手工关联",
            )
        )
    return chosen
