"""Forms fuzzed with hypothesis: odd text, dates and numbers never cause a 500,
and whatever is stored comes back escaped."""

import string
from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.models import ProgressUpdate

pytestmark = pytest.mark.django_db

NASTY = [
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "'; DROP TABLE tracker_item; --",
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "\x00\x01\x1b[31m",
    "👍🏽🇨🇳",
    "法治 العربية русский",
    "\u202e反向",
    " " * 50,
    "",
]
texts = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=300), st.text(alphabet=string.printable, max_size=100)
)
percents = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["", "abc", "1e9", "50.5", "-0"]),
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["", "2026-02-30", "0000-00-00", "昨天", "99999-01-01"]),
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_escaped(html: str, text: str) -> None:
    if "<script>" in text:
        assert "<script>alert(1)</script>" not in html


@FUZZ
@given(text=texts, percent=percents, reported_on=dates)
def test_progress_form_never_fails(client, world, text, percent, reported_on):
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:update-create", args=[world["own"].pk]),
        {
            "reported_on": reported_on,
            "text": text,
            "percent": percent,
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-url": text[:50],
            "evidence-0-description": text[:50],
        },
    )
    assert response.status_code in (200, 302)
    for update in ProgressUpdate.objects.all():
        assert update.percent is None or 0 <= update.percent <= 100
        assert update.reported_on <= date.today().replace(year=date.today().year + 1)
    page = client.get(reverse("tracker:item-detail", args=[world["own"].pk]))
    assert page.status_code == 200
    assert_escaped(page.content.decode(), text)


@FUZZ
@given(
    start=dates,
    due=dates,
    status=st.sampled_from(["in_progress", "closed", "bogus", ""]),
    lead=st.sampled_from(["", "999999", "abc", "-1"]),
)
def test_assign_form_never_fails(client, world, start, due, status, lead):
    client.force_login(world["coordinator"])
    item = world["own"]
    item.refresh_from_db()
    response = client.post(
        reverse("tracker:item-assign", args=[item.pk]),
        {
            "start_on": start,
            "due_on": due,
            "status": status,
            "lead_unit": lead,
            "version": item.version,
        },
    )
    assert response.status_code in (200, 302)
    item.refresh_from_db()
    assert item.status != "closed"
    assert not (item.start_on and item.due_on and item.due_on < item.start_on)


@FUZZ
@given(
    comment=texts,
    decision=st.sampled_from(["approve", "return", "nonsense", ""]),
    version=st.sampled_from(["", "1", "x", "-5"]),
)
def test_review_and_urge_never_fail(client, world, comment, decision, version):
    from django.utils import timezone

    from tracker.services.progress import update_submit

    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="x",
    )
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:update-review", args=[update.pk]),
        {"decision": decision, "comment": comment, "version": version},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("tracker:item-urge", args=[world["own"].pk]),
        {"unit": world["sfj"].pk, "message": comment},
    )
    assert response.status_code in (200, 302)
    page = client.get(reverse("tracker:item-detail", args=[world["own"].pk]))
    assert page.status_code == 200
    assert_escaped(page.content.decode(), comment)


@FUZZ
@given(q=texts, kind=texts, status=texts, unit=texts, light=texts, sort=texts, page=texts)
def test_item_list_filters_never_fail(client, world, q, kind, status, unit, light, sort, page):
    client.force_login(world["viewer"])
    params = {
        "q": q,
        "kind": kind,
        "status": status,
        "unit": unit,
        "light": light,
        "sort": sort,
        "page": page,
        "overdue": q[:3],
    }
    response = client.get(reverse("tracker:item-list"), params)
    assert response.status_code == 200


@FUZZ
@given(reason=texts, requested=dates)
def test_extension_form_never_fails(client, world, reason, requested):
    item = world["own"]
    item.due_on = date(2026, 6, 1)
    item.save()
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:extension-create", args=[item.pk]),
        {"requested_due_on": requested, "reason": reason},
    )
    assert response.status_code in (200, 302)
