"""The labelled demo data shows the workflow at work."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from tracker.models import (
    Evidence,
    ExtensionRequest,
    Item,
    ProgressUpdate,
    Reminder,
    Status,
    UpdateState,
)

pytestmark = pytest.mark.django_db


def test_demo_has_every_review_state_and_a_closure(demo):
    states = set(ProgressUpdate.objects.values_list("state", flat=True))
    assert states == {UpdateState.SUBMITTED, UpdateState.RETURNED, UpdateState.APPROVED}
    assert Item.objects.filter(status=Status.CLOSED).exists()
    assert Evidence.objects.exclude(file="").exists()
    assert Reminder.objects.exists() and ExtensionRequest.objects.exists()


def test_every_tracked_item_has_demo_owners_and_deadlines(demo):
    for item in Item.objects.tracked():
        assert item.lead_unit_id and item.due_on and item.start_on, item.label


def test_demo_accounts_exist_with_their_roles(demo):
    users = get_user_model().objects
    assert users.get(username="reporter-sfj").memberships.get().unit.short_name == "区司法局"
    assert users.get(username="reporter-scjg").memberships.get().unit.short_name == "区市场监管局"
    assert users.get(username="admin").is_superuser
    assert users.get(username="coordinator").groups.get().name == "coordinator"
    assert users.get(username="viewer").groups.get().name == "viewer"


def test_demo_units_are_labelled_as_not_from_the_report(demo):
    from tracker.models import Unit

    assert not Unit.objects.get(
        short_name="区司法局", jurisdiction=demo.jurisdiction
    ).named_in_report


def test_seed_demo_prints_the_address_it_is_given():
    out = io.StringIO()
    call_command("seed_demo", address="127.0.0.1:8101", stdout=out)
    assert "Demo log-ins at http://127.0.0.1:8101/accounts/login/" in out.getvalue()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "demo data already loaded" in out.getvalue()
    assert "http://" not in out.getvalue()  # no address given, none made up
