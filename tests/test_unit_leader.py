"""单位负责人: where the office asks for it, a unit's closure request is checked by its
leader before the office; red escalates to the leader."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_unit, make_user
from tests.uploads import pdf_upload
from tracker.models import (
    Decision,
    Message,
    MessageKind,
    OfficeSettings,
    ProgressUpdate,
    Status,
    UpdateState,
)
from tracker.services import WorkflowError
from tracker.services.progress import (
    EvidenceFile,
    update_review,
    update_submit,
    update_unit_review,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_review_on(db):
    OfficeSettings.objects.create(pk=1, unit_review_closure=True)


def ask_closure(world, item=None, unit=None):
    return update_submit(
        item=item or world["own"], unit=unit or world["sfj"], author=world["reporter"],
        reported_on=timezone.localdate(), text="已完成,申请销号", requests_closure=True,
        files=[EvidenceFile(pdf_upload(), "验收材料")],
    )  # fmt: skip


def test_without_the_switch_a_closure_request_goes_to_the_office(world):
    update = ask_closure(world)
    assert update.state == UpdateState.SUBMITTED


def test_with_the_switch_the_leader_checks_first_then_the_office(client, world, unit_review_on):
    update = ask_closure(world)
    assert update.state == UpdateState.PENDING_UNIT
    assert Message.objects.filter(recipient=world["leader"], kind=MessageKind.UNIT_REVIEW).exists()
    with pytest.raises(WorkflowError, match="单位负责人"):
        update_review(update=update, reviewer=world["coordinator"], decision=Decision.APPROVE)
    assert list(ProgressUpdate.objects.awaiting_review()) == []  # not in the office's queue yet

    client.force_login(world["leader"])
    home = client.get(reverse("tracker:home"))
    assert [u.pk for u in home.context["to_check"]] == [update.pk]
    page = client.get(reverse("tracker:item-detail", args=[update.item_id])).content.decode()
    assert "单位审核通过,报督办" in page
    response = client.post(
        reverse("tracker:update-unit-review", args=[update.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.unit_reviewed_by) == (UpdateState.SUBMITTED, world["leader"])
    assert Message.objects.filter(recipient=world["coordinator"], kind=MessageKind.SUBMITTED)

    update_review(update=update, reviewer=world["coordinator"], decision=Decision.APPROVE)
    world["own"].refresh_from_db()
    assert world["own"].status == Status.CLOSED
    page = client.get(reverse("tracker:item-detail", args=[update.item_id])).content.decode()
    assert "单位负责人审核通过" in page and "通过并销号" in page


def test_the_leader_may_return_with_a_comment(world, unit_review_on):
    update = ask_closure(world)
    with pytest.raises(WorkflowError) as refused:
        update_unit_review(update=update, leader=world["leader"], approve=False)
    assert refused.value.field == "comment"
    update_unit_review(update=update, leader=world["leader"], approve=False, comment="材料不全")
    update.refresh_from_db()
    world["own"].refresh_from_db()
    assert (update.state, update.reviewed_by, update.review_comment) == (
        UpdateState.RETURNED,
        world["leader"],
        "材料不全",
    )
    assert world["own"].status != Status.AWAITING_CLOSURE
    assert Message.objects.filter(recipient=world["reporter"], kind=MessageKind.RETURNED)


def test_another_units_leader_cannot_check_it(client, world, unit_review_on):
    update = ask_closure(world)
    stranger = make_user("zed", role="unit_leader", units=[world["scjg"]])
    client.force_login(stranger)
    response = client.post(
        reverse("tracker:update-unit-review", args=[update.pk]), {"decision": "approve"}
    )
    assert response.status_code == 404
    update.refresh_from_db()
    assert update.state == UpdateState.PENDING_UNIT


def test_a_unit_without_a_leader_goes_straight_to_the_office(world, unit_review_on):
    lonely = make_unit(short_name="无负责人单位")
    make_user("rita", role="reporter", units=[lonely])
    world["own"].supporting_units.add(lonely)
    update = ask_closure(world, unit=lonely)
    assert update.state == UpdateState.SUBMITTED


def test_the_office_switches_it_on_in_its_settings_page(client, world):
    client.force_login(world["coordinator"])
    client.post(reverse("tracker:office-settings"), {"unit_review_closure": "True"})
    assert OfficeSettings.current().unit_review_closure
    client.force_login(world["reporter"])
    assert client.get(reverse("tracker:office-settings")).status_code == 403


def test_the_leaders_list_leaves_out_requests_on_an_item_since_closed(
    client, world, unit_review_on
):
    update = ask_closure(world)
    client.force_login(world["leader"])
    assert [u.pk for u in client.get(reverse("tracker:home")).context["to_check"]] == [update.pk]
    # The office closes the item another way; the request is no longer the leader's to check.
    type(world["own"]).objects.filter(pk=world["own"].pk).update(
        status=Status.CLOSED, closed_on=timezone.localdate()
    )
    assert list(client.get(reverse("tracker:home")).context["to_check"]) == []
