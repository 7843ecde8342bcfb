"""Unit scoring (考核): facts counted in the database as of any day, the office's rule, access."""

import io

import pytest
from openpyxl import load_workbook

from tests.factories import make_item, make_report, make_unit, make_update, make_user, office_unit
from tests.summary_data import build_scenario, bulk_items, day, moment
from tracker.models import (
    Acknowledgement,
    AckReason,
    Item,
    Jurisdiction,
    ScoringRule,
    Status,
    UpdateState,
)
from tracker.summaries.asof import AsOf
from tracker.summaries.figures import Scope
from tracker.summaries.scoring import unit_scores

pytestmark = pytest.mark.django_db
RULE = "/scoring/"


@pytest.fixture
def s(client):
    scenario = build_scenario()
    client.force_login(scenario.coordinator)
    return scenario


def scores(s, n=None, **scope):
    as_of = AsOf.of(day(n)) if n is not None else AsOf.live()
    return {
        row.name: row for row in unit_scores(Scope(report=s.report, as_of=as_of, **scope)).units
    }


def test_facts_and_scores_as_of_a_day_after_closure(s):
    rows = scores(s, 25)
    sfj, scjg = rows["区司法局"], rows["区市场监管局"]
    # 任务一 closed day 20, due day 40; versions A and B approved, R returned.
    assert sfj.facts == {
        "closed_on_time": 1, "timely_report": 2, "overdue": 0, "returned": 1, "unacknowledged": 0,
    }  # fmt: skip
    assert sfj.score == 100 + 5 + 2 * 1 - 2
    # 任务二 due day 12, never started: overdue.
    assert scjg.facts["overdue"] == 1 and scjg.score == 100 - 5
    assert (sfj.rank, scjg.rank) == (1, 2)
    assert sfj.breakdown_text == "基础分100;按时销号1项+5;按时报送2条+2;进展被退回1次−2"


def test_as_of_a_past_day_the_score_is_what_it_was_then(s):
    before_deadline = scores(s, 11)
    assert before_deadline["区市场监管局"].facts["overdue"] == 0  # 任务二 due day 12
    assert before_deadline["区市场监管局"].score == 100
    assert before_deadline["区司法局"].facts["timely_report"] == 1  # A approved day 10
    assert before_deadline["区司法局"].facts["returned"] == 0  # R returned day 13
    day15 = scores(s, 15)
    assert day15["区司法局"].facts["returned"] == 1
    assert day15["区司法局"].facts["closed_on_time"] == 0  # closed day 20
    assert day15["区市场监管局"].facts["overdue"] == 1


def test_a_notice_left_unacknowledged_past_the_grace_days_costs_points(s, settings):
    settings.TRACKER_ACK_DAYS = 3
    Acknowledgement.objects.create(
        item=s.late_task, unit=s.scjg, reason=AckReason.ASSIGNED, created_at=moment(21)
    )
    assert scores(s, 23)["区市场监管局"].facts["unacknowledged"] == 0  # within 3 days
    assert scores(s, 25)["区市场监管局"].facts["unacknowledged"] == 1
    assert scores(s, 25)["区市场监管局"].score == 100 - 5 - 2


def test_a_units_facts_on_another_report_do_not_count(s, settings):
    settings.TRACKER_ACK_DAYS = 3
    before = {name: row.facts for name, row in scores(s, 25).items()}
    # The same unit leads an item of the district's next report: closed on time, overdue
    # elsewhere, a version approved and one returned, a notice never acknowledged.
    other = make_report(year=2022, jurisdiction=s.report.jurisdiction)
    late = make_item(report=other, lead_unit=s.sfj, status=Status.IN_PROGRESS, due_on=day(3))
    done = make_item(
        report=other, lead_unit=s.sfj, status=Status.CLOSED, closed_on=day(2), due_on=day(9)
    )
    for item in (late, done):
        Item.history.filter(id=item.pk).update(history_date=moment(0, 9))
    for state in (UpdateState.APPROVED, UpdateState.RETURNED):
        make_update(
            item=late, unit=s.sfj, author=s.reporter, state=state,
            submitted_at=moment(1), reviewed_at=moment(2), reviewed_by=s.coordinator, review_comment="请补充",
        )  # fmt: skip
    Acknowledgement.objects.create(
        item=late, unit=s.sfj, reason=AckReason.ASSIGNED, created_at=moment(1)
    )
    assert {name: row.facts for name, row in scores(s, 25).items()} == before
    mine = unit_scores(Scope(report=other, as_of=AsOf.of(day(25)))).units[0]
    assert mine.facts == {
        "closed_on_time": 1, "timely_report": 1, "overdue": 1, "returned": 1, "unacknowledged": 1,
    }  # fmt: skip


def test_the_rule_in_force_is_the_jurisdictions_own_else_the_nearest_above(s):
    district = s.report.jurisdiction
    ScoringRule.objects.create(jurisdiction=district.parent, overdue=20)
    assert scores(s, 25)["区市场监管局"].score == 100 - 20
    ScoringRule.objects.create(jurisdiction=district, base=60, overdue=10)
    assert scores(s, 25)["区市场监管局"].score == 60 - 10


