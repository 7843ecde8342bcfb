"""The item timeline: a cut timeline is exactly the head of the full one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tracker.models import Decision, Status
from tracker.services.followup import extension_decide, extension_request, item_urge
from tracker.services.items import item_assign
from tracker.services.progress import EvidenceLink, update_review, update_revise, update_submit
from tracker.timeline import timeline_window

pytestmark = pytest.mark.django_db


def key(event) -> tuple:
    return (event.at, event.kind, event.summary, tuple(event.details), getattr(event.obj, "pk", 0))


@pytest.fixture
def busy(world):
    """An item with every kind of event, many at the same instant, over 60 days.

    The events are dated after the item's creation record (made now), so
    they run into the future.
    """
    item, sfj, scjg = world["own"], world["sfj"], world["scjg"]
    reporter, coordinator = world["reporter"], world["coordinator"]
    start = timezone.now() + timedelta(minutes=1)
    today = timezone.localdate()
    item = item_assign(
        item=item,
        by=coordinator,
        lead_unit=sfj,
        supporting_units=[scjg],
        assignee=None,
        start_on=today - timedelta(days=70),
        due_on=today + timedelta(days=90),
        status=Status.IN_PROGRESS,
        at=start,
    )
    first = update_submit(
        item=item, unit=sfj, author=reporter, reported_on=today, text="首次", at=start
    )
    update_review(
        update=first, reviewer=coordinator, decision=Decision.RETURN, comment="补充", at=start
    )
    for n in range(1, 45):
        at = start + timedelta(days=1, hours=n)
        update = update_submit(
            item=item,
            unit=sfj,
            author=reporter,
            reported_on=today,
            text=f"第{n}次",
            percent=n,
            at=at,
        )
        # Approved at the very instant it came in: review, change and update tie.
        update_review(update=update, reviewer=coordinator, decision=Decision.APPROVE, at=at)
        if n % 9 == 0:
            item_urge(item=item, unit=sfj, by=coordinator, message=f"催办{n}", at=at)
    later = start + timedelta(days=20)
    ext = extension_request(
        item=item,
        unit=sfj,
        by=reporter,
        requested_due_on=today + timedelta(days=120),
        reason="任务重",
        at=later,
    )
    extension_decide(request=ext, by=coordinator, grant=True, at=later)
    extension_request(
        item=item,
        unit=sfj,
        by=reporter,
        requested_due_on=today + timedelta(days=200),
        reason="再延",
        at=later + timedelta(hours=1),
    )
    # Resubmitted long after its return, with many reviews in between.
    update_revise(
        update=first,
        author=reporter,
        reported_on=today,
        text="已补充",
        percent=50,
        requests_closure=False,
        links=[EvidenceLink("https://example.invalid/a", "材料")],
        at=start + timedelta(days=60),
    )
    item_assign(
        item=item,
        by=coordinator,
        lead_unit=sfj,
        supporting_units=[],
        assignee=None,
        start_on=item.start_on,
        due_on=today + timedelta(days=120),
        status=Status.IN_PROGRESS,
        at=start + timedelta(days=61),
    )
    return item


@pytest.mark.parametrize("latest", [1, 7, 30, 200])
def test_a_cut_timeline_is_the_head_of_the_full_one(busy, latest):
    full = timeline_window(busy, latest=None).events
    cut = timeline_window(busy, latest=latest)
    assert [key(e) for e in cut.events] == [key(e) for e in full[:latest]]
    assert cut.total == len(full)
    assert cut.hidden == max(0, len(full) - latest)


def test_the_timeline_tells_every_kind_of_event(busy):
    events = timeline_window(busy, latest=30).events
    summaries = [e.summary for e in events]
    assert summaries[:2] == ["事项变更", "提交修改后的第 2 版"]
    assert any("配合单位:(无)" in line for line in events[0].details)
    full = timeline_window(busy, latest=None).events
    kinds = {e.kind for e in full}
    assert kinds == {"change", "update", "review", "reminder", "extension", "extension-decision"}
    assert sum(e.summary == "事项建立" for e in full) == 1


def test_the_pending_extension_comes_with_the_timeline(busy):
    assert timeline_window(busy, latest=30).pending_extension.reason == "再延"
