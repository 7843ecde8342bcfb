"""Assignment of tracked items (lead and supporting units, person, dates, status)."""

from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import permissions
from ..models import ExtensionRequest, ExtensionState, Item, Membership, MessageKind, Status, Unit
from .acks import acks_for_assignment
from .errors import Conflict, WorkflowError
from .notices import notify


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


def _check_assignment(
    *, item: Item, lead_unit: Unit | None, supporting_units: list[Unit], assignee
) -> None:
    if not item.is_tracked:
        raise WorkflowError(_("只有存在的不足和下一年度安排可以分配责任单位。"))
    if lead_unit is not None and lead_unit in supporting_units:
        raise WorkflowError(_("牵头单位不能同时是配合单位。"), field="supporting_units")
    if assignee is not None and not (
        lead_unit is not None
        and Membership.objects.filter(user_id=assignee.pk, unit_id=lead_unit.pk).exists()
    ):
        raise WorkflowError(_("责任人应是牵头单位的人员,请先选择牵头单位。"), field="assignee")


def _record_deadline_move(
    *, item: Item, new_due: date | None, reason: str, by, at: datetime
) -> ExtensionRequest | None:
    """A deadline moved later is an extension the office decides, with its reason."""
    old_due = item.due_on
    if old_due is None or new_due is None or new_due <= old_due:
        return None
    if not reason:
        raise WorkflowError(
            _("完成时限由 %(old)s 延后到 %(new)s,请填写延期理由。")
            % {"old": old_due, "new": new_due},
            field="due_change_reason",
        )
    if item.extension_requests.filter(state=ExtensionState.PENDING).exists():
        raise WorkflowError(
            _("该事项有一项待审批的延期申请,请先在事项页面审批,再调整完成时限。"), field="due_on"
        )
    if item.lead_unit_id is None:
        raise WorkflowError(_("请先指定牵头单位,再延后完成时限。"), field="due_on")
    return ExtensionRequest.objects.create(
        item=item,
        unit_id=item.lead_unit_id,
        requested_by=by,
        requested_at=at,
        office_initiated=True,
        original_due_on=old_due,
        requested_due_on=new_due,
        granted_due_on=new_due,
        reason=reason,
        state=ExtensionState.GRANTED,
        decided_by=by,
        decided_at=at,
    )


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
    due_change_reason: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> Item:
    """Set an item's owners and dates. Units newly on it are asked to acknowledge (签收) and
    told; a deadline moved later is recorded as an extension with its reason."""
    at = at or timezone.now()
    _check_assignment(
        item=item, lead_unit=lead_unit, supporting_units=supporting_units, assignee=assignee
    )
    locked = lock_item(item_id=item.pk, expected_version=expected_version)
    if status == Status.CLOSED and locked.status != Status.CLOSED:
        raise WorkflowError(_("销号须通过审核申请销号的进展完成,不能直接设置。"))
    _record_deadline_move(
        item=locked, new_due=due_on, reason=due_change_reason.strip(), by=by, at=at
    )
    before = locked.responsible_unit_ids()
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
    after = locked.responsible_unit_ids()
    asked = acks_for_assignment(item=locked, before=before, after=after, by=by, at=at)
    for ack in asked:
        with translation.override(settings.LANGUAGE_CODE):
            role = _("牵头") if ack.unit_id == locked.lead_unit_id else _("配合")
            text = _("%(unit)s被确定为“%(item)s”的%(role)s单位,完成时限 %(due)s,请签收。") % {
                "unit": ack.unit,
                "item": locked,
                "role": role,
                "due": locked.due_on or _("未设定"),
            }
        notify(
            kind=MessageKind.ASSIGNED,
            item=locked,
            recipients=[
                *permissions.unit_reporters(ack.unit),
                *permissions.unit_leaders(ack.unit),
            ],
            text=text,
            actor=by,
            at=at,
        )
    return locked
