"""Urging units (催办), scheduled reminders, and extension requests (延期申请).

E-mails to units, and the reminder texts stored with them, are written in the
site's language (settings.LANGUAGE_CODE, Chinese): the tracker does not know
which language each recipient reads, and the sender's interface language is
no guide to it. Errors for the person at the keyboard follow their language.
"""

import logging
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import permissions
from ..models import (
    ExtensionRequest,
    ExtensionState,
    Item,
    Reminder,
    ReminderKind,
    Status,
    Unit,
)
from .errors import WorkflowError
from .items import lock_item, save_item

log = logging.getLogger("tracker.followup")


def unit_recipients(unit: Unit) -> list[str]:
    """E-mail addresses of the unit's reporters (permissions.unit_reporters) and its mailbox."""
    users = permissions.unit_reporters(unit).exclude(email="")
    addresses = sorted({u.email for u in users})
    if unit.email and unit.email not in addresses:
        addresses.append(unit.email)
    return addresses


def _mail(*, item: Item, unit: Unit, subject: str, body: str) -> int:
    recipients = unit_recipients(unit)
    if recipients:
        # Sent after commit so a rolled-back urge never reaches anyone.
        message = (subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        transaction.on_commit(lambda: send_mass_mail([message], fail_silently=False))
    return len(recipients)


def _subject(item: Item, prefix: str) -> str:
    return f"【{prefix}】{item.label} {item.title}"


@transaction.atomic
def item_urge(
    *, item: Item, unit: Unit, by: AbstractBaseUser, message: str, at: datetime | None = None
) -> Reminder:
    """The coordinator urges a unit about an item; recorded and e-mailed to its reporters."""
    message = message.strip()
    if not message:
        raise WorkflowError(_("请填写催办内容。"), field="message")
    if not item.is_tracked or item.status == Status.CLOSED:
        raise WorkflowError(_("只能催办未销号的事项。"))
    at = at or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        subject = _subject(item, _("催办"))
        body = _("%(unit)s:\n\n%(message)s\n\n事项:%(label)s %(title)s\n完成时限:%(due)s\n") % {
            "unit": unit.name,
            "message": message,
            "label": item.label,
            "title": item.title,
            "due": item.due_on or _("未设定"),
        }
    reminder = Reminder.objects.create(
        item=item,
        unit=unit,
        kind=ReminderKind.MANUAL,
        message=message,
        sent_by=by,
        sent_at=at,
        period=timezone.localdate(at).isoformat(),
    )
    reminder.recipients = _mail(item=item, unit=unit, subject=subject, body=body)
    reminder.save(update_fields=["recipients"])
    return reminder


def reminder_period(on: date) -> str:
    """Automatic reminders of each kind go at most once per item per ISO week."""
    year, week, _day = on.isocalendar()
    return f"{year}-W{week:02d}"


# Marked for the catalogs here, translated when a reminder is written.
REMINDER_TEXT = {
    ReminderKind.OVERDUE: gettext_noop(
        "该事项已超过完成时限(%(due)s)仍未销号,请抓紧推进并及时填报进展。"
    ),
    ReminderKind.DUE_SOON: gettext_noop(
        "该事项将于 %(due)s 到期,请抓紧推进并及时填报进展或申请销号。"
    ),
    ReminderKind.STALE: gettext_noop(
        "该事项已超过 %(days)s 天没有通过审核的进展,请及时填报进展情况。"
    ),
}


def due_reminders(*, on: date) -> list[tuple[Item, str]]:
    """(item, kind) pairs that call for an automatic reminder on `on`."""
    base = Item.objects.select_related("lead_unit").filter(lead_unit__isnull=False)
    found: dict[int, tuple[Item, str]] = {}
    for item in base.overdue(on=on):
        found[item.pk] = (item, ReminderKind.OVERDUE)
    for item in base.due_soon(on=on):
        found.setdefault(item.pk, (item, ReminderKind.DUE_SOON))
    for item in base.stale(on=on):
        found.setdefault(item.pk, (item, ReminderKind.STALE))
    return sorted(found.values(), key=lambda pair: pair[0].pk)


def reminders_send(*, on: date, dry_run: bool = False) -> list[Reminder]:
    """Send due-soon, overdue and stale reminders to lead units, once per item per period."""
    sent: list[Reminder] = []
    for item, kind in due_reminders(on=on):
        period = reminder_period(on)
        if Reminder.objects.filter(
            item=item, unit=item.lead_unit, kind=kind, period=period
        ).exists():
            continue
        with translation.override(settings.LANGUAGE_CODE):
            message = _(REMINDER_TEXT[kind]) % {
                "due": item.due_on,
                "days": settings.TRACKER_STALE_DAYS,
            }
            subject = _subject(item, ReminderKind(kind).label)
        reminder = Reminder(
            item=item,
            unit=item.lead_unit,
            kind=kind,
            message=message,
            sent_at=timezone.now(),
            period=period,
        )
        if dry_run:
            reminder.recipients = len(unit_recipients(item.lead_unit))
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                reminder.save()
                reminder.recipients = _mail(
                    item=item,
                    unit=item.lead_unit,
                    subject=subject,
                    body=f"{item.lead_unit.name}:\n\n{message}\n\n{item.label} {item.title}\n",
                )
                reminder.save(update_fields=["recipients"])
        except IntegrityError:  # a concurrent run sent it first
            continue
        sent.append(reminder)
    log.info("reminders on %s: %d %s", on, len(sent), "(dry run)" if dry_run else "sent")
    return sent


@transaction.atomic
def extension_request(
    *,
    item: Item,
    unit: Unit,
    by: AbstractBaseUser,
    requested_due_on: date,
    reason: str,
    at: datetime | None = None,
) -> ExtensionRequest:
    reason = reason.strip()
    locked = lock_item(item_id=item.pk, expected_version=None)
    if locked.due_on is None:
        raise WorkflowError(_("该事项尚未设定完成时限,无需申请延期。"))
    if locked.status == Status.CLOSED:
        raise WorkflowError(_("该事项已销号,不能申请延期。"))
    if requested_due_on <= locked.due_on:
        raise WorkflowError(
            _("申请的新时限必须晚于原完成时限(%(due)s)。") % {"due": locked.due_on},
            field="requested_due_on",
        )
    if not reason:
        raise WorkflowError(_("请填写延期理由。"), field="reason")
    if locked.extension_requests.filter(state=ExtensionState.PENDING).exists():
        raise WorkflowError(_("该事项已有一项待审批的延期申请。"))
    # The item row is locked above, so a second request for it waits and then sees the first.
    return ExtensionRequest.objects.create(
        item=locked,
        unit=unit,
        requested_by=by,
        requested_at=at or timezone.now(),
        original_due_on=locked.due_on,
        requested_due_on=requested_due_on,
        reason=reason,
    )


@transaction.atomic
def extension_decide(
    *,
    request: ExtensionRequest,
    by: AbstractBaseUser,
    grant: bool,
    comment: str = "",
    at: datetime | None = None,
) -> ExtensionRequest:
    """Grant (moves the due date; the original stays on the request) or refuse."""
    at = at or timezone.now()
    locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if locked.state != ExtensionState.PENDING:
        raise WorkflowError(_("该延期申请已经处理。"))
    comment = comment.strip()
    if not grant and not comment:
        raise WorkflowError(_("不同意延期时必须填写理由。"), field="comment")
    locked.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    locked.decided_by = by
    locked.decided_at = at
    locked.decision_comment = comment
    locked.save()
    if grant:
        item = lock_item(item_id=locked.item_id, expected_version=None)
        if item.status == Status.CLOSED:
            raise WorkflowError(_("该事项已销号,无需延期。"))
        # The deadline may have moved since the request; granting never moves it earlier.
        if item.due_on is None or locked.requested_due_on > item.due_on:
            item.due_on = locked.requested_due_on
            save_item(item, by=by, at=at, reason="extension-granted")
    return locked


def extensions_settle_on_closure(*, item: Item, by: AbstractBaseUser, at: datetime) -> int:
    """Closing an item withdraws its pending extension requests, saying why."""
    with translation.override(settings.LANGUAGE_CODE):
        reason = _("事项已销号,延期申请不再需要审批。")
    pending = list(
        ExtensionRequest.objects.select_for_update().filter(item=item, state=ExtensionState.PENDING)
    )
    for request in pending:
        request.state = ExtensionState.WITHDRAWN
        request.decided_by, request.decided_at, request.decision_comment = by, at, reason
        request.save()
    return len(pending)
