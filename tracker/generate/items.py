"""Items of every report, their owners and dates, the links between them, their history."""

import copy
from datetime import timedelta

from django.apps import apps
from django.db import connection
from django.db.models import Max
from django.utils import timezone

from ..models import Item, ItemLink, Kind, LinkKind, Status
from . import progress, words
from .world import World

# The first report mirrors the 2021 Jizhou report: 11 measures (4 headings with
# 7 points under them), 5 shortfalls, 5 causes, 6 tasks: a "16-item report".
FIRST_REPORT = {"measures": (4, 7), "shortfall": 5, "cause": 5, "task": 6}


def _split(rng, total: int, parts: int) -> list[int]:
    """`total` spread over `parts`, each within ±30 % of the mean, summing exactly."""
    if parts <= 0:
        return []
    weights = [rng.uniform(0.7, 1.3) for _ in range(parts)]
    scale = total / sum(weights)
    shares = [int(w * scale) for w in weights]
    for n in rng.sample(range(parts), total - sum(shares)):
        shares[n] += 1
    return shares


def _status(rng, *, started: bool, days_late: int) -> str:
    if not started:
        return Status.NOT_STARTED
    if days_late > 180:
        table = [(0.65, Status.CLOSED), (0.85, Status.IN_PROGRESS), (0.92, Status.AWAITING_CLOSURE)]
        table += [(0.97, Status.ON_HOLD)]
    elif days_late > 0:
        table = [(0.35, Status.CLOSED), (0.75, Status.IN_PROGRESS), (0.87, Status.AWAITING_CLOSURE)]
        table += [(0.93, Status.ON_HOLD)]
    else:
        table = [(0.10, Status.CLOSED), (0.65, Status.IN_PROGRESS), (0.73, Status.AWAITING_CLOSURE)]
        table += [(0.78, Status.ON_HOLD)]
    roll = rng.random()
    return next((status for edge, status in table if roll < edge), Status.NOT_STARTED)


