"""A report and the one before it: finding it, proposing pairs, and reading the chains.

Writing the links is `services/lineage.py` (`report_continue`, inside the
import's transaction); the pairing itself is plain Python in
`importer/continuity.py`. Who may see a link is `permissions.visible_lineage`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from .importer.continuity import Proposal, propose
from .models import (
    FATE_KINDS,
    TRACKED_KINDS,
    ItemLineage,
    Kind,
    LineageKind,
    Report,
    Status,
    label_for,
)
from .summaries.asof import AsOf, item_records


def previous_report(
    *, issuer: str, year: int | None, jurisdiction=None, reports=None
) -> Report | None:
    """Last year's report of the same issuer, else the only one of the jurisdiction.

    `reports` narrows the search (the reports the importer may see). A
    jurisdiction with several of last year's reports (the government's and a
    department's) and none by this issuer gets None: guessing would pair
    shortfalls across issuers.
    """
    if not year:
        return None
    # A report already followed by another (Report.previous is one-to-one) is taken.
    candidates = (reports if reports is not None else Report.objects.all()).filter(
        year=year - 1, following__isnull=True
    )
    if jurisdiction is not None:
        candidates = candidates.filter(jurisdiction=jurisdiction)
    found = list(candidates.order_by("pk")[:20])
    same = [report for report in found if issuer and report.issuer == issuer]
    if same:
        return same[0]
    return found[0] if jurisdiction is not None and len(found) == 1 else None


@dataclass
class SavedReport:
    """A saved report's items grouped as a ParsedReport groups them (for `propose`)."""

    measures: list = field(default_factory=list)
    shortfalls: list = field(default_factory=list)
    causes: list = field(default_factory=list)
    tasks: list = field(default_factory=list)

    @classmethod
    def of(cls, report: Report) -> "SavedReport":
        grouped = cls()
        groups = {
            Kind.MEASURE: grouped.measures,
            Kind.SHORTFALL: grouped.shortfalls,
            Kind.CAUSE: grouped.causes,
            Kind.TASK: grouped.tasks,
        }
        items = report.items.filter(parent__isnull=True).only(
            "pk", "kind", "number", "title", "text", "status", "sequence", "closure_reason"
        )
        for item in items.order_by("sequence"):
            groups[item.kind].append(item)
        return grouped

    def numbered(self, kind: str) -> dict[int, object]:
        group = self.shortfalls if kind == Kind.SHORTFALL else self.tasks
        return {item.number: item for item in group}


# What the pairing's two lists are called in the JSON and which kind each holds.
PAIRING_KEYS = {"repeats": Kind.SHORTFALL, "continues": Kind.TASK}
KEY_KIND = {"repeats": LineageKind.REPEAT, "continues": LineageKind.CONTINUATION}


def proposals(parsed, previous: Report) -> tuple[SavedReport, dict[str, list[Proposal]]]:
    """Last year's items and the confident pairs of this year's with them."""
    saved = SavedReport.of(previous)
    return saved, propose(parsed, saved)


def unfinished(saved: SavedReport) -> list:
    """Last year's tracked items not closed: each needs a decision (结转 or 转入下一年度)."""
    return [
        item
        for item in sorted(saved.shortfalls + saved.tasks, key=lambda i: i.sequence)
        if item.status != Status.CLOSED
    ]


def continuity_json(parsed, previous: Report | None) -> dict:
    """The `continuity` block of `import_report --dry-run --format json`."""
    if previous is None:
        return {"repeats": [], "continues": [], "unfinished": []}
    saved, found = proposals(parsed, previous)
    names = {"repeats": ("shortfall", "previous_shortfall"), "continues": ("task", "previous_task")}
    result = {
        key: [
            {
                names[key][0]: p.new,
                names[key][1]: p.old,
                "score": p.score,
                "shared": list(p.shared),
            }
            for p in pairs
        ]
        for key, pairs in found.items()
    }
    result["unfinished"] = [
        {
            "kind": item.kind,
            "number": item.number,
            "label": item.label,
            "title": item.title,
            "status": item.status,
        }
        for item in unfinished(saved)
    ]
    return result


@dataclass(frozen=True)
class Step:
    """One item in a chain across years, and how it follows the one before."""

    item: object
    year: int
    link: ItemLineage | None = None  # the link from the previous step


