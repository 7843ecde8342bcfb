"""Closing an item (销号) ends the review of its versions left undecided.

The case found in use: the office moves an item to another lead unit while the old
lead unit's version still waits for review; the new lead unit asks for closure and the
office approves it. The old version is left 待审核: it stays on record as it was, but
nobody may approve or return it any more, on the item page, in the queue or by a post.
"""

import logging

import pytest
from django.urls import reverse
from django.utils import timezone

from tracker.models import Decision, ProgressUpdate, Status, UpdateState
from tracker.services import WorkflowError
from tracker.services.items import item_assign
from tracker.services.progress import (
    EvidenceLink,
    update_review,
    update_submit,
    update_unit_review,
)

pytestmark = pytest.mark.django_db
LINK = [EvidenceLink("https://a.example/x", "证明")]
CLOSED_MESSAGE = "该事项已销号,这一版进展不再审核。"


def _submit(world, *, unit, author, **kw):
    return update_submit(
        item=world["own"], unit=unit, author=author, reported_on=timezone.localdate(), text="进展",
        **kw,
    )  # fmt: skip


def _reassign(world, *, to, supporting=(), status=None):
    item = world["own"]
    item.refresh_from_db()
    item_assign(
        item=item, by=world["coordinator"], lead_unit=to, supporting_units=list(supporting),
        assignee=None, start_on=None, due_on=None, status=status or item.status,
    )  # fmt: skip


def _close(world, *, unit, author):
    """The unit asks for closure and the office approves it: the item is closed."""
    closing = _submit(world, unit=unit, author=author, requests_closure=True, links=LINK)
    update_review(update=closing, reviewer=world["coordinator"], decision=Decision.APPROVE)
    world["own"].refresh_from_db()
    assert world["own"].status == Status.CLOSED


@pytest.fixture
def left_pending(world):
    """区司法局's version waits for review; the item moves to 区市场监管局, which asks for
    closure; the office approves: the item is closed and the old version still 待审核."""
    old = _submit(world, unit=world["sfj"], author=world["reporter"], percent=40)
    _reassign(world, to=world["scjg"])
    _close(world, unit=world["scjg"], author=world["other_reporter"])
    old.refresh_from_db()
    assert old.state == UpdateState.SUBMITTED
    return old


def _unchanged(world, update, *, item_version):
    update.refresh_from_db()
    world["own"].refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    assert (update.reviewed_by, update.reviewed_at, update.review_comment) == (None, None, "")
    assert world["own"].version == item_version
    assert (world["own"].status, world["own"].percent) == (Status.CLOSED, 100)


@pytest.mark.parametrize(
    "decision,comment", [(Decision.APPROVE, ""), (Decision.RETURN, "材料不全")]
)
def test_the_service_refuses_to_decide_a_version_of_a_closed_item(
    world, left_pending, decision, comment
):
    version = world["own"].version
    with pytest.raises(WorkflowError) as refused:
        update_review(
            update=left_pending, reviewer=world["coordinator"], decision=decision, comment=comment
        )
    assert str(refused.value.message) == CLOSED_MESSAGE
    _unchanged(world, left_pending, item_version=version)


def test_the_item_page_offers_no_review_of_a_version_left_pending_at_closure(
    client, world, left_pending
):
    client.force_login(world["coordinator"])
    url = reverse("tracker:update-review", args=[left_pending.pk])
    html = client.get(world["own"].get_absolute_url()).content.decode()
    assert f'id="update-{left_pending.pk}"' in html
    assert url not in html
    assert CLOSED_MESSAGE in html


def test_the_item_page_offers_the_review_while_the_item_is_open(client, world):
    """The counterpart: the same page does show the buttons before closure."""
    update = _submit(world, unit=world["sfj"], author=world["reporter"])
    client.force_login(world["coordinator"])
    html = client.get(world["own"].get_absolute_url()).content.decode()
    assert reverse("tracker:update-review", args=[update.pk]) in html
    assert CLOSED_MESSAGE not in html


@pytest.mark.parametrize(
    "decision,comment", [(Decision.APPROVE, ""), (Decision.RETURN, "材料不全")]
)
def test_a_post_is_refused_with_the_reason_and_logged(
    client, world, left_pending, decision, comment, caplog
):
    version = world["own"].version
    client.force_login(world["coordinator"])
    url = reverse("tracker:update-review", args=[left_pending.pk])
    with caplog.at_level(logging.INFO, logger="tracker.review"):
        response = client.post(url, {"decision": decision, "comment": comment}, follow=True)
    assert response.status_code == 200
    assert CLOSED_MESSAGE in [str(m) for m in response.context["messages"]]
    _unchanged(world, left_pending, item_version=version)
    (line,) = [r for r in caplog.records if getattr(r, "action", "") == "decision_refused"]
    assert (line.object_id, line.actor_id) == (left_pending.pk, world["coordinator"].pk)
    assert line.reason == CLOSED_MESSAGE


