"""Bulk work: approve several updates after a confirmation; assign or urge several items.
Each is one transaction with a result per item."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_unit
from tracker.models import Acknowledgement, Item, ProgressUpdate, Reminder, Status, UpdateState
from tracker.services.progress import update_review, update_submit

pytestmark = pytest.mark.django_db


def submit_many(world, count):
    updates = []
    for n in range(count):
        item = make_item(report=world["report"], lead_unit=world["sfj"], title=f"任务{n}")
        updates.append(
            update_submit(
                item=item,
                unit=world["sfj"],
                author=world["reporter"],
                reported_on=timezone.localdate(),
                text=f"进展{n}",
                percent=n % 100,
            )
        )
    return updates


def test_bulk_approval_lists_then_approves_and_reports_each(client, world):
    updates = submit_many(world, 3)
    client.force_login(world["coordinator"])
    url = reverse("tracker:reviews-bulk-approve")
    picked = [u.pk for u in updates]
    confirm = client.post(url, {"updates": picked})
    assert confirm.status_code == 200
    assert [u.pk for u in confirm.context["updates"]] == picked  # the confirmation lists them
    assert ProgressUpdate.objects.filter(state=UpdateState.APPROVED).count() == 0
    # Meanwhile another coordinator approved one of them: it is reported, the others pass.
    update_review(update=updates[0], reviewer=world["admin"], decision="approve")
    response = client.post(url, {"updates": picked, "confirm": "True"}, follow=True)
    page = response.content.decode()
    assert page.count("已完成") == 2 and page.count("未完成") >= 1
    assert "完成 2 条,未完成 1 条" in page
    assert (
        ProgressUpdate.objects.filter(
            state=UpdateState.APPROVED, reviewed_by=world["coordinator"]
        ).count()
        == 2
    )


def test_an_update_decided_meanwhile_is_reported_not_dropped(client, world):
    (update,) = submit_many(world, 1)
    update_review(update=update, reviewer=world["admin"], decision="approve")
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:reviews-bulk-approve"),
        {"updates": [update.pk], "confirm": "True"},
        follow=True,
    )
    assert "已被审核" in response.content.decode()
    update.refresh_from_db()
    assert update.reviewed_by == world["admin"]


def test_bulk_assign_sets_the_given_fields_and_keeps_the_rest(client, world):
    items = [make_item(report=world["report"], title=f"新事项{n}") for n in range(3)]
    items[0].supporting_units.add(world["scjg"])
    due = timezone.localdate() + timedelta(days=90)
    client.force_login(world["coordinator"])
    url = reverse("tracker:items-bulk")
    picked = [i.pk for i in items]
    form = client.post(url, {"items": picked, "action": "assign"})
    assert form.status_code == 200 and len(form.context["items"]) == 3
    response = client.post(
        url,
        {"items": picked, "action": "assign", "confirm": "True",
         "lead_unit": world["sfj"].pk, "due_on": due.isoformat()},
    )  # fmt: skip
    assert response.status_code == 302
    for item in Item.objects.filter(pk__in=picked):
        assert (item.lead_unit, item.due_on) == (world["sfj"], due)
    assert list(Item.objects.get(pk=items[0].pk).supporting_units.all()) == [world["scjg"]]
    # Each item's new unit was asked to acknowledge it.
    assert Acknowledgement.objects.filter(unit=world["sfj"], item__in=picked).count() == 3


def test_a_bulk_deadline_move_without_reason_changes_nothing(client, world):
    today = timezone.localdate()
    items = [
        make_item(report=world["report"], lead_unit=world["sfj"], due_on=today + timedelta(days=5))
        for _ in range(2)
    ]
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:items-bulk"),
        {"items": [i.pk for i in items], "action": "assign", "confirm": "True",
         "due_on": (today + timedelta(days=60)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200 and "请填写延期理由" in response.content.decode()
    assert all(
        i.due_on == today + timedelta(days=5)
        for i in Item.objects.filter(pk__in=[i.pk for i in items])
    )


def test_bulk_urge_urges_each_lead_unit_and_reports_those_without_one(client, world):
    led = make_item(report=world["report"], lead_unit=world["scjg"])
    orphan = make_item(report=world["report"])
    closed = make_item(report=world["report"], lead_unit=world["sfj"], status=Status.CLOSED,
                       closed_on=timezone.localdate())  # fmt: skip
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:items-bulk"),
        {"items": [led.pk, orphan.pk, closed.pk], "action": "urge", "confirm": "True",
         "message": "请本周报送"},
        follow=True,
    )  # fmt: skip
    page = response.content.decode()
    assert Reminder.objects.get().item == led
    assert "尚未确定牵头单位" in page and "只能催办未销号的事项" in page


def test_reporters_and_viewers_cannot_work_in_bulk(client, world):
    (update,) = submit_many(world, 1)
    for role in ("reporter", "viewer"):
        client.force_login(world[role])
        assert (
            client.post(
                reverse("tracker:reviews-bulk-approve"), {"updates": [update.pk]}
            ).status_code
            == 403
        )
        assert (
            client.post(
                reverse("tracker:items-bulk"), {"items": [world["own"].pk], "action": "urge"}
            ).status_code
            == 403
        )
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED


@pytest.mark.parametrize("count", [2, 40])
def test_the_bulk_pages_query_counts_are_fixed(client, world, django_assert_num_queries, count):
    updates = submit_many(world, count)
    units = [make_unit() for _ in range(3)]
    for n, update in enumerate(updates):
        update.item.supporting_units.add(units[n % 3])
    client.force_login(world["coordinator"])
    # session, user, permissions, the chosen updates (validated), the listing (with items,
    # units) and its evidence, the top bar's unread messages
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(8):
        confirm = client.post(
            reverse("tracker:reviews-bulk-approve"), {"updates": [u.pk for u in updates]}
        )
    assert len(confirm.context["updates"]) == count
    items = [u.item_id for u in updates]
    # session, user, permissions, the chosen items (validated), the form's lead-unit,
    # supporting-unit and person choices, the listing (with units, people) and its
    # supporting units, the top bar's unread messages
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(11):
        form = client.post(reverse("tracker:items-bulk"), {"items": items, "action": "assign"})
    assert len(form.context["items"]) == count
