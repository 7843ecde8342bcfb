"""Every number the summaries show, computed here and nowhere else.

The dashboard, the ledger, the written summary, the draft and the `summarize`
command all read items through `item_rows` and count them with `Tally`, so
their figures agree. Each function issues a fixed number of queries whatever
the number of items; rows are streamed (values() + iterator()), never held as
model instances.
"""

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import BooleanField, Case, CharField, Count, OuterRef, Q, Subquery, When
from django.db.models import Value as V
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from ..indicators import IndicatorRow, indicator_rows
from ..models import (
    TRACKED_KINDS,
    Item,
    ItemLink,
    Light,
    LinkKind,
    Report,
    Status,
    Unit,
    ack_since,
    due_soon_q,
    light_expression,
    reason_expression,
)
from .asof import (
    AsOf,
    approved_updates,
    counted_evidence,
    granted_extensions,
    item_records,
    last_change,
    supporting_links,
)
from .rows import EvidenceRef, ItemRow, Linked, MonthPoint, Progress, ProgressDetail, UnitRow
from .sql import joined, split, unit_name

LIST_LIMIT = 20  # rows in the dashboard's overdue and due-soon lists
SERIES_MONTHS = 24  # months in the closed-over-time chart, at most
MIN_MONTHS = 6  # … and at least, so one month's closures still read as a trend
PROGRESS_ORDER = ("-reported_on", "-pk")  # "latest approved progress", everywhere


@dataclass(frozen=True)
class Scope:
    """Which report, as of when, narrowed to a unit and to what the reader may see."""

    # None: every report (the item list's export, which may span reports).
    report: Report | None
    as_of: AsOf
    unit: Unit | None = None
    # Several reports at once (the city's ledger) instead of `report`.
    reports: object = None
    # Items the reader may see (permissions.summary_items); None: all.
    items: object = None
    # Units whose per-unit rows the reader may see; None: all.
    unit_ids: frozenset | None = None
    # Items a list's filters picked (the item list's export); None: every item in scope.
    # Linked items are still those the reader may see (`items`), filtered or not.
    listed: object = None
    # The list's sort (order_by terms on Item); None: the report's order.
    order: tuple | None = None

    @property
    def on(self) -> date:
        return self.as_of.on

    @property
    def restricted(self) -> bool:
        """True when the reader sees only some units' items (a unit reporter)."""
        return self.items is not None


@dataclass
class Tally:
    """Tracked items counted by status and light, with overdue, due-soon and closed."""

    tracked: int = 0
    by_kind: Counter = field(default_factory=Counter)
    by_status: Counter = field(default_factory=Counter)
    by_light: Counter = field(default_factory=Counter)
    overdue: int = 0
    due_soon: int = 0

    def add(self, row: ItemRow) -> None:
        if not row.is_tracked:
            return
        self.tracked += 1
        self.by_kind[row.kind] += 1
        self.by_status[row.status] += 1
        self.by_light[row.light] += 1
        self.overdue += row.is_overdue
        self.due_soon += row.due_soon

    @property
    def closed(self) -> int:
        return self.by_status[Status.CLOSED]

    @property
    def open(self) -> int:
        return self.tracked - self.closed

    @property
    def statuses(self) -> list[tuple[str, str, int]]:
        """(value, label, count) in the workflow's order, zeros included.

        Labels stay lazy: a chart shows them in the reader's language, a document in Chinese.
        """
        return [(s.value, s.label, self.by_status[s.value]) for s in Status]

    @property
    def lights(self) -> list[tuple[str, str, int]]:
        return [(light.value, light.label, self.by_light[light.value]) for light in Light]


@dataclass
class Dashboard:
    scope: Scope
    tally: Tally
    units: list[UnitRow]
    overdue: list[ItemRow]
    due_soon: list[ItemRow]
    closed_series: list[MonthPoint]
    indicators: list[IndicatorRow]


def records(scope: Scope, *, kinds=TRACKED_KINDS):
    """The scope's item records (live or as of the date), unordered, unannotated."""
    as_of = scope.as_of
    rows = item_records(as_of).filter(kind__in=list(kinds))
    if scope.reports is not None:
        rows = rows.filter(report_id__in=scope.reports.values("pk"))
    elif scope.report is not None:
        rows = rows.filter(report_id=scope.report.pk)
    tracked = Q(kind__in=TRACKED_KINDS)
    if scope.items is not None:
        rows = rows.filter(id__in=scope.items.values("pk"))
    if scope.listed is not None:
        rows = rows.filter(id__in=scope.listed.values("pk"))
    if scope.unit is not None:
        supported = supporting_links(as_of).filter(unit_id=scope.unit.pk).values("record")
        rows = rows.filter(
            ~tracked | Q(lead_unit_id=scope.unit.pk) | Q(**{f"{as_of.record_key}__in": supported})
        )
    return rows


