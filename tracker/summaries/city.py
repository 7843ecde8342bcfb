"""The city's view: its districts side by side, and one district's units.

A district's figures count the tracked items of every report of the district
and of its townships; how recently it reported is the latest progress its
units (and its townships') submitted. Each function issues a fixed number of
queries whatever the number of districts, reports, items or updates: counts
and days overdue are grouped by jurisdiction in the database and rolled up to
districts here.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)

from ..models import (
    Item,
    Jurisdiction,
    JurisdictionLevel,
    ProgressUpdate,
    Status,
    Unit,
    overdue_q,
)


@dataclass
class Standing:
    """How one district (or one unit) stands: items owed, closed, on time, overdue."""

    tracked: int = 0
    closed: int = 0
    closed_on_time: int = 0
    overdue: int = 0
    days_overdue: int = 0  # summed over the overdue items
    last_report: datetime | None = None  # the latest progress submitted

    @property
    def open(self) -> int:
        return self.tracked - self.closed

    @property
    def average_days_overdue(self) -> float:
        return round(self.days_overdue / self.overdue, 1) if self.overdue else 0.0

    @property
    def on_time_percent(self) -> int:
        return round(self.closed_on_time * 100 / self.closed) if self.closed else 0

    def add(self, other: "Standing") -> None:
        self.tracked += other.tracked
        self.closed += other.closed
        self.closed_on_time += other.closed_on_time
        self.overdue += other.overdue
        self.days_overdue += other.days_overdue
        if other.last_report and (self.last_report is None or other.last_report > self.last_report):
            self.last_report = other.last_report


@dataclass
class DistrictRow:
    district: Jurisdiction
    standing: Standing = field(default_factory=Standing)


def _standings(items: QuerySet, key: str, *, on: date) -> dict[int, Standing]:
    """Standing per value of `key` over tracked `items`, in one grouped query.

    On PostgreSQL the query reads the covering index item_report_figures
    alone (an index-only scan), not the item rows with their texts.
    """
    found: dict[int, Standing] = defaultdict(Standing)
    late = overdue_q(on=on)
    days_late = ExpressionWrapper(Value(on) - F("due_on"), output_field=DurationField())
    counts = (
        items.tracked()
        .order_by()
        .values(key)
        .annotate(
            tracked=Count("pk"),
            closed=Count("pk", filter=Q(status=Status.CLOSED)),
            closed_on_time=Count("pk", filter=Q(status=Status.CLOSED, closed_on__lte=F("due_on"))),
            overdue=Count("pk", filter=late),
            days_overdue=Sum(days_late, filter=late),
        )
    )
    for row in counts:
        standing = found[row[key]]
        standing.tracked, standing.closed = row["tracked"], row["closed"]
        standing.closed_on_time, standing.overdue = row["closed_on_time"], row["overdue"]
        standing.days_overdue = row["days_overdue"].days if row["days_overdue"] else 0
    return found


def _last_reports(units: QuerySet, key: str) -> dict[int, datetime]:
    """When the units last submitted progress, the latest per value of `key`.

    One probe of the index update_unit_submitted per unit, whatever the
    number of updates (a MAX over every update of a city's items read 1.6
    million rows).
    """
    latest = (
        ProgressUpdate.objects.filter(unit=OuterRef("pk"))
        .order_by("-submitted_at")
        .values("submitted_at")[:1]
    )
    rows = units.order_by().values(key).annotate(last=Max(Subquery(latest)))
    return {row[key]: row["last"] for row in rows if row["last"] is not None}


def district_rows(jurisdictions: QuerySet, *, on: date) -> list[DistrictRow]:
    """Every district among `jurisdictions` with its standing (townships rolled in)."""
    tree = list(jurisdictions.order_by("path"))
    districts = [j for j in tree if j.level == JurisdictionLevel.DISTRICT]
    keys = [j.pk for j in tree]
    items = Item.objects.filter(report__jurisdiction__in=keys)
    by_jurisdiction = _standings(items, "report__jurisdiction", on=on)
    reported = _last_reports(Unit.objects.filter(jurisdiction__in=keys), "jurisdiction")
    for pk, last in reported.items():
        by_jurisdiction[pk].last_report = last
    rows = {d.pk: DistrictRow(d) for d in districts}
    for node in tree:
        home = next((d for d in districts if node.path.startswith(d.path)), None)
        if home is not None and node.pk in by_jurisdiction:
            rows[home.pk].standing.add(by_jurisdiction[node.pk])
    return sorted(rows.values(), key=lambda row: (-row.standing.overdue, row.district.path))


@dataclass
class UnitRow:
    unit_id: int
    name: str
    standing: Standing


def unit_rows(district: Jurisdiction, *, on: date) -> list[UnitRow]:
    """The district's lead units with their standing over all its reports, and when each
    last submitted progress."""
    items = Item.objects.filter(report__jurisdiction__path__startswith=district.path)
    by_unit = _standings(items.filter(lead_unit__isnull=False), "lead_unit", on=on)
    units = Unit.objects.in_bulk(list(by_unit))
    for pk, last in _last_reports(Unit.objects.filter(pk__in=list(by_unit)), "pk").items():
        by_unit[pk].last_report = last
    rows = [UnitRow(pk, str(units[pk]), standing) for pk, standing in by_unit.items()]
    return sorted(rows, key=lambda row: (-row.standing.overdue, -row.standing.open, row.name))


def totals(rows) -> Standing:
    total = Standing()
    for row in rows:
        total.add(row.standing)
    return total
