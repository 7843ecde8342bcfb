"""Data for the summary tests: a known history built through the services, and bulk items.

The scenario, in days from BASE (40 days ago), all through the services with `at=`:

    day 0   items exist (shortfall 不足一, cause 原因一, tasks 任务一 and 任务二)
    day 1   assigned: 不足一 → 司法局 (in progress, started day -20, due day 100);
            任务一 → 司法局 + 市场监管局 supporting (due day 40);
            任务二 → 市场监管局 (due day 12)
    day 5   update A on 任务一 submitted with evidence EA; approved day 10 at 14:00
    day 12  update R submitted with evidence ER; returned day 13
    day 14  update P submitted, never reviewed
    day 16  任务一 reassigned: no supporting unit any more
    day 18  update B (closure) submitted with evidence EB; approved day 20 → 任务一 closed

Links: 原因一 explains 不足一; 任务一 addresses 原因一; 任务二 addresses 不足一.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from tests.factories import make_item, make_report, make_unit, make_user
from tracker.models import (
    Decision,
    Evidence,
    Indicator,
    Item,
    ItemLink,
    Kind,
    LinkKind,
    Measurement,
    ProgressUpdate,
    Report,
    Status,
    Unit,
    UpdateState,
)
from tracker.services.items import item_assign
from tracker.services.progress import EvidenceLink, update_review, update_submit

BASE_DAYS_AGO = 40
RETURNED_TEXT = "被退回的进展:材料不全。"
PENDING_TEXT = "尚待审核的进展:还没人看过。"


def day(n: int) -> date:
    return timezone.localdate() - timedelta(days=BASE_DAYS_AGO - n)


def moment(n: int, hour: int = 10, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day(n), time(hour, minute)))


@dataclass
class Scenario:
    report: Report
    sfj: Unit
    scjg: Unit
    coordinator: AbstractBaseUser
    reporter: AbstractBaseUser
    other_reporter: AbstractBaseUser
    viewer: AbstractBaseUser
    shortfall: Item
    cause: Item
    task: Item
    late_task: Item
    a: ProgressUpdate
    r: ProgressUpdate
    p: ProgressUpdate
    b: ProgressUpdate

    def evidence(self, update: ProgressUpdate) -> list[int]:
        return list(update.evidence.order_by("pk").values_list("pk", flat=True))


def build_scenario() -> Scenario:
    sfj = make_unit(name="蓟州区司法局(场景)", short_name="区司法局")
    scjg = make_unit(name="蓟州区市场监管局(场景)", short_name="区市场监管局")
    report = make_report(year=2021)
    coordinator = make_user("dora", role="coordinator")
    reporter = make_user("alice", role="reporter", units=[sfj])
    other_reporter = make_user("bob", role="reporter", units=[scjg])
    viewer = make_user("charlie", role="viewer")

    def item(kind, number, sequence, title):
        return make_item(report=report, kind=kind, number=number, sequence=sequence, title=title)

    shortfall = item(Kind.SHORTFALL, 1, 10, "公职律师队伍需要加强")
    cause = item(Kind.CAUSE, 1, 20, "公职律师配备机制尚不健全")
    task = item(Kind.TASK, 1, 30, "加强法治人才队伍建设")
    late_task = item(Kind.TASK, 2, 40, "搭建企业家法治服务平台")
    ItemLink.objects.create(source=cause, target=shortfall, kind=LinkKind.EXPLAINS)
    ItemLink.objects.create(source=task, target=cause, kind=LinkKind.ADDRESSES)
    ItemLink.objects.create(source=late_task, target=shortfall, kind=LinkKind.ADDRESSES)
    Item.history.filter(report_id=report.pk).update(history_date=moment(0, 9))

    def assign(target, lead, supporting, start, due, status, at):
        item_assign(
            item=target,
            by=coordinator,
            lead_unit=lead,
            supporting_units=supporting,
            assignee=reporter if lead == sfj else other_reporter,
            start_on=day(start),
            due_on=day(due),
            status=status,
            at=at,
        )

    assign(shortfall, sfj, [], -20, 100, Status.IN_PROGRESS, moment(1))
    assign(task, sfj, [scjg], 1, 40, Status.NOT_STARTED, moment(1))
    assign(late_task, scjg, [], 1, 12, Status.NOT_STARTED, moment(1))

    def submit(text, n, *, evidence=None, closure=False, percent=None):
        links = [EvidenceLink(f"https://example.invalid/{evidence}", evidence)] if evidence else []
        return update_submit(
            item=Item.objects.get(pk=task.pk),
            unit=sfj,
            author=reporter,
            reported_on=day(n),
            text=text,
            percent=percent,
            requests_closure=closure,
            links=links,
            at=moment(n),
        )

    a = submit("完成人才库建设方案。已报区委组织部备案。", 5, evidence="方案A", percent=40)
    update_review(update=a, reviewer=coordinator, decision=Decision.APPROVE, at=moment(10, 14))
    r = submit(RETURNED_TEXT, 12, evidence="退回材料R")
    update_review(
        update=r, reviewer=coordinator, decision=Decision.RETURN, comment="请补充", at=moment(13)
    )
    p = submit(PENDING_TEXT, 14)
    assign(Item.objects.get(pk=task.pk), sfj, [], 1, 40, Status.IN_PROGRESS, moment(16))
    b = submit("人才队伍建设任务全部完成,申请销号。", 18, evidence="验收报告B", closure=True)
    update_review(update=b, reviewer=coordinator, decision=Decision.APPROVE, at=moment(20, 9))
    return Scenario(
        report, sfj, scjg, coordinator, reporter, other_reporter, viewer,
        shortfall, cause, task, late_task, a, r, p, b,
    )  # fmt: skip


def bulk_items(count: int, *, report: Report | None = None, units: list[Unit] | None = None):
    """`count` tracked tasks with supporting units, an approved update with evidence each,
    history records and links: every subquery of the summaries has rows to read."""
    report = report or make_report()
    units = units or [make_unit(), make_unit(), make_unit()]
    author = make_user(role="reporter", units=units[:1])
    today = timezone.localdate()
    at = timezone.now() - timedelta(days=30)
    shortfall = Item.objects.create(
        report=report, kind=Kind.SHORTFALL, sequence=1, number=1, title="批量不足",
        text="批量不足。", status=Status.IN_PROGRESS, lead_unit=units[0], due_on=today,
    )  # fmt: skip
    items = Item.objects.bulk_create(
        Item(
            report=report,
            kind=Kind.TASK,
            sequence=n + 2,
            number=n + 1,
            title=f"批量任务{n}",
            text=f"批量任务{n}的原文。",
            status=[Status.NOT_STARTED, Status.IN_PROGRESS, Status.CLOSED][n % 3],
            closed_on=today - timedelta(days=n % 60) if n % 3 == 2 else None,
            lead_unit=units[n % len(units)],
            start_on=today - timedelta(days=90),
            due_on=today + timedelta(days=(n % 40) - 10),
            last_approved_on=today - timedelta(days=n % 50),
        )
        for n in range(count - 1)
    )
    everything = [shortfall, *items]
    Item.history.bulk_history_create(everything, default_date=at)
    Item.supporting_units.through.objects.bulk_create(
        Item.supporting_units.through(item_id=item.pk, unit_id=units[(i + 1) % len(units)].pk)
        for i, item in enumerate(items)
    )
    ItemLink.objects.bulk_create(
        ItemLink(source=item, target=shortfall, kind=LinkKind.ADDRESSES) for item in items[:50]
    )
    updates = ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            item=item,
            unit=item.lead_unit,
            author=author,
            reported_on=today - timedelta(days=5),
            text=f"进展{i}",
            state=UpdateState.APPROVED,
            submitted_at=at,
            reviewed_by=author,
            reviewed_at=at,
        )
        for i, item in enumerate(items)
    )
    Evidence.objects.bulk_create(
        Evidence(update=u, url="https://example.invalid/e", description="材料", uploaded_by=author)
        for u in updates
    )
    indicator = Indicator.objects.create(
        report=report, name="公职律师配备党政机关数", baseline_value=6, baseline_on=today - timedelta(days=400),
        target_value=40, target_on=today + timedelta(days=400),
    )  # fmt: skip
    Measurement.objects.create(indicator=indicator, value=15, measured_on=today, source="测试")
    return report
