"""One timeline per item: changes from the history, versions and their reviews, urges,
extensions.

A fixed number of queries whatever the item's age. Long timelines are
cut to the latest entries and the page offers the rest on request; a cut
timeline reads only the newest rows of each source (plus their total, by a
window function), so an item with hundreds of updates costs about as much
as one with thirty.
"""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, Window, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from .i18n import join_names
from .models import (
    ClosureReason,
    Evidence,
    ExtensionRequest,
    ExtensionState,
    Item,
    ProgressUpdate,
    Reminder,
    Status,
    Unit,
    UpdateState,
)


@dataclass
class Event:
    at: datetime
    # change | update | unit-review | review | reminder | extension | extension-decision
    kind: str
    actor: Any = None
    summary: str = ""
    details: list[str] = field(default_factory=list)
    obj: Any = None


def _name(obj) -> str:
    if obj is None:
        return _("(无)")
    if hasattr(obj, "get_full_name"):
        return obj.get_full_name() or obj.get_username()
    return str(obj)


def _status_label(value: str) -> str:
    return Status(value).label if value in Status.values else _("(无)")


def _describe_change(prev, rec) -> list[str]:
    changes = []
    if prev.status != rec.status:
        changes.append(
            _("状态:%(a)s → %(b)s")
            % {"a": _status_label(prev.status), "b": _status_label(rec.status)}
        )
    if rec.closure_reason and prev.closure_reason != rec.closure_reason:
        # 转入下一年度: closed by the import of next year's report.
        changes.append(_("销号方式:%(b)s") % {"b": ClosureReason(rec.closure_reason).label})
    if prev.lead_unit_id != rec.lead_unit_id:
        changes.append(
            _("牵头单位:%(a)s → %(b)s") % {"a": _name(prev.lead_unit), "b": _name(rec.lead_unit)}
        )
    if prev.assignee_id != rec.assignee_id:
        changes.append(
            _("责任人:%(a)s → %(b)s") % {"a": _name(prev.assignee), "b": _name(rec.assignee)}
        )
    if prev.start_on != rec.start_on:
        changes.append(
            _("开始日期:%(a)s → %(b)s") % {"a": prev.start_on or "—", "b": rec.start_on or "—"}
        )
    if prev.due_on != rec.due_on:
        changes.append(
            _("完成时限:%(a)s → %(b)s") % {"a": prev.due_on or "—", "b": rec.due_on or "—"}
        )
    if prev.percent != rec.percent:
        changes.append(_("完成百分比:%(a)s%% → %(b)s%%") % {"a": prev.percent, "b": rec.percent})
    if set(prev.supporting) != set(rec.supporting):
        names = join_names(rec.supporting.values()) or _("(无)")
        changes.append(_("配合单位:%(b)s") % {"b": names})
    return changes


@dataclass
class _Record:
    """What the timeline reads of one history record."""

    history_date: datetime
    history_user: Any
    status: str
    start_on: date | None
    due_on: date | None
    percent: int
    closed_on: date | None
    lead_unit_id: int | None
    lead_unit: Any
    assignee_id: int | None
    assignee: Any
    supporting: dict = field(default_factory=dict)
    closure_reason: str = ""


# A record's own columns, the names of the unit and people it points to, and
# its supporting units (one row per unit, by a LEFT JOIN): plain values, as an
# item with 200 approvals has 200 records and model rows for each (with their
# units and users) made this the slowest part of the item page.
_SUPPORTING = "historicalitem_supporting_units__unit"
_RECORD_COLUMNS = (
    "history_id",
    "history_date",
    "status",
    "start_on",
    "due_on",
    "percent",
    "closed_on",
    "closure_reason",
    "lead_unit_id",
    "lead_unit__name",
    "lead_unit__short_name",
    "assignee_id",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "history_user_id",
    "history_user__username",
    "history_user__first_name",
    "history_user__last_name",
    f"{_SUPPORTING}_id",
    f"{_SUPPORTING}__name",
    f"{_SUPPORTING}__short_name",
)


