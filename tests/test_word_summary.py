"""The written status summary: the printable page and the Word document, read back."""

import io
from datetime import timedelta

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.factories import make_user
from tests.summary_data import (
    PENDING_TEXT,
    RETURNED_TEXT,
    build_scenario,
    bulk_items,
    day,
    moment,
)
from tracker.models import Item
from tracker.summaries.asof import AsOf
from tracker.summaries.figures import Scope, dashboard
from tracker.summaries.status import TABLE_HEADERS, status_summary, summary_markdown
from tracker.summaries.wording import cn_date

pytestmark = pytest.mark.django_db
PAGE, DOCX = "/summaries/status/", "/summaries/status.docx"


@pytest.fixture
def s(client):
    scenario = build_scenario()
    client.force_login(scenario.viewer)
    return scenario


def document(client, **params):
    response = client.get(DOCX, params)
    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert "attachment" in response["Content-Disposition"]
    return Document(io.BytesIO(response.content))


def headings(doc) -> list[tuple[str, str]]:
    return [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]


def paragraphs_after(doc, heading: str) -> list[str]:
    texts = [p.text for p in doc.paragraphs]
    start = texts.index(heading) + 1
    following = []
    for p in doc.paragraphs[start:]:
        if p.style.name.startswith("Heading"):
            break
        following.append(p.text)
    return following


def test_headings_follow_the_reports_structure(client, s):
    doc = document(client, report=s.report.pk, as_of=day(15).isoformat())
    assert headings(doc) == [
        # A title longer than a line turns where its words allow (word.TITLE_BREAK).
        ("Title", "2021年度法治政府建设情况报告\n整改落实情况"),
        ("Heading 1", "一、总体情况"),
        ("Heading 1", "二、存在的不足整改情况"),
        ("Heading 2", "(一)不足一 公职律师队伍需要加强"),
        ("Heading 1", "三、尚未完成的下一年度安排"),
        ("Heading 2", "(一)任务一 加强法治人才队伍建设"),
        ("Heading 2", "(二)任务二 搭建企业家法治服务平台"),
        ("Title", "整改事项明细表"),
    ]
    closed = document(client, report=s.report.pk, as_of=day(25).isoformat())
    assert ("Heading 2", "(一)任务一 加强法治人才队伍建设") not in headings(closed)


def test_the_issuer_and_the_date_close_the_body_before_the_annex(client, s):
    doc = document(client, report=s.report.pk, as_of=day(15).isoformat())
    texts = [p.text for p in doc.paragraphs]
    note = texts.index("附件:整改事项明细表")
    issuer, on = doc.paragraphs[note + 2], doc.paragraphs[note + 3]
    assert (issuer.text, on.text) == (s.report.issuer, cn_date(day(15)))
    assert [text for text in texts[note + 4 :] if text] == ["附件", "整改事项明细表"]
    # The date starts two characters right of the issuer's first character.
    width = {p.text: len(p.text) - sum(ch.isdigit() for ch in p.text) / 2 for p in (issuer, on)}
    starts = {p.text: p.paragraph_format.right_indent.pt / 16 + width[p.text] for p in (issuer, on)}
    assert starts[issuer.text] - starts[on.text] == 2
    # The longer of the two stands two characters (of 三号) in from the right.
    assert min(p.paragraph_format.right_indent.pt for p in (issuer, on)) == 32


def test_the_totals_come_first(client, s):
    doc = document(client, report=s.report.pk, as_of=day(25).isoformat())
    totals = paragraphs_after(doc, "一、总体情况")
    assert totals[0] == (
        f"截至{cn_date(day(25))},共跟踪整改事项3项(存在的不足1项、下一年度安排2项),"
        "已销号1项,未销号2项(其中未启动1项、推进中1项);逾期未完成1项。"
    )
    assert totals[1] == "预警情况:红灯1项、黄灯1项、绿灯1项。"


