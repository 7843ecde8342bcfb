"""Urging (催办), scheduled reminders, extension requests (延期申请)."""

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_unit
from tracker.models import (
    EmailMode,
    ExtensionRequest,
    ExtensionState,
    Message,
    MessageKind,
    Reminder,
    ReminderKind,
    Status,
    UserPreference,
)
from tracker.services import WorkflowError
from tracker.services.followup import extension_decide, extension_request

pytestmark = pytest.mark.django_db


def test_urging_records_asks_for_acknowledgement_and_tells_the_reporters(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tracker:item-urge", args=[world["own"].pk]),
            {"unit": world["sfj"].pk, "message": "请本周内报送进展。"},
            follow=True,
        )
    assert "已催办" in response.content.decode()
    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.sent_by, reminder.recipients) == (
        ReminderKind.MANUAL,
        world["coordinator"],
        1,
    )
    assert reminder.acknowledgement.unit == world["sfj"] and reminder.acknowledgement.is_pending
    message = Message.objects.get()
    assert (message.recipient, message.kind) == (world["reporter"], MessageKind.URGED)
    assert "请本周内报送进展。" in message.text
    assert mail.outbox == []  # alice reads e-mail as a daily digest (the default)
    page = client.get(reverse("tracker:item-detail", args=[world["own"].pk])).content.decode()
    assert "请本周内报送进展。" in page


def test_an_urge_reaches_at_once_who_asked_for_each_message_by_mail(
    client, world, django_capture_on_commit_callbacks
):
    UserPreference.objects.create(user=world["reporter"], email_mode=EmailMode.EACH)
    client.force_login(world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("tracker:item-urge", args=[world["own"].pk]),
            {"unit": world["sfj"].pk, "message": "请本周内报送进展。"},
        )
    assert [m.to for m in mail.outbox] == [["alice@example.invalid"]]
    link = f"{settings.TRACKER_SITE_URL}/items/{world['own'].pk}/"
    assert "请本周内报送进展。" in mail.outbox[0].body and link in mail.outbox[0].body
    assert Message.objects.get().emailed_at is not None


def test_urging_a_unit_nobody_can_hear_is_a_warning(client, world):
    lonely = make_unit(name="无人单位")
    item = make_item(report=world["report"], lead_unit=lonely)
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:item-urge", args=[item.pk]),
        {"unit": lonely.pk, "message": "请报送。"},
        follow=True,
    )
    page = response.content.decode()
    assert "alert-warning" in page and "无人接收" in page
    assert Reminder.objects.get().recipients == 0


def test_urging_needs_a_message(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:item-urge", args=[world["own"].pk]),
        {"unit": world["sfj"].pk, "message": "   "},
    )
    assert response.status_code == 200
    assert not Reminder.objects.exists() and not mail.outbox


def set_due(item, days, **extra):
    item.due_on = timezone.localdate() + timedelta(days=days)
    item.start_on = extra.pop("start_on", None)
    for key, value in extra.items():
        setattr(item, key, value)
    item.save()


def run_reminders(capture, *args):
    with capture(execute=True):
        call_command("send_reminders", *args, stdout=io.StringIO())


def test_reminders_go_once_per_period(world, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    leader = world["leader"]
    set_due(world["own"], -2, status=Status.IN_PROGRESS)  # overdue
    set_due(world["other"], 3)  # due soon
    run_reminders(capture, "--dry-run")
    assert not Reminder.objects.exists() and not Message.objects.exists()
    run_reminders(capture)
    kinds = dict(Reminder.objects.values_list("item__title", "kind"))
    assert kinds == {
        "司法局牵头的任务": ReminderKind.OVERDUE,
        "市场监管局牵头的任务": ReminderKind.DUE_SOON,
    }
    # Red escalates to the unit's leader; yellow reaches the reporters only.
    told = set(Message.objects.values_list("recipient__username", "kind"))
    assert told == {
        ("alice", MessageKind.OVERDUE),
        (leader.username, MessageKind.OVERDUE),
        ("bob", MessageKind.DUE_SOON),
    }
    run_reminders(capture)
    assert Reminder.objects.count() == 2 and Message.objects.count() == 3
    next_week = (timezone.localdate() + timedelta(days=7)).isoformat()
    run_reminders(capture, "--date", next_week)
    # A new week: the overdue item is reminded again, and the due-soon one is now overdue.
    assert Reminder.objects.filter(kind=ReminderKind.OVERDUE).count() == 3


def test_stale_items_get_a_reminder(world, settings):
    settings.TRACKER_STALE_DAYS = 30
    set_due(world["own"], 300, start_on=timezone.localdate() - timedelta(days=45))
    call_command("send_reminders", stdout=io.StringIO())
    assert Reminder.objects.get().kind == ReminderKind.STALE


def test_extension_granted_moves_the_due_date_and_keeps_the_original(client, world):
    item = world["own"]
    set_due(item, 10)
    original = item.due_on
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:extension-create", args=[item.pk]),
        {"requested_due_on": (original + timedelta(days=30)).isoformat(), "reason": "需上会审议"},
    )
    assert response.status_code == 302
    request = ExtensionRequest.objects.get()
    client.force_login(world["coordinator"])
    client.post(
        reverse("tracker:extension-decide", args=[request.pk]), {"grant": "1", "comment": ""}
    )
    item.refresh_from_db()
    request.refresh_from_db()
    assert item.due_on == original + timedelta(days=30)
    assert (request.state, request.original_due_on) == (ExtensionState.GRANTED, original)
    page = client.get(reverse("tracker:item-detail", args=[item.pk])).content.decode()
    assert "需上会审议" in page and original.isoformat() in page


def test_extension_refusal_needs_a_reason_and_keeps_the_date(client, world):
    item = world["own"]
    set_due(item, 10)
    request = extension_request(
        item=item,
        unit=world["sfj"],
        by=world["reporter"],
        requested_due_on=item.due_on + timedelta(days=5),
        reason="r",
    )
    client.force_login(world["coordinator"])
    client.post(
        reverse("tracker:extension-decide", args=[request.pk]), {"grant": "0", "comment": ""}
    )
    request.refresh_from_db()
    assert request.state == ExtensionState.PENDING
    extension_decide(request=request, by=world["coordinator"], grant=False, comment="理由不充分")
    item_due = type(item).objects.get(pk=item.pk).due_on
    assert item_due == item.due_on


def test_extension_must_be_later_than_the_due_date(client, world):
    item = world["own"]
    set_due(item, 10)
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:extension-create", args=[item.pk]),
        {"requested_due_on": item.due_on.isoformat(), "reason": "x"},
    )
    assert "必须晚于原完成时限" in response.content.decode()
    with pytest.raises(WorkflowError):
        extension_request(
            item=item,
            unit=world["sfj"],
            by=world["reporter"],
            requested_due_on=date(2000, 1, 1),
            reason="x",
        )
