"""Urging units (催办), scheduled reminders and escalations, and extension requests (延期申请).

People are told through in-app messages (services/notices.py), which also
carry the e-mail; a unit's own mailbox, where it has one, gets the urge and
the reminder directly. Texts to units are written in the site's language
(settings.LANGUAGE_CODE, Chinese): the tracker does not know which language
each recipient reads. Errors for the person at the keyboard follow their
language.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import permissions
from ..evidence import CheckedFile, check_upload
from ..files import files_follow_transaction, store_upload
from ..models import (
    ExtensionRequest,
    ExtensionState,
    Item,
    MessageKind,
    OfficeUrge,
    Reminder,
    ReminderKind,
    Unit,
)
from .acks import ack_for_urge
from .errors import WorkflowError
from .items import lock_item, save_item
from .notices import item_link, notify

log = logging.getLogger("tracker.followup")


def unit_people(unit: Unit, *, escalate: bool) -> list:
    """Who hears about a unit's item: its reporters, and its leaders when it escalates."""
    people = list(permissions.unit_reporters(unit))
    if escalate:
        people += list(permissions.unit_leaders(unit))
    return people


def _mail_unit_mailbox(*, item: Item, unit: Unit, subject: str, body: str) -> bool:
    """The unit's own mailbox, after commit (a rolled-back urge never reaches anyone)."""
    if not unit.email:
        return False
    text = f"{body}\n{item_link(item)}\n"

    def send() -> None:
        try:
            send_mail(subject, text, settings.DEFAULT_FROM_EMAIL, [unit.email])
        except Exception:
            log.exception("mail to %s failed", unit.email)

    transaction.on_commit(send)
    return True


def _subject(item: Item, prefix: str) -> str:
    return f"【{prefix}】{item.label} {item.title}"


@transaction.atomic
def item_urge(
    *, item: Item, unit: Unit, by: AbstractBaseUser, message: str, at: datetime | None = None
) -> Reminder:
    """The coordinator urges a unit about an item: recorded, to be acknowledged (签收),
    told to its reporters (and to its leaders when the item is overdue).

    `recipients` on the reminder counts the people and the mailbox that were told;
    0 means nobody could be (the view warns)."""
    message = message.strip()
    if not message:
        raise WorkflowError(_("请填写催办内容。"), field="message")
    if not item.is_open:
        raise WorkflowError(_("只能催办未销号的事项。"))
    at = at or timezone.now()
    overdue = item.due_on is not None and item.due_on < timezone.localdate(at)
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
    ack_for_urge(reminder=reminder)
    told = notify(
        kind=MessageKind.URGED,
        item=item,
        recipients=unit_people(unit, escalate=overdue),
        text=body.strip(),
        actor=by,
        at=at,
    )
    mailbox = _mail_unit_mailbox(item=item, unit=unit, subject=subject, body=body)
    reminder.recipients = len(told) + mailbox
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
# Red (overdue) reaches the unit's leaders too; yellow its reporters only.
REMINDER_MESSAGE = {
    ReminderKind.OVERDUE: MessageKind.OVERDUE,
    ReminderKind.DUE_SOON: MessageKind.DUE_SOON,
    ReminderKind.STALE: MessageKind.DUE_SOON,
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
    """Due-soon, overdue and stale reminders to lead units, once per item per period;
    overdue ones escalate to the unit's leaders. Each reminder is its own transaction."""
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
        escalate = kind == ReminderKind.OVERDUE
        people = unit_people(item.lead_unit, escalate=escalate)
        if dry_run:
            reminder.recipients = len(people) + bool(item.lead_unit.email)
            sent.append(reminder)
            continue
        try:
            with transaction.atomic():
                reminder.save()
                told = notify(
                    kind=REMINDER_MESSAGE[kind],
                    item=item,
                    recipients=people,
                    text=f"{item.lead_unit.name}:{message}",
                    at=reminder.sent_at,
                )
                mailbox = _mail_unit_mailbox(
                    item=item, unit=item.lead_unit, subject=subject, body=message
                )
                reminder.recipients = len(told) + mailbox
                reminder.save(update_fields=["recipients"])
        except IntegrityError:  # a concurrent run sent it first
            continue
        sent.append(reminder)
    log.info("reminders on %s: %d %s", on, len(sent), "(dry run)" if dry_run else "sent")
    return sent


@dataclass(frozen=True)
class Attachment:
    """A signed 延期申请表 uploaded with a request (checked by the form, or here)."""

    upload: UploadedFile
    checked: CheckedFile | None = None


def _store_attachment(request: ExtensionRequest, attachment: Attachment) -> None:
    checked = attachment.checked or check_upload(attachment.upload)
    store_upload(request.attachment, f"upload.{checked.extension}", attachment.upload)
    request.attachment_name = checked.name
    request.attachment_type = checked.content_type
    request.attachment_size = checked.size
    request.attachment_sha256 = checked.sha256


@files_follow_transaction
@transaction.atomic
def extension_request(
    *,
    item: Item,
    unit: Unit,
    by: AbstractBaseUser,
    requested_due_on: date,
    reason: str,
    attachment: Attachment | None = None,
    at: datetime | None = None,
) -> ExtensionRequest:
    at = at or timezone.now()
    reason = reason.strip()
    locked = lock_item(item_id=item.pk, expected_version=None)
    if locked.due_on is None:
        raise WorkflowError(_("该事项尚未设定完成时限,无需申请延期。"))
    if not locked.is_open:
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
    request = ExtensionRequest(
        item=locked,
        unit=unit,
        requested_by=by,
        requested_at=at,
        original_due_on=locked.due_on,
        requested_due_on=requested_due_on,
        reason=reason,
    )
    if attachment is not None:
        _store_attachment(request, attachment)
    request._history_user, request._history_date = by, at
    request.save()
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(unit)s申请将“%(item)s”的完成时限由 %(a)s 延至 %(b)s:%(reason)s") % {
            "unit": unit,
            "item": locked,
            "a": locked.due_on,
            "b": requested_due_on,
            "reason": reason,
        }
    notify(
        kind=MessageKind.EXTENSION_REQUESTED,
        item=locked,
        recipients=permissions.coordinators(locked.report.jurisdiction),
        text=text,
        actor=by,
        at=at,
    )
    return request


