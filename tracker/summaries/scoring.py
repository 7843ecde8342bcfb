"""Unit scoring (考核): each unit's facts as of a day, weighed by the office's rule.

For every unit that leads or supports a tracked item of the scope (as the item
stood that day), five facts are counted in the database:

- closed on time: items it leads, closed by the day, on or before their deadline;
- timely reports: its approved progress versions (approved by the day) submitted
  on or before the deadline the item had that day;
- overdue: items it leads, open and past their deadline on the day;
- returned: its versions returned by the office by the day;
- unacknowledged: assignments and urges to it still not acknowledged (签收) at the
  end of the day, asked more than TRACKER_ACK_DAYS before.

score = base + closed on time × points + timely reports × points
        − overdue × points − returned × points − unacknowledged × points,

the facts counted in SQL (one grouped query per table: the items, the approved and the
returned versions, the notices; one for the units, one for the rule), the score weighed
and ranked in Python.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate

from ..models import (
    Acknowledgement,
    ProgressUpdate,
    ScoringRule,
    Status,
    Unit,
    UpdateState,
    overdue_q,
)
from .asof import approved_updates, supporting_links
from .figures import Scope, records
from .sql import unit_name

# (fact, its label in documents, +1 added / −1 taken off)
FACTS = (
    ("closed_on_time", "按时销号", 1),
    ("timely_report", "按时报送", 1),
    ("overdue", "逾期未销号", -1),
    ("returned", "进展被退回", -1),
    ("unacknowledged", "逾期未签收", -1),
)


# How each fact is counted in words: items (项), reports (条), returns (次), notices (件).
MEASURE = {
    "closed_on_time": "项",
    "timely_report": "条",
    "overdue": "项",
    "returned": "次",
    "unacknowledged": "件",
}


@dataclass(frozen=True)
class Fact:
    name: str
    label: str
    count: int
    points: int  # signed: what the fact adds to the score

    @property
    def is_deduction(self) -> bool:
        return self.points < 0


@dataclass
class UnitScore:
    unit_id: int
    name: str
    score: int
    facts: dict[str, int]
    rule: ScoringRule
    rank: int = 0

    def count(self, name: str) -> int:
        return self.facts[name]

    @property
    def breakdown(self) -> list[Fact]:
        return [
            Fact(name, label, self.facts[name], sign * self.facts[name] * getattr(self.rule, name))
            for name, label, sign in FACTS
        ]

    @property
    def breakdown_text(self) -> str:
        """基础分100;按时销号2项+10;逾期未销号1项−5 (zero facts left out)."""
        parts = [f"基础分{self.rule.base}"]
        for fact in self.breakdown:
            if fact.count:
                unit = MEASURE[fact.name]
                parts.append(f"{fact.label}{fact.count}{unit}{fact.points:+d}".replace("-", "−"))
        return ";".join(parts)

    @property
    def closed_on_time(self) -> int:
        return self.facts["closed_on_time"]

    @property
    def timely_report(self) -> int:
        return self.facts["timely_report"]

    @property
    def overdue(self) -> int:
        return self.facts["overdue"]

    @property
    def returned(self) -> int:
        return self.facts["returned"]

    @property
    def unacknowledged(self) -> int:
        return self.facts["unacknowledged"]

    @property
    def faults(self) -> int:
        return self.overdue + self.returned + self.unacknowledged


@dataclass
class Scoring:
    scope: Scope
    rule: ScoringRule
    units: list[UnitScore]

    @property
    def rule_text(self) -> str:
        rule = self.rule
        return (
            f"基础分{rule.base}分;按时销号每项加{rule.closed_on_time}分,按时报送进展每条加"
            f"{rule.timely_report}分;逾期未销号每项扣{rule.overdue}分,进展被退回每次扣"
            f"{rule.returned}分,超过{settings.TRACKER_ACK_DAYS}天未签收每件扣{rule.unacknowledged}分。"
        )


def _per_unit(queryset, key: str, **counts) -> dict[int, dict[str, int]]:
    """{unit id: {fact: count}} in one grouped query."""
    rows = queryset.order_by().values(key).annotate(**counts)
    return {row[key]: row for row in rows}


def _facts(scope: Scope, items) -> dict[str, dict[int, int]]:
    """{fact: {unit id: count}}: each fact counted over the scope's own items and versions.

    Grouped per fact (four queries), never a correlated count per unit: that walked
    each unit's versions of every report of its jurisdiction (about 600 per unit at
    city scale) to keep the current report's.
    """
    as_of, on = scope.as_of, scope.on
    moment = as_of.moment
    item_ids = items.values("id")
    closed_on_time = Q(
        status=Status.CLOSED, closed_on__isnull=False, due_on__isnull=False,
        closed_on__lte=F("due_on"),
    )  # fmt: skip
    led = _per_unit(
        items.filter(lead_unit_id__isnull=False),
        "lead_unit_id",
        closed_on_time=Count("pk", filter=closed_on_time),
        overdue=Count("pk", filter=overdue_q(on=on)),
    )
    # The deadline the item had that day (its record), against the day the version came in.
    in_time = items.filter(id=OuterRef("item_id")).filter(
        Q(due_on__isnull=True) | Q(due_on__gte=OuterRef("submitted_on"))
    )
    timely = (
        approved_updates(as_of)
        .filter(item_id__in=item_ids)
        .annotate(submitted_on=TruncDate("submitted_at"))
        .filter(Exists(in_time))
    )
    returned = ProgressUpdate.objects.filter(
        state=UpdateState.RETURNED, reviewed_at__lte=moment, item_id__in=item_ids
    )
    grace = moment - timedelta(days=settings.TRACKER_ACK_DAYS)
    unacknowledged = Acknowledgement.objects.pending(at=moment).filter(
        created_at__lte=grace, item_id__in=item_ids
    )
    counts = {
        "timely_report": _per_unit(timely, "unit_id", n=Count("pk")),
        "returned": _per_unit(returned, "unit_id", n=Count("pk")),
        "unacknowledged": _per_unit(unacknowledged, "unit_id", n=Count("pk")),
    }
    facts = {name: {unit: row["n"] for unit, row in rows.items()} for name, rows in counts.items()}
    for name in ("closed_on_time", "overdue"):
        facts[name] = {unit: row[name] for unit, row in led.items()}
    return facts


def unit_scores(scope: Scope) -> Scoring:
    """The scope's units ranked by score (ties share a rank). Six queries."""
    as_of = scope.as_of
    rule = ScoringRule.objects.governing(scope.report.jurisdiction_id)
    items = records(scope)
    supported = (
        supporting_links(as_of).filter(record__in=items.values(as_of.record_key)).values("unit_id")
    )
    units = Unit.objects.filter(Q(pk__in=items.values("lead_unit_id")) | Q(pk__in=supported))
    if scope.unit_ids is not None:
        units = units.filter(pk__in=scope.unit_ids)
    if scope.unit is not None:
        units = units.filter(pk=scope.unit.pk)
    units = units.annotate(label=unit_name())
    units = units.order_by(F("sort_order").asc(nulls_last=True), "pinyin", "name", "pk")
    facts = _facts(scope, items)
    scored = []
    # Units in their set order, then a stable sort by score.
    for values in units.values("pk", "label"):
        unit_facts = {name: facts[name].get(values["pk"], 0) for name, _label, _sign in FACTS}
        score = rule.base + sum(
            sign * unit_facts[name] * getattr(rule, name) for name, _label, sign in FACTS
        )
        scored.append(UnitScore(values["pk"], values["label"], score, unit_facts, rule))
    scored.sort(key=lambda row: -row.score)
    for position, row in enumerate(scored):
        tied = position and row.score == scored[position - 1].score
        row.rank = scored[position - 1].rank if tied else position + 1
    return Scoring(scope, rule, scored)