def _history_records(item: Item) -> list[_Record]:
    """The item's history records, oldest first, each with its supporting units (one query)."""
    units: dict = {}
    people: dict = {}
    user_model = get_user_model()

    def unit(pk, name, short_name):
        if name is None:  # no unit, or one deleted since
            return None
        if pk not in units:
            units[pk] = Unit(pk=pk, name=name, short_name=short_name)
        return units[pk]

    def person(pk, username, first_name, last_name):
        if username is None:
            return None
        if pk not in people:
            people[pk] = user_model(
                pk=pk, username=username, first_name=first_name, last_name=last_name
            )
        return people[pk]

    rows = (
        Item.history.filter(id=item.pk)
        .order_by("history_date", "history_id", f"{_SUPPORTING}_id")
        .values_list(*_RECORD_COLUMNS)
    )
    records, last_id = [], None
    for history_id, at, status, start, due, percent, closed, reason, *refs in rows:
        if history_id != last_id:
            records.append(
                _Record(
                    history_date=at,
                    history_user=person(*refs[7:11]),
                    status=status,
                    start_on=start,
                    due_on=due,
                    percent=percent,
                    closed_on=closed,
                    closure_reason=reason,
                    lead_unit_id=refs[0],
                    lead_unit=unit(*refs[0:3]),
                    assignee_id=refs[3],
                    assignee=person(*refs[3:7]),
                )
            )
            last_id = history_id
        if refs[11] is not None:
            records[-1].supporting[refs[11]] = unit(*refs[11:14])
    return records


def _history_events(item: Item) -> list[Event]:
    events, prev = [], None
    for rec in _history_records(item):
        if prev is None:
            events.append(Event(rec.history_date, "change", rec.history_user, _("事项建立")))
        else:
            details = _describe_change(prev, rec)
            if details:
                events.append(
                    Event(rec.history_date, "change", rec.history_user, _("事项变更"), details)
                )
        prev = rec
    return events


def _decision_label(update: ProgressUpdate) -> str:
    """A decision as the office says it: 退回, 通过, or 通过并销号 for a closure request."""
    if update.state == UpdateState.RETURNED:
        return _("退回")
    return _("通过并销号") if update.requests_closure else _("通过")


@dataclass
class Timeline:
    events: list[Event]  # newest first
    total: int  # events the item has in all, shown or not
    extensions: list[ExtensionRequest]

    @property
    def hidden(self) -> int:
        return self.total - len(self.events)

    @property
    def pending_extension(self) -> ExtensionRequest | None:
        return next((e for e in self.extensions if e.state == ExtensionState.PENDING), None)

    @property
    def deadline(self) -> "DeadlineHistory":
        granted = sorted(
            (e for e in self.extensions if e.state == ExtensionState.GRANTED),
            key=lambda e: (e.decided_at, e.pk),
        )
        return DeadlineHistory(
            original=granted[0].original_due_on if granted else None, extensions=len(granted)
        )


@dataclass(frozen=True)
class DeadlineHistory:
    """The deadline before its first extension, and how many extensions were granted."""

    original: date | None
    extensions: int


def _newest(queryset, latest: int | None, *order: str) -> tuple[list, int]:
    """Rows in `order` (newest first), at most `latest` of them, and how many there are."""
    queryset = queryset.order_by(*order)
    if latest is None:
        rows = list(queryset)
        return rows, len(rows)
    rows = list(queryset.annotate(total_rows=Window(Count("pk")))[:latest])
    return rows, rows[0].total_rows if rows else 0