class ItemMaker:
    def __init__(self, world: World):
        self.world = world
        rng = world.rng
        units = list(world.units)
        rng.shuffle(units)
        # A report's items go to its district's units (a district's reporters see only
        # their district). A few units lead many items, most lead a handful (as in real
        # ledgers).
        self.leads: dict[int, list] = {}
        for unit in units:
            self.leads.setdefault(unit.jurisdiction_id, []).append(unit)
        self.lead_weights = {
            district: [1 / (rank + 1) ** 0.8 for rank in range(len(leads))]
            for district, leads in self.leads.items()
        }
        self.top: list[Item] = []
        self.nested: list[tuple[Item, Item]] = []  # (child, parent)
        self.by_report: list[dict[str, list[Item]]] = []

    def build(self) -> None:
        world, rng = self.world, self.world.rng
        first_tracked = FIRST_REPORT["shortfall"] + FIRST_REPORT["task"]
        rest = _split(rng, world.volumes.tracked - first_tracked, len(world.reports) - 1)
        for n, report in enumerate(world.reports):
            if n == 0:
                shape = FIRST_REPORT
            else:
                shortfalls = max(1, round(rest[n - 1] * 0.2))
                shape = {
                    "measures": (4, 8),
                    "shortfall": shortfalls,
                    "cause": max(1, shortfalls // 2),
                    "task": rest[n - 1] - shortfalls,
                }
            self.by_report.append(self._report_items(report, shape))

    def _report_items(self, report, shape) -> dict[str, list[Item]]:
        rng, sequence = self.world.rng, 0
        made: dict[str, list[Item]] = {kind: [] for kind in Kind.values}
        headings, points = shape["measures"]
        for number in range(1, headings + 1):
            sequence += 1
            title = f"{rng.choice(words.VERBS)}{rng.choice(words.TOPICS)}"
            heading = self._context(report, Kind.MEASURE, sequence, number, title)
            self.top.append(heading)
            made[Kind.MEASURE].append(heading)
            share = points // headings + (1 if number <= points % headings else 0)
            for point in range(1, share + 1):
                sequence += 1
                child = self._context(report, Kind.MEASURE, sequence, point, words.task_title(rng))
                self.nested.append((child, heading))
                made[Kind.MEASURE].append(child)
        for kind, titler in (
            (Kind.SHORTFALL, words.shortfall_title),
            (Kind.CAUSE, words.cause_title),
            (Kind.TASK, words.task_title),
        ):
            for number in range(1, shape[kind] + 1):
                sequence += 1
                title = titler(rng)
                if kind == Kind.CAUSE:
                    item = self._context(report, kind, sequence, number, title)
                else:
                    item = self._tracked(report, kind, sequence, number, title)
                self.top.append(item)
                made[kind].append(item)
        return made

    def _context(self, report, kind, sequence, number, title) -> Item:
        return Item(
            report=report,
            kind=kind,
            sequence=sequence,
            number=number,
            marker=f"{number}." if kind == Kind.MEASURE else "",
            title=title,
            text=words.body(self.world.rng, title),
            status="",
            updated_at=self.world.moment(report.published_on),
        )

    def _tracked(self, report, kind, sequence, number, title) -> Item:
        world, rng = self.world, self.world.rng
        today, published = world.today, report.published_on
        due = max(today + timedelta(days=rng.randint(-540, 540)), published + timedelta(days=60))
        start = published + timedelta(days=rng.randint(0, 60))
        if start > due:
            start = due - timedelta(days=rng.randint(30, 120))
        district = report.jurisdiction_id
        leads = self.leads[district]
        lead = rng.choices(leads, weights=self.lead_weights[district])[0]
        members = world.members.get(lead.pk)
        item = Item(
            report=report,
            kind=kind,
            sequence=sequence,
            number=number,
            marker=f"{number}.",
            title=title,
            text=words.body(rng, title),
            lead_unit=lead,
            assignee=rng.choice(members) if members and rng.random() < 0.6 else None,
            start_on=start,
            due_on=due,
            status=_status(rng, started=start <= today, days_late=(today - due).days),
            updated_at=world.moment(published),
        )
        others = [u.pk for u in rng.sample(leads, min(4, len(leads))) if u != lead]
        item._supporting = others[: rng.choices([0, 1, 2, 3], weights=[35, 35, 20, 10])[0]]
        world.tracked.append(item)
        return item

    def save(self) -> None:
        world = self.world
        world.save(Item, self.top)
        for child, parent in self.nested:
            child.parent = parent
        world.save(Item, [child for child, _ in self.nested])
        world.items = self.top + [child for child, _ in self.nested]
        through = Item.supporting_units.through
        rows = [
            through(item_id=item.pk, unit_id=pk)
            for item in world.tracked
            for pk in item._supporting
        ]
        for row in world.save(through, rows):
            world.supporting.setdefault(row.item_id, []).append((row.pk, row.unit_id))

    def link(self) -> None:
        """Causes explain shortfalls; tasks address a shortfall, sometimes a cause too."""
        rng, rows = self.world.rng, []
        for made in self.by_report:
            shortfalls, causes = made[Kind.SHORTFALL], made[Kind.CAUSE]
            pairs: set[tuple[int, int, str]] = set()
            for cause in causes:
                for shortfall in rng.sample(shortfalls, min(len(shortfalls), rng.randint(1, 2))):
                    pairs.add((cause.pk, shortfall.pk, LinkKind.EXPLAINS))
            for task in made[Kind.TASK]:
                pairs.add((task.pk, rng.choice(shortfalls).pk, LinkKind.ADDRESSES))
                if causes and rng.random() < 0.25:
                    pairs.add((task.pk, rng.choice(causes).pk, LinkKind.ADDRESSES))
            rows += [ItemLink(source_id=s, target_id=t, kind=k) for s, t, k in sorted(pairs)]
        self.world.save(ItemLink, rows)


def make_history(world: World) -> None:
    """History records as the services would have left them.

    Per item: a creation record (assigned, not started); per approval, a
    record with the status, percent and last approval it produced; and one
    with today's state at the item's last change. So the timeline shows the
    changes and a summary "as of" a past date sees the item as it was then.
    """
    created, changed = [], []
    for item in world.items:
        first = copy.copy(item)
        first._history_date = world.moment(item.report.published_on, 9)
        first._history_user = world.coordinators[0]
        created.append(first)
        if not item.is_tracked:
            continue
        first.status, first.percent, first.version = Status.NOT_STARTED, 0, 1
        first.closed_on = first.last_approved_on = None
        state = first
        final_at = max(item.updated_at, first._history_date)
        for plan in progress.approvals(item._plan):
            at = plan.reviewed_at
            if at >= final_at or (item.status == Status.CLOSED and plan.requests_closure):
                continue
            state = copy.copy(state)
            if not state.record_approval(
                reported_on=plan.reported_on,
                percent=plan.percent,
                closes=plan.requests_closure,
                on=timezone.localdate(at),
            ):
                continue
            state.version += 1
            state._history_date, state._change_reason = at, "update-approved"
            state._history_user = world.rng.choice(world.coordinators)
            changed.append(state)
        if (item.status, item.percent) != (Status.NOT_STARTED, 0):
            item._history_date, item._history_user = final_at, world.coordinators[0]
            changed.append(item)
    history = Item.history
    # Only this world's records get their snapshot (city mode writes district by district).
    done = history.model.objects.aggregate(last=Max("history_id"))["last"] or 0
    world.insert(history.model, _records(history, created, "+"))
    world.insert(history.model, _records(history, changed, "~"))
    # Supporting units never change in generated data: every history record
    # gets the item's current ones, copied by the database in one statement.
    snapshot = apps.get_model("tracker", "HistoricalItem_supporting_units")._meta
    records, current = history.model._meta, Item.supporting_units.through._meta
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(snapshot.db_table)} (id, item_id, unit_id, history_id) "
            f"SELECT s.id, s.item_id, s.unit_id, h.history_id FROM {q(records.db_table)} h "
            f"JOIN {q(current.db_table)} s ON s.item_id = h.id WHERE h.history_id > %s",
            [done],
        )
        world.counts[snapshot.label] += cursor.rowcount


def _records(history, states: list, kind: str) -> list:
    """Historical rows as bulk_history_create() builds them (without its bulk_create)."""
    model, fields = history.model, history.model.tracked_fields
    return [
        model(
            history_date=state._history_date,
            history_user_id=state._history_user.pk,
            history_change_reason=getattr(state, "_change_reason", ""),
            history_type=kind,
            **{f.attname: getattr(state, f.attname) for f in fields},
        )
        for state in states
    ]
