"""The draft of next year's report: every sentence cites the updates and evidence behind it."""

import io
import re

import pytest
from docx import Document

from tests.factories import make_user
from tests.summary_data import PENDING_TEXT, RETURNED_TEXT, build_scenario, bulk_items, day
from tracker.summaries.asof import AsOf
from tracker.summaries.draft import next_year_draft
from tracker.summaries.figures import Scope
from tracker.summaries.wording import cn_date

pytestmark = pytest.mark.django_db
PAGE, DOCX, MD = "/summaries/draft/", "/summaries/draft.docx", "/summaries/draft.md"
REF = re.compile(r"〔[^〕]+〕$")


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


def test_closed_tasks_become_achievements_citing_their_updates_and_evidence(s):
    made = draft(s, 25)
    (paragraph,) = made.achievements
    assert paragraph.heading == "(一)加强法治人才队伍建设"
    a_ref = ref([s.a.pk], s.evidence(s.a))
    b_ref = ref([s.b.pk], s.evidence(s.b))
    assert [str(sentence) for sentence in paragraph.sentences] == [
        f"该项工作由区司法局牵头,于{cn_date(day(20))}完成整改并销号{b_ref}。",
        f"{cn_date(day(5))},完成人才库建设方案{a_ref}。",
        f"已报区委组织部备案{a_ref}。",
        f"{cn_date(day(18))},人才队伍建设任务全部完成,申请销号{b_ref}。",
    ]


def test_open_items_become_shortfalls_overdue_first(s):
    made = draft(s, 25)
    assert [p.row.label for p in made.shortfalls] == ["任务二", "不足一"]
    overdue = made.shortfalls[0].sentences[0]
    assert f"截至{cn_date(day(25))}已逾期13天" in overdue.text
    assert overdue.ref.text == "〔台账·任务二〕"
    assert str(made.shortfalls[0].sentences[1]) == (
        f"截至{cn_date(day(25))}尚无经审核通过的进展〔台账·任务二〕。"
    )


def test_as_of_a_day_before_closure_the_task_is_still_a_shortfall(s):
    made = draft(s, 15)
    assert made.achievements == []
    task = next(p for p in made.shortfalls if p.row.label == "任务一")
    assert task.sentences[0].text.endswith("目前推进中,完成约40%")
    assert [sentence.ref.updates for sentence in task.sentences[1:]] == [(s.a.pk,), (s.a.pk,)]


def test_every_sentence_has_a_reference_and_every_reference_a_source(s):
    made = draft(s, 25)
    names = {source.name for source in made.sources}
    for paragraph in made.achievements + made.shortfalls:
        for sentence in paragraph.sentences:
            assert REF.search(sentence.text + sentence.ref.text)
            assert "〔" not in sentence.text
            cited = [f"进展#{pk}" for pk in sentence.ref.updates] or [f"台账·{paragraph.row.label}"]
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
    assert (
        text.index("## 一、主要举措和成效")
        < text.index("## 二、存在的不足")
        < text.index("## 来源")
    )
    assert f"1. 进展#{s.b.pk}:任务一 加强法治人才队伍建设。区司法局报送" in text
    assert "验收报告B" in text


def test_word_download(client, s):
    response = client.get(DOCX, {"report": s.report.pk, "as_of": day(25).isoformat()})
    document = Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name in ("Title", "Heading 1")]
    assert headings == [
        f"{s.report.issuer}\n关于{s.report.year + 1}年法治政府建设情况的报告\n(部分章节草稿)",
        "一、主要举措和成效",
        "二、存在的不足",
        "草稿来源",  # the annex, after the issuer and the date
    ]
    body = [p.text for p in document.paragraphs]
    assert any(text.startswith("(一)加强法治人才队伍建设。该项工作由区司法局牵头") for text in body)


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
    # updates, their evidence.
    with django_assert_num_queries(7):
        response = client.get(MD, {"report": report.pk})
    assert response.status_code == 200
