"""The coordinator adds a unit the report did not name, in the web pages."""

import re

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


def test_units_follow_the_offices_order_then_kind_then_pinyin(db):
    from tests.factories import make_unit

    town = make_unit(name="长安街道办事处", short_name="长安街道", kind="township")
    court = make_unit(name="区人民法院", short_name="区法院", kind="court")
    justice = make_unit(name="区司法局(测试)", short_name="区司法局", kind="department")
    market = make_unit(name="区市场监管局(测试)", short_name="区市场监管局", kind="department")
    party = make_unit(name="区委组织部(测试)", short_name="区委组织部", kind="party")
    first = make_unit(name="依法治区办(测试)", short_name="依法治区办", kind="body")
    Unit.objects.filter(pk=first.pk).update(sort_order=1)
    assert justice.pinyin == "qu si fa ju" and town.pinyin == "chang an jie dao"
    ordered = list(Unit.objects.filter(pk__in=[u.pk for u in (town, court, justice, market,
                   party, first)]).in_order())  # fmt: skip
    # 依法治区办 by its number; then 党委机构, 政府部门 (市 before 司 in pinyin), 法院, 乡镇街.
    assert ordered == [first, party, market, justice, court, town]


def test_the_assignment_form_lists_units_in_that_order_with_searchable_boxes(client, world):
    Unit.objects.filter(pk=world["scjg"].pk).update(sort_order=1)
    client.force_login(world["coordinator"])
    response = client.get(reverse("tracker:item-assign", args=[world["own"].pk]))
    form = response.context["form"]
    assert list(form.fields["lead_unit"].queryset)[:1] == [world["scjg"]]
    page = response.content.decode()
    boxes = re.findall(r'<input type="checkbox"[^>]*name="supporting_units"[^>]*>', page)
    assert len(boxes) == Unit.objects.within(world["report"].jurisdiction).count()
    assert 'data-choice-search="区司法局 蓟州区司法局(测试) qusifaju qsfj"' in boxes[1]
    assert "tracker/choices.js" in page


def test_the_office_sets_a_units_place_in_the_lists(client, world):
    client.force_login(world["coordinator"])
    unit = world["scjg"]
    url = reverse("tracker:unit-edit", args=[unit.pk])
    assert client.get(url).context["form"].instance == unit
    response = client.post(
        url,
        {"name": unit.name, "short_name": "区市场监管局", "kind": "department", "sort_order": 2},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.sort_order == 2 and unit.history.first().history_user == world["coordinator"]
    page = client.get(reverse("tracker:unit-list")).content.decode()
    assert page.index(unit.name) < page.index(world["sfj"].name)
