"""Dashboard, ledger, written status summary and draft of next year's report (GET only).

Access: anonymous users are sent to log in. Viewers, coordinators and
administrators see every item. A unit reporter may open every page and
download every file as well, each scoped in the database to the tracked
items their units lead or support (permissions.summary_items), with per-unit
figures for their own units only (permissions.summary_units): a unit needs
its own ledger and summary to report upward, and another unit's items are
never shown or counted.

Parameters: `report` (id; default the latest report), `as_of` (YYYY-MM-DD,
not after today; default now) and, on the dashboard, `unit`. A bad value
gets a message in the reader's language: on a page, above the current
figures; for a download, a 400 response with the message.

Language: the pages' chrome follows the reader; the documents (the summary and
draft texts, the Word, Markdown, Excel and CSV files and their file names) are
Chinese government documents and stay in Chinese (docs/I18N.md).
"""

import tempfile
from datetime import date
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from .. import permissions
from ..lineage import lineage_counts
from ..summaries import figures, ledger, word
from ..summaries.asof import AsOf
from ..summaries.charts import dashboard_charts
from ..summaries.draft import draft_markdown, next_year_draft
from ..summaries.figures import Scope
from ..summaries.forms import SummaryForm, latest_report
from ..summaries.status import status_summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"


def _scope(request: HttpRequest, report, day: date | None, unit=None) -> Scope:
    user = request.user
    items = permissions.summary_items(user)
    unit_ids = None
    if items is not None:
        unit_ids = frozenset(permissions.summary_units(user).values_list("pk", flat=True))
    return Scope(report=report, as_of=AsOf.of(day), unit=unit, items=items, unit_ids=unit_ids)


def _reports(request: HttpRequest) -> dict:
    """The reports the reader may open and their own jurisdictions (the default's home)."""
    user = request.user
    return {
        "reports": permissions.visible_reports(user),
        "home": permissions.home_jurisdictions(user),
    }


def _read(request: HttpRequest, *, with_unit: bool = False) -> tuple[SummaryForm, Scope | None]:
    """The form and the scope it asks for; a bad value falls back to the current figures."""
    units = permissions.summary_units(request.user) if with_unit else None
    form = SummaryForm(request.GET, units=units, **_reports(request))
    valid = form.is_valid()
    data = form.cleaned_data  # holds the fields that were valid, even when some were not
    report = data.get("report") or (None if valid else latest_report(**_reports(request)))
    if report is None:
        return form, None
    day = data.get("as_of") if valid else None
    return form, _scope(request, report, day, data.get("unit"))


def _context(request: HttpRequest, name: str, build, *, with_unit: bool = False) -> dict:
    form, scope = _read(request, with_unit=with_unit)
    return {
        "form": form,
        "scope": scope,
        "query": _query(form),
        name: build(scope) if scope is not None else None,
    }


def _query(form: SummaryForm) -> str:
    """The valid parameters again, for the download links of a page (the dashboard's
    unit included)."""
    if not form.is_valid():
        return ""
    params = {"report": form.cleaned_data["report"].pk}
    if form.cleaned_data["as_of"]:
        params["as_of"] = form.cleaned_data["as_of"].isoformat()
    if form.cleaned_data.get("unit"):
        params["unit"] = form.cleaned_data["unit"].pk
    return "&".join(f"{key}={value}" for key, value in params.items())


def _filename(scope: Scope, stem: str, extension: str) -> str:
    unit = f"_{scope.unit}" if scope.unit is not None else ""
    return f"{stem}{unit}_{scope.report.year}年度_截至{scope.on.isoformat()}.{extension}"


def file_response(content, *, content_type: str, filename: str) -> HttpResponse:
    """A download: `content` is bytes, an open file (streamed by FileResponse, which
    closes it) or an iterator of chunks (streamed as they come)."""
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    elif hasattr(content, "read"):
        response = FileResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def download(stem: str, extension: str, content_type: str):
    """A download view: read report, as_of and unit (400 with the reason if bad), build,
    attach. The dashboard's links carry its unit, so its ledger is the unit's too."""

    def decorator(build):
        @login_required
        @require_GET
        @wraps(build)
        def view(request: HttpRequest) -> HttpResponse:
            form = SummaryForm(
                request.GET, units=permissions.summary_units(request.user), **_reports(request)
            )
            if not form.is_valid():
                return HttpResponseBadRequest(
                    form.error_text(), content_type="text/plain; charset=utf-8"
                )
            data = form.cleaned_data
            scope = _scope(request, data["report"], data["as_of"], data.get("unit"))
            return file_response(
                build(scope),
                content_type=content_type,
                filename=_filename(scope, stem, extension),
            )

        return view

    return decorator


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    context = _context(request, "dashboard", figures.dashboard, with_unit=True)
    if context["dashboard"] is not None:
        context["charts"] = dashboard_charts(context["dashboard"])
        scope = context["scope"]
        context["lineage"] = lineage_counts(
            scope.report, items=scope.items, until=scope.as_of.moment
        )
    return render(request, "tracker/dashboard.html", context)


@login_required
@require_GET
def summary_page(request: HttpRequest) -> HttpResponse:
    context = _context(request, "summary", status_summary)
    return render(request, "tracker/summary_page.html", context)


@login_required
@require_GET
def draft_page(request: HttpRequest) -> HttpResponse:
    context = _context(request, "draft", next_year_draft)
    return render(request, "tracker/draft_page.html", context)


def spooled_xlsx(scope: Scope, **options):
    """The ledger workbook in a temporary file, so it never sits whole in memory."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    ledger.write_xlsx(scope, spool, **options)
    spool.seek(0)
    return spool


def unit_condition(scope: Scope) -> list[str]:
    """The ledger's note of the dashboard's unit, if one was chosen."""
    return [f"牵头或配合单位:{scope.unit}"] if scope.unit is not None else []


@download("整改台账", "xlsx", XLSX)
def ledger_xlsx(scope: Scope):
    return spooled_xlsx(scope, conditions=unit_condition(scope))


@download("整改台账", "csv", CSV)
def ledger_csv(scope: Scope):
    return ledger.csv_chunks(scope)


@download("整改落实情况", "docx", DOCX)
def summary_docx(scope: Scope) -> bytes:
    return word.summary_docx(status_summary(scope))


@download("年度报告草稿", "docx", DOCX)
def draft_docx(scope: Scope) -> bytes:
    return word.draft_docx(next_year_draft(scope))


@download("年度报告草稿", "md", "text/markdown; charset=utf-8")
def draft_md(scope: Scope) -> bytes:
    return draft_markdown(next_year_draft(scope)).encode("utf-8")