def _linked_subquery(scope: Scope):
    """Per row, the linked items as one string: a shortfall's causes and the tasks
    addressing it or its causes; a task's shortfalls and causes (the report's chain).

    The keys come from a UNION of four index lookups on the links: an OR of the
    conditions made PostgreSQL scan every item and every link once per row
    (1.4 ms a row: 14 s for a 10 000-item ledger).
    """
    links = ItemLink.objects.order_by()
    row_id = OuterRef(OuterRef("id"))
    causes = links.filter(kind=LinkKind.EXPLAINS, target_id=row_id).values("source_id")
    tasks = links.filter(kind=LinkKind.ADDRESSES, target_id=row_id).values("source_id")
    tasks_of_causes = links.filter(
        kind=LinkKind.ADDRESSES,
        target__links_out__kind=LinkKind.EXPLAINS,
        target__links_out__target_id=row_id,
    ).values("source_id")
    targets = links.filter(kind=LinkKind.ADDRESSES, source_id=row_id).values("target_id")
    linked = Item.objects.filter(pk__in=causes.union(tasks, tasks_of_causes, targets))
    if scope.items is not None:  # a reader sees only the items they may see
        linked = linked.filter(pk__in=scope.items.values("pk"))
    text = CharField()
    encoded = Concat(
        Cast("pk", text), V(":"), "kind", V(":"), Cast("number", text), V(":"),
        Cast("sequence", text), V(":"), "title", output_field=text,
    )  # fmt: skip
    return joined(linked, encoded)


def _decode_linked(value: str | None) -> list[Linked]:
    found = []
    for part in split(value):
        pk, kind, number, sequence, title = part.split(":", 4)
        found.append(Linked(int(pk), kind, int(number), int(sequence), title))
    return sorted(found, key=lambda link: link.sequence)


BASE_FIELDS = (
    "id", "kind", "number", "sequence", "title", "status", "lead_unit_id",
    "start_on", "due_on", "closed_on", "percent", "last_approved_on", "report_id",
)  # fmt: skip


def item_rows(scope: Scope, *, detail: bool = False, kinds=TRACKED_KINDS) -> Iterator[ItemRow]:
    """The scope's items in report order, streamed: one query, however many rows.

    With `detail`: text, supporting units, assignee, latest approved progress,
    evidence count, linked items and the date of the last recorded change.
    """
    as_of, on = scope.as_of, scope.on
    extensions = granted_extensions(as_of).filter(item_id=OuterRef("id"))
    rows = records(scope, kinds=kinds).annotate(
        light=light_expression(on=on),
        light_reason=reason_expression(on=on),
        ack_since=ack_since(on=on),
        due_soon=Case(
            When(due_soon_q(on=on), then=True), default=False, output_field=BooleanField()
        ),
        lead_unit_name=unit_name("lead_unit__"),
        extensions=Coalesce(Subquery(counted(extensions)), 0),
        original_due_on=Subquery(
            extensions.order_by("decided_at", "pk").values("original_due_on")[:1]
        ),
    )
    fields = [
        *BASE_FIELDS, "light", "light_reason", "ack_since", "due_soon", "lead_unit_name",
        "extensions", "original_due_on",
    ]  # fmt: skip
    if detail:
        progress = approved_updates(as_of).filter(item_id=OuterRef("id")).order_by(*PROGRESS_ORDER)
        evidence = counted(
            counted_evidence(as_of).filter(update__item_id=OuterRef("id")), "update__item_id"
        )
        supporting = supporting_links(as_of).filter(record=OuterRef(as_of.record_key))
        rows = rows.annotate(
            latest_id=Subquery(progress.values("pk")[:1]),
            latest_on=Subquery(progress.values("reported_on")[:1]),
            latest_text=Subquery(progress.values("text")[:1]),
            evidence_count=Coalesce(Subquery(evidence), 0),
            supporting_names=joined(supporting, unit_name("unit__")),
            linked_items=_linked_subquery(scope),
            changed_at=last_change(as_of),
        )
        fields += [
            "text", "assignee__first_name", "assignee__last_name", "assignee__username",
            "latest_id", "latest_on", "latest_text", "evidence_count", "supporting_names",
            "linked_items", "changed_at",
        ]  # fmt: skip
    order = scope.order or (
        ("report_id", "sequence") if scope.reports is not None else ("sequence",)
    )
    for values in rows.order_by(*order).values(*fields).iterator(chunk_size=2000):
        yield _row(values, on=on, detail=detail)


def counted(queryset, key: str = "item_id"):
    """COUNT(*) of a correlated queryset, grouped by its correlating column."""
    return queryset.order_by().values(key).annotate(n=Count("pk")).values("n")