def test_bulk_approval_reports_the_closed_item_and_approves_the_rest(client, world, left_pending):
    other = update_submit(
        item=world["other"], unit=world["scjg"], author=world["other_reporter"],
        reported_on=timezone.localdate(), text="另一项",
    )  # fmt: skip
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:reviews-bulk-approve"),
        {"updates": [left_pending.pk, other.pk], "confirm": "1"},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any(CLOSED_MESSAGE in text for text in texts)
    other.refresh_from_db()
    assert other.state == UpdateState.APPROVED
    _unchanged(world, left_pending, item_version=world["own"].version)


def test_the_queue_and_its_count_leave_out_versions_of_closed_items(client, world, left_pending):
    waiting = _submit_other(world)
    assert list(ProgressUpdate.objects.awaiting_review()) == [waiting]
    client.force_login(world["coordinator"])
    queue = client.get(reverse("tracker:review-queue"))
    assert list(queue.context["page"]) == [waiting]
    html = queue.content.decode()
    assert f'id="update-{left_pending.pk}"' not in html
    assert reverse("tracker:update-review", args=[waiting.pk]) in html  # the buttons
    # The unit filter offers only units with something to review.
    assert [unit.pk for unit in queue.context["units"]] == [world["scjg"].pk]
    assert client.get(reverse("tracker:home")).context["queue_count"] == 1


def _submit_other(world):
    return update_submit(
        item=world["other"], unit=world["scjg"], author=world["other_reporter"],
        reported_on=timezone.localdate(), text="另一项",
    )  # fmt: skip


def test_reopening_the_item_makes_the_version_reviewable_again(world, left_pending):
    """Nothing was rewritten at closure, so an item the office reopens has its version back."""
    _reassign(world, to=world["scjg"], status=Status.IN_PROGRESS)
    assert list(ProgressUpdate.objects.awaiting_review()) == [left_pending]
    update_review(update=left_pending, reviewer=world["coordinator"], decision=Decision.APPROVE)
    left_pending.refresh_from_db()
    assert left_pending.state == UpdateState.APPROVED


def test_the_unit_leaders_check_ends_at_closure_too(client, world, settings):
    """A closure request waiting for its unit's leader is not checked once the item is
    closed by another version (the page offers no button, the service refuses)."""
    from tracker.models import OfficeSettings

    office = OfficeSettings.current()
    office.unit_review_closure = True
    office.save()
    waiting = _submit(
        world, unit=world["sfj"], author=world["reporter"], requests_closure=True, links=LINK
    )
    assert waiting.state == UpdateState.PENDING_UNIT
    client.force_login(world["leader"])
    check_url = reverse("tracker:update-unit-review", args=[waiting.pk])
    assert check_url in client.get(world["own"].get_absolute_url()).content.decode()
    # The office closes the item through another unit's request (no leader there);
    # 区司法局 stays on it as a supporting unit, so its leader still sees the item.
    _reassign(world, to=world["scjg"], supporting=[world["sfj"]])
    _close(world, unit=world["scjg"], author=world["other_reporter"])
    assert check_url not in client.get(world["own"].get_absolute_url()).content.decode()
    with pytest.raises(WorkflowError) as refused:
        update_unit_review(update=waiting, leader=world["leader"], approve=True)
    assert str(refused.value.message) == CLOSED_MESSAGE
    waiting.refresh_from_db()
    assert waiting.state == UpdateState.PENDING_UNIT


def test_a_unit_is_not_offered_to_revise_a_version_of_a_closed_item(client, world):
    """Its own version left pending when its closure request was approved: the page offers
    no 修改 (the service would refuse it), and the revise page is refused."""
    pending = _submit(world, unit=world["sfj"], author=world["reporter"], percent=60)
    client.force_login(world["reporter"])
    revise = reverse("tracker:update-revise", args=[pending.pk])
    assert revise in client.get(world["own"].get_absolute_url()).content.decode()
    _close(world, unit=world["sfj"], author=world["reporter"])
    assert revise not in client.get(world["own"].get_absolute_url()).content.decode()
    assert client.get(revise).status_code == 403
