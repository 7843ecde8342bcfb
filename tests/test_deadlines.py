"""Deadlines move later only with a reason, recorded as an extension; the original stays;
summaries count extensions and read the deadline in force on the day."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uploads import pdf_upload
from tracker.models import ExtensionRequest, ExtensionState, Status
from tracker.services import WorkflowError
from tracker.services.followup import Attachment, extension_decide, extension_request
from tracker.services.items import item_assign
from tracker.summaries.asof import AsOf
from tracker.summaries.figures import Scope, dashboard, item_rows

pytestmark = pytest.mark.django_db


def assign(world, due, *, reason="", at=None):
    return item_assign(
        item=world["own"], by=world["coordinator"], lead_unit=world["sfj"], supporting_units=[],
        assignee=None, start_on=None, due_on=due, status=Status.IN_PROGRESS,
        due_change_reason=reason, at=at,
    )  # fmt: skip


def test_moving_a_deadline_later_needs_a_reason_and_is_recorded(client, world):
    today = timezone.localdate()
    assign(world, today + timedelta(days=10))
    with pytest.raises(WorkflowError) as refused:
        assign(world, today + timedelta(days=40))
    assert refused.value.field == "due_change_reason"
    client.force_login(world["coordinator"])
    url = reverse("tracker:item-assign", args=[world["own"].pk])
    data = {
        "lead_unit": world["sfj"].pk, "due_on": (today + timedelta(days=40)).isoformat(),
        "status": "in_progress", "version": type(world["own"]).objects.get(pk=world["own"].pk).version,
    }  # fmt: skip
    response = client.post(url, data)
    assert "请填写延期理由" in response.content.decode()  # shown at its field, nothing saved
    assert not ExtensionRequest.objects.exists()
    response = client.post(url, {**data, "due_change_reason": "需等待上级文件"})
    assert response.status_code == 302
    extension = ExtensionRequest.objects.get()
    assert (extension.office_initiated, extension.state, extension.reason) == (
        True,
        ExtensionState.GRANTED,
        "需等待上级文件",
    )
    assert extension.original_due_on == today + timedelta(days=10)
    page = client.get(reverse("tracker:item-detail", args=[world["own"].pk])).content.decode()
    assert "已延期 1 次" in page and "督办延后完成时限" in page
    # Earlier needs no reason: it is not an extension.
    assign(world, today + timedelta(days=20))
    assert ExtensionRequest.objects.count() == 1


def test_summaries_count_extensions_per_item_and_unit(world):
    today = timezone.localdate()
    assign(world, today + timedelta(days=10))
    assign(world, today + timedelta(days=20), reason="第一次")
    assign(world, today + timedelta(days=30), reason="第二次")
    scope = Scope(report=world["report"], as_of=AsOf.live())
    row = next(r for r in item_rows(scope) if r.id == world["own"].pk)
    assert (row.extensions, row.original_due_on) == (2, today + timedelta(days=10))
    unit = next(u for u in dashboard(scope).units if u.unit_id == world["sfj"].pk)
    assert unit.extensions == 2


def test_as_of_a_past_day_the_deadline_then_in_force_counts(world):
    now, today = timezone.now(), timezone.localdate()
    assign(world, today - timedelta(days=2), at=now - timedelta(days=10))
    assign(world, today + timedelta(days=30), reason="延后", at=now - timedelta(days=1))
    before = Scope(report=world["report"], as_of=AsOf.of(today - timedelta(days=3)))
    row = next(r for r in item_rows(before) if r.id == world["own"].pk)
    assert (row.due_on, row.extensions) == (today - timedelta(days=2), 0)
    live = Scope(report=world["report"], as_of=AsOf.live())
    row = next(r for r in item_rows(live) if r.id == world["own"].pk)
    assert (row.due_on, row.extensions) == (today + timedelta(days=30), 1)


def test_the_office_may_grant_another_date_and_a_request_carries_the_signed_form(client, world):
    today = timezone.localdate()
    assign(world, today + timedelta(days=10))
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:extension-create", args=[world["own"].pk]),
        {
            "requested_due_on": (today + timedelta(days=90)).isoformat(),
            "reason": "需上会审议",
            "attachment": pdf_upload("延期申请表.pdf"),
        },
    )
    assert response.status_code == 302
    request = ExtensionRequest.objects.get()
    assert request.attachment_name == "延期申请表.pdf" and len(request.attachment_sha256) == 64
    download = client.get(reverse("tracker:extension-attachment", args=[request.pk]))
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
    client.force_login(world["other_reporter"])
    assert client.get(reverse("tracker:extension-attachment", args=[request.pk])).status_code == 404
    client.force_login(world["coordinator"])
    granted = (today + timedelta(days=45)).isoformat()
    client.post(
        reverse("tracker:extension-decide", args=[request.pk]),
        {"grant": "1", "due_on": granted, "comment": "给 45 天"},
    )
    request.refresh_from_db()
    world["own"].refresh_from_db()
    assert request.granted_due_on.isoformat() == granted == world["own"].due_on.isoformat()
    assert request.requested_due_on == today + timedelta(days=90)


def test_a_granted_date_must_be_later_than_the_original(world):
    today = timezone.localdate()
    assign(world, today + timedelta(days=10))
    request = extension_request(
        item=world["own"], unit=world["sfj"], by=world["reporter"],
        requested_due_on=today + timedelta(days=40), reason="r",
        attachment=Attachment(pdf_upload()),
    )  # fmt: skip
    with pytest.raises(WorkflowError) as refused:
        extension_decide(request=request, by=world["coordinator"], grant=True, due_on=today)
    assert refused.value.field == "due_on"
    request.refresh_from_db()
    assert request.state == ExtensionState.PENDING
