"""The import preview fixes anything: kinds, deletions, additions from the source, order."""

import pytest
from django.urls import reverse

from tests.factories import default_district, make_user
from tests.preview_page import PreviewPage
from tracker.models import ImportDraft, Item, Kind, Report

pytestmark = pytest.mark.django_db
START = reverse("tracker:import-start")
REPORT = """云溪县人民政府关于2023年度法治政府建设情况的报告
一、主要举措和成效
（一）健全依法决策机制。全年审查文件146件。
（二）规范行政执法。评查案卷412卷。
二、存在的不足和原因
一是决策程序执行不够严格。个别部门先决策后补程序。
二是基层执法能力有短板。执法文书不规范。
三、2024年度主要安排
（一）规范重大行政决策。年内开展后评估2项。
（二）提升基层执法能力。开展全员轮训。
云溪县人民政府
2024年1月26日"""


@pytest.fixture
def coordinator(client):
    client.force_login(make_user("dora", role="coordinator"))
    return client


@pytest.fixture
def draft(coordinator):
    response = coordinator.post(START, {"text": REPORT})
    assert response.status_code == 302
    draft = ImportDraft.objects.latest("pk")
    draft.jurisdiction = default_district()  # the invented issuer is no jurisdiction here
    draft.save()
    return draft


def rows(draft, kind):
    draft.refresh_from_db()
    return sorted((r for r in draft.data["items"] if r["kind"] == kind), key=lambda r: r["number"])


def texts(draft, kind):
    return [row["text"] for row in rows(draft, kind)]


