"""The ledger (整改台账) as .xlsx and CSV, read back cell by cell."""

import csv
import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.factories import make_item, make_report, make_unit, make_user
from tests.summary_data import PENDING_TEXT, RETURNED_TEXT, build_scenario, bulk_items, day
from tracker.summaries.ledger import HEADERS, neutralise

pytestmark = pytest.mark.django_db
XLSX, CSV = "/summaries/ledger.xlsx", "/summaries/ledger.csv"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def workbook(client, **params):
    response = client.get(XLSX, params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(body(response))).active


def csv_rows(client, **params) -> tuple[bytes, list[list[str]]]:
    raw = body(client.get(CSV, params))
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


@pytest.fixture
def s(client):
    scenario = build_scenario()
    client.force_login(scenario.coordinator)
    return scenario


def by_title(sheet) -> dict[str, dict]:
    rows = list(sheet.iter_rows(values_only=True))[1:]  # under the title row
    return {row[3]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}


def test_the_xlsx_has_a_title_a_frozen_filtered_header_widths_wrapping_and_real_dates(client, s):
    sheet = workbook(client, report=s.report.pk, as_of=day(15).isoformat())
    assert sheet["A1"].value == f"2021年度法治政府建设整改台账(截至 {day(15).isoformat()})"
    assert sheet["A1"].font.bold and [str(r) for r in sheet.merged_cells.ranges] == ["A1:R1"]
    assert [cell.value for cell in sheet[2]] == HEADERS
    assert sheet.freeze_panes == "A3"
    assert sheet.print_title_rows == "$1:$2"  # title and header on every printed page
    assert sheet.auto_filter.ref == "A2:R5"
    assert sheet.max_row == 5  # title, header, 不足一, 任务一, 任务二 (the cause is not tracked)
    assert [sheet.cell(row=n, column=2).value for n in (3, 4, 5)] == ["不足一", "任务一", "任务二"]
    assert [sheet.cell(row=n, column=4).value for n in (3, 4, 5)] == [
        "公职律师队伍需要加强",
        "加强法治人才队伍建设",
        "搭建企业家法治服务平台",
    ]
    widths = {h: sheet.column_dimensions[chr(65 + n)].width for n, h in enumerate(HEADERS)}
    assert all(width >= 5 for width in widths.values())
    assert widths["最新进展"] == max(widths.values())  # the long one
    assert widths["问题/任务"] >= 20 and widths["序号"] <= 6
    due = sheet["I4"]
    assert due.is_date and due.number_format == "yyyy-mm-dd"
    assert due.value == datetime.combine(day(40), datetime.min.time())
    assert sheet["O4"].is_date  # 最近更新
    percent = sheet["L4"]
    assert (percent.value, percent.number_format) == (40, '0"%"')
    assert sheet["E3"].alignment.wrap_text and sheet["J4"].alignment.wrap_text
    assert sheet.row_dimensions[3].height > sheet.row_dimensions[5].height  # sized to its text


def test_the_xlsx_row_of_a_task_as_of_a_day_between_two_reviews(client, s):
    rows = by_title(workbook(client, report=s.report.pk, as_of=day(15).isoformat()))
    task = rows["加强法治人才队伍建设"]
    assert (task["序号"], task["编号"]) == (2, "任务一")
    assert task["类别"] == "下一年度安排"
    assert task["整改措施/关联任务"] == "针对:原因一 公职律师配备机制尚不健全"
    assert (task["牵头单位"], task["配合单位"], task["责任人"]) == (
        "区司法局",
        "区市场监管局",
        "alice",
    )
    assert task["最新进展"] == f"{day(5).isoformat()}:{s.a.text}"
    assert (task["状态"], task["预警"], task["佐证材料数"]) == ("推进中", "绿灯", 1)
    assert task["最近更新"].date() == day(10)
    shortfall = rows["公职律师队伍需要加强"]
    assert shortfall["整改措施/关联任务"] == (
        "原因:原因一 公职律师配备机制尚不健全\n整改任务:任务一 加强法治人才队伍建设;任务二 搭建企业家法治服务平台"
    )
    assert rows["搭建企业家法治服务平台"]["预警"] == "红灯"


def test_the_xlsx_after_closure(client, s):
    task = by_title(workbook(client, report=s.report.pk, as_of=day(25).isoformat()))[
        "加强法治人才队伍建设"
    ]
    assert (task["状态"], task["佐证材料数"], task["配合单位"]) == ("已销号", 2, None)
    assert task["最新进展"].startswith(day(18).isoformat())


