"""The warning light (红黄绿灯) and why it shows: one ordered table of rules.

Each rule is a condition on an item's own columns (plus, for 签收, its
acknowledgements) and the light and reason it gives; the first that holds
wins. The same table yields the light and the reason as database
expressions, so lists filter and count by them, and the words that explain
a reason (逾期 12 天, 8 天后到期 …) are written once, in `explain`. The
expressions name only the item's own columns and its id, so they work on
Item rows and on Item.history records alike (summaries "as of" a past day).
"""

from datetime import date, datetime, time, timedelta

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, Min, OuterRef, Q, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .choices import TRACKED_KINDS, Light, Status


class LightReason(models.TextChoices):
    CLOSED = "closed", gettext_lazy("已销号")
    OVERDUE = "overdue", gettext_lazy("逾期")
    UNASSIGNED = "unassigned", gettext_lazy("未分配")
    UNACKNOWLEDGED = "unacknowledged", gettext_lazy("未签收")
    DUE_SOON = "due_soon", gettext_lazy("即将到期")
    QUIET = "quiet", gettext_lazy("长期无进展")
    ON_TRACK = "on_track", gettext_lazy("正常推进")


def end_of(on: date) -> datetime:
    return timezone.make_aware(datetime.combine(on, time.max), timezone.get_default_timezone())


def quiet_q(*, on: date, days: int | None = None) -> Q:
    """No approved update (or, lacking one, no start) for `days`: the stale half of yellow."""
    days = settings.TRACKER_STALE_DAYS if days is None else days
    before = on - timedelta(days=days)
    return Q(last_approved_on__lt=before) | Q(last_approved_on__isnull=True, start_on__lt=before)


def _pending_acks(on: date):
    """Notices (签收) of the row's item still unacknowledged at the end of `on`."""
    acks = apps.get_model("tracker", "Acknowledgement").objects
    return acks.pending(at=end_of(on)).filter(item_id=OuterRef("id"))


def unacknowledged_q(*, on: date, days: int | None = None) -> Q:
    """A unit has left a notice unacknowledged for more than `days` days."""
    days = settings.TRACKER_ACK_DAYS if days is None else days
    cutoff = end_of(on - timedelta(days=days + 1))
    return Q(Exists(_pending_acks(on).filter(created_at__lte=cutoff)))


def ack_since(*, on: date) -> Subquery:
    """When the oldest notice still unacknowledged at the end of `on` went out (or null)."""
    oldest = _pending_acks(on).order_by().values("item_id").annotate(first=Min("created_at"))
    return Subquery(oldest.values("first")[:1])


def rules(*, on: date) -> list[tuple[Q, str, str]]:
    """(condition, light, reason) in order of precedence, `on` playing the part of today."""
    soon = on + timedelta(days=settings.TRACKER_DUE_SOON_DAYS)
    return [
        (Q(status=Status.CLOSED), Light.GREEN, LightReason.CLOSED),
        (Q(due_on__lt=on), Light.RED, LightReason.OVERDUE),
        (Q(lead_unit__isnull=True) | Q(due_on__isnull=True), Light.YELLOW, LightReason.UNASSIGNED),
        (unacknowledged_q(on=on), Light.YELLOW, LightReason.UNACKNOWLEDGED),
        (Q(due_on__lte=soon), Light.YELLOW, LightReason.DUE_SOON),
        (quiet_q(on=on), Light.YELLOW, LightReason.QUIET),
    ]


def _case(*, on: date, pick: int, default: str) -> Case:
    return Case(
        When(~Q(kind__in=TRACKED_KINDS), then=Value("")),
        *[When(rule[0], then=Value(rule[pick])) for rule in rules(on=on)],
        default=Value(default),
        output_field=models.CharField(),
    )


def light_expression(*, on: date) -> Case:
    """The light: red past due; yellow unassigned, unacknowledged, due soon or quiet;
    green otherwise; '' for context items (measures, causes)."""
    return _case(on=on, pick=1, default=Light.GREEN)


def reason_expression(*, on: date) -> Case:
    """Why the light shows (a LightReason value; '' for context items)."""
    return _case(on=on, pick=2, default=LightReason.ON_TRACK)


def _days(later: date, earlier: date) -> int:
    return (later - earlier).days


def explain(row, *, on: date) -> str:
    """The reason in words, from a row with `light_reason` and the item's dates
    (`ack_since` when annotated): 逾期 12 天, 8 天后到期, 35 天无审核通过的进展 …"""
    reason = getattr(row, "light_reason", "")
    if reason == LightReason.OVERDUE:
        return _("逾期 %(n)d 天") % {"n": _days(on, row.due_on)}
    if reason == LightReason.UNASSIGNED:
        if row.lead_unit_id is None and row.due_on is None:
            return _("未分配牵头单位和完成时限")
        return _("未分配牵头单位") if row.lead_unit_id is None else _("未设完成时限")
    if reason == LightReason.UNACKNOWLEDGED:
        since = getattr(row, "ack_since", None)
        if since is None:
            return _("未签收")
        return _("%(n)d 天未签收") % {"n": _days(on, timezone.localdate(since))}
    if reason == LightReason.DUE_SOON:
        left = _days(row.due_on, on)
        return _("今天到期") if left == 0 else _("%(n)d 天后到期") % {"n": left}
    if reason == LightReason.QUIET:
        since = row.last_approved_on or row.start_on
        if row.last_approved_on is None:
            return _("开始 %(n)d 天仍无审核通过的进展") % {"n": _days(on, since)}
        return _("%(n)d 天无审核通过的进展") % {"n": _days(on, since)}
    if reason in LightReason.values:
        return str(LightReason(reason).label)
    return ""
