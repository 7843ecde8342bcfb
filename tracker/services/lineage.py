"""A new report carries on last year's: the links across years and the fate of what was left.

Called by the import (`importer/service.report_import`) inside its transaction:
the report, its items and their lineage are saved together or not at all.
Last year's items keep their updates, reviews and history; an item closed as
转入下一年度 gets a new history record naming who decided and its successor.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ..importer import messages
from ..importer.errors import ReportImportError
from ..models import ClosureReason, Item, ItemLineage, LineageKind, Report, Status
from .items import save_item


@dataclass(frozen=True)
class Pairing:
    """An accepted proposal: this year's item (kind, number) carries on last year's item."""

    kind: str  # LineageKind.REPEAT or CONTINUATION
    new: tuple[str, int]
    old_id: int
    score: float | None = None
    shared: tuple[str, ...] = ()


@dataclass(frozen=True)
class Fate:
    """What becomes of one of last year's unfinished items."""

    old_id: int
    kind: str  # LineageKind.CARRY_OVER (stays open) or NEXT_YEAR (closed)
    successor: tuple[str, int]


@dataclass
class ContinuityPlan:
    previous: Report
    pairings: list[Pairing] = field(default_factory=list)
    fates: list[Fate] = field(default_factory=list)


def _link(*, predecessor: Item, successor: Item, kind: str, by, at, score=None, shared=()):
    link = ItemLineage(
        predecessor=predecessor,
        successor=successor,
        kind=kind,
        score=score,
        shared=list(shared),
        decided_by=by,
        decided_at=at,
    )
    try:
        link.full_clean()
    except ValidationError as error:
        raise ReportImportError(messages.LINEAGE_NOT_ALLOWED) from error
    link._history_user = by
    link._history_date = at
    link.save()
    return link


@transaction.atomic
def report_continue(
    *,
    report: Report,
    plan: ContinuityPlan,
    by: AbstractBaseUser | None,
    at: datetime | None = None,
) -> list[ItemLineage]:
    """Link `report` to last year's and record the accepted pairs and the chosen fates."""
    at = at or timezone.now()
    previous = plan.previous
    report.previous = previous
    try:
        report.clean()
    except ValidationError as error:
        raise ReportImportError(messages.PREVIOUS_NOT_ALLOWED) from error
    report.save(update_fields=["previous"])
    new_items = {(i.kind, i.number): i for i in report.items.tracked()}
    # Locked: a unit's update approved meanwhile must not be lost under a closure.
    old_items = {i.pk: i for i in previous.items.tracked().select_for_update()}
    made = []

    def ends(new_key, old_id) -> tuple[Item, Item]:
        successor, predecessor = new_items.get(tuple(new_key)), old_items.get(old_id)
        if successor is None or predecessor is None:
            raise ReportImportError(messages.LINEAGE_DANGLING)
        return predecessor, successor

    for pairing in plan.pairings:
        predecessor, successor = ends(pairing.new, pairing.old_id)
        made.append(
            _link(
                predecessor=predecessor,
                successor=successor,
                kind=pairing.kind,
                by=by,
                at=at,
                score=pairing.score,
                shared=pairing.shared,
            )
        )
    for fate in plan.fates:
        predecessor, successor = ends(fate.successor, fate.old_id)
        if predecessor.status == Status.CLOSED:
            raise ReportImportError(messages.LINEAGE_ALREADY_CLOSED)
        made.append(
            _link(predecessor=predecessor, successor=successor, kind=fate.kind, by=by, at=at)
        )
        if fate.kind == LineageKind.NEXT_YEAR:
            predecessor.status = Status.CLOSED
            predecessor.closed_on = timezone.localdate(at)
            predecessor.closure_reason = ClosureReason.NEXT_YEAR
            save_item(
                predecessor,
                by=by,
                at=at,
                reason=f"转入下一年度:{report.year}年{successor.label}"[:100],
            )
    return made
