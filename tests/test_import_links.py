"""suggest_links / select_links: cause → shortfall and task → shortfall/cause."""

import time

import pytest

from tests.import_support import sample_upload
from tracker.importer import parse_report, read_report, suggest_links
from tracker.importer.links import ADDRESSES, EXPLAINS, select_links
from tracker.seed import seed_report_text as seed_text


@pytest.fixture(scope="module")
def parsed():
    return parse_report(seed_text())


@pytest.fixture(scope="module")
def suggestions(parsed):
    return suggest_links(parsed)


def top(suggestions, source_kind, number, target_kind="shortfall"):
    """The best suggestion from one item to items of `target_kind`."""
    candidates = [
        s
        for s in suggestions
        if s.source_kind == source_kind
        and s.source_number == number
        and s.target_kind == target_kind
    ]
    return max(candidates, key=lambda s: s.score)


def test_every_seed_cause_explains_the_shortfall_in_its_position(suggestions):
    for number in range(1, 6):
        best = top(suggestions, "cause", number)
        assert best.kind == EXPLAINS
        assert best.target_number == number
        assert "顺序对应" in best.reason


def test_task_suggestions_on_the_seed_are_sensible(suggestions):
    assert top(suggestions, "task", 1).target_number == 1  # 习近平法治思想
    assert top(suggestions, "task", 3).target_number in (2, 3)  # 法治人才 → 公职律师/执法力量
    assert top(suggestions, "task", 5).target_number == 4  # 企业家服务平台 → 营商环境
    assert top(suggestions, "task", 6).target_number == 5  # 述法
    assert all(s.kind == ADDRESSES for s in suggestions if s.source_kind == "task")


def test_reasons_name_the_shared_words(suggestions):
    assert "述法" in top(suggestions, "task", 6).reason
    assert "营商环境" in top(suggestions, "task", 5).reason
    assert "公职律师" in top(suggestions, "cause", 2).reason


def test_scores_are_between_zero_and_one(suggestions):
    assert all(0 < s.score <= 1 for s in suggestions)


def test_suggestions_are_deterministic(parsed, suggestions):
    assert suggest_links(parsed) == suggestions


def test_suggesting_is_fast_on_the_seed(parsed):
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        suggest_links(parsed)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.05


def test_a_cause_written_under_its_shortfall_links_to_it_with_certainty():
    report = parse_report(read_report(*sample_upload("106_xiling")))
    suggestions = suggest_links(report)
    explains = [s for s in suggestions if s.kind == EXPLAINS]
    assert [(s.source_number, s.target_number, s.score) for s in explains] == [
        (1, 1, 1.0),
        (2, 3, 1.0),
    ]
    assert explains[0].reason == "原因写在该不足之下"


def test_without_matching_counts_order_gives_no_bonus():
    report = parse_report(read_report(*sample_upload("103_nanping")))
    assert (len(report.causes), len(report.shortfalls)) == (3, 4)
    explains = [s for s in suggest_links(report) if s.kind == EXPLAINS]
    assert explains
    assert not any("顺序对应" in s.reason for s in explains)


def test_select_links_keeps_the_best_link_per_item_and_target_kind(suggestions):
    selected = select_links(suggestions)
    explains = [(s.source_number, s.target_number) for s in selected if s.kind == EXPLAINS]
    assert explains == [(1, 1), (2, 2), (3, 3), (4, 4), (5, 5)]
    keys = [(s.source_kind, s.source_number, s.target_kind) for s in selected]
    assert len(keys) == len(set(keys))
    assert all(s.score >= 0.15 for s in selected)


def test_select_links_respects_the_threshold(suggestions):
    assert select_links(suggestions, min_explains=1.01, min_addresses=1.01) == []
