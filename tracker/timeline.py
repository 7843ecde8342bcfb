"""One timeline per item: changes from the history, updates, reviews, urges, extensions.

A fixed number of queries whatever the item's age; long timelines are cut to
the latest entries and the page offers the rest on request.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .i18n import join_names
from .models import (
    Decision,
    Evidence,
    ExtensionRequest,
    ExtensionState,
    Item,
    ProgressUpdate,
    Reminder,
    Review,
    Status,
)

TRACKED_FIELDS = (
    "status",
    "lead_unit_id",
    "assignee_id",
    "start_on",
    "due_on",
    "percent",
    "closed_on",
)


@dataclass
class Event:
    at: datetime
    kind: str  # change | update | review | reminder | extension | extension-decision
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


def _history_events(item: Item) -> list[Event]:
    records = list(
        Item.history.filter(id=item.pk)
        .select_related("lead_unit", "assignee", "history_user")
        .order_by("history_date", "history_id")
    )
    through = apps.get_model("tracker", "HistoricalItem_supporting_units")
    supporting: dict[int, dict] = defaultdict(dict)
    for row in through.objects.filter(history__id=item.pk).select_related("unit"):
        supporting[row.history_id][row.unit_id] = row.unit
    events, prev = [], None
    for rec in records:
        rec.supporting = supporting.get(rec.history_id, {})
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


def item_timeline(item: Item) -> list[Event]:
    """All events of the item, newest first."""
    updates = list(
        ProgressUpdate.objects.filter(item=item)
        .select_related("author", "unit", "reviewed_by")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )
    reviews = Review.objects.filter(update__item=item).select_related("reviewer", "update")
    reminders = Reminder.objects.filter(item=item).select_related("unit", "sent_by")
    extensions = ExtensionRequest.objects.filter(item=item).select_related(
        "unit", "requested_by", "decided_by"
    )
    events = _history_events(item)
    reviews = list(reviews)
    last_return = {r.update_id: r.created_at for r in reviews if r.decision == Decision.RETURN}
    for update in updates:
        resubmitted = update.pk in last_return and update.submitted_at > last_return[update.pk]
        summary = _("重新提交进展") if resubmitted else _("提交进展")
        events.append(Event(update.submitted_at, "update", update.author, summary, obj=update))
    for review in reviews:
        events.append(
            Event(
                review.created_at,
                "review",
                review.reviewer,
                review.get_decision_display(),
                [review.comment] if review.comment else [],
                review,
            )
        )
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
    events.sort(key=lambda e: e.at, reverse=True)
    return events
