"""The bulletin (督查通报): the period's progress, the ranking, overdue items and urges,
praise and criticism; as a page, Word, Markdown and JSON; as of a past day too."""

import io
import json
from urllib.parse import quote

import pytest
from django.core.management import call_command
from docx import Document
from docx.shared import Mm

from tests.factories import make_report, make_unit, make_user, office_unit
from tests.summary_data import PENDING_TEXT, RETURNED_TEXT, build_scenario, bulk_items, day, moment
from tracker.models import Item, Jurisdiction
from tracker.services.followup import item_urge
from tracker.summaries.asof import AsOf
from tracker.summaries.bulletin import bulletin, quarter_start
from tracker.summaries.figures import Scope

pytestmark = pytest.mark.django_db
PAGE, DOCX, MD = "/summaries/bulletin/", "/summaries/bulletin.docx", "/summaries/bulletin.md"


@pytest.fixture
def s(client):
    scenario = build_scenario()
    # The office urges 任务二's unit on day 14 (two days after its deadline) and day 22.
    for n in (14, 22):
        item_urge(
            item=Item.objects.get(pk=scenario.late_task.pk), unit=scenario.scjg,
            by=scenario.coordinator, message="请抓紧推进。", at=moment(n),
        )  # fmt: skip
    client.force_login(scenario.coordinator)
    return scenario


def made(s, n, since=None):
    return bulletin(Scope(report=s.report, as_of=AsOf.of(day(n))), since=since)


def params(s, n, since=None, **more):
    found = {"report": s.report.pk, "as_of": day(n).isoformat(), **more}
    if since is not None:
        found["since"] = since.isoformat()
    return found


def test_the_period_lists_the_versions_approved_in_it_and_nothing_else(s):
    whole = made(s, 25, since=day(0))
    assert [u.id for u in whole.progress] == [s.a.pk, s.b.pk]
    assert [row.label for row in whole.closed_in_period] == ["任务一"]
    assert whole.urges_in_period == 2
    later = made(s, 25, since=day(15))  # A was approved on day 10
    assert [u.id for u in later.progress] == [s.b.pk]
    assert later.urges_in_period == 1
    for text in (RETURNED_TEXT, PENDING_TEXT):
        assert all(text not in u.text for u in whole.progress_all)


def test_as_of_a_past_day_the_bulletin_is_what_it_was_then(s):
    then = made(s, 15, since=day(0))
    assert [u.id for u in then.progress] == [s.a.pk]  # B approved day 20
    assert then.closed_in_period == []
    (entry,) = then.overdue
    assert (entry.row.label, entry.days, entry.urges) == ("任务二", 3, 1)
    assert entry.last_urged_on == day(14)
    now = made(s, 25, since=day(0))
    (entry,) = now.overdue
    assert (entry.days, entry.urges, entry.last_urged_on) == (13, 2, day(22))


def test_units_are_ranked_praised_and_criticised_by_their_scores(s):
    b = made(s, 25, since=day(0))
    assert [(row.rank, row.name, row.score) for row in b.scores] == [
        (1, "区司法局", 100 + 5 + 2 - 2),
        # overdue, and both urges left unacknowledged past the grace days
        (2, "区市场监管局", 100 - 5 - 2 * 2),
    ]
    assert [m.unit for m in b.praised] == ["区司法局"]
    assert [m.unit for m in b.criticised] == ["区市场监管局"]
    assert "逾期未销号1项" in b.criticism_text
    before = made(s, 11, since=day(0))  # nothing overdue yet
    assert before.criticised == [] and before.criticism_text == "本期没有需要通报批评的单位。"


def test_the_default_period_is_the_quarter_of_the_day(s):
    b = made(s, 25)
    assert b.since == quarter_start(day(25)) or b.since == day(25)
    assert quarter_start(day(25)).day == 1 and quarter_start(day(25)).month % 3 == 1


def test_the_markdown_says_bulletin_in_its_title_and_names_every_lead_unit(client, s):
    response = client.get(MD, params(s, 25, since=day(0)))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    title = text.splitlines()[0]
    assert title.startswith("# ") and "通报" in title
    for unit in ("区司法局", "区市场监管局"):
        assert unit in text
    assert text.index("## 三、考核排名") < text.index("## 四、逾期事项及催办情况")
    assert "| 1 | 任务二 搭建企业家法治服务平台 | 区市场监管局 |" in text
    assert "完成人才库建设方案" in text and RETURNED_TEXT not in text


def test_the_command_writes_markdown_json_and_word(s, tmp_path, capsys):
    call_command(
        "summarize", "--document", "bulletin", "--report", str(s.report.pk),
        "--as-of", day(25).isoformat(), "--since", day(0).isoformat(),
    )  # fmt: skip
    text = capsys.readouterr().out
    assert "通报" in text.splitlines()[0] and "区市场监管局" in text
    call_command(
        "summarize", "--document", "bulletin", "--report", str(s.report.pk), "--format", "json",
        "--as-of", day(15).isoformat(), "--since", day(0).isoformat(),
    )  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["from_history"] is True and data["as_of"] == day(15).isoformat()
    assert [p["update"] for p in data["progress"]] == [s.a.pk]
    assert [o["item"] for o in data["overdue"]] == ["任务二"]
    assert data["report"] == {
        "id": s.report.pk, "title": s.report.title, "issuer": s.report.issuer, "year": 2021,
    }  # fmt: skip
    assert data["totals"]["overdue"] == 1 and data["totals"]["progress_in_period"] == 1
    assert {"tracked", "closed", "open", "due_soon", "closed_in_period"} <= set(data["totals"])
    assert {row["unit"]: row["score"] for row in data["scores"]} == {
        "区司法局": 100 + 1 - 2, "区市场监管局": 100 - 5,
    }  # fmt: skip
    assert set(data["lead_units"]) == {"区司法局", "区市场监管局"}
    target = tmp_path / "bulletin.docx"
    call_command(
        "summarize", "--document", "bulletin", "--report", str(s.report.pk), "--format", "docx",
        "--output", str(target),
    )  # fmt: skip
    assert "通报" in Document(str(target)).paragraphs[0].text


