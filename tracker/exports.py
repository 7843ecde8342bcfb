"""What each background export writes, built from the requester's rights at the time it
runs (tracker/permissions.py), never from what they could do when they asked.

Each builder reads the job's parameters, checks them as the synchronous download would,
and returns a Build: the file name, how many rows it will write, and a writer that
takes a binary stream and a callback told after every row.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import IO

from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions
from .filters import SORTS, ItemFilter, described
from .models import ExportJob, ExportKind, Kind
from .summaries import city_ledger, ledger
from .summaries.asof import AsOf
from .summaries.figures import Scope, records
from .summaries.forms import SummaryForm
from .summaries.scoring import unit_scores

Writer = Callable[[IO[bytes], Callable[[], None]], None]


class ExportRefused(Exception):
    """The requester may not (or may no longer) have this export; the message says why."""


@dataclass(frozen=True)
class Build:
    filename: str
    total: int
    write: Writer


def reader_scope(user, report, day: date | None, unit=None) -> Scope:
    """A summary's scope as `user` may read it (their items and units only, for a unit)."""
    items = permissions.summary_items(user)
    unit_ids = None
    if items is not None:
        unit_ids = frozenset(permissions.summary_units(user).values_list("pk", flat=True))
    return Scope(report=report, as_of=AsOf.of(day), unit=unit, items=items, unit_ids=unit_ids)


def summary_form(user, data) -> SummaryForm:
    """The summaries' parameters (report, as_of, unit) checked against what `user` sees."""
    return SummaryForm(
        data,
        units=permissions.summary_units(user),
        reports=permissions.visible_reports(user),
        home=permissions.home_jurisdictions(user),
    )


def ledger_filename(scope: Scope, stem: str, extension: str) -> str:
    unit = f"_{scope.unit}" if scope.unit is not None else ""
    return f"{stem}{unit}_{scope.report.year}年度_截至{scope.on.isoformat()}.{extension}"


def filtered_items(user, data, *, today) -> tuple[ItemFilter, object]:
    """The item list's filter form and the items it picks (all visible ones while it is
    invalid)."""
    queryset = permissions.visible_items(user).with_light(on=today)
    if not data.get("kind"):
        queryset = queryset.tracked()  # the to-do list; measures and causes on request
    filterset = ItemFilter(data or None, queryset=queryset)
    filterset.filters["unit"].queryset = permissions.summary_units(user).in_order()
    filterset.filters["report"].queryset = permissions.visible_reports(user).defer("source_text")
    items = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    return filterset, items


def list_export(user, data, *, today) -> tuple[Scope, list[str]]:
    """The list's items, exactly as filtered and sorted, as the ledger's scope, and the
    filters it applied (for the workbook's title)."""
    filterset, items = filtered_items(user, data, today=today)
    valid = filterset.is_bound and filterset.is_valid()
    cleaned = filterset.form.cleaned_data if valid else {}
    scope = Scope(
        report=cleaned.get("report"),
        as_of=AsOf.of(None),
        items=permissions.visible_items(user),
        listed=items,
        order=SORTS.get(cleaned.get("sort") or "sequence"),
    )
    return scope, described(filterset) if valid else []


# --- the builders ------------------------------------------------------------------------


def _city_ledger(job: ExportJob) -> Build:
    user = job.requested_by
    if not permissions.oversees_districts(user):
        raise ExportRefused(_("只有市级督办部门可以生成全市整改台账。"))
    scope = Scope(report=None, as_of=AsOf.live(), reports=permissions.visible_reports(user))
    return Build(
        filename=f"全市整改台账_截至{scope.on.isoformat()}.xlsx",
        total=records(scope).count(),
        write=lambda stream, step: city_ledger.write_city_xlsx(scope, stream, on_row=step),
    )


def _ledger(job: ExportJob) -> Build:
    user = job.requested_by
    form = summary_form(user, QueryDict(job.params.get("query", "")))
    if not form.is_valid():
        raise ExportRefused(form.error_text())
    data = form.cleaned_data
    scope = reader_scope(user, data["report"], data["as_of"], data.get("unit"))
    return Build(
        filename=ledger_filename(scope, "整改台账", "xlsx"),
        total=records(scope).count(),
        write=lambda stream, step: ledger.write_xlsx(
            scope,
            stream,
            conditions=ledger.unit_conditions(scope),
            scores=unit_scores(scope),  # the same workbook as the page's download
            on_row=step,
        ),
    )


def _item_list(job: ExportJob) -> Build:
    today = timezone.localdate()
    data = QueryDict(job.params.get("query", ""))
    scope, conditions = list_export(job.requested_by, data, today=today)
    return Build(
        filename=f"事项清单_截至{today.isoformat()}.xlsx",
        total=records(scope, kinds=Kind.values).count(),
        write=lambda stream, step: ledger.write_xlsx(
            scope, stream, kinds=Kind.values, conditions=conditions, on_row=step
        ),
    )


BUILDERS: dict[str, Callable[[ExportJob], Build]] = {
    ExportKind.CITY_LEDGER: _city_ledger,
    ExportKind.LEDGER: _ledger,
    ExportKind.ITEM_LIST: _item_list,
}


def build(job: ExportJob) -> Build:
    return BUILDERS[job.kind](job)
