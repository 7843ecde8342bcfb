"""Warning lights and their reasons: red past due; yellow unassigned, unacknowledged, due
soon or quiet; green otherwise — each with its reason in words."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_item, make_unit, make_user
from tracker.models import Acknowledgement, Item, Light, LightReason, Status

pytestmark = pytest.mark.django_db


def lit(item) -> Item:
    return Item.objects.with_light(on=timezone.localdate()).get(pk=item.pk)


def light_of(item) -> str:
    return lit(item).light


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def unit():
    return make_unit()


def owned(unit, **fields):
    return make_item(lead_unit=unit, **fields)


def test_red_when_past_due_and_not_closed(today, unit):
    item = lit(owned(unit, due_on=today - timedelta(days=12)))
    assert (item.light, item.light_reason, item.light_text) == (
        Light.RED,
        LightReason.OVERDUE,
        "逾期 12 天",
    )


def test_closed_is_green_even_past_due(today, unit):
    item = owned(unit, due_on=today - timedelta(days=1), status=Status.CLOSED, closed_on=today)
    assert (light_of(item), lit(item).light_text) == (Light.GREEN, "已销号")


def test_yellow_when_due_within_n_days(today, settings, unit):
    settings.TRACKER_DUE_SOON_DAYS = 14
    soon = lit(owned(unit, due_on=today + timedelta(days=8)))
    assert (soon.light, soon.light_text) == (Light.YELLOW, "8 天后到期")
    assert light_of(owned(unit, due_on=today + timedelta(days=14))) == Light.YELLOW
    assert light_of(owned(unit, due_on=today + timedelta(days=15), start_on=today)) == Light.GREEN
    assert lit(owned(unit, due_on=today)).light_text == "今天到期"


def test_yellow_when_no_approved_update_for_m_days(today, settings, unit):
    settings.TRACKER_STALE_DAYS = 30
    due = today + timedelta(days=100)
    stale = owned(unit, due_on=due, last_approved_on=today - timedelta(days=35))
    fresh = owned(
        unit, due_on=due, last_approved_on=today - timedelta(days=5), start_on=today - timedelta(90)
    )
    never = owned(unit, due_on=due, start_on=today - timedelta(days=40))
    assert (light_of(stale), light_of(fresh), light_of(never)) == (
        Light.YELLOW,
        Light.GREEN,
        Light.YELLOW,
    )
    assert lit(stale).light_text == "35 天无审核通过的进展"
    assert lit(never).light_text == "开始 40 天仍无审核通过的进展"
    assert lit(fresh).light_text == "正常推进"


def test_an_item_without_lead_unit_or_deadline_is_flagged_never_green(today, unit):
    far = today + timedelta(days=300)
    cases = {
        "未分配牵头单位和完成时限": make_item(),
        "未分配牵头单位": make_item(due_on=far),
        "未设完成时限": owned(unit),
    }
    for words, item in cases.items():
        item = lit(item)
        assert (item.light, item.light_reason, item.light_text) == (
            Light.YELLOW,
            LightReason.UNASSIGNED,
            words,
        )
    # Overdue still outranks it: red says more than "unassigned".
    assert light_of(make_item(due_on=today - timedelta(days=1))) == Light.RED


def test_yellow_when_a_notice_stays_unacknowledged_for_n_days(today, settings, unit):
    settings.TRACKER_ACK_DAYS = 3
    item = owned(unit, due_on=today + timedelta(days=300), start_on=today)
    now = timezone.now()
    notice = Acknowledgement.objects.create(
        item=item, unit=unit, reason="assigned", created_at=now - timedelta(days=3)
    )
    assert light_of(item) == Light.GREEN  # three days: not yet
    notice.created_at = now - timedelta(days=5)
    notice.save()
    item_now = lit(item)
    assert (item_now.light, item_now.light_reason, item_now.light_text) == (
        Light.YELLOW,
        LightReason.UNACKNOWLEDGED,
        "5 天未签收",
    )
    notice.acknowledged_at, notice.acknowledged_by = now, make_user()
    notice.save()
    assert light_of(item) == Light.GREEN
    # As of yesterday it had not been acknowledged yet.
    yesterday = Item.objects.with_light(on=today - timedelta(days=1)).get(pk=item.pk)
    assert yesterday.light_reason == LightReason.UNACKNOWLEDGED


def test_context_items_have_no_light():
    item = lit(make_item(kind="cause"))
    assert (item.light, item.light_text) == ("", "")
