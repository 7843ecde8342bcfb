"""Guards: the responsible person belongs to the lead unit; closing settles pending
extensions and stops urging; messages say what happened."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uploads import pdf_upload
from tracker.models import ExtensionState, Status
from tracker.services import WorkflowError
from tracker.services.followup import extension_request, item_urge
from tracker.services.items import item_assign
from tracker.services.progress import EvidenceFile, update_review, update_submit

pytestmark = pytest.mark.django_db


def test_the_responsible_person_belongs_to_the_lead_unit(client, world):
    with pytest.raises(WorkflowError) as refused:
        item_assign(
            item=world["own"], by=world["coordinator"], lead_unit=world["sfj"],
            supporting_units=[], assignee=world["other_reporter"], start_on=None, due_on=None,
            status=Status.IN_PROGRESS,
        )  # fmt: skip
    assert refused.value.field == "assignee"
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:item-assign", args=[world["own"].pk]),
        {"lead_unit": world["sfj"].pk, "assignee": world["other_reporter"].pk,
         "status": "in_progress", "version": world["own"].version},
    )  # fmt: skip
    assert "责任人应是牵头单位的人员" in response.content.decode()
    world["own"].refresh_from_db()
    assert world["own"].assignee is None


@pytest.fixture
def closed_with_a_pending_extension(world):
    item = world["own"]
    item.due_on = timezone.localdate() + timedelta(days=5)
    item.save()
    request = extension_request(
        item=item, unit=world["sfj"], by=world["reporter"],
        requested_due_on=item.due_on + timedelta(days=30), reason="需要时间",
    )  # fmt: skip
    closing = update_submit(
        item=item, unit=world["sfj"], author=world["reporter"], reported_on=timezone.localdate(),
        text="完成", requests_closure=True, files=[EvidenceFile(pdf_upload(), "验收")],
    )  # fmt: skip
    update_review(update=closing, reviewer=world["coordinator"], decision="approve")
    request.refresh_from_db()
    item.refresh_from_db()
    return item, request


def test_closing_withdraws_a_pending_extension_with_its_reason(closed_with_a_pending_extension):
    item, request = closed_with_a_pending_extension
    assert item.status == Status.CLOSED
    assert request.state == ExtensionState.WITHDRAWN
    assert "已销号" in request.decision_comment and request.decided_at is not None


def test_a_closed_item_offers_no_urge_and_refuses_one(
    client, world, closed_with_a_pending_extension
):
    item, _request = closed_with_a_pending_extension
    client.force_login(world["coordinator"])
    page = client.get(reverse("tracker:item-detail", args=[item.pk])).content.decode()
    assert "tracker:item-urge" not in page and f"/items/{item.pk}/urge/" not in page
    with pytest.raises(WorkflowError):
        item_urge(item=item, unit=world["sfj"], by=world["coordinator"], message="再催")


def test_messages_say_what_happened(client, world):
    client.force_login(world["reporter"])
    data = {
        "reported_on": timezone.localdate().isoformat(), "text": "全部完成", "requests_closure": "on",
        "evidence-TOTAL_FORMS": "1", "evidence-INITIAL_FORMS": "0",
        "evidence-0-url": "https://example.gov.cn/a", "evidence-0-description": "公告",
    }  # fmt: skip
    response = client.post(
        reverse("tracker:update-create", args=[world["own"].pk]), data, follow=True
    )
    assert "已申请销号" in response.content.decode()