def _row(values: dict, *, on: date, detail: bool) -> ItemRow:
    row = ItemRow(
        **{name: values[name] for name in BASE_FIELDS if name != "lead_unit_id"},
        lead_unit_id=values["lead_unit_id"],
        light=values["light"],
        light_reason=values["light_reason"],
        ack_since=values["ack_since"],
        light_on=on,
        due_soon=bool(values["due_soon"]),
        lead_unit=values["lead_unit_name"] or "",
        extensions=values["extensions"],
        original_due_on=values["original_due_on"],
    )
    if detail:
        row.text = values["text"]
        full = f"{values['assignee__first_name'] or ''} {values['assignee__last_name'] or ''}"
        row.assignee = full.strip() or values["assignee__username"] or ""
        if values["latest_id"] is not None:
            row.latest = Progress(values["latest_id"], values["latest_on"], values["latest_text"])
        row.evidence_count = values["evidence_count"]
        row.supporting = sorted(split(values["supporting_names"]))
        row.linked = _decode_linked(values["linked_items"])
        changed = values["changed_at"]
        row.last_change = timezone.localdate(changed) if changed else None
    return row


def tally(rows: Iterable[ItemRow]) -> Tally:
    counted = Tally()
    for row in rows:
        counted.add(row)
    return counted


def _month(day: date) -> date:
    return day.replace(day=1)


def closed_series(closed_by_month: Counter, *, on: date) -> list[MonthPoint]:
    """Items closed per month up to `on`'s month, with the running total.

    From the first closure (at least MIN_MONTHS, at most SERIES_MONTHS months).
    """
    if not closed_by_month:
        return []
    months = [_month(on)]
    while len(months) < SERIES_MONTHS and (
        months[-1] > min(closed_by_month) or len(months) < MIN_MONTHS
    ):
        months.append(_month(months[-1] - timedelta(days=1)))
    months.reverse()
    running = sum(n for month, n in closed_by_month.items() if month < months[0])
    series = []
    for month in months:
        running += closed_by_month[month]
        series.append(MonthPoint(month, closed_by_month[month], running))
    return series


def dashboard(scope: Scope) -> Dashboard:
    """Counts, per-unit rows, the overdue and due-soon lists, closures over time, indicators."""
    counted, units = Tally(), {}
    overdue, due_soon, closed_by_month = [], [], Counter()
    for row in item_rows(scope):
        counted.add(row)
        if scope.unit_ids is None or row.lead_unit_id in scope.unit_ids:
            unit = units.setdefault(row.lead_unit_id, UnitRow(row.lead_unit_id, row.lead_unit))
            unit.owed += 1
            unit.closed += row.is_closed
            unit.overdue += row.is_overdue
            unit.extensions += row.extensions
        if row.is_overdue:
            _keep_first(overdue, row)
        elif row.due_soon:
            _keep_first(due_soon, row)
        if row.is_closed and row.closed_on:
            closed_by_month[_month(row.closed_on)] += 1
    indicators = indicator_rows(scope.report.indicators.all(), on=scope.on)
    return Dashboard(
        scope=scope,
        tally=counted,
        units=sorted(
            units.values(), key=lambda u: (-u.overdue, -u.open, u.unit_id is None, u.name)
        ),
        overdue=_first_due(overdue),
        due_soon=_first_due(due_soon),
        closed_series=closed_series(closed_by_month, on=scope.on),
        indicators=indicators,
    )


def _keep_first(heap: list, row: ItemRow) -> None:
    """Keep the LIST_LIMIT rows due first (a bounded heap: memory stays flat)."""
    key = (-(row.due_on or date.max).toordinal(), -row.sequence)  # negated: heap[0] is the last
    if len(heap) < LIST_LIMIT:
        heapq.heappush(heap, (key, row))
    elif key > heap[0][0]:
        heapq.heapreplace(heap, (key, row))


def _first_due(heap: list) -> list[ItemRow]:
    return [row for _key, row in sorted(heap, key=lambda entry: entry[0], reverse=True)]


def approved_progress(scope: Scope) -> dict[int, list[ProgressDetail]]:
    """Per item of the scope, its counted updates oldest first, each with its evidence.

    Two queries. The last update of each list is the row's `latest` (same order).
    """
    as_of = scope.as_of
    in_scope = records(scope, kinds=TRACKED_KINDS).values("id")
    evidence: dict[int, list[EvidenceRef]] = {}
    counted = counted_evidence(as_of).filter(update__item_id__in=in_scope).order_by("pk")
    for pk, update_id, description in counted.values_list("pk", "update_id", "description"):
        evidence.setdefault(update_id, []).append(EvidenceRef(pk, description))
    updates = (
        approved_updates(as_of)
        .filter(item_id__in=in_scope)
        .annotate(unit_name=unit_name("unit__"))
        .order_by(*(term.lstrip("-") for term in PROGRESS_ORDER))
        .values_list("pk", "item_id", "reported_on", "text", "unit_name")
    )
    found: dict[int, list[ProgressDetail]] = {}
    for pk, item_id, reported_on, text, unit in updates:
        refs = tuple(evidence.get(pk, ()))
        found.setdefault(item_id, []).append(
            ProgressDetail(pk, item_id, reported_on, text, unit, refs)
        )
    return found
