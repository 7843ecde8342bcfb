"""Edge cases found in review: late, withdrawn and competing updates; odd dates and input."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_update
from tests.preview_page import PreviewPage
from tracker.models import Decision, ImportDraft, ItemLink, Status, UpdateState
from tracker.seed import seed_report_text as seed_text
from tracker.services.followup import extension_decide, extension_request
from tracker.services.items import item_assign
from tracker.services.progress import EvidenceLink, update_review, update_revise, update_submit

pytestmark = pytest.mark.django_db
LINK = [EvidenceLink("https://a.example/x", "证明")]


def _submit(world, item=None, **kw):
    return update_submit(
        item=item or world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=kw.pop("reported_on", timezone.localdate()),
        text="x",
        **kw,
    )


# F1 ---------------------------------------------------------------------------
def test_withdrawing_a_closure_request_releases_the_item(world):
    """Revising a submitted update to drop 申请销号 leaves the item 待销号 for good."""
    update = _submit(world, requests_closure=True, links=LINK)
    world["own"].refresh_from_db()
    assert world["own"].status == Status.AWAITING_CLOSURE
    newer = update_revise(
        update=update, author=world["reporter"],
        reported_on=timezone.localdate(), text="还没完成", percent=60, requests_closure=False,
    )  # fmt: skip
    world["own"].refresh_from_db()
    assert world["own"].status == Status.IN_PROGRESS  # no version asks for closure any more
    update_review(update=newer, reviewer=world["coordinator"], decision=Decision.APPROVE)
    world["own"].refresh_from_db()
    assert world["own"].status == Status.IN_PROGRESS


# F2 ---------------------------------------------------------------------------
def test_a_closed_item_is_not_reopened_or_changed_by_a_late_update(world):
    """An update pending when the item is closed is no longer decided (neither approved
    nor returned: tests/test_review_closed.py); the closed item keeps its 100 %."""
    from tracker.services import WorkflowError

    late = _submit(world, percent=40)
    closing = _submit(world, requests_closure=True, links=LINK)
    update_review(update=closing, reviewer=world["coordinator"], decision=Decision.APPROVE)
    item = world["own"]
    item.refresh_from_db()
    assert (item.status, item.percent) == (Status.CLOSED, 100)
    with pytest.raises(WorkflowError):
        update_review(update=late, reviewer=world["coordinator"], decision=Decision.APPROVE)
    item.refresh_from_db()
    late.refresh_from_db()
    assert (item.status, item.percent, late.state) == (Status.CLOSED, 100, UpdateState.SUBMITTED)


# F3 ---------------------------------------------------------------------------
def test_approving_an_older_update_does_not_roll_percent_back(world):
    today = timezone.localdate()
    newer = _submit(world, percent=80, reported_on=today)
    older = _submit(world, percent=30, reported_on=today - timedelta(days=20))
    update_review(update=newer, reviewer=world["coordinator"], decision=Decision.APPROVE)
    update_review(update=older, reviewer=world["coordinator"], decision=Decision.APPROVE)
    item = world["own"]
    item.refresh_from_db()
    assert item.last_approved_on == today
    assert item.percent == 80


# F4 ---------------------------------------------------------------------------
def test_returning_one_closure_request_keeps_the_other_pending(world):
    first = _submit(world, requests_closure=True, links=LINK)
    _second = _submit(world, requests_closure=True, links=LINK)
    update_review(
        update=first, reviewer=world["coordinator"], decision=Decision.RETURN, comment="补"
    )
    world["own"].refresh_from_db()
    assert world["own"].status == Status.AWAITING_CLOSURE


# F5 ---------------------------------------------------------------------------
def test_the_deadline_waits_for_a_pending_extension_request(world):
    """The office cannot move a deadline past a pending request: it decides the request."""
    item, today = world["own"], timezone.localdate()
    item_assign(
        item=item, by=world["coordinator"], lead_unit=world["sfj"], supporting_units=[],
        assignee=None, start_on=None, due_on=today + timedelta(days=10), status=Status.IN_PROGRESS,
    )  # fmt: skip
    request = extension_request(
        item=item, unit=world["sfj"], by=world["reporter"],
        requested_due_on=today + timedelta(days=40), reason="需要时间",
    )  # fmt: skip
    item.refresh_from_db()
    from tracker.services import WorkflowError

    with pytest.raises(WorkflowError) as refused:
        item_assign(
            item=item, by=world["coordinator"], lead_unit=world["sfj"], supporting_units=[],
            assignee=None, start_on=None, due_on=today + timedelta(days=200),
            status=Status.IN_PROGRESS, due_change_reason="给足时间",
        )  # fmt: skip
    assert refused.value.field == "due_on"
    # The office may grant another date than the one asked.
    extension_decide(
        request=request, by=world["coordinator"], grant=True, due_on=today + timedelta(days=30)
    )
    item.refresh_from_db()
    request.refresh_from_db()
    assert item.due_on == request.granted_due_on == today + timedelta(days=30)
    assert request.original_due_on == today + timedelta(days=10)


def test_granting_an_extension_on_a_closed_item_is_refused(world):
    item, today = world["own"], timezone.localdate()
    item.due_on = today + timedelta(days=5)
    item.save()
    request = extension_request(
        item=item, unit=world["sfj"], by=world["reporter"],
        requested_due_on=today + timedelta(days=40), reason="需要时间",
    )  # fmt: skip
    closing = _submit(world, requests_closure=True, links=LINK)
    update_review(update=closing, reviewer=world["coordinator"], decision=Decision.APPROVE)
    from tracker.services import WorkflowError

    with pytest.raises(WorkflowError):
        extension_decide(request=request, by=world["coordinator"], grant=True)


# F6 ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["tracker:dashboard", "tracker:summary", "tracker:summary-docx", "tracker:ledger-xlsx"]
)
def test_an_ancient_as_of_date_gets_a_message_not_a_500(client, world, url):
    client.raise_request_exception = False
    client.force_login(world["reporter"])
    response = client.get(reverse(url), {"as_of": "0001-01-01"})
    assert response.status_code in (200, 400)


# F7 ---------------------------------------------------------------------------
def test_report_page_hides_other_units_status_light_and_owner(client, world):
    other = world["other"]  # led by 区市场监管局; alice is 区司法局
    other.status = Status.AWAITING_CLOSURE
    other.due_on = timezone.localdate() - timedelta(days=3)  # red light
    other.save()
    client.force_login(world["reporter"])
    html = client.get(reverse("tracker:report-detail", args=[other.report_id])).content.decode()
    block = html.split(other.title, 1)[1].split("report-item", 1)[0]
    assert "待销号" not in block and "light-red" not in block
    assert str(world["scjg"]) not in block


# F8 ---------------------------------------------------------------------------
def _coordinator_draft(client, world) -> PreviewPage:
    client.force_login(world["coordinator"])
    response = client.post(reverse("tracker:import-start"), {"text": seed_text()})
    assert response.status_code == 302
    return PreviewPage(client, ImportDraft.objects.latest("pk"))


def test_a_malformed_link_key_does_not_brick_the_import_draft(client, world):
    page = _coordinator_draft(client, world)
    client.raise_request_exception = False
    assert page.submit({"save": "1", "links": ["garbage"]}).status_code == 200
    assert client.get(page.url).status_code == 200


@pytest.mark.parametrize("year", ["12", "99999", "9" * 5000])
def test_an_implausible_year_is_a_message_not_a_500(client, world, year):
    page = _coordinator_draft(client, world)
    client.raise_request_exception = False
    response = page.submit({"confirm": "1", "year": year})
    assert response.status_code == 200
    assert response.context["forms"].header.errors["year"]


def test_hand_made_links_obey_the_link_rules(client, world):
    page = _coordinator_draft(client, world)
    here = str(world["report"].jurisdiction_id)
    page.submit(
        {"confirm": "1", "jurisdiction": here,
         "links": [*page.checked_links(), "explains:task:1:measure:1"]}
    )  # fmt: skip
    assert not ItemLink.objects.filter(source__kind="task", kind="explains").exists()
    page.submit({"confirm": "1", "jurisdiction": here})  # without the bad link it imports
    assert ItemLink.objects.exists()
    assert not ItemLink.objects.filter(source__kind="task", kind="explains").exists()


# F9 ---------------------------------------------------------------------------
def test_reporter_home_lists_only_their_own_units_returned_updates(client, world):
    supported = world["supported"]  # led by 区市场监管局, 区司法局 supports
    make_update(
        item=supported, unit=world["scjg"], author=world["other_reporter"],
        state=UpdateState.RETURNED, reviewed_by=world["coordinator"],
        reviewed_at=timezone.now(), review_comment="市场监管局请补充",
    )  # fmt: skip
    client.force_login(world["reporter"])
    returned = client.get(reverse("tracker:home")).context["returned"]
    assert list(returned) == []


# F10 --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "url", ["tracker:ledger-xlsx", "tracker:summary-docx", "tracker:draft-docx"]
)
def test_progress_pasted_from_word_does_not_break_the_exports(client, world, url):
    """A vertical tab (Word's soft line break, \\x0b) passes the progress form; once the
    update is approved every .xlsx/.docx export of the report answers 500 for everyone."""
    item = world["own"]
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:update-create", args=[item.pk]),
        {"reported_on": timezone.localdate().isoformat(), "text": "第一段\x0b第二段",
         "percent": "50", "evidence-TOTAL_FORMS": "0", "evidence-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 302  # accepted as is
    update = item.updates.get()
    update_review(update=update, reviewer=world["coordinator"], decision=Decision.APPROVE)
    client.force_login(world["viewer"])
    client.raise_request_exception = False
    response = client.get(reverse(url), {"report": item.report_id})
    assert response.status_code == 200


# F11 (PostgreSQL only) ---------------------------------------------------------
def test_a_stray_nul_in_an_uploaded_report_is_refused_or_stripped(client, world):
    """_has_control_characters tolerates 1 control char in 200, so a NUL gets through.
    SQLite stores it; PostgreSQL text cannot hold NUL: 500 on ImportDraft.create."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    text = seed_text()
    data = (text[:500] + "\x00" + text[500:]).encode("utf-8")
    client.force_login(world["coordinator"])
    client.raise_request_exception = False
    response = client.post(
        reverse("tracker:import-start"), {"file": SimpleUploadedFile("r.txt", data)}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        assert "\x00" not in ImportDraft.objects.latest("pk").source_text
