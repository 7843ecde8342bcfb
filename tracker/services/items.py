"""Assignment of tracked items (lead and supporting units, person, dates, status)."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Item, Status, Unit
from .errors import Conflict, WorkflowError


def lock_item(*, item_id: int, expected_version: int | None) -> Item:
    """Lock the row (PostgreSQL) and refuse if it changed since the form was drawn."""
    item = Item.objects.select_for_update().get(pk=item_id)
    if expected_version is not None and item.version != expected_version:
        raise Conflict()
    return item


def save_item(
    item: Item, *, by: AbstractBaseUser | None, at: datetime | None, reason: str = ""
) -> None:
    """Save with a new version and a history record attributed to `by` at `at`."""
    item.version += 1
    item._history_user = by
    item._history_date = at or timezone.now()
    item._change_reason = reason
    item.save()


@transaction.atomic
def item_assign(
    *,
    item: Item,
    by: AbstractBaseUser,
    lead_unit: Unit | None,
    supporting_units: list[Unit],
    assignee: AbstractBaseUser | None,
    start_on: date | None,
    due_on: date | None,
    status: str,
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Item:
    if not item.is_tracked:
        raise WorkflowError(_("只有存在的不足和下一年度安排可以分配责任单位。"))
    if lead_unit is not None and lead_unit in supporting_units:
        raise WorkflowError(_("牵头单位不能同时是配合单位。"), field="supporting_units")
    locked = lock_item(item_id=item.pk, expected_version=expected_version)
    if status == Status.CLOSED and locked.status != Status.CLOSED:
        raise WorkflowError(_("销号须通过审核申请销号的进展完成,不能直接设置。"))
    locked.lead_unit = lead_unit
    locked.assignee = assignee
    locked.start_on = start_on
    locked.due_on = due_on
    locked.status = status
    if status != Status.CLOSED:
        locked.closed_on = None  # reopening clears the closing date
    # Change the supporting units without a history record of their own, so the
    # save below records the whole assignment as one entry on the timeline.
    locked.skip_history_when_saving = True
    try:
        locked.supporting_units.set(supporting_units)
    finally:
        del locked.skip_history_when_saving
    save_item(locked, by=by, at=at, reason="assign")
    return locked