def chain(item, lineage) -> list[list[Step]]:
    """The item's chain across years, one list per year (oldest first).

    `lineage` is the links the reader may see in the item's jurisdiction
    (`permissions.visible_lineage`), fetched in one query; the chain is the
    part of that graph connected to the item; [] when the reader sees no link.
    """
    rows = list(
        lineage.filter(predecessor__report__jurisdiction_id=item.report.jurisdiction_id)
        .select_related("predecessor__report", "successor__report", "decided_by")
        .order_by("predecessor__report__year", "successor__sequence", "kind")
    )
    neighbours = defaultdict(list)
    for row in rows:
        neighbours[row.predecessor_id].append(row)
        neighbours[row.successor_id].append(row)
    seen, items, into = {item.pk}, {item.pk: item}, {}
    todo = [item.pk]
    while todo:
        current = todo.pop()
        for row in neighbours[current]:
            for end in (row.predecessor, row.successor):
                if end.pk not in seen:
                    seen.add(end.pk)
                    items[end.pk] = end
                    todo.append(end.pk)
            into.setdefault(row.successor_id, row)
    if len(items) == 1:
        return []
    by_year = defaultdict(list)
    for pk, each in items.items():
        by_year[each.report.year].append(Step(each, each.report.year, into.get(pk)))
    return [
        sorted(steps, key=lambda s: s.item.sequence)
        for _year, steps in sorted(by_year.items())
        if steps
    ]


@dataclass(frozen=True)
class LineageCounts:
    """What a report carries on: repeated shortfalls, continued tasks, items carried over."""

    repeats: int = 0
    continues: int = 0
    carried_in: int = 0
    carried_out: int = 0
    closed_into_next: int = 0

    @property
    def any(self) -> bool:
        return any(
            (self.repeats, self.continues, self.carried_in, self.carried_out, self.closed_into_next)
        )


def lineage_counts(report: Report, *, items=None, until=None) -> LineageCounts:
    """The dashboard's counts for `report` (one query), among `items` when given,
    counting links decided by `until` (the end of an "as of" day)."""
    links = ItemLineage.objects.all()
    if until is not None:
        links = links.filter(decided_at__lte=until)
    if items is not None:
        links = links.filter(predecessor__in=items, successor__in=items)
    into, out = Q(successor__report=report), Q(predecessor__report=report)
    found = links.filter(into | out).aggregate(
        repeats=Count("successor", filter=into & Q(kind=LineageKind.REPEAT), distinct=True),
        continues=Count("successor", filter=into & Q(kind=LineageKind.CONTINUATION), distinct=True),
        carried_in=Count("predecessor", filter=into & Q(kind__in=FATE_KINDS), distinct=True),
        carried_out=Count(
            "predecessor", filter=out & Q(kind=LineageKind.CARRY_OVER), distinct=True
        ),
        closed_into_next=Count(
            "predecessor", filter=out & Q(kind=LineageKind.NEXT_YEAR), distinct=True
        ),
    )
    return LineageCounts(**found)


# How one of last year's items ended, as the written summary says it.
ENDINGS = {
    LineageKind.REPEAT: "在本年度报告中再次列为{label}(屡查屡犯)",
    LineageKind.CONTINUATION: "由本年度{label}延续",
    LineageKind.CARRY_OVER: "结转至本年度{label},仍未完成",
    LineageKind.NEXT_YEAR: "转入下一年度,由本年度{label}接续",
}


def previous_endings(report: Report, *, as_of: AsOf, items=None) -> list[str]:
    """One sentence per tracked item of last year's report: how it ended by the end of
    `as_of`'s day (two queries; none when the report follows no other). Each item as it
    stood that day (its history record when `as_of` is a past date: one closed later is
    still open), and the links decided by then. `items` narrows to what the reader sees."""
    if report.previous_id is None:
        return []
    old = item_records(as_of).filter(report_id=report.previous_id, kind__in=TRACKED_KINDS)
    if items is not None:
        old = old.filter(id__in=items.values("pk"))
    rows = list(old.order_by("sequence").values("id", "kind", "number", "title", "status"))
    links = ItemLineage.objects.filter(
        predecessor__report_id=report.previous_id,
        successor__report=report,
        decided_at__lte=as_of.moment,
    )
    if items is not None:
        links = links.filter(successor__in=items)
    ways = defaultdict(list)
    for kind, before, after_kind, after_number in links.order_by(
        "kind", "successor__sequence"
    ).values_list("kind", "predecessor_id", "successor__kind", "successor__number"):
        ways[before].append(ENDINGS[kind].format(label=label_for(after_kind, after_number)))
    sentences = []
    for row in rows:
        if ways[row["id"]]:
            how = ";".join(ways[row["id"]])
        elif row["status"] == Status.CLOSED:
            how = "已销号"
        else:
            how = f"未在本年度报告中接续,目前{Status(row['status']).label}"
        label = label_for(row["kind"], row["number"])
        # previous_report() links the year before (year - 1), so no query for it.
        sentences.append(f"{report.year - 1}年{label}“{row['title']}”:{how}。")
    return sentences