def test_ties_share_a_rank(s):
    ScoringRule.objects.create(
        jurisdiction=s.report.jurisdiction, closed_on_time=0, timely_report=0, overdue=0,
        returned=0, unacknowledged=0,
    )  # fmt: skip
    ranks = {row.rank for row in scores(s, 25).values()}
    assert ranks == {1}


def test_a_reporter_sees_only_their_own_units_score(client, s):
    client.force_login(s.reporter)
    html = client.get("/dashboard/", {"report": s.report.pk}).content.decode()
    assert 'id="scores"' in html
    assert "区司法局" in html.split('id="scores"')[1].split("</table>")[0]
    assert "区市场监管局" not in html.split('id="scores"')[1].split("</table>")[0]


def test_the_dashboard_shows_the_ranked_table_with_each_units_breakdown(client, s):
    html = client.get("/dashboard/", {"report": s.report.pk, "as_of": day(25).isoformat()})
    table = html.content.decode().split('id="scores"')[1].split("</table>")[0]
    assert table.index("区司法局") < table.index("区市场监管局")
    assert ">105<" in table and ">95<" in table


def test_the_ledger_has_a_scores_sheet(client, s):
    response = client.get(
        "/summaries/ledger.xlsx", {"report": s.report.pk, "as_of": day(25).isoformat()}
    )
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheetnames == ["整改台账", "考核评分"]
    rows = list(book["考核评分"].iter_rows(values_only=True))
    assert rows[0][0].startswith("2021年度单位考核评分")
    header = rows[1]
    assert header[:3] == ("名次", "单位", "得分")
    by_unit = {row[1]: dict(zip(header, row, strict=True)) for row in rows[2:] if row[1]}
    assert by_unit["区司法局"]["得分"] == 105 and by_unit["区司法局"]["按时销号"] == 1
    assert by_unit["区市场监管局"]["逾期未销号"] == 1


# The rule's page: coordinators of the jurisdiction only, logged.


def test_the_coordinator_sets_the_rule_and_it_is_logged(client, s):
    district = s.report.jurisdiction
    page = client.get(RULE)
    assert page.status_code == 200 and "基础分" in page.content.decode()
    data = {
        "jurisdiction": district.pk, "base": 90, "closed_on_time": 4, "timely_report": 2,
        "overdue": 8, "returned": 3, "unacknowledged": 1,
    }  # fmt: skip
    response = client.post(RULE, data)
    assert response.status_code == 302
    rule = ScoringRule.objects.get(jurisdiction=district)
    assert (rule.base, rule.overdue) == (90, 8)
    record = rule.history.latest()
    assert record.history_user == s.coordinator and record.history_type == "+"
    assert scores(s, 25)["区市场监管局"].score == 90 - 8


def test_a_point_out_of_bounds_is_refused_with_a_message(client, s):
    data = {
        "jurisdiction": s.report.jurisdiction.pk, "base": 100, "closed_on_time": 500,
        "timely_report": 1, "overdue": 5, "returned": 2, "unacknowledged": 2,
    }  # fmt: skip
    response = client.post(RULE, data)
    assert response.status_code == 200
    assert not ScoringRule.objects.exists()


def test_reporters_and_viewers_cannot_set_the_rule(client, s):
    for person in (s.reporter, s.viewer):
        client.force_login(person)
        assert client.get(RULE).status_code == 403
        data = {"jurisdiction": s.report.jurisdiction.pk, "base": 1}
        assert client.post(RULE, data).status_code == 403
    assert not ScoringRule.objects.exists()


def test_another_districts_coordinator_cannot_set_or_see_this_districts_scores(client, s):
    city = s.report.jurisdiction.parent
    other = Jurisdiction.objects.create(
        name="测试市另一区", short_name="另一区", parent=city, level="district"
    )
    outsider = make_user(role="coordinator", units=[office_unit(other)])
    viewer = make_user(role="viewer", units=[office_unit(other)])
    make_report(jurisdiction=other, issuer="另一区人民政府")
    for person in (outsider, viewer):
        client.force_login(person)
        html = client.get("/dashboard/", {"report": s.report.pk}).content.decode()
        assert "区司法局" not in html  # the report is not theirs: their own opens instead
    client.force_login(outsider)
    data = {
        "jurisdiction": s.report.jurisdiction.pk, "base": 1, "closed_on_time": 0,
        "timely_report": 0, "overdue": 0, "returned": 0, "unacknowledged": 0,
    }  # fmt: skip
    response = client.post(RULE, data)
    assert response.status_code == 200  # not a choice they have
    assert not ScoringRule.objects.filter(jurisdiction=s.report.jurisdiction).exists()


@pytest.mark.parametrize("count", [10, 400])
@pytest.mark.parametrize("past", [False, True])
def test_scores_take_six_queries_whatever_the_size(django_assert_num_queries, count, past):
    report = bulk_items(count, units=[make_unit() for _ in range(4)])
    as_of = AsOf.of(day(39)) if past else AsOf.live()
    # the rule; the units; one grouped count each for their items, approved versions,
    # returned versions and notices
    with django_assert_num_queries(6):
        result = unit_scores(Scope(report=report, as_of=as_of))
    assert result.units
