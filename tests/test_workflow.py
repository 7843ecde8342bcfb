"""The daily loop: submit → return → revise (a new version) → approve closure → closed."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uploads import PDF, pdf_upload
from tracker.models import Decision, Evidence, Item, ProgressUpdate, Status, UpdateState
from tracker.services import Conflict, WorkflowError
from tracker.services.progress import EvidenceLink, update_review, update_revise, update_submit

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


def revise(client, update, **fields):
    data = {
        "reported_on": timezone.localdate().isoformat(),
        "text": "已补充名单,申请销号。",
        "percent": "100",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
    }
    data.update(fields)
    return client.post(reverse("tracker:update-revise", args=[update.pk]), data)


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
    first = ProgressUpdate.objects.get(item=item)
    assert (first.state, first.revision) == (UpdateState.SUBMITTED, 1)
    item.refresh_from_db()
    assert item.status == Status.AWAITING_CLOSURE
    assert item.percent == 0  # only approved updates count
    evidence = first.evidence.get()
    assert (evidence.original_name, evidence.size) == ("方案.pdf", len(PDF))

    client.force_login(coordinator)
    review_url = reverse("tracker:update-review", args=[first.pk])
    response = client.post(review_url, {"decision": "return", "comment": ""}, follow=True)
    assert "退回时必须填写审核意见" in response.content.decode()
    client.post(review_url, {"decision": "return", "comment": "请补充配备名单。"})
    first.refresh_from_db()
    item.refresh_from_db()
    assert (first.state, first.review_comment) == (UpdateState.RETURNED, "请补充配备名单。")
    assert item.status == Status.IN_PROGRESS

    client.force_login(reporter)
    home = client.get(reverse("tracker:home")).content.decode()
    assert "请补充配备名单。" in home
    response = revise(
        client,
        first,
        requests_closure="on",
        keep=[evidence.pk],
        **{
            "evidence-0-url": "https://example.gov.cn/list",
            "evidence-0-description": "配备名单",
        },
    )
    assert response.status_code == 302
    second = ProgressUpdate.objects.get(revises=first)
    first.refresh_from_db()
    # The returned version stays as it was returned; the new one carries the kept file.
    assert (first.state, first.text, first.evidence.count()) == (
        UpdateState.RETURNED,
        "已完成,申请销号。",
        1,
    )
    assert (second.state, second.revision, second.evidence.count()) == (
        UpdateState.SUBMITTED,
        2,
        2,
    )
    assert second.evidence.get(carried_from=evidence).file.name == evidence.file.name
    home = client.get(reverse("tracker:home")).content.decode()
    assert "请补充配备名单。" not in home  # answered: no longer waiting for the unit

    client.force_login(coordinator)
    second_url = reverse("tracker:update-review", args=[second.pk])
    response = client.post(
        second_url, {"decision": "approve", "comment": "同意销号。"}, follow=True
    )
    assert "已销号" in response.content.decode()
    item.refresh_from_db()
    second.refresh_from_db()
    assert second.state == UpdateState.APPROVED
    assert (item.status, item.percent, item.closed_on) == (Status.CLOSED, 100, timezone.localdate())
    assert item.last_approved_on == second.reported_on

    page = client.get(reverse("tracker:item-detail", args=[item.pk])).content.decode()
    for text in [
        "已完成,申请销号。",  # the returned version's own text
        "已补充名单,申请销号。",
        "第 2 版",
        "与第 1 版相比的修改",
        "请补充配备名单。",
        "同意销号。",
        "通过并销号",
        "配备方案",
        "配备名单",
    ]:
        assert text in page, text


def test_revising_before_review_withdraws_the_earlier_version(client, world, submitted):
    client.force_login(world["reporter"])
    assert revise(client, submitted, text="改正后的进展").status_code == 302
    submitted.refresh_from_db()
    newer = ProgressUpdate.objects.get(revises=submitted)
    assert (submitted.state, submitted.text) == (UpdateState.WITHDRAWN, "进展")
    assert list(ProgressUpdate.objects.awaiting_review()) == [newer]
    # The withdrawn version cannot be reviewed nor revised again.
    with pytest.raises(Conflict, match="新版本"):
        update_review(update=submitted, reviewer=world["coordinator"], decision="approve")
    response = revise(client, submitted, text="再改一次")
    assert response.status_code == 403
    assert ProgressUpdate.objects.count() == 2


def test_a_new_version_may_drop_old_evidence_but_it_stays_with_the_old(client, world, submitted):
    client.force_login(world["reporter"])
    assert revise(client, submitted, text="不再附旧材料").status_code == 302
    newer = ProgressUpdate.objects.get(revises=submitted)
    assert newer.evidence.count() == 0 and submitted.evidence.count() == 1
    # Asking for closure with nothing attached any more is refused at that field.
    response = revise(client, newer, requests_closure="on")
    assert "申请销号必须附佐证材料" in response.content.decode()
    assert ProgressUpdate.objects.count() == 2


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


def test_reviewing_twice_is_a_conflict(world, submitted):
    update = submitted
    update_review(update=update, reviewer=world["coordinator"], decision=Decision.APPROVE)
    with pytest.raises(Conflict):
        update_review(
            update=update, reviewer=world["coordinator"], decision=Decision.RETURN, comment="晚了"
        )
    update.refresh_from_db()
    assert (update.state, update.review_comment) == (UpdateState.APPROVED, "")


def test_second_reviewer_gets_a_clear_conflict_message(client, world, submitted):
    update = submitted
    client.force_login(world["coordinator"])
    url = reverse("tracker:update-review", args=[update.pk])
    client.post(url, {"decision": "approve"})
    response = client.post(url, {"decision": "return", "comment": "不行"}, follow=True)
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
    newer = update_revise(
        update=update,
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="y",
        percent=None,
        requests_closure=False,
        links=[EvidenceLink("https://a.example/2", "二")],
    )
    assert Evidence.objects.filter(update=update).count() == 1
    assert sorted(newer.evidence.values_list("description", flat=True)) == ["一", "二"]
    assert ProgressUpdate.objects.get(pk=update.pk).text == "x"
    assert Item.objects.filter(pk=world["own"].pk).exists()
