"""Warning lights: red past due, yellow due soon or stale, green otherwise."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_item
from tracker.models import Item, Light, Status

pytestmark = pytest.mark.django_db


def light_of(item) -> str:
    return Item.objects.with_light(on=timezone.localdate()).get(pk=item.pk).light


@pytest.fixture
def today():
    return timezone.localdate()


def test_red_when_past_due_and_not_closed(today):
    assert light_of(make_item(due_on=today - timedelta(days=1))) == Light.RED


def test_closed_is_green_even_past_due(today):
    item = make_item(due_on=today - timedelta(days=1), status=Status.CLOSED, closed_on=today)
    assert light_of(item) == Light.GREEN


def test_yellow_when_due_within_n_days(today, settings):
    settings.TRACKER_DUE_SOON_DAYS = 14
    assert light_of(make_item(due_on=today + timedelta(days=14))) == Light.YELLOW
    assert light_of(make_item(due_on=today + timedelta(days=15), start_on=today)) == Light.GREEN


def test_yellow_when_no_approved_update_for_m_days(today, settings):
    settings.TRACKER_STALE_DAYS = 30
    due = today + timedelta(days=100)
    stale = make_item(due_on=due, last_approved_on=today - timedelta(days=31))
    fresh = make_item(
        due_on=due, last_approved_on=today - timedelta(days=5), start_on=today - timedelta(days=90)
    )
    never = make_item(due_on=due, start_on=today - timedelta(days=40))
    assert (light_of(stale), light_of(fresh), light_of(never)) == (
        Light.YELLOW,
        Light.GREEN,
        Light.YELLOW,
    )


def test_context_items_have_no_light():
    assert light_of(make_item(kind="cause")) == ""
