"""The coordinator's import page: upload or paste → correct → confirm, in one transaction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_user
from tracker.models import ImportDraft, Item, ItemLink, Kind, Report
from tracker.seed import seed_report_text as seed_text

pytestmark = pytest.mark.django_db
START = reverse("tracker:import-start")


@pytest.fixture
def coordinator(client):
    client.force_login(make_user("dora", role="coordinator"))
    return client


def start(client, **data):
    response = client.post(START, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportDraft.objects.latest("pk")


def preview(draft):
    return reverse("tracker:import-preview", args=[draft.pk])


def test_upload_preview_confirm(coordinator):
    draft = start(coordinator, file=SimpleUploadedFile("jizhou.txt", seed_text().encode("utf-8")))
    page = coordinator.get(preview(draft)).content.decode()
    assert "公职律师队伍需要加强" in page and "提升“述法”工作效果" in page
    response = coordinator.post(
        preview(draft),
        {
            "confirm": "1",
            "title": draft.data["title"],
            "issuer": draft.data["issuer"],
            "year": "2021",
            "signed": "2022-02-22",
            "published": "2022-03-18",
        },
    )
    assert response.status_code == 302
    report = Report.objects.get()
    counts = {
        k: report.items.filter(kind=k).count() for k in ("measure", "shortfall", "cause", "task")
    }
    assert counts == {"measure": 11, "shortfall": 5, "cause": 5, "task": 6}
    for n in range(1, 6):
        cause = report.items.get(kind=Kind.CAUSE, number=n)
        assert cause.links_out.get().target.number == n
    assert str(report.published_on) == "2022-03-18"


def test_paste_works_too(coordinator):
    draft = start(coordinator, text=seed_text())
    assert len([r for r in draft.data["items"] if r["kind"] == "task"]) == 6


def test_rename_merge_split(coordinator):
    draft = start(coordinator, text=seed_text())
    url = preview(draft)
    coordinator.post(
        url,
        {
            "save": "1",
            "title-task-1": "学习贯彻习近平法治思想",
            "title": draft.data["title"],
            "issuer": draft.data["issuer"],
            "year": "2021",
        },
    )
    draft.refresh_from_db()
    task1 = next(r for r in draft.data["items"] if r["kind"] == "task" and r["number"] == 1)
    assert task1["title"] == "学习贯彻习近平法治思想"
    coordinator.post(
        url,
        {
            "merge": "task:1",
            "title": draft.data["title"],
            "issuer": draft.data["issuer"],
            "year": "2021",
        },
    )
    draft.refresh_from_db()
    tasks = sorted(
        (r for r in draft.data["items"] if r["kind"] == "task"), key=lambda r: r["number"]
    )
    assert len(tasks) == 5
    source = draft.source_text
    assert tasks[0]["text"] in source and "持续深化法治政府示范创建" in tasks[0]["text"]
    coordinator.post(
        url,
        {
            "split": "task:1",
            "split-task-1": "二是持续深化法治政府示范创建",
            "title": draft.data["title"],
            "issuer": draft.data["issuer"],
            "year": "2021",
        },
    )
    draft.refresh_from_db()
    tasks = sorted(
        (r for r in draft.data["items"] if r["kind"] == "task"), key=lambda r: r["number"]
    )
    assert len(tasks) == 6
    assert tasks[0]["text"].endswith("法治乡村建设。")
    assert tasks[1]["text"].startswith("二是持续深化法治政府示范创建")
    assert all(t["text"] in source for t in tasks)


def test_a_bad_split_position_says_why(coordinator):
    draft = start(coordinator, text=seed_text())
    response = coordinator.post(
        preview(draft),
        {
            "split": "task:1",
            "split-task-1": "不在原文中的文字",
            "title": "t",
            "issuer": "i",
            "year": "2021",
        },
    )
    assert "拆分位置必须是该项原文中" in response.content.decode()


def test_chosen_links_are_saved_and_rejected_ones_not(coordinator):
    draft = start(coordinator, text=seed_text())
    header = {
        "title": draft.data["title"],
        "issuer": draft.data["issuer"],
        "year": "2021",
        "signed": "2022-02-22",
    }
    coordinator.post(
        preview(draft),
        {
            **header,
            "confirm": "1",
            "links-submitted": "1",
            "link": ["explains:cause:1:shortfall:1", "addresses:task:5:shortfall:4"],
        },
    )
    links = set(
        ItemLink.objects.values_list(
            "kind", "source__kind", "source__number", "target__kind", "target__number"
        )
    )
    assert links == {
        ("explains", "cause", 1, "shortfall", 1),
        ("addresses", "task", 5, "shortfall", 4),
    }


def test_importing_the_same_report_twice_is_refused(coordinator):
    header = {"confirm": "1", "year": "2021"}
    first = start(coordinator, text=seed_text())
    coordinator.post(
        preview(first), {**header, "title": first.data["title"], "issuer": first.data["issuer"]}
    )
    second = start(coordinator, text=seed_text())
    response = coordinator.post(
        preview(second), {**header, "title": second.data["title"], "issuer": second.data["issuer"]}
    )
    assert "已经导入,不能重复导入" in response.content.decode()
    assert Report.objects.count() == 1 and Item.objects.count() == 27


@pytest.mark.parametrize(
    "upload,message",
    [
        (SimpleUploadedFile("empty.txt", b""), "空文件"),
        (SimpleUploadedFile("junk.txt", bytes(range(256)) * 40), "无法"),
        (SimpleUploadedFile("notes.txt", "今天天气很好。我们去公园散步。".encode()), "无法导入"),
        (SimpleUploadedFile("report.pdf", b"%PDF-1.4 ..."), "PDF"),
    ],
)
def test_bad_input_gets_a_clear_error_and_creates_nothing(coordinator, upload, message):
    response = coordinator.post(START, {"file": upload})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ImportDraft.objects.exists() and not Report.objects.exists()


def test_a_20_mb_file_is_refused(coordinator, settings):
    big = SimpleUploadedFile("big.txt", "法".encode() * (7 * 1024 * 1024))
    response = coordinator.post(START, {"file": big})
    assert "文件过大" in response.content.decode()
    assert not ImportDraft.objects.exists()


def test_only_importers_may_import(client, world):
    for user in (world["reporter"], world["viewer"]):
        client.force_login(user)
        assert client.get(START).status_code == 403
        assert client.post(START, {"text": seed_text()}).status_code == 403
    assert not ImportDraft.objects.exists()


def test_a_draft_belongs_to_its_importer(client, coordinator):
    draft = start(coordinator, text=seed_text())
    client.force_login(make_user("erin", role="coordinator"))
    assert client.get(preview(draft)).status_code == 404
