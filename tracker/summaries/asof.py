"""The tracker as it stood at the end of a day, read from the recorded history.

Live (no date given): the tables themselves. As of day D: for each item the
latest Item.history record dated up to the end of D (Asia/Shanghai, the
project's time zone), its supporting units from that record's m2m history,
the versions approved by then (reviewed_at up to the end of D) and their
evidence uploaded by then. An item without a record by D did not exist
yet; one whose latest record is a deletion no longer did.

Both modes give querysets with the same column names (`id`, `status`,
`due_on`, `last_approved_on` …), so summaries compute every figure with one
code path and "as of today" gives the live numbers.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.apps import apps
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..models import Evidence, Item, ProgressUpdate, UpdateState


@dataclass(frozen=True)
class AsOf:
    """The day figures describe; `historical` reads the history instead of the tables."""

    on: date
    historical: bool = False

    @classmethod
    def live(cls) -> "AsOf":
        return cls(timezone.localdate())

    @classmethod
    def of(cls, day: date | None) -> "AsOf":
        return cls.live() if day is None else cls(day, historical=True)

    @property
    def moment(self) -> datetime:
        """The last instant of the day, in the project's time zone."""
        return timezone.make_aware(
            datetime.combine(self.on, time.max), timezone.get_default_timezone()
        )

    @property
    def record_key(self) -> str:
        """The column identifying one record: the item's id live, the history row's id else."""
        return "history_id" if self.historical else "id"


def item_records(as_of: AsOf) -> QuerySet:
    """One row per item as it stood (Item rows live, HistoricalItem rows as of a date)."""
    if not as_of.historical:
        return Item.objects.all()
    end = as_of.moment
    latest = (
        Item.history.filter(id=OuterRef("id"), history_date__lte=end)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    return Item.history.filter(history_date__lte=end, history_id=Subquery(latest)).exclude(
        history_type="-"
    )


def supporting_links(as_of: AsOf) -> QuerySet:
    """(record, unit) rows for supporting units; filter on `as_of.record_key`'s column."""
    if not as_of.historical:
        return Item.supporting_units.through.objects.annotate(record=F("item_id"))
    through = apps.get_model("tracker", "HistoricalItem_supporting_units")
    return through.objects.annotate(record=F("history_id"))


def approved_updates(as_of: AsOf) -> QuerySet:
    """Versions that count: approved by the end of the day (live: by the end of today).

    A version's decision is stored on the version itself and never changes once
    taken, so live and "as of" read the same columns.
    """
    return ProgressUpdate.objects.approved_by(as_of.moment)


def counted_evidence(as_of: AsOf) -> QuerySet:
    """Evidence of the versions that count, uploaded by the end of the day.

    Conditions on the evidence's own update (a join), never `update IN (…)`:
    inside a per-item subquery SQLite would rebuild that list for every item,
    which made 10 000 items take seconds.
    """
    return Evidence.objects.filter(
        update__state=UpdateState.APPROVED,
        update__reviewed_at__lte=as_of.moment,
        uploaded_at__lte=as_of.moment,
    )


def last_change(as_of: AsOf):
    """When the item's record last changed (by the end of the day)."""
    if as_of.historical:
        return F("history_date")
    latest = Item.history.filter(id=OuterRef("id")).order_by("-history_date", "-history_id")
    return Subquery(latest.values("history_date")[:1])