def test_changing_a_kind_moves_the_item_to_that_part_and_renumbers_both(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    second = page.item("shortfall", 2)
    response = page.submit({f"{second}kind": "cause", "save": "1"})
    assert response.status_code == 302
    assert texts(draft, "shortfall") == ["决策程序执行不够严格。个别部门先决策后补程序。"]
    assert [(r["number"], r["text"]) for r in rows(draft, "cause")] == [
        (1, "基层执法能力有短板。执法文书不规范。")
    ]
    PreviewPage(coordinator, draft).submit({"confirm": "1"})
    report = Report.objects.get()
    assert report.items.get(kind=Kind.CAUSE).text == "基层执法能力有短板。执法文书不规范。"
    assert report.items.filter(kind=Kind.SHORTFALL).count() == 1


def test_a_deleted_item_is_not_imported_and_its_text_is_no_longer_marked(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    task = rows(draft, "task")[1]
    assert f'id="src-{task["start"]}"' in page.html
    page.submit({f"{page.item('task', 2)}action": "delete"})
    assert texts(draft, "task") == ["规范重大行政决策。年内开展后评估2项。"]
    page = PreviewPage(coordinator, draft)
    assert f'id="src-{task["start"]}"' not in page.html and "提升基层执法能力" in page.html
    page.submit({"confirm": "1"})
    assert Report.objects.get().items.filter(kind=Kind.TASK).count() == 1


def test_selected_source_text_becomes_an_item_cut_from_the_one_that_held_it(coordinator, draft):
    start = REPORT.index("执法文书不规范。")
    end = start + len("执法文书不规范。")
    page = PreviewPage(coordinator, draft)
    response = page.submit(
        {
            "add-start": str(start),
            "add-end": str(end),
            "add-quote": "执法文书不规范。",
            "add-kind": "cause",
            "add": "1",
        }
    )
    assert response.status_code == 302
    assert texts(draft, "shortfall")[1] == "基层执法能力有短板。"
    (cause,) = rows(draft, "cause")
    assert (cause["text"], cause["start"], cause["end"]) == ("执法文书不规范。", start, end)
    assert REPORT[cause["start"] : cause["end"]] == cause["text"]


def test_without_the_script_the_pasted_words_are_found_in_the_source(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    page.submit({"add-quote": " 个别部门先决策后补程序。\n", "add-kind": "cause", "add": "1"})
    assert texts(draft, "cause") == ["个别部门先决策后补程序。"]
    assert texts(draft, "shortfall")[0] == "决策程序执行不够严格。"


def test_a_selected_numbered_paragraph_keeps_its_marker_apart(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    page.submit({f"{page.item('task', 2)}action": "delete"})
    quote = "（二）提升基层执法能力。开展全员轮训。"
    PreviewPage(coordinator, draft).submit({"add-quote": quote, "add-kind": "task", "add": "1"})
    (_, added) = rows(draft, "task")
    assert (added["marker"], added["text"]) == ("（二）", "提升基层执法能力。开展全员轮训。")


@pytest.mark.parametrize(
    "changes",
    [
        {"add-quote": "报告里没有这句话"},
        {"add-quote": ""},
        {"add-start": "5", "add-end": "5"},
        {"add-start": "99999", "add-end": "100000"},
    ],
)
def test_a_selection_not_in_the_source_is_refused_and_changes_nothing(coordinator, draft, changes):
    before = draft.data
    page = PreviewPage(coordinator, draft)
    response = page.submit({**changes, "add-kind": "cause", "add": "1"})
    assert response.status_code == 200
    assert "请先在右侧原文中选中要添加为事项的文字。" in response.content.decode()
    draft.refresh_from_db()
    assert draft.data == before


def test_moving_an_item_up_renumbers_its_part_and_the_import_keeps_the_order(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    page.submit({f"{page.item('task', 2)}action": "up"})
    assert texts(draft, "task") == [
        "提升基层执法能力。开展全员轮训。",
        "规范重大行政决策。年内开展后评估2项。",
    ]
    PreviewPage(coordinator, draft).submit({"confirm": "1"})
    tasks = Item.objects.filter(kind=Kind.TASK).order_by("sequence")
    assert [(t.number, t.title) for t in tasks] == [
        (1, "提升基层执法能力"),
        (2, "规范重大行政决策"),
    ]


def test_the_first_item_cannot_move_up(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    response = page.submit({f"{page.item('task', 1)}action": "up"})
    assert response.status_code == 200
    assert "已在该部分的最前或最后,不能再移动。" in response.content.decode()


def test_saving_says_so(coordinator, draft):
    response = PreviewPage(coordinator, draft).submit({"save": "1"})
    assert "已保存修改。" in coordinator.get(response["Location"]).content.decode()


def test_each_item_is_shown_beside_its_marked_source_span(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    for row in draft.data["items"]:
        assert f'href="#src-{row["start"]}"' in page.html
        assert f'id="src-{row["start"]}" class="src-{row["kind"]}"' in page.html


def test_control_characters_in_any_field_are_cleaned_never_a_500(coordinator, draft):
    page = PreviewPage(coordinator, draft)
    dirty = {name: values[0] + "\x00\x07\x1b" for name, values in page.fields.items()}
    dirty |= {"add-quote": "执法\x00文书\x0b不规范。", "add-kind": "cause\x00"}
    for button in ({"save": "1"}, {"add": "1"}, {"confirm": "1"}):
        response = page.submit({**dirty, **button})
        assert response.status_code in (200, 302)
    draft.refresh_from_db()
    for row in draft.data["items"]:
        assert not any(ord(ch) < 32 for ch in row["title"])
    assert not any(ord(ch) < 32 for ch in draft.data["title"])


def test_unfinished_drafts_are_listed_for_their_importer_and_can_be_deleted(
    client, coordinator, draft
):
    page = coordinator.get(START).content.decode()
    assert "未完成的导入" in page and reverse("tracker:import-preview", args=[draft.pk]) in page
    delete = reverse("tracker:import-draft-delete", args=[draft.pk])
    assert coordinator.post(delete).status_code == 302  # without the button: kept
    assert ImportDraft.objects.filter(pk=draft.pk).exists()
    response = coordinator.post(delete, {"confirm": "1"})
    assert response.status_code == 302
    assert not ImportDraft.objects.filter(pk=draft.pk).exists()


def test_another_importers_drafts_are_neither_listed_nor_deletable(client, draft):
    client.force_login(make_user("erin", role="coordinator"))
    assert "未完成的导入" not in client.get(START).content.decode()
    delete = reverse("tracker:import-draft-delete", args=[draft.pk])
    assert client.post(delete, {"confirm": "1"}).status_code == 404
    assert ImportDraft.objects.filter(pk=draft.pk).exists()


def test_an_imported_draft_is_no_longer_listed(coordinator, draft):
    PreviewPage(coordinator, draft).submit({"confirm": "1"})
    assert "未完成的导入" not in coordinator.get(START).content.decode()
