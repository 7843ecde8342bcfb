"""The main journeys, as users take them, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.uploads import PDF
from tracker.models import Item, Kind, ProgressUpdate, Status, UpdateState


def item_pk(kind: str, number: int) -> int:
    return Item.objects.get(report_id=1, kind=kind, number=number, parent=None).pk


@pytest.mark.parametrize(
    "username,landmark",
    [
        ("coordinator", "待审核进展"),
        ("reporter-sfj", "本单位承担的事项"),
        ("viewer", "逾期事项"),
        ("admin", "待审核进展"),
    ],
)
def test_each_role_logs_in_and_sees_its_home(page, site, console_errors, shoot, username, landmark):
    log_in(page, site, username)
    expect(page.locator("main")).to_contain_text(landmark)
    for path in ["/items/", "/reports/1/"]:
        page.goto(site + path)
        expect(page.locator("h1").first).to_be_visible()
    shoot(username)
    assert console_errors == []


def test_reporter_submits_with_evidence_and_cannot_open_another_units_task(
    page, site, console_errors, shoot, tmp_path
):
    task = item_pk(Kind.TASK, 2)  # led by 区司法局 in the demo
    log_in(page, site, "reporter-sfj")
    page.goto(f"{site}/items/{task}/")
    page.get_by_role("link", name="填报进展").click()
    page.fill("#id_text", "(浏览器测试)完成纲要征求意见稿修改。")
    page.fill("#id_percent", "60")
    evidence = tmp_path / "纲要.pdf"
    evidence.write_bytes(PDF)
    page.set_input_files("#id_evidence-0-file", str(evidence))
    page.fill("#id_evidence-0-description", "纲要修改稿")
    shoot("form")
    page.get_by_role("button", name="提交审核").click()
    expect(page.locator(".alert-success")).to_contain_text("进展已提交")
    expect(page.locator("#timeline")).to_contain_text("纲要修改稿")
    update = ProgressUpdate.objects.get(text="(浏览器测试)完成纲要征求意见稿修改。")
    assert (
        update.state == UpdateState.SUBMITTED and update.evidence.get().original_name == "纲要.pdf"
    )

    other = item_pk(Kind.TASK, 5)  # led by 区市场监管局
    response = page.goto(f"{site}/items/{other}/")
    assert response.status == 404
    shoot("refused")
    assert [e for e in console_errors if "404" not in e] == []


def test_coordinator_returns_then_approves_the_closure(page, site, browser, console_errors, shoot):
    shortfall = item_pk(Kind.SHORTFALL, 3)  # the demo has a closure request waiting on it
    update = ProgressUpdate.objects.get(item_id=shortfall, state=UpdateState.SUBMITTED)

    log_in(page, site, "coordinator")
    page.goto(f"{site}/reviews/")
    card = page.locator(".card", has_text=update.text[:20]).first
    card.locator("textarea[name=comment]").fill("请补充执法人员名单。")
    card.get_by_role("button", name="退回").click()
    expect(page.locator(".alert-success")).to_contain_text("已退回")

    reporter = browser.new_context(locale="zh-CN").new_page()
    log_in(reporter, site, "reporter-sfj")
    expect(reporter.locator("main")).to_contain_text("请补充执法人员名单。")
    reporter.get_by_role("link", name="修改并重新提交").first.click()
    reporter.fill("#id_text", "(浏览器测试)已补充执法人员名单,申请销号。")
    reporter.get_by_role("button", name="提交审核").click()
    expect(reporter.locator(".alert-success")).to_contain_text("第 2 版")

    page.goto(f"{site}/items/{shortfall}/")
    page.get_by_role("button", name="通过并销号").click()
    expect(page.locator(".alert-success")).to_contain_text("已销号:")
    expect(page.locator("h1 + .badge, .badge").filter(has_text="已销号").first).to_be_visible()
    timeline = page.locator("#timeline")
    for text in [
        "请补充执法人员名单。",
        "提交修改后的第 2 版",
        update.text,  # the returned version, kept beside its revision
        "(浏览器测试)已补充执法人员名单,申请销号。",
        "状态:待销号 → 已销号",
    ]:
        expect(timeline).to_contain_text(text)
    shoot("closed")
    assert Item.objects.get(pk=shortfall).status == Status.CLOSED
    assert console_errors == []


def test_list_filters(page, site, console_errors):
    log_in(page, site, "viewer")
    page.goto(f"{site}/items/")
    rows = page.locator("table.item-table tbody tr")
    expect(rows).to_have_count(11)
    page.select_option("#id_kind", "shortfall")
    page.get_by_role("button", name="筛选").click()
    expect(rows).to_have_count(5)
    page.select_option("#id_light", "red")
    page.get_by_role("button", name="筛选").click()
    expect(rows.first).to_contain_text("红灯")
    page.goto(f"{site}/items/?q=" + "述法")
    expect(page.locator("table.item-table")).to_contain_text("述法")
    assert console_errors == []


def test_language_switch(page, site, console_errors):
    log_in(page, site, "coordinator")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="简体中文").click()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("zh"))
    assert console_errors == []


def test_dashboard_and_downloads_as_of_a_date(page, site, console_errors, shoot, tmp_path):
    import datetime

    from docx import Document
    from openpyxl import load_workbook

    log_in(page, site, "coordinator")
    page.get_by_role("link", name="仪表盘").click()
    expect(page.locator("svg title").first).to_be_attached()
    expect(page.locator("main")).to_contain_text("各牵头单位")
    day = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
    page.goto(f"{site}/dashboard/?as_of={day}")
    expect(page.locator("main")).to_contain_text(day)
    shoot("dashboard")
    with page.expect_download() as ledger:
        page.get_by_role("link", name="下载整改台账(Excel)").click()
    xlsx = tmp_path / "ledger.xlsx"
    ledger.value.save_as(xlsx)
    sheet = load_workbook(xlsx).active
    assert sheet.freeze_panes == "A3"
    assert sheet.cell(row=1, column=1).value.startswith("2021年度法治政府建设整改台账(截至 ")
    assert sheet.cell(row=2, column=1).value == "序号"
    assert sheet.max_row == 2 + 11
    page.goto(f"{site}/summaries/status/?as_of={day}")
    with page.expect_download() as word:
        page.get_by_role("link", name="下载 Word 文档").click()
    docx = tmp_path / "summary.docx"
    word.value.save_as(docx)
    text = "\n".join(p.text for p in Document(docx).paragraphs)
    assert "存在的不足" in text and "公职律师队伍需要加强" in text
    shoot("summary")
    assert console_errors == []


def test_coordinator_corrects_an_import_before_confirming(page, site, console_errors, shoot):
    from tracker.models import ImportDraft
    from tracker.seed import seed_report_text

    log_in(page, site, "coordinator")
    page.goto(f"{site}/reports/import/")
    page.fill("#id_text", seed_report_text())
    page.get_by_role("button", name="识别报告").click()
    expect(page.locator("h1")).to_have_text("核对导入内容")
    items = page.locator("input[name^='items-'][name$='-title']")
    items.first.fill("改过的标题")
    items.first.press("Enter")  # saves; does not press the first item's merge button
    expect(items.first).to_have_value("改过的标题")
    draft = ImportDraft.objects.latest("pk")
    assert len(draft.data["items"]) == 27
    shoot("preview")
    page.fill("input[name$='-split_at'] >> nth=-1", "不在原文中")
    page.locator("button[value='split'] >> nth=-1").click()
    expect(page.locator(".invalid-feedback").first).to_contain_text("拆分位置必须是该项原文中")
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".alert-danger").first).to_contain_text("已经导入,不能重复导入")
    draft.refresh_from_db()
    assert draft.report is None and draft.data["items"][0]["title"] == "改过的标题"
    assert console_errors == []


def test_coordinator_changes_a_kind_and_adds_a_cause_from_selected_text(
    page, site, console_errors, shoot
):
    from tests.test_import_preview_edit import REPORT
    from tracker.models import ImportDraft

    log_in(page, site, "coordinator")
    page.goto(f"{site}/reports/import/")
    page.fill("#id_text", REPORT)
    page.get_by_role("button", name="识别报告").click()
    expect(page.locator("h1")).to_have_text("核对导入内容")
    draft = ImportDraft.objects.latest("pk")
    (second,) = [r for r in draft.data["items"] if r["kind"] == "shortfall" and r["number"] == 2]
    row = page.locator(f"tr:has(input[value='{second['start']}'])")
    row.locator("select[name$='-kind']").select_option("cause")
    page.get_by_role("button", name="保存修改").last.click()
    expect(page.locator(".alert").first).to_contain_text("已更改类别")
    expect(page.locator("#import-source mark.src-cause")).to_have_text(
        "基层执法能力有短板。执法文书不规范。"
    )

    # Select words of the first shortfall in the report as a reader would, and add them as a cause.
    page.evaluate(
        """phrase => {
            const pane = document.getElementById("import-source");
            const walker = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
            while (walker.nextNode()) {
                const at = walker.currentNode.textContent.indexOf(phrase);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(walker.currentNode, at);
                range.setEnd(walker.currentNode, at + phrase.length);
                document.getSelection().removeAllRanges();
                document.getSelection().addRange(range);
                return;
            }
        }""",
        "个别部门先决策后补程序。",
    )
    expect(page.locator("#id_add-quote")).to_have_value("个别部门先决策后补程序。")
    start = REPORT.index("个别部门先决策后补程序。")
    expect(page.locator("input[name='add-start']")).to_have_value(str(start))
    page.locator("#id_add-kind").select_option("cause")
    page.get_by_role("button", name="添加为事项").click()
    expect(page.locator(".alert").first).to_contain_text("已添加")
    shoot("kind-and-cause")
    draft.refresh_from_db()
    causes = sorted(r["text"] for r in draft.data["items"] if r["kind"] == "cause")
    assert causes == ["个别部门先决策后补程序。", "基层执法能力有短板。执法文书不规范。"]
    page.get_by_role("button", name="确认导入").click()  # 云溪县 is no jurisdiction here …
    expect(page.locator(".invalid-feedback").first).to_contain_text("所属的辖区")
    page.select_option("#id_jurisdiction", label="蓟州区")  # … so the coordinator files it
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("h1")).to_contain_text("云溪县")
    assert console_errors == []
