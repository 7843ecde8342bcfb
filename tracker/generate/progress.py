"""Progress updates with their reviews and evidence, urges and extension requests.

Each tracked item's updates are planned before the item is saved; its status,
percent, closing date and last approval are then derived from the approvals
by Item.record_approval, the rule the review service applies, so generated
data cannot drift from what the app does.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.utils import timezone

from ..models import (
    Evidence,
    ExtensionRequest,
    ExtensionState,
    ProgressUpdate,
    Reminder,
    ReminderKind,
    Status,
    UpdateState,
)
from . import words
from .world import World

HEAVY_SHARE = 0.003  # items with 200+ updates (the item page's worst case)
HEAVY_UPDATES = (200, 260)


@dataclass
class Planned:
    """One version of an update: a first submission, or the revision of a returned one."""

    reported_on: date
    percent: int | None
    requests_closure: bool
    state: str
    submitted_at: datetime
    reviewed_at: datetime | None = None
    review_comment: str = ""
    revises: "Planned | None" = None
    evidence: int = 0
    update: ProgressUpdate | None = field(default=None, repr=False)  # once written

    @property
    def revision(self) -> int:
        return 1 if self.revises is None else self.revises.revision + 1


def allocate(world: World) -> None:
    """Decide how many updates each tracked item gets, then plan them."""
    rng, today = world.rng, world.today
    started = [item for item in world.tracked if item.start_on <= today]
    heavy = rng.sample(started, min(len(started), int(len(world.tracked) * HEAVY_SHARE)))
    counts: dict[int, int] = {}
    for item in heavy:
        item.status = Status.IN_PROGRESS
        item.start_on = min(item.start_on, today - timedelta(days=720))
        counts[id(item)] = rng.randint(*HEAVY_UPDATES)
    flexible = []
    for item in started:
        if id(item) in counts:
            continue
        if item.status == Status.NOT_STARTED:
            counts[id(item)] = 1 if rng.random() < 0.3 else 0
            continue
        counts[id(item)] = 1 if item.status in (Status.CLOSED, Status.AWAITING_CLOSURE) else 0
        flexible.append(item)
    remaining = max(0, world.volumes.updates - sum(counts.values()))
    weights = [rng.expovariate(1.0) for _ in flexible]
    total = sum(weights) or 1.0
    shares = [int(w / total * remaining) for w in weights]
    for n in rng.sample(range(len(flexible)), min(len(flexible), remaining - sum(shares))):
        shares[n] += 1
    for item, share in zip(flexible, shares, strict=True):
        counts[id(item)] += share
    heavy_ids = {id(item) for item in heavy}
    for item in world.tracked:
        item._plan = plan_item(world, item, counts.get(id(item), 0), heavy=id(item) in heavy_ids)


def plan_item(world: World, item, count: int, *, heavy: bool) -> list[Planned]:
    rng, today = world.rng, world.today
    if count == 0:
        return []
    if item.status == Status.CLOSED:
        end = max(item.start_on, min(today - timedelta(days=1), item.due_on + _days(rng, -90, 45)))
    else:
        end = max(item.start_on, today - _days(rng, 0, 5 if heavy else 45))
    span = (end - item.start_on).days
    days = sorted(item.start_on + _days(rng, 0, span) for _ in range(count))
    days[-1] = end
    plans = []
    for n, day in enumerate(days):
        last = n == count - 1
        closing = last and item.status in (Status.CLOSED, Status.AWAITING_CLOSURE)
        if item.status == Status.NOT_STARTED:
            state = UpdateState.SUBMITTED if rng.random() < 0.7 else UpdateState.RETURNED
        elif closing:
            closed = item.status == Status.CLOSED
            state = UpdateState.APPROVED if closed else UpdateState.SUBMITTED
        elif last:
            roll = rng.random()
            state = (
                UpdateState.SUBMITTED
                if roll < 0.3
                else UpdateState.RETURNED
                if roll < 0.38
                else UpdateState.APPROVED
            )
        else:
            state = UpdateState.RETURNED if rng.random() < 0.08 else UpdateState.APPROVED
        percent = 100 if closing else round(95 * (n + 1) / count)
        if not closing and rng.random() < 0.15:
            percent = None
        plans += _versions(
            world,
            Planned(
                reported_on=day,
                percent=percent,
                requests_closure=closing,
                state=state,
                submitted_at=world.moment(day, rng.randint(8, 17), rng.randint(0, 59)),
                evidence=_evidence_count(rng, closing),
            ),
        )
    _settle(world, item, plans)
    return plans


def _days(rng, low: int, high: int) -> timedelta:
    return timedelta(days=rng.randint(low, max(low, high)))


def _evidence_count(rng, closing: bool) -> int:
    if closing:
        return 1 + (rng.random() < 0.3)
    roll = rng.random()
    return 1 if roll < 0.4 else 2 if roll < 0.5 else 0


def _versions(world: World, plan: Planned) -> list[Planned]:
    """The plan's versions as the services write them: some went back once first,
    and the unit answered with a second version."""
    rng, first = world.rng, plan.submitted_at
    returned = world.later(first, hours=rng.uniform(2, 72))
    resubmitted = world.later(returned, hours=rng.uniform(2, 48))
    decided = world.later(resubmitted, hours=rng.uniform(2, 72))
    reason = rng.choice(words.RETURN_REASONS)
    if plan.state == UpdateState.RETURNED:
        plan.reviewed_at, plan.review_comment = returned, reason
        return [plan]
    went_back = rng.random() < 0.1 and first < returned < resubmitted < decided
    if not went_back:
        if plan.state == UpdateState.APPROVED:
            plan.reviewed_at = world.later(first, hours=rng.uniform(2, 96))
        return [plan]
    earlier = Planned(
        reported_on=plan.reported_on,
        percent=plan.percent,
        requests_closure=plan.requests_closure,
        state=UpdateState.RETURNED,
        submitted_at=first,
        reviewed_at=returned,
        review_comment=reason,
        evidence=plan.evidence,
    )
    plan.revises, plan.submitted_at = earlier, resubmitted
    if plan.state == UpdateState.APPROVED:
        plan.reviewed_at = decided
    return [earlier, plan]


def approvals(plans: list[Planned]) -> list[Planned]:
    """Approved versions in the order they were approved."""
    done = [p for p in plans if p.state == UpdateState.APPROVED]
    return sorted(done, key=lambda p: p.reviewed_at)


def settle(item, plans: list[Planned]) -> None:
    """The item's status, percent, closing date and last approval as the review service
    leaves them: each approval applied in turn by Item.record_approval."""
    target = item.status
    item.status = target if target in (Status.NOT_STARTED, Status.ON_HOLD) else Status.IN_PROGRESS
    item.percent, item.last_approved_on, item.closed_on = 0, None, None
    for plan in approvals(plans):
        apply_approval(item, plan)
    if target == Status.AWAITING_CLOSURE:
        item.status = Status.AWAITING_CLOSURE  # its closure request waits for review


def apply_approval(item, plan: Planned) -> bool:
    return item.record_approval(
        reported_on=plan.reported_on,
        percent=plan.percent,
        closes=plan.requests_closure,
        on=timezone.localdate(plan.reviewed_at),
    )


def _settle(world: World, item, plans: list[Planned]) -> None:
    target = item.status
    settle(item, plans)
    assert item.status == target, (target, item.status)  # the plans were made to fit
    moments = [p.submitted_at for p in plans] + [p.reviewed_at for p in plans if p.reviewed_at]
    item.updated_at = max([item.updated_at, *moments])
    item.version = 1 + len(approvals(plans))


def write_updates(world: World) -> None:
    """First versions, then the versions that revise them (they need their keys)."""
    evidence = []
    for revision in (1, 2):
        updates, plans = [], []
        for item in world.tracked:
            for plan in item._plan:
                if plan.revision != revision:
                    continue
                updates.append(_update(world, item, plan))
                plans.append(plan)
        world.insert(ProgressUpdate, updates, keys=True)
        for update, plan in zip(updates, plans, strict=True):
            plan.update = update
            evidence += [_evidence(world, update, n) for n in range(plan.evidence)]
    world.insert(Evidence, evidence)


def _update(world: World, item, plan: Planned) -> ProgressUpdate:
    rng = world.rng
    if plan.revises is not None:
        unit_pk, author = plan.revises.update.unit_id, plan.revises.update.author
    else:
        others = [unit_pk for _, unit_pk in world.supporting.get(item.pk, ())]
        unit_pk = rng.choice(others) if others and rng.random() < 0.15 else item.lead_unit_id
        author = world.reporter_of(unit_pk)
    decided = plan.reviewed_at is not None
    return ProgressUpdate(
        item_id=item.pk,
        unit_id=unit_pk,
        author=author,
        revises=plan.revises.update if plan.revises else None,
        revision=plan.revision,
        reported_on=plan.reported_on,
        text=words.progress_text(rng),
        percent=plan.percent,
        requests_closure=plan.requests_closure,
        state=plan.state,
        submitted_at=plan.submitted_at,
        reviewed_by=rng.choice(world.coordinators) if decided else None,
        reviewed_at=plan.reviewed_at,
        review_comment=plan.review_comment,
    )


def _evidence(world: World, update: ProgressUpdate, n: int) -> Evidence:
    rng = world.rng
    common = {
        "update_id": update.pk,
        "uploaded_by_id": update.author_id,
        "uploaded_at": update.submitted_at,
    }
    if rng.random() < 0.8:
        return Evidence(
            url=f"https://docs.example.invalid/progress/{update.pk}/{n + 1}",
            description=rng.choice(["会议纪要", "工作方案", "新闻报道", "制度文件"]),
            **common,
        )
    # A path and checksum only: benchmarks need the rows, not 100 000 files on disk.
    digest = hashlib.sha256(f"{update.pk}-{n}".encode()).hexdigest()
    return Evidence(
        file=f"evidence/{digest[:2]}/{digest[2:34]}.pdf",
        description="佐证材料",
        original_name=f"佐证材料{n + 1}.pdf",
        content_type="application/pdf",
        size=rng.randint(20_000, 3_000_000),
        sha256=digest,
        **common,
    )


def write_followups(world: World) -> None:
    """Urges on some open items; extension requests on a few."""
    rng, today = world.rng, world.today
    reminders, extensions, seen = [], [], set()
    for item in world.tracked:
        if item.status == Status.CLOSED or item.start_on > today:
            continue
        unit = item.lead_unit_id
        for _ in range(rng.choice([0] * 6 + [1, 2])):
            day = item.start_on + _days(rng, 0, (today - item.start_on).days)
            kind = rng.choice(
                [
                    ReminderKind.MANUAL,
                    ReminderKind.OVERDUE,
                    ReminderKind.DUE_SOON,
                    ReminderKind.STALE,
                ]
            )
            period = "" if kind == ReminderKind.MANUAL else "{}-W{:02d}".format(*day.isocalendar())
            if kind != ReminderKind.MANUAL and (item.pk, kind, period) in seen:
                continue
            seen.add((item.pk, kind, period))
            reminders.append(
                Reminder(
                    item_id=item.pk,
                    unit_id=unit,
                    kind=kind,
                    message=f"请抓紧推进“{item.title}”并及时报送进展。",
                    sent_by=rng.choice(world.coordinators) if kind == ReminderKind.MANUAL else None,
                    sent_at=world.moment(day, 9),
                    period=period,
                    recipients=len(world.members.get(unit, [])),
                )
            )
        if rng.random() < 0.03:
            extensions.append(_extension(world, item))
    world.save(Reminder, reminders)
    world.save(ExtensionRequest, extensions)


def _extension(world: World, item) -> ExtensionRequest:
    rng = world.rng
    states = [ExtensionState.PENDING, ExtensionState.GRANTED, ExtensionState.REFUSED]
    state = rng.choices(states, weights=[40, 40, 20])[0]
    delay = _days(rng, 30, 120)
    if state == ExtensionState.GRANTED:
        original, requested = item.due_on - delay, item.due_on
    else:
        original, requested = item.due_on, item.due_on + delay
    asked = world.moment(min(world.today, max(item.start_on, original - _days(rng, 0, 20))))
    decided = state != ExtensionState.PENDING
    return ExtensionRequest(
        item_id=item.pk,
        unit_id=item.lead_unit_id,
        requested_by=world.reporter_of(item.lead_unit_id),
        requested_at=asked,
        original_due_on=original,
        requested_due_on=requested,
        reason="任务量较大,需协调多个单位,申请延期完成。",
        state=state,
        decided_by=rng.choice(world.coordinators) if decided else None,
        decided_at=world.later(asked, hours=rng.uniform(4, 96)) if decided else None,
        decision_comment="同意。" if state == ExtensionState.GRANTED else "",
    )