@pytest.mark.parametrize(
    "args",
    [
        ["--document", "bulletin", "--format", "xlsx", "--output", "x.xlsx"],
        ["--document", "bulletin", "--since", "not-a-date"],
        ["--document", "summary", "--since", "2022-01-01"],
    ],
)
def test_the_command_refuses_bad_arguments(s, args):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("summarize", *args)


def test_the_word_bulletin_reads_back_as_a_gongwen(client, s):
    response = client.get(DOCX, params(s, 25, since=day(0)))
    assert response.status_code == 200
    assert quote("督查通报") in response["Content-Disposition"]
    document = Document(io.BytesIO(response.content))
    section = document.sections[0]
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m / Mm(1)) for m in margins] == [37, 35, 28, 26]
    title = next(p for p in document.paragraphs if p.style.name == "Title")
    assert "通报" in title.text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "一、总体情况", "二、本期工作进展", "三、考核排名", "四、逾期事项及催办情况",
        "五、表扬和批评", "六、工作要求",
    ]  # fmt: skip
    scores, overdue = document.tables
    assert [cell.text for cell in scores.rows[0].cells][:3] == ["名次", "单位", "得分"]
    assert [row.cells[1].text for row in scores.rows[1:]] == ["区司法局", "区市场监管局"]
    assert overdue.rows[1].cells[1].text == "任务二 搭建企业家法治服务平台"
    body = "\n".join(p.text for p in document.paragraphs)
    assert "区委依法治区办" in body  # the office signs it
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "—" in section.footer.paragraphs[0].text


def test_the_page_links_items_and_downloads(client, s):
    html = client.get(PAGE, params(s, 25, since=day(0))).content.decode()
    assert 'id="scores"' in html and 'id="overdue"' in html
    assert f'href="/items/{s.late_task.pk}/"' in html
    since = day(0).isoformat()
    assert (
        f"/summaries/bulletin.docx?report={s.report.pk}&amp;as_of={day(25).isoformat()}&amp;since={since}"
        in html
    )


def test_since_after_the_day_is_refused(client, s):
    response = client.get(DOCX, params(s, 15, since=day(20)))
    assert response.status_code == 400
    assert "开始日期不能晚于截至日期" in response.content.decode()
    page = client.get(PAGE, params(s, 15, since=day(20)))
    assert page.status_code == 200 and "开始日期不能晚于截至日期" in page.content.decode()


def test_the_dashboard_and_the_summary_link_to_the_bulletin(client, s):
    for url in ("/dashboard/", "/summaries/status/", "/summaries/draft/"):
        assert 'href="/summaries/bulletin/?' in client.get(url).content.decode()


def test_a_reporter_sees_only_their_units_in_the_bulletin(client, s):
    client.force_login(s.reporter)
    text = client.get(MD, params(s, 25, since=day(0))).content.decode()
    assert "区司法局" in text
    assert "区市场监管局" not in text  # not theirs: neither its items nor its score


def test_another_districts_office_never_sees_this_districts_bulletin(client, s):
    other = Jurisdiction.objects.create(
        name="测试市另一区",
        short_name="另一区",
        parent=s.report.jurisdiction.parent,
        level="district",
    )
    make_report(jurisdiction=other, issuer="另一区人民政府", year=2021)
    for role in ("coordinator", "viewer"):
        client.force_login(make_user(role=role, units=[office_unit(other)]))
        assert client.get(DOCX, params(s, 25)).status_code == 400  # not a report they may open
        assert client.get(MD, params(s, 25)).status_code == 400
        html = client.get(PAGE, params(s, 25)).content.decode()
        assert "区司法局" not in html and "区市场监管局" not in html


@pytest.mark.parametrize("count", [10, 400])
@pytest.mark.parametrize("past", [False, True])
def test_the_page_query_count_is_fixed(client, django_assert_num_queries, count, past):
    report = bulk_items(count, units=[make_unit() for _ in range(4)])
    client.force_login(make_user(role="coordinator"))
    query = {"report": report.pk}
    if past:
        query["as_of"] = day(39).isoformat()
    # session, user, user and group permissions, the form's report, the report's
    # jurisdiction (the office's name); the item rows, the period's approved updates,
    # the urges, the scoring rule, the scores (the units, then one grouped count each
    # for their items, approved and returned versions and notices); the form's report choices, the top bar's
    # unread messages and whether the reader oversees the city.
    with django_assert_num_queries(17):
        response = client.get(PAGE, query)
    assert response.status_code == 200
    assert response.context["bulletin"].tally.tracked == count
