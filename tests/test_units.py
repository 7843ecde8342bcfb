"""The coordinator adds a unit the report did not name, in the web pages."""

import pytest
from django.urls import reverse

from tracker.models import Unit

pytestmark = pytest.mark.django_db


def test_coordinator_adds_a_unit_and_sees_it_listed(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:unit-create"),
        {
            "name": " 蓟州区发展和改革委员会 ",
            "short_name": "区发改委",
            "kind": "department",
            "email": "",
        },
    )
    assert response.status_code == 302
    unit = Unit.objects.get(short_name="区发改委")
    assert unit.name == "蓟州区发展和改革委员会" and not unit.named_in_report
    assert unit.history.first().history_user == world["coordinator"]
    assert "区发改委" in client.get(reverse("tracker:unit-list")).content.decode()


def test_duplicate_unit_names_get_a_message(client, world):
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:unit-create"), {"name": world["sfj"].name, "kind": "department"}
    )
    assert response.status_code == 200
    assert Unit.objects.filter(name=world["sfj"].name).count() == 1
    assert "本辖区已有同名的单位" in response.content.decode()


def test_units_page_is_for_coordinators(client, world):
    for role in ("reporter", "viewer"):
        client.force_login(world[role])
        assert client.get(reverse("tracker:unit-list")).status_code == 403
        assert (
            client.post(reverse("tracker:unit-create"), {"name": "x", "kind": "other"}).status_code
            == 403
        )
    assert not Unit.objects.filter(name="x").exists()


def test_assignee_choices_show_names(client, world):
    world["reporter"].first_name = "赵填报"
    world["reporter"].save()
    client.force_login(world["coordinator"])
    html = client.get(reverse("tracker:item-assign", args=[world["own"].pk])).content.decode()
    assert "赵填报(alice)" in html