@transaction.atomic
def extension_decide(
    *,
    request: ExtensionRequest,
    by: AbstractBaseUser,
    grant: bool,
    due_on: date | None = None,
    comment: str = "",
    at: datetime | None = None,
) -> ExtensionRequest:
    """Grant (the date asked, or `due_on`; the original stays on the request) or refuse."""
    at = at or timezone.now()
    locked = ExtensionRequest.objects.select_for_update().get(pk=request.pk)
    if not locked.is_pending:
        raise WorkflowError(_("该延期申请已经处理。"))
    comment = comment.strip()
    if not grant and not comment:
        raise WorkflowError(_("不同意延期时必须填写理由。"), field="comment")
    item = lock_item(item_id=locked.item_id, expected_version=None)
    if not item.is_open:
        raise WorkflowError(_("该事项已销号,无需延期。"))
    granted = (due_on or locked.requested_due_on) if grant else None
    if granted is not None and granted <= locked.original_due_on:
        raise WorkflowError(
            _("批准的新时限必须晚于原完成时限(%(due)s)。") % {"due": locked.original_due_on},
            field="due_on",
        )
    locked.state = ExtensionState.GRANTED if grant else ExtensionState.REFUSED
    locked.granted_due_on = granted
    locked.decided_by, locked.decided_at, locked.decision_comment = by, at, comment
    locked._history_user, locked._history_date = by, at
    locked.save()
    # The deadline may have moved since the request; granting never moves it earlier.
    if granted is not None and (item.due_on is None or granted > item.due_on):
        item.due_on = granted
        save_item(item, by=by, at=at, reason="extension-granted")
    with translation.override(settings.LANGUAGE_CODE):
        if grant:
            text = _("同意将“%(item)s”的完成时限延至 %(date)s。%(comment)s") % {
                "item": item,
                "date": granted,
                "comment": comment,
            }
        else:
            text = _("不同意“%(item)s”的延期申请:%(comment)s") % {"item": item, "comment": comment}
    notify(
        kind=MessageKind.EXTENSION_GRANTED if grant else MessageKind.EXTENSION_REFUSED,
        item=item,
        recipients=[locked.requested_by, *permissions.unit_reporters(locked.unit)],
        text=text.strip(),
        actor=by,
        at=at,
    )
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
        request._history_user, request._history_date = by, at
        request.save()
    return len(pending)


@transaction.atomic
def district_urge(
    *, district, by: AbstractBaseUser, message: str, at: datetime | None = None
) -> OfficeUrge:
    """The city's office urges a district's coordinating office; recorded and told to it."""
    message = message.strip()
    if not message:
        raise WorkflowError(_("请填写催办内容。"), field="message")
    at = at or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(office)s催办%(district)s:%(message)s") % {
            "office": by.get_full_name() or by.get_username(),
            "district": district,
            "message": message,
        }
    urge = OfficeUrge.objects.create(jurisdiction=district, message=message, sent_by=by, sent_at=at)
    told = notify(
        kind=MessageKind.URGED,
        item=None,
        recipients=permissions.coordinators(district).filter(
            memberships__unit__jurisdiction=district
        ),
        text=text,
        actor=by,
        at=at,
    )
    urge.recipients = len(told)
    urge.save(update_fields=["recipients"])
    return urge
