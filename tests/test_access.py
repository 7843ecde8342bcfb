"""Every workflow view for anonymous, other-unit reporter, own-unit reporter, viewer, coordinator.

Allowed requests work; refused ones get 404 (may not see) or 403 (may only
read) and change nothing in the database.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uploads import pdf_upload
from tracker.models import Evidence, ExtensionRequest, Item, ProgressUpdate, Reminder
from tracker.services.progress import EvidenceFile, update_submit

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "other_reporter", "reporter", "viewer", "coordinator"]


def snapshot():
    return (
        ProgressUpdate.objects.count(),
        Reminder.objects.count(),
        ExtensionRequest.objects.count(),
        Evidence.objects.count(),
        tuple(
            Item.objects.order_by("pk").values_list("version", "status", "due_on", "lead_unit_id")
        ),
        tuple(ProgressUpdate.objects.order_by("pk").values_list("state", "text", "reviewed_at")),
    )


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world[role])


@pytest.fixture
def pending(world):
    item = world["own"]
    item.due_on = timezone.localdate()
    item.save()
    return update_submit(
        item=item,
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="进展",
        files=[EvidenceFile(pdf_upload(), "材料")],
    )


# (name, method, url builder, data, {role: expected status})
CASES = [
    (
        "item page",
        "get",
        lambda w, u: reverse("tracker:item-detail", args=[w["own"].pk]),
        None,
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 200,
            "viewer": 200,
            "coordinator": 200,
        },
    ),
    (
        "context item",
        "get",
        lambda w, u: reverse("tracker:item-detail", args=[w["cause"].pk]),
        None,
        {
            "anonymous": 302,
            "other_reporter": 200,
            "reporter": 200,
            "viewer": 200,
            "coordinator": 200,
        },
    ),
    (
        "update form",
        "get",
        lambda w, u: reverse("tracker:update-create", args=[w["own"].pk]),
        None,
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 200,
            "viewer": 403,
            "coordinator": 403,
        },
    ),
    (
        "submit update",
        "post",
        lambda w, u: reverse("tracker:update-create", args=[w["own"].pk]),
        {
            "reported_on": "2026-01-05",
            "text": "新进展",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 302,
            "viewer": 403,
            "coordinator": 403,
        },
    ),
    (
        "edit update",
        "post",
        lambda w, u: reverse("tracker:update-revise", args=[u.pk]),
        {
            "reported_on": "2026-01-05",
            "text": "改过",
            "evidence-TOTAL_FORMS": "0",
            "evidence-INITIAL_FORMS": "0",
        },
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 302,
            "viewer": 403,
            "coordinator": 403,
        },
    ),
    (
        "review",
        "post",
        lambda w, u: reverse("tracker:update-review", args=[u.pk]),
        {"decision": "approve"},
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 403,
            "viewer": 403,
            "coordinator": 302,
        },
    ),
    (
        "review queue",
        "get",
        lambda w, u: reverse("tracker:review-queue"),
        None,
        {
            "anonymous": 302,
            "other_reporter": 403,
            "reporter": 403,
            "viewer": 403,
            "coordinator": 200,
        },
    ),
    (
        "assign",
        "post",
        lambda w, u: reverse("tracker:item-assign", args=[w["own"].pk]),
        {"lead_unit": "", "status": "on_hold"},
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 403,
            "viewer": 403,
            "coordinator": 302,
        },
    ),
    (
        "urge",
        "post",
        lambda w, u: reverse("tracker:item-urge", args=[w["own"].pk]),
        {"unit": "UNIT", "message": "请抓紧"},
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 403,
            "viewer": 403,
            "coordinator": 302,
        },
    ),
    (
        "extension",
        "post",
        lambda w, u: reverse("tracker:extension-create", args=[w["own"].pk]),
        {"requested_due_on": "2099-01-01", "reason": "需要时间"},
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 302,
            "viewer": 403,
            "coordinator": 403,
        },
    ),
    (
        "evidence",
        "get",
        lambda w, u: reverse("tracker:evidence-download", args=[u.evidence.get().pk]),
        None,
        {
            "anonymous": 302,
            "other_reporter": 404,
            "reporter": 200,
            "viewer": 200,
            "coordinator": 200,
        },
    ),
    (
        "other unit's item by URL",
        "get",
        lambda w, u: reverse("tracker:item-detail", args=[w["other"].pk]),
        None,
        {
            "anonymous": 302,
            "other_reporter": 200,
            "reporter": 404,
            "viewer": 200,
            "coordinator": 200,
        },
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_access(client, world, pending, case, role):
    name, method, url_for, data, expected = case
    login(client, world, role)
    url = url_for(world, pending)
    if data and data.get("unit") == "UNIT":
        data = {**data, "unit": world["sfj"].pk}
    before = snapshot()
    response = (
        getattr(client, method)(url, data) if data is not None else getattr(client, method)(url)
    )
    assert response.status_code == expected[role], (name, role)
    if response.status_code in (302, 403, 404) and not (
        method == "post" and expected[role] == 302 and role != "anonymous"
    ):
        assert snapshot() == before, (name, role)
    if response.status_code == 302 and role == "anonymous":
        assert response["Location"].startswith("/accounts/login/")


def test_a_viewer_changes_nothing_anywhere(client, world, pending):
    client.force_login(world["viewer"])
    before = snapshot()
    for _name, method, url_for, data, _expected in CASES:
        if method == "post":
            client.post(url_for(world, pending), data or {})
    assert snapshot() == before


def test_reporter_lists_only_their_units_items(client, world):
    client.force_login(world["reporter"])
    titles = {i.title for i in client.get("/items/?kind=task").context["page"]}
    assert titles == {"司法局牵头的任务", "司法局配合的任务"}
