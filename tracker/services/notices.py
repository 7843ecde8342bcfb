"""In-app messages (消息) and the e-mails that carry them.

Every workflow event that someone must know about becomes a Message row for
each person concerned, in the same transaction as the event: a message is
never lost, whatever the mail server does. E-mail follows each person's
choice (UserPreference): one daily digest (the default), one mail per
message, or none. Per-message mail is tried after the commit and never fails
the request; whatever could not be sent stays marked unsent and the next run
of `send_messages` (cron or Celery beat) tries again. Nothing is ever sent
empty, and every message names the link to its item.

Texts are written in the site's language (Chinese), like the e-mails to units.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import EmailMode, Item, Message, UserPreference

log = logging.getLogger("tracker.notices")


def item_link(item: Item | None) -> str:
    return f"{settings.TRACKER_SITE_URL}{item.get_absolute_url()}" if item else ""


def email_modes(user_ids: Iterable[int]) -> dict[int, str]:
    """Each person's e-mail choice (the default where they never chose)."""
    chosen = dict(
        UserPreference.objects.filter(user_id__in=list(user_ids)).values_list(
            "user_id", "email_mode"
        )
    )
    return defaultdict(lambda: EmailMode.DIGEST, chosen)


def notify(
    *,
    kind: str,
    item: Item | None,
    recipients: Iterable,
    text: str,
    actor=None,
    at: datetime | None = None,
) -> list[Message]:
    """A message for each recipient (never the actor, never twice); per-event mail after commit."""
    at = at or timezone.now()
    people = {user.pk: user for user in recipients if user is not None}
    if actor is not None:
        people.pop(actor.pk, None)
    if not people:
        return []
    modes = email_modes(people)
    rows = [
        Message(
            recipient=user,
            kind=kind,
            item=item,
            text=text,
            actor=actor,
            created_at=at,
            email_skipped=modes[user.pk] == EmailMode.NONE or not user.email,
        )
        for user in people.values()
    ]
    created = Message.objects.bulk_create(rows)
    each = [
        m.pk for m in created if not m.email_skipped and modes[m.recipient_id] == EmailMode.EACH
    ]
    if each:
        transaction.on_commit(lambda: send_each(Message.objects.filter(pk__in=each)))
    return created


def _subject(message: Message) -> str:
    label = f"{message.item.label} {message.item.title}" if message.item else ""
    return f"【{message.get_kind_display()}】{label}".strip()


def _body(message: Message) -> str:
    link = item_link(message.item)
    return f"{message.text}\n\n{link}\n" if link else f"{message.text}\n"


def _send(mails: list[tuple[list[int], EmailMessage]]) -> int:
    """Send each mail; mark its messages e-mailed only once it went. Never raises."""
    sent = 0
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception:
        log.exception("mail server unavailable; %d e-mails wait for the next run", len(mails))
        return 0
    try:
        for ids, mail in mails:
            mail.connection = connection
            try:
                mail.send()
            except Exception:
                log.exception("e-mail to %s failed; it waits for the next run", mail.to)
                continue
            Message.objects.filter(pk__in=ids).update(emailed_at=timezone.now())
            sent += 1
    finally:
        connection.close()
    return sent


def send_each(messages) -> int:
    """One mail per message (people who chose so)."""
    with translation.override(settings.LANGUAGE_CODE):
        mails = [
            (
                [m.pk],
                EmailMessage(
                    _subject(m), _body(m), settings.DEFAULT_FROM_EMAIL, [m.recipient.email]
                ),
            )
            for m in messages.select_related("recipient", "item", "item__parent")
        ]
    return _send(mails)


def send_pending(*, digest: bool) -> dict[str, int]:
    """What a scheduled run sends: per-message mails that have not gone yet, and (with
    `digest`, once a day) one digest per person of everything unsent since the last one."""
    pending = Message.objects.to_email().filter(email_skipped=False)
    modes = email_modes(pending.values_list("recipient_id", flat=True).distinct())
    each_ids = [
        pk
        for pk, user in pending.values_list("pk", "recipient_id")
        if modes[user] == EmailMode.EACH
    ]
    counts = {"each": send_each(Message.objects.filter(pk__in=each_ids)), "digests": 0}
    if digest:
        counts["digests"] = _send_digests(pending.exclude(pk__in=each_ids), modes)
    return counts


def _send_digests(pending, modes) -> int:
    by_person: dict[int, list[Message]] = defaultdict(list)
    for message in pending.select_related("item", "item__parent").order_by("created_at", "pk"):
        if modes[message.recipient_id] == EmailMode.DIGEST:
            by_person[message.recipient_id].append(message)
    people = get_user_model().objects.in_bulk(list(by_person))
    mails = []
    with translation.override(settings.LANGUAGE_CODE):
        for person_id, messages in by_person.items():
            person = people[person_id]
            lines = [
                f"{timezone.localtime(m.created_at):%Y-%m-%d %H:%M} {_subject(m)}\n{_body(m)}"
                for m in messages
            ]
            subject = _("【整改台账】您有 %(n)d 条新消息") % {"n": len(messages)}
            body = "\n".join(lines)
            mail = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [person.email])
            mails.append(([m.pk for m in messages], mail))
    return _send(mails)


def messages_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's messages read (all when `ids` is None); returns how many changed."""
    unread = Message.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
