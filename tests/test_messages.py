"""Messages (消息): who is told what, the page, read marks, and the e-mails that carry them."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_user
from tests.uploads import pdf_upload
from tracker.models import Decision, EmailMode, Message, MessageKind, UserPreference
from tracker.services.followup import extension_decide, extension_request
from tracker.services.notices import notify, send_pending
from tracker.services.progress import EvidenceFile, update_review, update_submit

pytestmark = pytest.mark.django_db


def kinds_for(user) -> list[str]:
    return list(
        Message.objects.filter(recipient=user).order_by("pk").values_list("kind", flat=True)
    )


def test_a_return_tells_the_unit_with_the_comment(world, submitted):
    update_review(
        update=submitted,
        reviewer=world["coordinator"],
        decision=Decision.RETURN,
        comment="请补充名单",
    )
    message = Message.objects.get(recipient=world["reporter"])
    assert message.kind == MessageKind.RETURNED and "请补充名单" in message.text
    assert message.actor == world["coordinator"]
    assert not Message.objects.filter(recipient=world["coordinator"]).exists()  # not the actor


def test_approval_and_closure_say_what_happened(world):
    item = world["own"]
    first = update_submit(
        item=item, unit=world["sfj"], author=world["reporter"],
        reported_on=timezone.localdate(), text="进展", percent=50,
    )  # fmt: skip
    update_review(update=first, reviewer=world["coordinator"], decision=Decision.APPROVE)
    closing = update_submit(
        item=item, unit=world["sfj"], author=world["reporter"], reported_on=timezone.localdate(),
        text="完成", requests_closure=True, files=[EvidenceFile(pdf_upload(), "验收")],
    )  # fmt: skip
    # The office hears of the closure request; nobody of the office of a plain update.
    assert kinds_for(world["coordinator"]) == [MessageKind.SUBMITTED]
    update_review(update=closing, reviewer=world["coordinator"], decision=Decision.APPROVE)
    assert kinds_for(world["reporter"]) == [MessageKind.APPROVED, MessageKind.CLOSED]
    closed = Message.objects.filter(kind=MessageKind.CLOSED, recipient=world["reporter"]).get()
    assert "已销号" in closed.text
    # A closure reaches the unit's leader too.
    assert MessageKind.CLOSED in kinds_for(world["leader"])


def test_extension_decisions_reach_the_unit(world):
    item = world["own"]
    item.due_on = timezone.localdate() + timedelta(days=5)
    item.save()
    request = extension_request(
        item=item, unit=world["sfj"], by=world["reporter"],
        requested_due_on=item.due_on + timedelta(days=30), reason="需上会",
    )  # fmt: skip
    assert kinds_for(world["coordinator"]) == [MessageKind.EXTENSION_REQUESTED]
    extension_decide(request=request, by=world["coordinator"], grant=False, comment="理由不足")
    message = Message.objects.get(recipient=world["reporter"])
    assert message.kind == MessageKind.EXTENSION_REFUSED and "理由不足" in message.text


def test_the_top_bar_counts_unread_and_the_page_marks_them_read(client, world):
    for n in range(3):
        notify(kind=MessageKind.URGED, item=world["own"], recipients=[world["reporter"]],
               text=f"第{n}条")  # fmt: skip
    client.force_login(world["reporter"])
    page = client.get(reverse("tracker:inbox")).content.decode()
    assert ">3</span>" in page  # the badge in the top bar
    first = Message.objects.filter(recipient=world["reporter"]).order_by("pk").first()
    response = client.post(reverse("tracker:message-open", args=[first.pk]))
    assert response["Location"] == world["own"].get_absolute_url()
    assert Message.objects.filter(recipient=world["reporter"]).unread().count() == 2
    unread = client.get(reverse("tracker:inbox"), {"unread": "1"}).context["page"]
    assert len(unread) == 2
    client.post(reverse("tracker:messages-read-all"), {"confirm": "1"})
    assert not Message.objects.filter(recipient=world["reporter"]).unread().exists()


def test_nobody_reads_or_marks_someone_elses_messages(client, world):
    theirs = notify(kind=MessageKind.URGED, item=world["own"], recipients=[world["reporter"]],
                    text="只给 alice")[0]  # fmt: skip
    client.force_login(world["other_reporter"])
    assert "只给 alice" not in client.get(reverse("tracker:inbox")).content.decode()
    assert client.post(reverse("tracker:message-open", args=[theirs.pk])).status_code == 404
    client.post(reverse("tracker:messages-read-all"), {"confirm": "1"})
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_digest_is_one_mail_per_person_never_empty_never_twice(world):
    for n in range(3):
        notify(kind=MessageKind.URGED, item=world["own"], recipients=[world["reporter"]],
               text=f"催办{n}")  # fmt: skip
    no_mail = make_user("nomail")
    no_mail.email = ""
    no_mail.save()
    notify(kind=MessageKind.URGED, item=world["own"], recipients=[no_mail], text="无邮箱")
    assert send_pending(digest=False) == {"each": 0, "digests": 0}  # digests wait for the day
    assert send_pending(digest=True)["digests"] == 1
    (digest,) = mail.outbox
    assert digest.to == ["alice@example.invalid"] and "3 条新消息" in digest.subject
    assert all(f"催办{n}" in digest.body for n in range(3))
    assert f"/items/{world['own'].pk}/" in digest.body
    assert send_pending(digest=True)["digests"] == 0 and len(mail.outbox) == 1


def test_who_asked_for_each_message_gets_it_at_once(world, django_capture_on_commit_callbacks):
    UserPreference.objects.create(user=world["reporter"], email_mode=EmailMode.EACH)
    UserPreference.objects.create(user=world["other_reporter"], email_mode=EmailMode.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        notify(kind=MessageKind.URGED, item=world["own"],
               recipients=[world["reporter"], world["other_reporter"]], text="请抓紧")  # fmt: skip
    assert [m.to for m in mail.outbox] == [["alice@example.invalid"]]
    assert "请抓紧" in mail.outbox[0].body
    assert Message.objects.get(recipient=world["other_reporter"]).email_skipped


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        raise OSError("mail server down")

    def close(self):
        pass

    def send_messages(self, messages):
        raise OSError("mail server down")


def test_a_failing_mail_server_fails_no_request_and_loses_no_message(
    client, world, settings, django_capture_on_commit_callbacks
):
    UserPreference.objects.create(user=world["reporter"], email_mode=EmailMode.EACH)
    settings.EMAIL_BACKEND = "tests.test_messages.BrokenBackend"
    client.force_login(world["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("tracker:item-urge", args=[world["own"].pk]),
            {"unit": world["sfj"].pk, "message": "请报送"},
        )
    assert response.status_code == 302
    message = Message.objects.get(recipient=world["reporter"])
    assert message.emailed_at is None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_messages", stdout=io.StringIO())
    message.refresh_from_db()
    assert message.emailed_at is not None and len(mail.outbox) == 1


def test_preferences_page_sets_the_email_choice(client, world):
    client.force_login(world["reporter"])
    response = client.post(reverse("tracker:preferences"), {"email_mode": "each"})
    assert response.status_code == 302
    assert UserPreference.objects.get(user=world["reporter"]).email_mode == EmailMode.EACH


@pytest.mark.parametrize("count", [3, 80])
def test_the_messages_page_query_count_is_fixed(client, world, django_assert_num_queries, count):
    other_item = make_item(report=world["report"], lead_unit=world["sfj"])
    for n in range(count):
        notify(kind=MessageKind.URGED, item=world["own"] if n % 2 else other_item,
               recipients=[world["reporter"]], text=f"消息{n}", actor=world["coordinator"])  # fmt: skip
    client.force_login(world["reporter"])
    # session, user, permissions (the top bar), count, the page's messages (with items and
    # actors), the unread badge
    with django_assert_num_queries(6):
        response = client.get(reverse("tracker:inbox"))
    assert len(response.context["page"]) == min(count, 30)
