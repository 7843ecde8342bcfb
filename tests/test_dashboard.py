"""The dashboard: counts, per-unit rows, lists, charts, as of a date, scoped for reporters."""

import re

import pytest
from django.utils import timezone

from tests.factories import make_item, make_unit, make_user
from tests.summary_data import build_scenario, bulk_items, day
from tracker.models import Status

pytestmark = pytest.mark.django_db
URL = "/dashboard/"


def figures(response):
    return response.context["dashboard"]


def test_it_shows_the_counts_of_the_chosen_day(client):
    s = build_scenario()
    client.force_login(s.viewer)
    board = figures(client.get(URL, {"as_of": day(15).isoformat()}))
    assert board.tally.tracked == 3
    assert board.tally.overdue == 1
    assert board.tally.by_status[Status.IN_PROGRESS] == 2
    assert figures(client.get(URL)).tally.closed == 1


def test_it_draws_charts_as_svg_with_titles_and_a_text_equivalent(client):
    s = build_scenario()
    client.force_login(s.coordinator)
    html = client.get(URL, {"as_of": day(25).isoformat()}).content.decode()
    assert html.count("<svg") == 3  # status, lights, closures (no indicators here)
    for chart in ("chart-status", "chart-light", "chart-closed"):
        assert f'<title id="{chart}-title">' in html
        assert f'aria-labelledby="{chart}-title {chart}-desc"' in html
    assert '<div class="visually-hidden"><table' in html
    # Charts need no script: the only ones are base.html's Bootstrap bundle and search boxes.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script src="/static/vendor/bootstrap/bootstrap.bundle.min.js" defer>',
        '<script src="/static/tracker/choices.js" defer>',
    ]
    assert "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_it_lists_overdue_and_due_soon_items_and_units(client):
    s = build_scenario()
    client.force_login(s.coordinator)
    response = client.get(URL, {"as_of": day(15).isoformat()})
    assert [row.label for row in figures(response).overdue] == ["任务二"]
    html = response.content.decode()
    assert "搭建企业家法治服务平台" in html
    assert re.search(r"区市场监管局</td>\s*<td class=\"text-end\">1</td>", html)


def test_unit_filter(client):
    s = build_scenario()
    client.force_login(s.coordinator)
    board = figures(client.get(URL, {"unit": s.scjg.pk}))
    assert board.tally.tracked == 1  # 任务二; 任务一 no longer has 市场监管局 supporting


def test_a_reporter_sees_only_their_units(client, world):
    third = make_unit(name="蓟州区第三单位(测试)", short_name="第三单位")
    make_item(report=world["report"], lead_unit=third, title="第三单位的任务", status=Status.CLOSED,
              closed_on=timezone.localdate())  # fmt: skip
    client.force_login(world["reporter"])
    response = client.get(URL, {"report": world["report"].pk})
    board = figures(response)
    html = response.content.decode()
    assert "市场监管局牵头的任务" not in html
    assert "第三单位" not in html
    assert board.tally.tracked == 2  # led by 司法局, and supported by it
    assert board.tally.closed == 0
    assert [unit.name for unit in board.units] == ["区司法局"]
    # The unit filter offers only their own units; another unit is refused.
    assert list(response.context["form"].fields["unit"].queryset) == [world["sfj"]]
    refused = client.get(URL, {"report": world["report"].pk, "unit": world["scjg"].pk})
    assert refused.status_code == 200
    assert "无权查看该单位" in refused.content.decode()
    assert "市场监管局牵头的任务" not in refused.content.decode()


def test_viewer_sees_every_unit(client, world):
    client.force_login(world["viewer"])
    board = figures(client.get(URL, {"report": world["report"].pk}))
    assert board.tally.tracked == 3
    assert {unit.name for unit in board.units} == {"区司法局", "区市场监管局"}


def test_bad_and_future_dates_get_a_message_and_the_current_figures(client, world):
    client.force_login(world["coordinator"])
    for value, message in (("2026-13-45", "截至日期格式不正确"), ("3000-01-01", "不能晚于今天")):
        response = client.get(URL, {"as_of": value})
        assert response.status_code == 200
        assert message in response.content.decode()
        assert figures(response).scope.as_of.historical is False


def test_no_report_yet(client, db):
    client.force_login(make_user(role="viewer"))
    response = client.get(URL)
    assert response.status_code == 200
    assert "尚未导入任何报告" in response.content.decode()


@pytest.mark.parametrize("count", [10, 500])
@pytest.mark.parametrize("as_of", [False, True])
def test_query_count_is_fixed(client, django_assert_num_queries, count, as_of):
    bulk_items(count)
    client.force_login(make_user(role="coordinator"))
    params = {"as_of": timezone.localdate().isoformat()} if as_of else {}
    # session, user, the user's and the group's permissions (sees everything?), the
    # report chosen (latest), the item rows, indicators, their measurements, then
    # the form's report and unit choices, the top bar's unread messages.
    # … and whether the reader oversees the city's districts (the top bar's 全市);
    # the scoring rule and the units' scores (考核排名: the units, then one grouped
    # count each for their items, approved and returned versions and notices); the
    # counts of links across years (repeats, carried over).
    with django_assert_num_queries(18):
        response = client.get(URL, params)
    assert figures(response).tally.tracked == count


@pytest.mark.parametrize("count", [10, 500])
def test_query_count_is_fixed_for_a_reporter(client, django_assert_num_queries, count):
    units = [make_unit(), make_unit(), make_unit()]
    bulk_items(count, units=units)
    client.force_login(make_user(role="reporter", units=units[:1]))
    # As above, plus the reporter's units for the per-unit rows.
    with django_assert_num_queries(18):
        response = client.get(URL)
    assert 0 < figures(response).tally.tracked < count


def test_a_bad_date_keeps_the_other_choices(client):
    s = build_scenario()
    client.force_login(s.coordinator)
    board = figures(client.get(URL, {"report": s.report.pk, "unit": s.scjg.pk, "as_of": "x"}))
    assert (board.scope.report, board.scope.unit, board.scope.as_of.historical) == (
        s.report,
        s.scjg,
        False,
    )
