"""The draft of next year's report: in the report's own voice, every sentence cited."""

import io
import re
from datetime import date

import pytest
from docx import Document

from tests.factories import make_user
from tests.summary_data import PENDING_TEXT, RETURNED_TEXT, build_scenario, bulk_items, day, moment
from tracker.models import Decision, Indicator, Item, ItemLink, Measurement
from tracker.services.progress import update_review, update_submit
from tracker.summaries import draft as drafting
from tracker.summaries.asof import AsOf
from tracker.summaries.draft import DraftLineage, next_year_draft, voiced
from tracker.summaries.figures import Scope

pytestmark = pytest.mark.django_db
PAGE, DOCX, MD = "/summaries/draft/", "/summaries/draft.docx", "/summaries/draft.md"
REF = re.compile(r"〔[^〕]+〕$")
# What a ledger says and a report never does.
LEDGER_PHRASES = (
    "该项工作由",
    "完成时限为",
    "目前未启动",
    "目前推进中",
    "牵头",
    "台账记录",
    "销号",
)


@pytest.fixture
def s(client):
    scenario = build_scenario()
    client.force_login(scenario.coordinator)
    return scenario


def draft(s, n):
    return next_year_draft(Scope(report=s.report, as_of=AsOf.of(day(n))))


def ref(update_ids, evidence_ids) -> str:
    updates = "进展" + "、".join(f"#{pk}" for pk in update_ids)
    evidence = ";佐证" + "、".join(f"#{pk}" for pk in evidence_ids) if evidence_ids else ""
    return f"〔{updates}{evidence}〕"


def prose(made) -> list[str]:
    """Every sentence of the draft's three parts, with its reference."""
    found = []
    for section in made.sections:
        if section.intro is not None:
            found.append(str(section.intro))
        found += [str(sentence) for p in section.paragraphs for sentence in p.sentences]
    return found


def test_the_title_and_the_parts_name_the_years_the_data_gives(s):
    made = draft(s, 25)
    year = s.report.year
    assert made.title == f"{s.report.issuer}关于{year + 1}年法治政府建设情况的报告(草稿)"
    assert [section.heading for section in made.sections] == [
        f"一、{year + 1}年推进法治政府建设的主要举措和成效",
        f"二、{year + 1}年推进法治政府建设存在的不足和原因",
        f"三、{year + 2}年推进法治政府建设的主要安排",
    ]


def test_part_one_tells_the_approved_progress_in_the_reports_voice(s):
    made = draft(s, 25)
    (paragraph,) = made.achievements
    assert paragraph.heading == "(一)加强法治人才队伍建设"
    a_ref = ref([s.a.pk], s.evidence(s.a))
    b_ref = ref([s.b.pk], s.evidence(s.b))
    assert [str(sentence) for sentence in paragraph.sentences] == [
        f"完成人才库建设方案{a_ref}。",
        f"已报区委组织部备案{a_ref}。",
        f"人才队伍建设任务全部完成{b_ref}。",  # "申请销号" is the unit speaking to the office
    ]
    intro = str(made.sections[0].intro)
    assert intro.startswith(f"{s.report.year}年度报告确定的1项存在的不足和2项主要安排")
    assert "已完成整改1项,其余2项正在推进〔台账〕" in intro
    assert "尚无完成整改的事项,3项正在推进〔台账〕" in str(draft(s, 15).sections[0].intro)


def test_part_two_is_the_open_shortfalls_with_their_causes_not_unfinished_tasks(s):
    made = draft(s, 25)
    (paragraph,) = made.shortfalls
    assert paragraph.heading == "一是公职律师队伍需要加强"
    assert [str(sentence) for sentence in paragraph.sentences] == [
        "整改工作仍在推进,成效尚不明显〔台账·不足一〕。",
        f"究其原因,主要是公职律师配备机制尚不健全〔{s.report.year}年度报告·原因一〕。",
    ]
    headings = " ".join(p.heading for p in made.shortfalls)
    assert s.late_task.title not in headings  # an overdue task is a plan to carry on