def _decisions(item: Item, latest: int | None) -> tuple[list[ProgressUpdate], int]:
    """Versions with a decision (a unit leader's, a reviewer's or both), latest decision
    first, and how many decisions the item has in all."""
    rows = (
        ProgressUpdate.objects.filter(item=item)
        .filter(Q(reviewed_at__isnull=False) | Q(unit_reviewed_at__isnull=False))
        .select_related("reviewed_by", "unit_reviewed_by")
        .order_by(Coalesce("reviewed_at", "unit_reviewed_at").desc(), "pk")
    )
    if latest is None:
        found = list(rows)
        return found, sum(bool(u.unit_reviewed_at) + bool(u.reviewed_at) for u in found)
    found = list(
        rows.annotate(
            reviewed_total=Window(Count("reviewed_at")),
            unit_reviewed_total=Window(Count("unit_reviewed_at")),
        )[:latest]
    )
    total = found[0].reviewed_total + found[0].unit_reviewed_total if found else 0
    return found, total


def timeline_window(item: Item, *, latest: int | None) -> Timeline:
    """The item's `latest` newest events (all when None), and how many there are in all.

    The newest `latest` events overall are among the newest `latest` of each
    source, so each source is read only that far. Sources keep the order the
    full list has always used, so ties in time break the same way. A version's
    submission and its decision are two events read from the same rows, once
    in the order of submission and once in the order of decision.
    """
    # Read through item.updates, so each version knows its item without a query (the
    # item page asks of each whether it may still be reviewed).
    updates, updates_total = _newest(
        item.updates.select_related("author", "unit", "revised_by", "revises"),
        latest,
        "-submitted_at",
        "-reported_on",
        "-pk",
    )
    # The versions' evidence and that of the versions they revise (for "what changed"),
    # in one query.
    revised = [update.revises for update in updates if update.revises is not None]
    prefetch_related_objects(
        [*updates, *revised], Prefetch("evidence", queryset=Evidence.objects.order_by("pk"))
    )
    decided, decisions_total = _decisions(item, latest)
    reminders, reminders_total = _newest(
        Reminder.objects.filter(item=item).select_related("unit", "sent_by"),
        latest,
        "-sent_at",
        "-pk",
    )
    extensions = list(
        ExtensionRequest.objects.filter(item=item).select_related(
            "unit", "requested_by", "decided_by"
        )
    )
    events = _history_events(item)
    history_total = len(events)
    for update in updates:
        summary = (
            _("提交进展")
            if update.revision == 1
            else _("提交修改后的第 %(n)d 版") % {"n": update.revision}
        )
        events.append(Event(update.submitted_at, "update", update.author, summary, obj=update))
    for update in decided:
        if update.unit_reviewed_at:
            summary = _("单位负责人审核通过")
            events.append(Event(update.unit_reviewed_at, "unit-review", update.unit_reviewed_by,
                                summary, [], update))  # fmt: skip
        if update.reviewed_at:
            details = [update.review_comment] if update.review_comment else []
            events.append(Event(update.reviewed_at, "review", update.reviewed_by,
                                _decision_label(update), details, update))  # fmt: skip
    for reminder in reminders:
        events.append(
            Event(
                reminder.sent_at,
                "reminder",
                reminder.sent_by,
                reminder.get_kind_display(),
                [reminder.message],
                reminder,
            )
        )
    for ext in extensions:
        if ext.office_initiated:  # the office moved the deadline itself: one event
            events.append(
                Event(ext.decided_at, "extension-decision", ext.decided_by,
                      _("督办延后完成时限"), [ext.reason], ext)
            )  # fmt: skip
            continue
        events.append(
            Event(ext.requested_at, "extension", ext.requested_by, _("申请延期"), [ext.reason], ext)
        )
        if ext.state != ExtensionState.PENDING:
            events.append(
                Event(
                    ext.decided_at,
                    "extension-decision",
                    ext.decided_by,
                    ext.get_state_display(),
                    [ext.decision_comment] if ext.decision_comment else [],
                    ext,
                )
            )
    decision_events = sum(bool(u.unit_reviewed_at) + bool(u.reviewed_at) for u in decided)
    read = len(updates) + decision_events + len(reminders)
    extension_events = len(events) - history_total - read
    events.sort(key=lambda e: e.at, reverse=True)
    total = history_total + updates_total + decisions_total + reminders_total + extension_events
    return Timeline(events if latest is None else events[:latest], total, extensions)
