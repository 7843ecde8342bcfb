"""The item list exports exactly what it lists; the dashboard's unit goes into its ledger."""

import csv
import io
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from tests.factories import make_unit, make_user
from tests.summary_data import build_scenario, bulk_items, day
from tracker.summaries.ledger import HEADERS

pytestmark = pytest.mark.django_db
LIST, XLSX, CSV = "/items/", "/items/export.xlsx", "/items/export.csv"


def body(response) -> bytes:
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def sheet_of(response):
    return load_workbook(io.BytesIO(body(response))).active


def listed_titles(client, params) -> list[str]:
    return [item.title for item in client.get(LIST, params).context["page"]]


def exported_titles(client, params) -> tuple[list[str], list[str]]:
    sheet = sheet_of(client.get(XLSX, params))
    xlsx = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    raw = body(client.get(CSV, params)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(raw)))
    assert rows[0] == HEADERS
    return xlsx, [row[3] for row in rows[1:]]


@pytest.fixture
def s(client):
    scenario = build_scenario()
    client.force_login(scenario.coordinator)
    return scenario


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"kind": "all"},  # causes too
        {"kind": "task", "sort": "-due"},  # the list's order, not the report's
        {"unit": "scjg"},
        {"status": "not_started"},
        {"light": "red"},
        {"overdue": "on"},
        {"q": "法治"},
    ],
)
def test_the_export_holds_exactly_the_filtered_list_in_its_order(client, s, params):
    if "unit" in params:
        params = {**params, "unit": s.scjg.pk}
    listed = listed_titles(client, params)
    xlsx, csv_titles = exported_titles(client, params)
    assert xlsx == csv_titles == listed
    assert listed  # every case picks something


def test_the_export_says_what_it_was_filtered_by_and_as_of_when(client, s):
    sheet = sheet_of(client.get(XLSX, {"status": "not_started", "unit": s.scjg.pk}))
    title, conditions = sheet["A1"].value.split("\n")
    assert title.startswith("法治政府建设整改台账(截至 ")  # several reports: no year
    assert conditions == "筛选条件:状态 未启动;责任单位 区市场监管局"
    with_report = sheet_of(client.get(XLSX, {"report": s.report.pk}))
    assert with_report["A1"].value.startswith("2021年度法治政府建设整改台账(截至 ")
    response = client.get(CSV, {"q": "x"})
    assert "事项清单_截至" in unquote(response["Content-Disposition"])


def test_a_reporter_exports_only_what_their_list_shows(client, s):
    client.force_login(s.other_reporter)  # 市场监管局: leads 任务二 only
    xlsx, csv_titles = exported_titles(client, {})
    assert xlsx == csv_titles == listed_titles(client, {}) == ["搭建企业家法治服务平台"]
    xlsx, _csv = exported_titles(client, {"kind": "all"})
    assert "公职律师队伍需要加强" not in xlsx and "公职律师配备机制尚不健全" in xlsx


def test_an_invalid_filter_exports_the_unfiltered_list_like_the_page(client, s):
    params = {"status": "no-such-status"}
    assert exported_titles(client, params)[0] == listed_titles(client, params)


@pytest.mark.parametrize("count", [10, 200])
def test_export_query_count_is_fixed(client, django_assert_num_queries, count):
    units = [make_unit(), make_unit(), make_unit()]
    report = bulk_items(count, units=units)
    client.force_login(make_user(role="viewer"))
    # session, user, permissions, the report filter's choice, the item rows.
    with django_assert_num_queries(5):
        sheet = sheet_of(client.get(XLSX, {"report": report.pk, "sort": "due"}))
    assert sheet.max_row == 2 + count


def test_the_dashboards_unit_goes_into_its_ledger(client, s):
    params = {"report": s.report.pk, "as_of": day(15).isoformat(), "unit": s.scjg.pk}
    page = client.get("/dashboard/", params).content.decode()
    query = f"report={s.report.pk}&amp;as_of={day(15).isoformat()}&amp;unit={s.scjg.pk}"
    assert f'href="/summaries/ledger.xlsx?{query}"' in page
    assert f'href="/summaries/ledger.csv?{query}"' in page
    response = client.get("/summaries/ledger.xlsx", params)
    assert "整改台账_区市场监管局_2021年度" in unquote(response["Content-Disposition"])
    sheet = sheet_of(response)
    assert sheet["A1"].value.split("\n")[1] == "牵头或配合单位:区市场监管局"
    titles = [row[3] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert titles == ["加强法治人才队伍建设", "搭建企业家法治服务平台"]  # leads one, supports one
    everything = sheet_of(client.get("/summaries/ledger.xlsx", {"report": s.report.pk}))
    assert everything.max_row == 2 + 3


def test_a_reporter_may_not_ask_for_another_units_ledger(client, s):
    client.force_login(s.reporter)  # 区司法局
    response = client.get("/summaries/ledger.xlsx", {"unit": s.scjg.pk})
    assert response.status_code == 400
    assert "无权查看该单位" in response.content.decode()