def test_part_three_carries_on_the_open_tasks(s):
    made = draft(s, 25)
    (paragraph,) = made.plans
    assert paragraph.heading == "一是搭建企业家法治服务平台"
    year = s.report.year
    assert [str(sentence) for sentence in paragraph.sentences] == [
        f"{year}年部署的这项工作尚未完成,{year + 2}年继续推进〔台账·任务二〕。",
        "倒排工期、压实责任,加快推进,尽早完成〔台账·任务二〕。",  # it is overdue
    ]


def test_a_shortfall_no_open_task_addresses_gets_a_new_task(s):
    ItemLink.objects.filter(source=s.late_task).delete()
    made = draft(s, 25)
    new = made.plans[-1]
    assert new.heading == "二是着力解决公职律师队伍需要加强的问题"
    assert new.sentences[0].ref.text == "〔台账·不足一〕"
    assert str(new.sentences[1]) == (
        f"重点从解决“公职律师配备机制尚不健全”入手〔{s.report.year}年度报告·原因一〕。"
    )


def test_as_of_a_day_before_closure_the_task_is_told_and_still_planned(s):
    made = draft(s, 15)
    (told,) = made.achievements
    assert [sentence.ref.updates for sentence in told.sentences] == [(s.a.pk,), (s.a.pk,)]
    plan = next(p for p in made.plans if p.item_id == s.task.pk)
    assert str(plan.sentences[0]) == (
        f"在完成人才库建设方案的基础上,{s.report.year + 2}年继续抓好落实"
        f"{ref([s.a.pk], s.evidence(s.a))}。"
    )
    assert str(plan.sentences[1]).startswith("力争于")


def test_no_ledger_phrasing_and_no_demo_marker_in_the_prose(s):
    task = Item.objects.get(pk=s.late_task.pk)
    update = update_submit(
        item=task, unit=s.scjg, author=s.other_reporter, reported_on=day(22),
        text="(演示)平台 已上线试运行 ,服务企业 35 家,申请销号。", percent=None,
        requests_closure=False, links=[], at=moment(22),
    )  # fmt: skip
    update_review(update=update, reviewer=s.coordinator, decision=Decision.APPROVE, at=moment(23))
    sentences = prose(draft(s, 25))
    assert any(text.startswith("平台已上线试运行,服务企业35家〔") for text in sentences)
    for text in sentences:
        words = REF.sub("", text.rstrip("。"))
        assert "演示" not in words
        for phrase in LEDGER_PHRASES:
            assert phrase not in words, (phrase, text)


def test_voiced_drops_demo_marks_requests_and_stray_spaces():
    assert voiced("(演示)完成 2022 年度督察,申请销号。已报备案") == ["完成2022年度督察", "已报备案"]
    assert voiced("申请销号。") == []


def test_indicators_measured_after_the_year_are_told_and_cited(s):
    indicator = Indicator.objects.create(
        report=s.report, name="公职律师配备党政机关数", unit_of_measure="家",
        baseline_value=6, baseline_on=date(s.report.year - 1, 6, 30), target_value=40, target_on=day(200),
    )  # fmt: skip
    indicator.items.add(s.task)
    year_end = date(s.report.year, 12, 31)  # what the report itself says
    Measurement.objects.create(indicator=indicator, value=15, measured_on=year_end, source="报告")
    later = Measurement.objects.create(
        indicator=indicator, value=28, measured_on=day(21), source="区司法局统计(测试)"
    )
    made = draft(s, 25)
    told = [str(x) for x in made.achievements[0].sentences]
    assert (
        f"公职律师配备党政机关数由15家提高到28家,{day(200).year}年目标为40家〔指标#{later.pk}〕。"
        in told
    )
    source = next(x for x in made.sources if x.name == f"指标#{later.pk}")
    assert "区司法局统计(测试)" in source.detail
    before = draft(s, 20)  # measured day 21: not yet
    assert all("指标#" not in str(x) for p in before.achievements for x in p.sentences)


