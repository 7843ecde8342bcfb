"""The figures behind every summary: live, and as of a past day from the recorded history."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_item, make_report, make_unit
from tests.summary_data import (
    PENDING_TEXT,
    RETURNED_TEXT,
    build_scenario,
    day,
    moment,
)
from tracker import permissions
from tracker.models import Item, Light, Status
from tracker.summaries.asof import AsOf
from tracker.summaries.figures import Scope, approved_progress, dashboard, item_rows, tally
from tracker.summaries.rows import MonthPoint

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return build_scenario()


def scope(s, n=None, **extra):
    return Scope(report=s.report, as_of=AsOf.of(None if n is None else day(n)), **extra)


def rows(s, n=None, **extra):
    return {row.label: row for row in item_rows(scope(s, n, **extra), detail=True)}


def test_between_the_two_reviews_the_task_is_in_progress_with_a_as_latest(s):
    task = rows(s, 15)["任务一"]
    assert task.status == Status.IN_PROGRESS
    assert (task.latest.id, task.latest.reported_on) == (s.a.pk, day(5))
    assert task.latest.text == s.a.text
    assert task.evidence_count == 1  # A's only: R was returned, B not yet approved
    assert task.supporting == ["区市场监管局"]  # from the record's m2m history
    assert task.percent == 40
    assert task.closed_on is None


def test_after_the_closure_is_approved_the_task_is_closed(s):
    task = rows(s, 25)["任务一"]
    assert task.status == Status.CLOSED
    assert task.closed_on == day(20)
    assert task.latest.id == s.b.pk
    assert task.evidence_count == 2  # A's and B's
    assert task.supporting == []  # reassigned on day 16
    assert task.light == Light.GREEN


def test_an_approval_counts_from_the_day_it_was_given(s):
    assert rows(s, 9)["任务一"].latest is None
    assert rows(s, 9)["任务一"].status == Status.NOT_STARTED
    assert rows(s, 10)["任务一"].latest.id == s.a.pk
    assert rows(s, 19)["任务一"].status == Status.AWAITING_CLOSURE


def test_counts_by_status_light_and_unit_as_of_day_15(s):
    board = dashboard(scope(s, 15))
    assert board.tally.tracked == 3
    assert dict(board.tally.by_status) == {Status.IN_PROGRESS: 2, Status.NOT_STARTED: 1}
    # 不足一 started day -20 with no approved update: stale; 任务二 due day 12: red.
    assert dict(board.tally.by_light) == {Light.YELLOW: 1, Light.GREEN: 1, Light.RED: 1}
    assert (board.tally.overdue, board.tally.closed) == (1, 0)
    units = {u.name: (u.owed, u.closed, u.overdue) for u in board.units}
    assert units == {"区司法局": (2, 0, 0), "区市场监管局": (1, 0, 1)}
    assert [row.label for row in board.overdue] == ["任务二"]
    assert board.closed_series == []


def test_counts_and_closed_series_as_of_day_25(s):
    board = dashboard(scope(s, 25))
    assert dict(board.tally.by_status) == {
        Status.IN_PROGRESS: 1,
        Status.NOT_STARTED: 1,
        Status.CLOSED: 1,
    }
    units = {u.name: (u.owed, u.closed, u.overdue) for u in board.units}
    assert units == {"区司法局": (2, 1, 0), "区市场监管局": (1, 0, 1)}
    closed_month = day(20).replace(day=1)
    assert board.closed_series[-1] == MonthPoint(day(25).replace(day=1), *(
        (1, 1) if closed_month == day(25).replace(day=1) else (0, 1)
    ))  # fmt: skip
    assert [p for p in board.closed_series if p.closed] == [MonthPoint(closed_month, 1, 1)]
    assert len(board.closed_series) >= 6  # a single closure still reads as a trend


def test_items_without_a_record_by_then_did_not_exist(s):
    assert dashboard(scope(s, -1)).tally.tracked == 0
    before = rows(s, 0)
    assert set(before) == {"不足一", "任务一", "任务二"}
    assert {row.status for row in before.values()} == {Status.NOT_STARTED}
    assert {row.lead_unit for row in before.values()} == {""}


def test_live_figures_equal_those_as_of_today(s):
    live, today = scope(s), Scope(report=s.report, as_of=AsOf(timezone.localdate(), True))
    assert list(item_rows(live, detail=True)) == list(item_rows(today, detail=True))
    a, b = dashboard(live), dashboard(today)
    assert (a.tally, a.units, a.overdue, a.due_soon, a.closed_series) == (
        b.tally,
        b.units,
        b.overdue,
        b.due_soon,
        b.closed_series,
    )


def test_submitted_and_returned_updates_never_count(s):
    for n in (15, 25, None):
        for row in item_rows(scope(s, n), detail=True):
            assert row.latest is None or row.latest.id in (s.a.pk, s.b.pk)
        progress = approved_progress(scope(s, n))
        texts = [u.text for updates in progress.values() for u in updates]
        assert RETURNED_TEXT not in texts and PENDING_TEXT not in texts
        evidence = {e.id for updates in progress.values() for u in updates for e in u.evidence}
        assert not evidence & set(s.evidence(s.r))
    assert [u.id for u in approved_progress(scope(s, 25))[s.task.pk]] == [s.a.pk, s.b.pk]
    assert [u.id for u in approved_progress(scope(s, 15))[s.task.pk]] == [s.a.pk]


def test_evidence_is_dated_when_its_update_was_submitted(s):
    assert s.a.evidence.get().uploaded_at == moment(5)


def test_lights_use_the_same_rule_as_the_item_list(s):
    today = timezone.localdate()
    live = Item.objects.filter(report=s.report).tracked().with_light(on=today)
    assert {i.pk: i.light for i in live} == {row.id: row.light for row in item_rows(scope(s))}


def test_a_day_ends_at_midnight_in_shanghai(s, settings):
    moment_ = AsOf(day(3), historical=True).moment
    assert moment_.utcoffset() == timedelta(hours=8)
    assert moment_.time() == time.max
    # A change late in the evening (15:30 UTC) belongs to that day, not the next.
    item = Item.objects.get(pk=s.late_task.pk)
    item.status = Status.ON_HOLD
    item._history_date = timezone.make_aware(datetime.combine(day(3), time(23, 30)))
    item.save()
    assert rows(s, 3)["任务二"].status == Status.ON_HOLD
    assert rows(s, 2)["任务二"].status == Status.NOT_STARTED


def test_a_reporter_sees_only_their_units_items(s):
    own = permissions.summary_items(s.other_reporter)
    assert set(rows(s, 25, items=own)) == {"任务二"}
    assert tally(item_rows(scope(s, 25, items=own))).tracked == 1
    assert permissions.summary_items(s.viewer) is None


def test_unit_filter_follows_the_supporting_units_of_the_day(s):
    assert set(rows(s, 15, unit=s.scjg)) == {"任务一", "任务二"}
    assert set(rows(s, 25, unit=s.scjg)) == {"任务二"}
    assert set(rows(s, None, unit=s.scjg)) == {"任务二"}


def test_links_give_a_shortfall_its_causes_and_the_tasks_addressing_it_or_them(s):
    found = rows(s)
    assert [link.label for link in found["不足一"].linked] == ["原因一", "任务一", "任务二"]
    assert [link.label for link in found["任务一"].linked] == ["原因一"]
    assert [link.label for link in found["任务二"].linked] == ["不足一"]


def test_context_items_are_not_counted():
    report = make_report()
    make_item(report=report, kind="cause")
    make_item(report=report, kind="measure")
    make_item(report=report, lead_unit=make_unit())
    board = dashboard(Scope(report=report, as_of=AsOf.live()))
    assert board.tally.tracked == 1


def test_a_deleted_item_drops_out_from_the_day_it_was_deleted(s):
    Item.objects.get(pk=s.late_task.pk).delete()
    assert "任务二" in rows(s, 25)
    assert "任务二" not in rows(s)
    assert "任务二" not in rows(s, (timezone.localdate() - day(0)).days)
