"""The 500s an adversarial run found, each reproduced, and the one home of the fix:
tracker.middleware.CleanInputMiddleware (NUL and control characters never reach a view,
a form, a filter or the admin); a unique-constraint race answers with the form's error."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_unit
from tracker.middleware import CleanInputMiddleware
from tracker.models import Unit
from tracker.views.units import UnitForm

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("unit", ["²", "١٢", "𝟙", "٣\x00", "99999999999999999999999", "-1"])
def test_review_queue_with_odd_digits(client, world, unit):
    client.force_login(world["coordinator"])
    assert client.get(reverse("tracker:review-queue"), {"unit": unit}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "status__exact=%00",
        "status__exact=a%00b",
        "kind__exact=%00&q=%00",
        "lead_unit__id__exact=%C2%B2",
        "lead_unit__id__exact=%D9%A1",
        "q=%00%01%1b",
        "o=%00",
        "p=%C2%B2",
    ],
)
def test_admin_list_filters_with_nul_and_odd_digits(client, world, query):
    client.force_login(world["admin"])
    response = client.get(reverse("admin:tracker_item_changelist") + "?" + query)
    assert response.status_code in (200, 302)  # 302: the admin's own "?e=1" for a bad filter


def test_nul_and_controls_are_removed_from_keys_and_values_of_get_and_post():
    seen = {}

    def view(request):
        seen["get"] = request.GET.dict()
        seen["post"] = request.POST.dict()

    middleware = CleanInputMiddleware(lambda request: None)
    request = RequestFactory().post("/x/?a%00b=1%002&plain=ok", {"t\x00": "x\x00y\x0bz\x1b"})
    middleware(request)
    middleware.process_view(request, view, (), {})
    view(request)
    assert seen["get"] == {"ab": "12", "plain": "ok"}
    assert seen["post"] == {"t": "xy\nz"}  # a vertical tab is a line break, the rest go


def test_a_clean_request_keeps_its_own_query_dicts():
    request = RequestFactory().get("/x/?a=1&b=二")
    before = request.GET
    CleanInputMiddleware(lambda request: None)(request)
    assert request.GET is before


def test_two_offices_adding_the_same_unit_at_once_get_the_forms_error(client, world, monkeypatch):
    """The form's check passes for both; the second save meets the constraint."""
    validate = UnitForm._post_clean

    def the_other_office_saves_first(form):
        validate(form)
        if form.is_bound and not Unit.objects.filter(name="新设单位(演示)").exists():
            make_unit(name="新设单位(演示)", jurisdiction=world["report"].jurisdiction)

    monkeypatch.setattr(UnitForm, "_post_clean", the_other_office_saves_first)
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:unit-create"),
        {"name": "新设单位(演示)", "kind": Unit._meta.get_field("kind").choices[0][0]},
    )
    assert response.status_code == 200
    assert "本辖区已有同名的单位" in response.content.decode()
    assert Unit.objects.filter(name="新设单位(演示)").count() == 1