def test_each_shortfall_names_its_causes_tasks_units_progress_and_evidence(client, s):
    doc = document(client, report=s.report.pk, as_of=day(15).isoformat())
    section = paragraphs_after(doc, "(一)不足一 公职律师队伍需要加强")
    assert section[0] == "原因:原因一 公职律师配备机制尚不健全。"
    assert section[1].startswith("牵头单位:区司法局;完成时限:")
    assert section[2] == "最新进展:暂无经审核通过的进展。"
    task_one, task_two = section[3], section[4]
    assert task_one.startswith(
        "整改任务 任务一 加强法治人才队伍建设:牵头单位:区司法局;配合单位:区市场监管局;"
    )
    assert "状态:推进中" in task_one and "佐证材料:1份" in task_one
    assert f"最新进展({day(5).isoformat()}):{s.a.text}" in task_one
    assert task_two.startswith("整改任务 任务二 搭建企业家法治服务平台:牵头单位:区市场监管局;")
    assert "预警:红灯(已逾期)" in task_two


def test_the_table_has_a_header_and_a_row_per_tracked_item(client, s):
    doc = document(client, report=s.report.pk, as_of=day(25).isoformat())
    (table,) = doc.tables
    assert [cell.text for cell in table.rows[0].cells] == TABLE_HEADERS
    assert len(table.rows) == 1 + 3
    task = [cell.text for cell in table.rows[2].cells]
    assert task[1:6] == [
        "任务一 加强法治人才队伍建设",
        "区司法局",
        day(40).isoformat(),
        "已销号",
        "绿灯",
    ]
    assert task[7] == "2"
    header_props = table.rows[0]._tr.trPr
    assert header_props.find(qn("w:tblHeader")) is not None  # repeats on each page


def test_styles_carry_chinese_fonts(client, s):
    doc = document(client, report=s.report.pk)

    def east_asia(style_name):
        fonts = doc.styles[style_name].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win
        return fonts.get(qn("w:eastAsia"))

    assert east_asia("Normal") == "仿宋_GB2312"
    assert east_asia("Title") == "方正小标宋简体"
    assert east_asia("Heading 1") == "黑体"
    assert east_asia("Heading 2") == "楷体_GB2312"


def test_only_approved_updates_appear(client, s):
    for params in ({}, {"as_of": day(15).isoformat()}, {"as_of": day(25).isoformat()}):
        doc = document(client, report=s.report.pk, **params)
        text = "\n".join(
            [p.text for p in doc.paragraphs] + [c.text for r in doc.tables[0].rows for c in r.cells]
        )
        assert RETURNED_TEXT not in text and PENDING_TEXT not in text
        html = client.get(PAGE, {"report": s.report.pk, **params}).content.decode()
        assert RETURNED_TEXT not in html and PENDING_TEXT not in html


def test_the_page_says_what_the_document_says(client, s, settings):
    params = {"report": s.report.pk, "as_of": day(15).isoformat()}
    html = client.get(PAGE, params).content.decode()
    doc = document(client, **params)
    for heading in ("一、总体情况", "二、存在的不足整改情况", "三、尚未完成的下一年度安排"):
        assert f"<h2>{heading}</h2>" in html
    assert paragraphs_after(doc, "一、总体情况")[0] in html
    assert (
        f'href="/summaries/status.docx?report={s.report.pk}&amp;as_of={day(15).isoformat()}"'
        in html
    )
    css = (settings.BASE_DIR / "static" / "tracker" / "app.css").read_text()
    assert ".summary-doc .page-break-before" in css.split("@media print", 1)[1]


def test_the_summary_agrees_with_the_dashboard(s):
    for n in (15, 25):
        scope = Scope(report=s.report, as_of=AsOf.of(day(n)))
        assert status_summary(scope).tally == dashboard(scope).tally


