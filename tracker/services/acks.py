"""签收: a unit confirms it has received an assignment or an urge."""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions
from ..models import Acknowledgement, AckReason, Item, Reminder, Unit
from .errors import WorkflowError


def acks_for_assignment(
    *, item: Item, before: Iterable[int], after: Iterable[int], by, at: datetime
) -> list[Acknowledgement]:
    """Units newly given the item (lead or supporting) are asked to acknowledge it;
    units no longer on it are no longer asked."""
    before, after = set(before), set(after)
    Acknowledgement.objects.pending().filter(
        item=item, reason=AckReason.ASSIGNED, unit_id__in=before - after
    ).delete()
    asked = [
        Acknowledgement(item=item, unit_id=unit_id, reason=AckReason.ASSIGNED, created_at=at,
                        created_by=by)
        for unit_id in sorted(after - before)
    ]  # fmt: skip
    return Acknowledgement.objects.bulk_create(asked)


def ack_for_urge(*, reminder: Reminder) -> Acknowledgement:
    return Acknowledgement.objects.create(
        item=reminder.item,
        unit=reminder.unit,
        reason=AckReason.URGED,
        reminder=reminder,
        created_at=reminder.sent_at,
        created_by=reminder.sent_by,
    )


@transaction.atomic
def item_acknowledge(
    *, item: Item, by: AbstractBaseUser, at: datetime | None = None
) -> list[Acknowledgement]:
    """Acknowledge every notice of the item waiting on the user's units (reporter or leader)."""
    at = at or timezone.now()
    units = permissions.acknowledging_unit_ids(by)
    pending = _locked_pending(item=item, unit_id__in=units)
    if not pending:
        raise WorkflowError(_("没有需要本单位签收的事项通知,可能已由同事签收。"))
    return _acknowledge(pending, by=by, at=at, on_behalf=False)


@transaction.atomic
def acknowledge_on_behalf(
    *, item: Item, unit: Unit, by: AbstractBaseUser, at: datetime | None = None
) -> list[Acknowledgement]:
    """The office records a unit's 签收 for it (代签收), e.g. after confirming by phone:
    for a unit without anyone in the tracker."""
    at = at or timezone.now()
    if not permissions.can_assign(by):
        raise WorkflowError(_("只有督办可以代为签收。"))
    pending = _locked_pending(item=item, unit=unit)
    if not pending:
        raise WorkflowError(_("该单位没有待签收的通知。"))
    return _acknowledge(pending, by=by, at=at, on_behalf=True)


def _locked_pending(**filters) -> list[Acknowledgement]:
    return list(
        Acknowledgement.objects.select_for_update().pending().filter(**filters).order_by("pk")
    )


def _acknowledge(
    pending: list[Acknowledgement], *, by, at: datetime, on_behalf: bool
) -> list[Acknowledgement]:
    for ack in pending:
        ack.acknowledged_at, ack.acknowledged_by, ack.on_behalf = at, by, on_behalf
        ack._history_user, ack._history_date = by, at
        ack.save()
    return pending
