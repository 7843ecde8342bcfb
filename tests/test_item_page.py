"""The item page: the same number of queries for 10 updates as for 200, timeline cut at 30."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_report, make_unit, make_user
from tracker.models import (
    Evidence,
    ExtensionRequest,
    Indicator,
    ItemLink,
    Measurement,
    ProgressUpdate,
    Reminder,
    Status,
    UpdateState,
)

pytestmark = pytest.mark.django_db


def item_with_updates(count: int):
    """A task in a chain, with `count` reviewed updates, evidence, an urge and an extension."""
    report = make_report()
    lead, other = make_unit(), make_unit()
    reporter = make_user(role="reporter", units=[lead])
    coordinator = make_user(role="coordinator")
    shortfall = make_item(report=report, kind="shortfall", lead_unit=lead)
    cause = make_item(report=report, kind="cause")
    today = timezone.localdate()
    task = make_item(
        report=report,
        lead_unit=lead,
        supporting_units=[other],
        status=Status.IN_PROGRESS,
        start_on=today - timedelta(days=400),
        due_on=today + timedelta(days=30),
    )
    ItemLink.objects.create(source=cause, target=shortfall, kind="explains")
    ItemLink.objects.create(source=task, target=shortfall, kind="addresses")
    start = timezone.now() - timedelta(days=count)
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            item=task,
            unit=lead,
            author=reporter,
            reported_on=today - timedelta(days=count - n),
            text=f"进展{n}",
            percent=n % 100,
            state=UpdateState.APPROVED if n % 4 else UpdateState.SUBMITTED,
            submitted_at=start + timedelta(days=n),
            reviewed_by=coordinator if n % 4 else None,
            reviewed_at=start + timedelta(days=n, hours=2) if n % 4 else None,
        )
        for n in range(count)
    )
    # The first version was returned and the second revises it.
    first, second = updates[0], updates[1]
    ProgressUpdate.objects.filter(pk=first.pk).update(
        state=UpdateState.RETURNED,
        reviewed_by=coordinator,
        reviewed_at=first.submitted_at + timedelta(hours=1),
        review_comment="请补充",
    )
    ProgressUpdate.objects.filter(pk=second.pk).update(revises=first, revision=2)
    Evidence.objects.bulk_create(
        Evidence(
            update=u,
            url=f"https://example.invalid/{u.pk}",
            description="材料",
            uploaded_by=reporter,
        )
        for u in updates
    )
    Reminder.objects.create(
        item=task, unit=lead, kind="manual", message="请加快", sent_by=coordinator, sent_at=start
    )
    ExtensionRequest.objects.create(
        item=task,
        unit=lead,
        requested_by=reporter,
        requested_at=start,
        original_due_on=task.due_on,
        requested_due_on=task.due_on + timedelta(days=30),
        reason="任务重",
    )
    return task, reporter, coordinator


@pytest.mark.parametrize("count", [10, 200])
def test_item_page_query_count_is_fixed_for_a_coordinator(
    client, db, django_assert_num_queries, count
):
    task, _reporter, coordinator = item_with_updates(count)
    client.force_login(coordinator)
    # session, user, permissions (1), the item (with "has it indicators?"), the chain's
    # links, supporting units; the timeline: history (with its supporting units),
    # versions (with the versions they revise), the evidence of both, decisions,
    # urges, extension requests (the pending one among them); the notices to
    # acknowledge (签收) and the top bar's unread messages. An item with indicators
    # adds them and their measurements.
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(15):
        response = client.get(reverse("tracker:item-detail", args=[task.pk]))
    assert response.status_code == 200
    reviews = count - (count + 3) // 4 + 1  # approvals and the return
    # updates, reviews, the urge, the extension request, creation and supporting units
    assert len(response.context["events"]) == min(30, count + reviews + 4)
    assert response.context["pending_extension"].reason == "任务重"


def test_an_item_with_indicators_shows_them_for_two_more_queries(
    client, db, django_assert_num_queries
):
    task, _reporter, coordinator = item_with_updates(10)
    indicator = Indicator.objects.create(
        report=task.report, name="行政复议纠错率", unit_of_measure="%"
    )
    indicator.items.add(task)
    Measurement.objects.create(
        indicator=indicator, value=12, measured_on=timezone.localdate(), source="年报"
    )
    client.force_login(coordinator)
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(15 + 2):  # the indicators, their measurements
        response = client.get(reverse("tracker:item-detail", args=[task.pk]))
    assert [row.indicator for row in response.context["indicators"]] == [indicator]
    assert "行政复议纠错率" in response.content.decode()


@pytest.mark.parametrize("count", [10, 200])
def test_item_page_query_count_is_fixed_for_a_reporter(
    client, db, django_assert_num_queries, count
):
    task, reporter, _coordinator = item_with_updates(count)
    client.force_login(reporter)
    # As for a coordinator, plus: the reporter's units (read once, they decide both
    # reporting and editing), and which chain items they may open.
    with django_assert_num_queries(16):
        response = client.get(reverse("tracker:item-detail", args=[task.pk]))
    assert response.status_code == 200


def test_a_long_timeline_shows_the_latest_30_and_offers_the_rest(client, db):
    task, _reporter, coordinator = item_with_updates(200)
    client.force_login(coordinator)
    url = reverse("tracker:item-detail", args=[task.pk])
    response = client.get(url)
    events = response.context["events"]
    assert len(events) == 30
    assert events[0].at >= events[-1].at
    hidden = response.context["hidden_events"]
    # 200 versions, 150 approvals and a return, the urge, the extension request, and
    # from the history the creation and the supporting units set afterwards.
    assert hidden == 200 + 151 + 1 + 1 + 2 - 30
    assert f"显示更早的 {hidden} 条记录" in response.content.decode()
    everything = client.get(url, {"timeline": "all"}).context
    assert len(everything["events"]) == 30 + hidden and everything["hidden_events"] == 0


def test_the_units_actions_come_first_and_closure_opens_the_form_ticked(client, world):
    client.force_login(world["reporter"])
    page = client.get(reverse("tracker:item-detail", args=[world["own"].pk])).content.decode()
    actions = page.index('class="d-flex flex-wrap gap-2 mb-3 item-actions')
    assert actions < page.index('class="source-text')
    create = reverse("tracker:update-create", args=[world["own"].pk])
    for link in (f'href="{create}">填报进展', f'href="{create}?closure=1">申请销号'):
        assert actions < page.index(link)
    form = client.get(create, {"closure": "1"})
    assert form.context["form"]["requests_closure"].value() is True
    assert client.get(create).context["form"]["requests_closure"].value() in (None, False)
