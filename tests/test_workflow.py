"""The daily loop: submit → return → resubmit → approve closure → closed, all on the timeline."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uploads import PDF, pdf_upload
from tracker.models import Decision, Evidence, Item, ProgressUpdate, Review, Status, UpdateState
from tracker.services import Conflict, WorkflowError
from tracker.services.progress import EvidenceLink, update_review, update_submit

pytestmark = pytest.mark.django_db


def submit(client, item, **fields):
    data = {
        "reported_on": timezone.localdate().isoformat(),
        "text": "完成了公职律师配备。",
        "percent": "",
        "evidence-TOTAL_FORMS": "3",
        "evidence-INITIAL_FORMS": "0",
        "evidence-0-description": "",
        "evidence-0-url": "",
        "evidence-1-description": "",
        "evidence-1-url": "",
        "evidence-2-description": "",
        "evidence-2-url": "",
    }
    data.update(fields)
    return client.post(reverse("tracker:update-create", args=[item.pk]), data)


def test_the_whole_loop(client, world):
    item, reporter, coordinator = world["own"], world["reporter"], world["coordinator"]
    client.force_login(reporter)
    response = submit(
        client,
        item,
        text="已完成,申请销号。",
        percent="100",
        requests_closure="on",
        **{"evidence-0-file": pdf_upload("方案.pdf"), "evidence-0-description": "配备方案"},
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(item=item)
    assert update.state == UpdateState.SUBMITTED
    item.refresh_from_db()
    assert item.status == Status.AWAITING_CLOSURE
    assert item.percent == 0  # only approved updates count
    evidence = update.evidence.get()
    assert (evidence.original_name, evidence.size) == ("方案.pdf", len(PDF))

    client.force_login(coordinator)
    review_url = reverse("tracker:update-review", args=[update.pk])
    response = client.post(
        review_url, {"decision": "return", "comment": "", "version": update.version}, follow=True
    )
    assert "退回时必须填写审核意见" in response.content.decode()
    client.post(
        review_url, {"decision": "return", "comment": "请补充配备名单。", "version": update.version}
    )
    update.refresh_from_db()
    item.refresh_from_db()
    assert (update.state, update.review_comment) == (UpdateState.RETURNED, "请补充配备名单。")
    assert item.status == Status.IN_PROGRESS

    client.force_login(reporter)
    home = client.get(reverse("tracker:home")).content.decode()
    assert "请补充配备名单。" in home
    edit_url = reverse("tracker:update-edit", args=[update.pk])
    response = client.post(
        edit_url,
        {
            "reported_on": timezone.localdate().isoformat(),
            "text": "已补充名单,申请销号。",
            "percent": "100",
            "requests_closure": "on",
            "version": update.version,
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-url": "https://example.gov.cn/list",
            "evidence-0-description": "配备名单",
        },
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED and update.evidence.count() == 2

    client.force_login(coordinator)
    client.post(
        review_url, {"decision": "approve", "comment": "同意销号。", "version": update.version}
    )
    item.refresh_from_db()
    update.refresh_from_db()
    assert update.state == UpdateState.APPROVED
    assert (item.status, item.percent, item.closed_on) == (Status.CLOSED, 100, timezone.localdate())
    assert item.last_approved_on == update.reported_on
    assert list(Review.objects.filter(update=update).values_list("decision", flat=True)) == [
        "return",
        "approve",
    ]

    page = client.get(reverse("tracker:item-detail", args=[item.pk])).content.decode()
    for text in [
        "重新提交进展",
        "请补充配备名单。",
        "同意销号。",
        "已销号",
        "配备方案",
        "配备名单",
    ]:
        assert text in page, text


def test_closure_request_without_evidence_cannot_be_submitted(client, world):
    client.force_login(world["reporter"])
    response = submit(client, world["own"], requests_closure="on")
    assert response.status_code == 200
    assert "申请销号必须附佐证材料" in response.content.decode()
    assert not ProgressUpdate.objects.exists()
    with pytest.raises(WorkflowError):
        update_submit(
            item=world["own"],
            unit=world["sfj"],
            author=world["reporter"],
            reported_on=timezone.localdate(),
            text="x",
            requests_closure=True,
        )


def test_only_approved_updates_move_the_item(world):
    item = world["own"]
    update = update_submit(
        item=item,
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="x",
        percent=40,
    )
    item.refresh_from_db()
    assert (item.percent, item.last_approved_on, item.status) == (0, None, Status.NOT_STARTED)
    update_review(update=update, reviewer=world["coordinator"], decision=Decision.APPROVE)
    item.refresh_from_db()
    assert (item.percent, item.last_approved_on, item.status) == (
        40,
        update.reported_on,
        Status.IN_PROGRESS,
    )


def test_reviewing_twice_is_a_conflict(world):
    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="x",
    )
    update_review(update=update, reviewer=world["coordinator"], decision=Decision.APPROVE)
    with pytest.raises(Conflict):
        update_review(
            update=update, reviewer=world["coordinator"], decision=Decision.RETURN, comment="晚了"
        )
    assert Review.objects.count() == 1


def test_second_reviewer_gets_a_clear_conflict_message(client, world):
    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="x",
    )
    client.force_login(world["coordinator"])
    url = reverse("tracker:update-review", args=[update.pk])
    client.post(url, {"decision": "approve", "version": update.version})
    response = client.post(
        url, {"decision": "return", "comment": "不行", "version": update.version}, follow=True
    )
    assert "已被审核" in response.content.decode()
    update.refresh_from_db()
    assert update.state == UpdateState.APPROVED


def test_closed_items_take_no_more_updates(world):
    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="x",
        requests_closure=True,
        links=[EvidenceLink("https://a.example/x", "证明")],
    )
    update_review(update=update, reviewer=world["coordinator"], decision=Decision.APPROVE)
    with pytest.raises(WorkflowError):
        update_submit(
            item=world["own"],
            unit=world["sfj"],
            author=world["reporter"],
            reported_on=timezone.localdate(),
            text="y",
        )


def test_a_supporting_unit_can_report_too(client, world):
    client.force_login(world["reporter"])
    assert submit(client, world["supported"]).status_code == 302
    assert ProgressUpdate.objects.get().unit == world["sfj"]


def test_assignment_from_the_item_page(client, world):
    item = world["other"]
    client.force_login(world["coordinator"])
    url = reverse("tracker:item-assign", args=[item.pk])
    response = client.post(
        url,
        {
            "lead_unit": world["sfj"].pk,
            "supporting_units": [world["scjg"].pk],
            "assignee": world["reporter"].pk,
            "start_on": "2026-01-01",
            "due_on": "2026-12-31",
            "status": "in_progress",
            "version": item.version,
        },
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.lead_unit, item.assignee, str(item.due_on), item.status) == (
        world["sfj"],
        world["reporter"],
        "2026-12-31",
        "in_progress",
    )
    assert list(item.supporting_units.all()) == [world["scjg"]]
    last = item.history.first()
    assert last.history_user == world["coordinator"]
    page = client.get(reverse("tracker:item-detail", args=[item.pk])).content.decode()
    assert "完成时限:— → 2026-12-31" in page


def test_assignment_with_a_stale_version_is_refused(client, world):
    item = world["other"]
    client.force_login(world["coordinator"])
    url = reverse("tracker:item-assign", args=[item.pk])
    data = {"lead_unit": world["scjg"].pk, "status": "on_hold", "version": item.version}
    client.post(url, data)
    response = client.post(url, {**data, "status": "in_progress"})
    assert response.status_code == 200
    assert "已被他人修改" in response.content.decode()
    item.refresh_from_db()
    assert item.status == Status.ON_HOLD


def test_assignment_validates_dates(client, world):
    client.force_login(world["coordinator"])
    url = reverse("tracker:item-assign", args=[world["own"].pk])
    response = client.post(
        url,
        {
            "start_on": "2026-05-01",
            "due_on": "2026-04-01",
            "status": "in_progress",
            "version": world["own"].version,
        },
    )
    assert "完成时限不能早于开始日期" in response.content.decode()


def test_evidence_and_updates_are_never_deleted_by_revising(world):
    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="x",
        links=[EvidenceLink("https://a.example/1", "一")],
    )
    from tracker.services.progress import update_revise

    update_revise(
        update=update,
        author=world["reporter"],
        expected_version=update.version,
        reported_on=timezone.localdate(),
        text="y",
        percent=None,
        requests_closure=False,
        links=[EvidenceLink("https://a.example/2", "二")],
    )
    assert Evidence.objects.filter(update=update).count() == 2
    assert update.history.count() == 2
    assert Item.objects.filter(pk=world["own"].pk).exists()
