"""签收: assigning or urging asks a unit to acknowledge; the office sees who has not."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_unit, make_user
from tracker.models import Acknowledgement, AckReason, Light, Message, MessageKind, Status
from tracker.services import WorkflowError
from tracker.services.acks import acknowledge_on_behalf, item_acknowledge
from tracker.services.followup import item_urge
from tracker.services.items import item_assign

pytestmark = pytest.mark.django_db


def assign(world, item, *, lead, supporting=(), at=None):
    return item_assign(
        item=item,
        by=world["coordinator"],
        lead_unit=lead,
        supporting_units=list(supporting),
        assignee=None,
        start_on=None,
        due_on=timezone.localdate() + timedelta(days=200),
        status=Status.IN_PROGRESS,
        at=at,
    )


def pending(item) -> set[str]:
    return {a.unit.short_name for a in Acknowledgement.objects.pending().filter(item=item)}


def test_units_newly_given_an_item_are_asked_to_acknowledge_and_told(world):
    item = make_item(report=world["report"])
    assign(world, item, lead=world["sfj"], supporting=[world["scjg"]])
    assert pending(item) == {"区司法局", "区市场监管局"}
    told = set(Message.objects.values_list("recipient__username", "kind"))
    # The reporters of both units and the leader of 区司法局 hear of it.
    assert told == {
        ("alice", MessageKind.ASSIGNED),
        ("bob", MessageKind.ASSIGNED),
        ("lily", MessageKind.ASSIGNED),
    }
    text = Message.objects.filter(recipient=world["reporter"]).get().text
    assert "牵头单位" in text and "请签收" in text


def test_reassigning_asks_only_the_new_units_and_forgets_the_removed_ones(world):
    item = make_item(report=world["report"])
    assign(world, item, lead=world["sfj"], supporting=[world["scjg"]])
    third = make_unit(short_name="区人社局")
    assign(world, item, lead=world["sfj"], supporting=[third])
    assert pending(item) == {"区司法局", "区人社局"}
    # The same unit asked twice has one open notice, not two.
    assert Acknowledgement.objects.filter(item=item, unit=world["sfj"]).count() == 1


def test_a_reporter_acknowledges_for_their_unit_only(client, world):
    item = make_item(report=world["report"])
    assign(world, item, lead=world["sfj"], supporting=[world["scjg"]])
    client.force_login(world["reporter"])
    page = client.get(reverse("tracker:item-detail", args=[item.pk])).content.decode()
    assert "签收</button>" in page
    response = client.post(
        reverse("tracker:item-acknowledge", args=[item.pk]), {"confirm": "1"}, follow=True
    )
    assert "已签收:区司法局" in response.content.decode()
    assert pending(item) == {"区市场监管局"}
    done = Acknowledgement.objects.get(item=item, unit=world["sfj"])
    assert (done.acknowledged_by, done.on_behalf) == (world["reporter"], False)
    with pytest.raises(WorkflowError):  # nothing left for 区司法局
        item_acknowledge(item=item, by=world["reporter"])


def test_a_unit_leader_may_acknowledge_too(world):
    item = make_item(report=world["report"])
    assign(world, item, lead=world["sfj"])
    item_acknowledge(item=item, by=world["leader"])
    assert pending(item) == set()


def test_an_urge_is_acknowledged_separately(world):
    item = make_item(report=world["report"])
    assign(world, item, lead=world["sfj"])
    item_acknowledge(item=item, by=world["reporter"])
    item_urge(item=item, unit=world["sfj"], by=world["coordinator"], message="请本周报送")
    notice = Acknowledgement.objects.pending().get(item=item)
    assert (notice.reason, notice.reminder.message) == (AckReason.URGED, "请本周报送")


def test_the_office_records_a_units_acknowledgement_for_it(client, world):
    item = make_item(report=world["report"])
    lonely = make_unit(short_name="区委组织部")
    assign(world, item, lead=lonely)
    client.force_login(world["coordinator"])
    client.post(
        reverse("tracker:item-acknowledge", args=[item.pk]), {"confirm": "1", "unit": lonely.pk}
    )
    done = Acknowledgement.objects.get(item=item)
    assert (done.acknowledged_by, done.on_behalf) == (world["coordinator"], True)
    page = client.get(reverse("tracker:item-detail", args=[item.pk])).content.decode()
    assert "督办代签收" in page
    with pytest.raises(WorkflowError):
        acknowledge_on_behalf(item=item, unit=lonely, by=world["reporter"])


def test_the_light_says_unacknowledged_after_n_days(world, settings):
    settings.TRACKER_ACK_DAYS = 3
    item = make_item(report=world["report"])
    assign(world, item, lead=world["sfj"], at=timezone.now() - timedelta(days=6))
    lit = type(item).objects.with_light(on=timezone.localdate()).get(pk=item.pk)
    assert (lit.light, lit.light_text) == (Light.YELLOW, "6 天未签收")
    item_acknowledge(item=item, by=world["reporter"])
    lit = type(item).objects.with_light(on=timezone.localdate()).get(pk=item.pk)
    assert lit.light == Light.GREEN


def test_the_office_sees_who_has_not_acknowledged_and_for_how_long(client, world):
    item = make_item(report=world["report"], title="待签收的任务")
    assign(world, item, lead=world["sfj"], at=timezone.now() - timedelta(days=5))
    client.force_login(world["coordinator"])
    page = client.get(reverse("tracker:acknowledgement-list")).content.decode()
    assert "待签收的任务" in page and "区司法局" in page and "5" in page
    units = client.get(reverse("tracker:unit-list")).context["units"]
    sfj = next(u for u in units if u.pk == world["sfj"].pk)
    assert (sfj.unacknowledged, sfj.reporters, sfj.leaders) == (1, 1, 1)
    scjg = next(u for u in units if u.pk == world["scjg"].pk)
    assert (scjg.reporters, scjg.leaders) == (1, 0)


def test_the_units_page_flags_units_without_reporter_or_leader(client, world):
    idle = make_unit(name="无事单位", short_name="无事单位")
    client.force_login(world["coordinator"])
    page = client.get(reverse("tracker:unit-list")).content.decode()
    assert "无填报人" not in page  # units that owe nothing are not flagged
    make_item(report=world["report"], lead_unit=idle)
    page = client.get(reverse("tracker:unit-list")).content.decode()
    assert "无填报人" in page and "无负责人" in page


def test_a_reporters_home_lists_what_waits_for_acknowledgement(client, world):
    item = make_item(report=world["report"], title="新分配的任务")
    assign(world, item, lead=world["sfj"])
    client.force_login(world["reporter"])
    home = client.get(reverse("tracker:home"))
    assert [n.item_id for n in home.context["notices"]] == [item.pk]
    item_acknowledge(item=item, by=world["reporter"])
    assert list(client.get(reverse("tracker:home")).context["notices"]) == []


@pytest.mark.parametrize("count", [3, 40])
def test_the_acknowledgement_list_query_count_is_fixed(
    client, world, django_assert_num_queries, count
):
    coordinator = world["coordinator"]
    for n in range(count):
        item = make_item(report=world["report"], lead_unit=world["sfj"], title=f"事项{n}")
        Acknowledgement.objects.create(
            item=item, unit=world["sfj"], reason="assigned", created_at=timezone.now(),
            created_by=make_user() if n == 0 else coordinator,
        )  # fmt: skip
    client.force_login(coordinator)
    # session, user, permissions, count, the page's notices (with items, units, senders),
    # the top bar's unread messages
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(7):
        response = client.get(reverse("tracker:acknowledgement-list"))
    assert len(response.context["page"]) == count
