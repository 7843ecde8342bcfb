"""Home pages and the review queue: right content, fixed query counts."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_report, make_unit, make_update, make_user
from tracker.models import Status, UpdateState

pytestmark = pytest.mark.django_db


def test_reporter_home_lists_owed_items_overdue_first_and_returned_updates(client, world):
    today = timezone.localdate()
    own, supported = world["own"], world["supported"]
    own.due_on, own.status = today + timedelta(days=40), Status.IN_PROGRESS
    own.save()
    supported.due_on = today - timedelta(days=1)
    supported.save()
    make_update(
        item=own,
        unit=world["sfj"],
        author=world["reporter"],
        state=UpdateState.RETURNED,
        reviewed_by=world["coordinator"],
        reviewed_at=timezone.now(),
        review_comment="补充材料",
    )
    client.force_login(world["reporter"])
    response = client.get(reverse("tracker:home"))
    owed = [i.title for i in response.context["owed"]]
    assert owed == ["司法局配合的任务", "司法局牵头的任务"]
    assert "市场监管局牵头的任务" not in response.content.decode()
    assert [u.review_comment for u in response.context["returned"]] == ["补充材料"]


def test_reporter_home_lists_the_newest_of_its_own_units_versions(client, world):
    sfj, supported, now = world["sfj"], world["supported"], timezone.now()
    author = world["reporter"]
    ours = [
        make_update(
            item=world["own"], unit=sfj, author=author, submitted_at=now - timedelta(hours=n + 1)
        )
        for n in range(25)
    ]
    # The lead unit's version on an item 区司法局 only supports is not theirs to list.
    make_update(
        item=supported, unit=world["scjg"], author=world["other_reporter"], submitted_at=now
    )
    returned = [
        make_update(
            item=world["own"],
            unit=sfj,
            author=author,
            state=UpdateState.RETURNED,
            reviewed_by=world["coordinator"],
            reviewed_at=now - timedelta(days=n),
            review_comment=f"退回{n}",
            submitted_at=now - timedelta(days=9),
        )
        for n in range(1, 4)
    ]
    revision = make_update(
        item=world["own"],
        unit=sfj,
        author=author,
        revises=returned[0],
        revision=2,
        submitted_at=now,
    )
    client.force_login(author)
    context = client.get(reverse("tracker:home")).context
    # The 20 newest, newest first: the revision, then 19 of the 25.
    assert [u.pk for u in context["submissions"]] == [revision.pk] + [u.pk for u in ours[:19]]
    assert [u.review_comment for u in context["returned"]] == ["退回2", "退回3"]


def test_coordinator_home_lists_queue_and_overdue(client, world):
    today = timezone.localdate()
    world["other"].due_on = today - timedelta(days=5)
    world["other"].save()
    make_update(item=world["own"], unit=world["sfj"], author=world["reporter"])
    client.force_login(world["coordinator"])
    response = client.get(reverse("tracker:home"))
    assert response.context["queue_count"] == 1
    assert [i.title for i in response.context["overdue"]] == ["市场监管局牵头的任务"]


def test_queue_is_oldest_first_and_filters_by_unit(client, world):
    old = make_update(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        submitted_at=timezone.now() - timedelta(days=3),
        text="旧",
    )
    new = make_update(
        item=world["other"], unit=world["scjg"], author=world["other_reporter"], text="新"
    )
    client.force_login(world["coordinator"])
    assert list(client.get(reverse("tracker:review-queue")).context["page"]) == [old, new]
    assert list(
        client.get(reverse("tracker:review-queue"), {"unit": world["scjg"].pk}).context["page"]
    ) == [new]


def populate(count: int):
    unit = make_unit()
    report = make_report()
    author = make_user(role="reporter", units=[unit])
    today = timezone.localdate()
    for n in range(count):
        item = make_item(
            report=report,
            lead_unit=unit,
            due_on=today - timedelta(days=n % 3),
            status=Status.IN_PROGRESS,
        )
        returned = make_update(
            item=item,
            unit=unit,
            author=author,
            state=UpdateState.RETURNED,
            reviewed_by=author,
            reviewed_at=timezone.now(),
            review_comment="改",
        )
        # Waiting updates after the first few are second versions: the queue shows what
        # changed against the version it revises, including that version's evidence
        # (at 5 the page holds none, at 60 many: the same count).
        if n >= 5:
            make_update(item=item, unit=unit, author=author, revises=returned, revision=2)
        else:
            make_update(item=item, unit=unit, author=author)
    return author


@pytest.mark.parametrize("count", [5, 60])
def test_queue_query_count_is_fixed(client, db, django_assert_num_queries, count):
    populate(count)
    client.force_login(make_user(role="coordinator"))
    # session, user, permissions (1), count, page of updates, the evidence of those and
    # of the versions they revise, units with submissions, the top bar's unread messages
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(9):
        assert client.get(reverse("tracker:review-queue")).status_code == 200


@pytest.mark.parametrize("count", [5, 60])
def test_coordinator_home_query_count_is_fixed(client, db, django_assert_num_queries, count):
    populate(count)
    client.force_login(make_user(role="coordinator"))
    # session, user, permissions (1), queue rows, queue count, overdue rows, overdue count,
    # extensions, the top bar's unread messages
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(10):
        client.get(reverse("tracker:home"))


@pytest.mark.parametrize("count", [5, 60])
def test_reporter_home_query_count_is_fixed(client, db, django_assert_num_queries, count):
    author = populate(count)
    client.force_login(author)
    # session, user, permissions (1), units, owed rows, owed count, notices to acknowledge,
    # returned, submissions, the top bar's unread messages
    with django_assert_num_queries(10):
        client.get(reverse("tracker:home"))
