"""The coordinator's import page: upload or paste → correct → confirm, in one transaction."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import make_user, office_unit
from tests.preview_page import PreviewPage
from tracker.models import ImportDraft, Item, ItemLink, Jurisdiction, Kind, Report
from tracker.seed import seed_report_text as seed_text

pytestmark = pytest.mark.django_db
START = reverse("tracker:import-start")


@pytest.fixture
def coordinator(client):
    """The office of 天津市蓟州区, whose report the seed is."""
    city = Jurisdiction.objects.create(name="天津市", short_name="天津市", level="city")
    jizhou = Jurisdiction.objects.create(
        name="天津市蓟州区", short_name="蓟州区", level="district", parent=city
    )
    client.force_login(make_user("dora", role="coordinator", units=[office_unit(jizhou)]))
    return client


def start(client, **data):
    response = client.post(START, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportDraft.objects.latest("pk")


def preview(draft):
    return reverse("tracker:import-preview", args=[draft.pk])


def test_upload_preview_confirm(coordinator):
    draft = start(coordinator, file=SimpleUploadedFile("jizhou.txt", seed_text().encode("utf-8")))
    page = PreviewPage(coordinator, draft)
    assert "公职律师队伍需要加强" in page.html and "提升“述法”工作效果" in page.html
    assert page.fields["year"] == ["2021"] and page.fields["signed"] == ["2022-02-22"]
    response = page.submit({"confirm": "1", "published": "2022-03-18"})
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
    draft.refresh_from_db()
    assert draft.report == report


def test_paste_works_too(coordinator):
    draft = start(coordinator, text=seed_text())
    assert len([r for r in draft.data["items"] if r["kind"] == "task"]) == 6


def tasks_of(draft):
    draft.refresh_from_db()
    return sorted(
        (r for r in draft.data["items"] if r["kind"] == "task"), key=lambda r: r["number"]
    )


def test_rename_merge_split(coordinator):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    task1 = page.item("task", 1)
    page.submit({"save": "1", f"{task1}title": " 学习贯彻\n习近平法治思想 "})
    assert tasks_of(draft)[0]["title"] == "学习贯彻 习近平法治思想"

    page = PreviewPage(coordinator, draft)
    response = page.submit({page.item("task", 1) + "action": "merge"})
    assert response.status_code == 302
    tasks = tasks_of(draft)
    assert len(tasks) == 5
    source = draft.source_text
    assert tasks[0]["text"] in source and "持续深化法治政府示范创建" in tasks[0]["text"]
    assert tasks[0]["title"] == "学习贯彻 习近平法治思想"  # the merged item keeps its title
    assert "已合并" in coordinator.get(page.url).content.decode()

    page = PreviewPage(coordinator, draft)
    task1 = page.item("task", 1)
    page.submit({f"{task1}action": "split", f"{task1}split_at": "二是持续深化法治政府示范创建"})
    tasks = tasks_of(draft)
    assert len(tasks) == 6
    assert tasks[0]["text"].endswith("法治乡村建设。")
    assert tasks[1]["text"].startswith("二是持续深化法治政府示范创建")
    assert all(t["text"] in source for t in tasks)
    assert draft.data["links"] is None  # numbers moved: back to the suggestions


def test_a_bad_split_position_says_why_at_the_split_box(coordinator):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    task1 = page.item("task", 1)
    response = page.submit(
        {f"{task1}action": "split", f"{task1}split_at": "不在原文中的文字", "title": "新标题"}
    )
    assert response.status_code == 200
    form = next(f for f in response.context["forms"].items if f.prefix + "-" == task1)
    assert form.errors == {
        "split_at": ["拆分位置必须是该项原文中(开头之后)的一段文字,请从原文中复制。"]
    }
    before = draft.data
    draft.refresh_from_db()
    assert draft.data == before  # nothing applied, not even the new title
    assert 'value="新标题"' in response.content.decode()  # but nothing typed is lost


def test_the_last_item_of_a_part_cannot_merge(coordinator):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    response = page.submit({page.item("task", 6) + "action": "merge"})
    assert response.status_code == 200
    assert "这是该部分的最后一项,没有可合并的下一项。" in response.content.decode()
    assert len(tasks_of(draft)) == 6


def field_errors(response, form: str) -> dict:
    forms = response.context["forms"]
    return getattr(forms, form).errors


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("title", "", "标题不能为空。"),
        ("title", "长" * 201, "200"),
        ("issuer", "长" * 101, "100"),
        ("year", "二〇二一", "年度必须是四位数字。"),
        ("year", "12", "报告年度应在 2000 至 2100 年之间。"),
        ("year", "2101", "报告年度应在 2000 至 2100 年之间。"),
        ("signed", "2022/02/22", "日期格式应为 YYYY-MM-DD。"),
        ("published", "2022-02-30", "日期格式应为 YYYY-MM-DD。"),
    ],
)
def test_a_bad_header_field_is_refused_at_that_field(coordinator, field, value, message):
    draft = start(coordinator, text=seed_text())
    before = draft.data
    response = PreviewPage(coordinator, draft).submit({"confirm": "1", field: value})
    assert response.status_code == 200
    errors = field_errors(response, "header")
    assert list(errors) == [field] and message in errors[field][0]
    draft.refresh_from_db()
    assert draft.data == before and not Report.objects.exists()


@pytest.mark.parametrize("title", ["", "   ", "长" * 201])
def test_a_bad_item_title_is_refused_at_that_item(coordinator, title):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    cause2 = page.item("cause", 2)
    response = page.submit({"save": "1", f"{cause2}title": title})
    assert response.status_code == 200
    forms = response.context["forms"].items
    errors = {f.prefix: f.errors for f in forms if f.errors}
    assert list(errors) == [cause2.rstrip("-")] and list(errors[cause2.rstrip("-")]) == ["title"]
    html = response.content.decode()
    assert "is-invalid" in html.split(f'name="{cause2}title"')[0].rsplit("<input", 1)[1]


def test_an_unknown_item_action_is_refused(coordinator):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    task1 = page.item("task", 1)
    response = page.submit({f"{task1}action": "explode"})
    assert response.status_code == 200
    assert any("action" in f.errors for f in response.context["forms"].items)
    assert len(tasks_of(draft)) == 6


def test_a_page_drawn_before_a_merge_cannot_edit_the_wrong_item(coordinator):
    draft = start(coordinator, text=seed_text())
    stale = PreviewPage(coordinator, draft)
    PreviewPage(coordinator, draft).submit({stale.item("task", 1) + "action": "merge"})
    response = stale.submit({"save": "1", stale.item("task", 1) + "title": "改了"})
    assert response.status_code == 200
    assert "找不到要修改的事项,请刷新页面。" in response.content.decode()
    assert all(t["title"] != "改了" for t in tasks_of(draft))


def test_an_edited_item_start_is_refused(coordinator):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    task1 = page.item("task", 1)
    response = page.submit({"save": "1", f"{task1}start": "0"})
    assert response.status_code == 200
    assert "找不到要修改的事项,请刷新页面。" in response.content.decode()


@pytest.mark.parametrize(
    "link",
    [
        "garbage",
        "explains:task:1:measure:1",
        "explains:cause:1:shortfall:99",
        "explains:cause:01:shortfall:1",
    ],
)
def test_a_link_outside_the_offered_ones_is_refused_at_the_links(coordinator, link):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    response = page.submit({"confirm": "1", "links": [*page.checked_links(), link]})
    assert response.status_code == 200
    assert list(field_errors(response, "links")) == ["links"]
    assert "所选关联不在可选范围内" in response.content.decode()
    assert not Report.objects.exists()


def test_chosen_links_are_saved_and_rejected_ones_not(coordinator):
    draft = start(coordinator, text=seed_text())
    page = PreviewPage(coordinator, draft)
    assert "explains:cause:1:shortfall:1" in page.checked_links()
    page.submit(
        {"confirm": "1", "links": ["explains:cause:1:shortfall:1", "addresses:task:5:shortfall:4"]}
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


def test_saved_links_are_shown_checked(coordinator):
    draft = start(coordinator, text=seed_text())
    PreviewPage(coordinator, draft).submit({"save": "1", "links": ["addresses:task:2:cause:3"]})
    assert PreviewPage(coordinator, draft).checked_links() == ["addresses:task:2:cause:3"]


@pytest.mark.parametrize(
    "changes,field,message",
    [
        ({"year": ""}, "year", "未能识别报告年度,无法导入。"),
        ({"issuer": ""}, "issuer", "未能识别发文机关,无法导入。"),
        ({"published": "2022-02-21"}, "published", "发布日期不能早于成文日期。"),
    ],
)
def test_what_the_import_refuses_is_shown_at_its_field(coordinator, changes, field, message):
    draft = start(coordinator, text=seed_text())
    response = PreviewPage(coordinator, draft).submit({"confirm": "1", **changes})
    assert response.status_code == 200
    assert field_errors(response, "header") == {field: [message]}
    assert not Report.objects.exists()
    draft.refresh_from_db()  # the correction itself is kept
    assert draft.data[field] == {"year": None, "issuer": "", "published": "2022-02-21"}[field]


def test_importing_the_same_report_twice_is_refused(coordinator):
    first = start(coordinator, text=seed_text())
    PreviewPage(coordinator, first).submit({"confirm": "1"})
    second = start(coordinator, text=seed_text())
    response = PreviewPage(coordinator, second).submit({"confirm": "1"})
    assert "已经导入,不能重复导入" in response.content.decode()
    assert field_errors(response, "header") == {
        "__all__": ["该报告(发文机关和年度相同)已经导入,不能重复导入。"]
    }
    assert Report.objects.count() == 1 and Item.objects.count() == 27


def test_a_post_without_the_page_changes_nothing(coordinator):
    draft = start(coordinator, text=seed_text())
    response = coordinator.post(preview(draft), {"confirm": "1", "title": "t"})
    assert response.status_code == 200
    before = draft.data
    draft.refresh_from_db()
    assert draft.data == before and not Report.objects.exists()


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


def test_the_jurisdiction_is_matched_from_the_issuer_and_may_be_changed(coordinator):
    draft = start(coordinator, text=seed_text())
    assert draft.jurisdiction.short_name == "蓟州区"
    township = Jurisdiction.objects.create(
        name="天津市蓟州区渔阳镇", short_name="渔阳镇", level="township",
        parent=draft.jurisdiction,
    )  # fmt: skip
    page = PreviewPage(coordinator, draft)
    page.submit({"confirm": "1", "jurisdiction": str(township.pk)})
    assert Report.objects.get().jurisdiction == township


def test_a_report_cannot_be_filed_outside_the_importers_jurisdictions(coordinator):
    elsewhere = Jurisdiction.objects.create(
        name="河北省某市", short_name="某市", level="city"
    )  # not the coordinator's
    draft = start(coordinator, text=seed_text())
    response = PreviewPage(coordinator, draft).submit(
        {"confirm": "1", "jurisdiction": str(elsewhere.pk)}
    )
    assert response.status_code == 200 and not Report.objects.exists()