def test_the_lineage_hook_names_a_repeated_shortfall(s, monkeypatch):
    lineage = DraftLineage(repeats={s.shortfall.pk: "2020年度报告不足三"})
    monkeypatch.setattr(drafting, "draft_lineage", lambda scope: lineage)
    (paragraph,) = draft(s, 25).shortfalls
    assert "这一问题在2020年度报告不足三中已经指出,属于连续出现的问题〔2020年度报告不足三〕。" in [
        str(x) for x in paragraph.sentences
    ]
    monkeypatch.undo()
    assert "连续出现" not in draft(s, 25).shortfalls[0].text  # no lineage known: none said


def test_every_sentence_has_a_reference_and_every_reference_a_source(s):
    made = draft(s, 25)
    names = {source.name for source in made.sources}
    for section in made.sections:
        sentences = [x for p in section.paragraphs for x in p.sentences]
        sentences += [section.intro] if section.intro else []
        for sentence in sentences:
            assert REF.search(sentence.text + sentence.ref.text)
            assert "〔" not in sentence.text
            cited = [f"进展#{pk}" for pk in sentence.ref.updates] or list(sentence.ref.names)
            assert set(cited) <= names
    assert [source.number for source in made.sources] == list(range(1, len(made.sources) + 1))


def test_the_page_links_each_reference_to_its_item(client, s):
    html = client.get(PAGE, {"report": s.report.pk, "as_of": day(25).isoformat()}).content.decode()
    a_ref = ref([s.a.pk], s.evidence(s.a))
    assert f'<a class="draft-ref" href="/items/{s.task.pk}/">{a_ref}</a>' in html
    assert '<ol class="doc-sources">' in html
    assert (
        f'href="/summaries/draft.docx?report={s.report.pk}&amp;as_of={day(25).isoformat()}"' in html
    )


def test_markdown_download(client, s):
    response = client.get(MD, {"report": s.report.pk, "as_of": day(25).isoformat()})
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    text = response.content.decode()
    year = s.report.year
    assert (
        text.index(f"## 一、{year + 1}年推进法治政府建设的主要举措和成效")
        < text.index(f"## 二、{year + 1}年推进法治政府建设存在的不足和原因")
        < text.index(f"## 三、{year + 2}年推进法治政府建设的主要安排")
        < text.index("## 来源")
    )
    assert f". 进展#{s.b.pk}:任务一 加强法治人才队伍建设。区司法局报送" in text
    assert "验收报告B" in text


def test_word_download(client, s):
    response = client.get(DOCX, {"report": s.report.pk, "as_of": day(25).isoformat()})
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Title", "Heading 1")]
    year = s.report.year
    assert headings == [
        f"{s.report.issuer}\n关于{year + 1}年法治政府建设情况的报告(草稿)",
        f"一、{year + 1}年推进法治政府建设的主要举措和成效",
        f"二、{year + 1}年推进法治政府建设存在的不足和原因",
        f"三、{year + 2}年推进法治政府建设的主要安排",
        "草稿来源",  # the annex, after the issuer and the date
    ]
    body = [p.text for p in document.paragraphs]
    assert any(text.startswith("(一)加强法治人才队伍建设。完成人才库建设方案") for text in body)
    assert any(text.startswith("一是公职律师队伍需要加强。") for text in body)


def test_only_approved_updates_are_drafted(client, s):
    for n in (15, 25):
        text = client.get(MD, {"report": s.report.pk, "as_of": day(n).isoformat()}).content.decode()
        assert RETURNED_TEXT not in text and PENDING_TEXT not in text
        assert "退回材料R" not in text
        assert f"进展#{s.r.pk}" not in text and f"进展#{s.p.pk}" not in text


@pytest.mark.parametrize("count", [10, 500])
def test_draft_query_count_is_fixed(client, django_assert_num_queries, count):
    report = bulk_items(count)
    client.force_login(make_user(role="viewer"))
    # session, user, user and group permissions, the report, the rows, the approved
    # updates, their evidence, the indicators' new measurements, the links to earlier
    # years (repeats, carry-overs).
    with django_assert_num_queries(9):
        response = client.get(MD, {"report": report.pk})
    assert response.status_code == 200