def test_markdown_follows_the_same_structure(s):
    text = summary_markdown(status_summary(Scope(report=s.report, as_of=AsOf.of(day(15)))))
    order = ["# 2021年度", "## 一、总体情况", "## 二、", "### (一)不足一", "## 三、", "## 附表"]
    positions = [text.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "| 序号 | 事项 |" in text


@pytest.mark.parametrize("count", [10, 500])
def test_docx_query_count_is_fixed(client, django_assert_num_queries, count):
    report = bulk_items(count)
    client.force_login(make_user(role="viewer"))
    # session, user, user and group permissions, the report, the item rows.
    with django_assert_num_queries(5):
        response = client.get(DOCX, {"report": report.pk})
    assert len(Document(io.BytesIO(response.content)).tables[0].rows) == count + 1


@pytest.mark.parametrize("count", [10, 500])
def test_page_query_count_is_fixed(client, django_assert_num_queries, count):
    report = bulk_items(count)
    client.force_login(make_user(role="viewer"))
    # As the document, plus the form's report choices and the top bar's unread messages.
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(8):
        response = client.get(PAGE, {"report": report.pk, "as_of": day(40).isoformat()})
    assert response.context["summary"].tally.tracked == count


def test_the_demo_report_as_of_a_past_date(client, demo):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    client.force_login(get_user_model().objects.get(username="coordinator"))
    as_of = (timezone.localdate() - timedelta(days=20)).isoformat()
    doc = document(client, as_of=as_of)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "共跟踪整改事项11项(存在的不足5项、下一年度安排6项),已销号0项" in text
    assert "(五)不足五 “述法”工作开展不够深" in text
    task_four = next(p.text for p in doc.paragraphs if p.text.startswith("整改任务 任务四"))
    assert "状态:推进中" in task_four and "佐证材料:1份" in task_four
    assert len(doc.tables[0].rows) == 12


# How last year's items ended, as of a date -------------------------------------------


def _following(report, **overrides):
    """This year's report, linked to `report` as last year's."""
    from tests.factories import make_report

    return make_report(
        year=report.year + 1, jurisdiction=report.jurisdiction, previous=report, **overrides
    )


def _ending(summary, label: str) -> str:
    (line,) = [line for line in summary.previous if line.startswith(f"2021年{label}“")]
    return line


def test_last_years_items_end_as_they_stood_on_the_day(client, s):
    """任务一 (2021) was closed on day 20: the summary as of day 15 shows it still open,
    as of day 25 closed (and so does the live one); 任务二 stays open throughout."""
    following = _following(s.report)

    def summary(on):
        return status_summary(Scope(report=following, as_of=AsOf.of(on)))

    before, after = summary(day(15)), summary(day(25))
    assert _ending(before, "任务一").endswith(":未在本年度报告中接续,目前推进中。")
    assert _ending(after, "任务一").endswith(":已销号。")
    assert _ending(summary(None), "任务一").endswith(":已销号。")
    # The day the closure was asked for (day 18) and not yet approved: 待销号.
    assert _ending(summary(day(19)), "任务一").endswith("目前待销号。")
    for each in (before, after):
        assert _ending(each, "任务二").endswith("目前未启动。")
    # An item that did not exist yet on the day is not in the list.
    Item.history.filter(id=s.late_task.pk).update(history_date=moment(30))
    assert [line for line in summary(day(25)).previous if "任务二" in line] == []
    # The page says the same.
    html = client.get(PAGE, {"report": following.pk, "as_of": day(15).isoformat()})
    assert _ending(before, "任务一") in html.content.decode()


@pytest.mark.parametrize("count", [10, 500])
def test_page_query_count_with_last_years_report_is_fixed(client, django_assert_num_queries, count):
    last_year = bulk_items(count)
    following = _following(last_year)
    bulk_items(5, report=following)
    client.force_login(make_user(role="viewer"))
    # As test_page_query_count_is_fixed, plus last year's items as they stood on the day
    # and the links from them (lineage.previous_endings).
    with django_assert_num_queries(8 + 2):
        response = client.get(PAGE, {"report": following.pk, "as_of": day(40).isoformat()})
    assert len(response.context["summary"].previous) == count