def test_only_approved_updates_appear(client, s):
    for params in ({}, {"as_of": day(15).isoformat()}):
        text = str(list(workbook(client, report=s.report.pk, **params).values))
        raw, _rows = csv_rows(client, report=s.report.pk, **params)
        for content in (text, raw.decode("utf-8-sig")):
            assert RETURNED_TEXT not in content and PENDING_TEXT not in content


def test_the_csv_starts_with_a_bom_and_parses(client, s):
    raw, rows = csv_rows(client, report=s.report.pk, as_of=day(25).isoformat())
    assert raw.startswith(b"\xef\xbb\xbf")
    assert rows[0] == HEADERS  # no title row: a CSV is read by programs
    assert len(rows) == 4
    task = dict(zip(HEADERS, rows[2], strict=True))
    assert task["问题/任务"] == "加强法治人才队伍建设"
    assert task["完成时限"] == day(40).isoformat()
    assert (task["状态"], task["完成百分比"], task["佐证材料数"]) == ("已销号", "100", "2")


def test_the_csv_and_the_xlsx_say_the_same(client, s):
    _raw, rows = csv_rows(client, report=s.report.pk)
    sheet = workbook(client, report=s.report.pk)
    for csv_row, xlsx_row in zip(rows, sheet.iter_rows(min_row=2, values_only=True), strict=True):
        as_text = [
            v.date().isoformat() if isinstance(v, datetime) else "" if v is None else str(v)
            for v in xlsx_row
        ]
        assert csv_row == as_text


INJECTIONS = ["=1+1", "@SUM(A1:A9)", "+x", "-x", "\tcmd", "\r=2"]


def test_formula_looking_text_is_written_as_text(client, db):
    report = make_report()
    for n, text in enumerate(INJECTIONS, 1):
        make_item(
            report=report,
            number=n,
            sequence=n,
            title=text,
            lead_unit=make_unit(name=f"{text}单位{n}", short_name=text),
        )
    client.force_login(make_user(role="viewer"))
    sheet = workbook(client, report=report.pk)
    titles = [sheet.cell(row=n, column=4) for n in range(3, 3 + len(INJECTIONS))]
    assert [cell.value for cell in titles] == ["'" + text for text in INJECTIONS]
    assert {cell.data_type for cell in titles} == {"s"}
    assert all(str(sheet.cell(row=n, column=6).value).startswith("'") for n in range(3, 9))
    _raw, rows = csv_rows(client, report=report.pk)
    assert [row[3] for row in rows[1:]] == ["'" + text for text in INJECTIONS]


def test_neutralise_leaves_ordinary_values_alone():
    assert neutralise("区司法局") == "区司法局"
    assert neutralise(-3) == -3
    assert neutralise(date(2026, 1, 1)) == date(2026, 1, 1)


@pytest.mark.parametrize("count", [10, 500])
def test_xlsx_query_count_is_fixed(client, django_assert_num_queries, count):
    report = bulk_items(count)
    client.force_login(make_user(role="viewer"))
    # session, user, user and group permissions, the report, the item rows, the
    # scoring rule and the units' scores (the 考核评分 sheet: the units, then one
    # grouped count each for their items, approved and returned versions and notices).
    with django_assert_num_queries(11):
        response = client.get(XLSX, {"report": report.pk})
        content = body(response)
    assert load_workbook(io.BytesIO(content)).active.max_row == count + 2


@pytest.mark.parametrize("count", [10, 500])
def test_csv_query_count_is_fixed(client, django_assert_num_queries, count):
    report = bulk_items(count)
    client.force_login(make_user(role="viewer"))
    with django_assert_num_queries(5):
        content = body(client.get(CSV, {"report": report.pk, "as_of": day(40).isoformat()}))
    assert content.decode("utf-8-sig").count("\r\n") == count + 1


def test_a_reporters_ledger_names_only_linked_items_they_may_see(client, s):
    client.force_login(s.other_reporter)  # 市场监管局: leads 任务二 only
    rows = by_title(workbook(client, report=s.report.pk))
    assert list(rows) == ["搭建企业家法治服务平台"]
    # 任务二 addresses 不足一, which 司法局 leads: the reporter's ledger leaves it out.
    assert rows["搭建企业家法治服务平台"]["整改措施/关联任务"] is None
    client.force_login(s.viewer)
    rows = by_title(workbook(client, report=s.report.pk))
    assert rows["搭建企业家法治服务平台"]["整改措施/关联任务"] == "针对:不足一 公职律师队伍需要加强"
