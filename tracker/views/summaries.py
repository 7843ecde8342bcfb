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
from ..exports import ledger_filename, reader_scope
from ..lineage import lineage_counts
from ..summaries import figures, ledger, word
from ..summaries.bulletin import bulletin, bulletin_markdown
from ..summaries.charts import dashboard_charts
from ..summaries.draft import draft_markdown, next_year_draft
from ..summaries.figures import Scope
from ..summaries.forms import SummaryForm, latest_report
from ..summaries.scoring import unit_scores
from ..summaries.status import status_summary

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSV = "text/csv; charset=utf-8"


def _scope(request: HttpRequest, report, day: date | None, unit=None) -> Scope:
    return reader_scope(request.user, report, day, unit)


def _reports(request: HttpRequest) -> dict:
    """The reports the reader may open and their own jurisdictions (the default's home)."""
    user = request.user
    return {
        "reports": permissions.visible_reports(user),
        "home": permissions.home_jurisdictions(user),
    }


def _read(
    request: HttpRequest, *, with_unit: bool = False, with_since: bool = False
) -> tuple[SummaryForm, Scope | None]:
    """The form and the scope it asks for; a bad value falls back to the current figures."""
    units = permissions.summary_units(request.user) if with_unit else None
    form = SummaryForm(request.GET, units=units, with_since=with_since, **_reports(request))
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
    if form.cleaned_data.get("since"):
        params["since"] = form.cleaned_data["since"].isoformat()
    return "&".join(f"{key}={value}" for key, value in params.items())


def _filename(scope: Scope, stem: str, extension: str) -> str:
    return ledger_filename(scope, stem, extension)


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


def download(stem: str, extension: str, content_type: str, *, with_since: bool = False):
    """A download view: read report, as_of and unit (400 with the reason if bad), build,
    attach. The dashboard's links carry its unit, so its ledger is the unit's too.
    `with_since`: a bulletin, built as build(scope, since)."""

    def decorator(build):
        @login_required
        @require_GET
        @wraps(build)
        def view(request: HttpRequest) -> HttpResponse:
            form = SummaryForm(
                request.GET,
                units=permissions.summary_units(request.user),
                with_since=with_since,
                **_reports(request),
            )
            if not form.is_valid():
                return HttpResponseBadRequest(
                    form.error_text(), content_type="text/plain; charset=utf-8"
                )
            data = form.cleaned_data
            scope = _scope(request, data["report"], data["as_of"], data.get("unit"))
            made = build(scope, data["since"]) if with_since else build(scope)
            return file_response(
                made,
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
        context["scores"] = unit_scores(scope)
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


@download("整改台账", "xlsx", XLSX)
def ledger_xlsx(scope: Scope):
    return spooled_xlsx(scope, conditions=ledger.unit_conditions(scope), scores=unit_scores(scope))


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


@login_required
@require_GET
def bulletin_page(request: HttpRequest) -> HttpResponse:
    form, scope = _read(request, with_since=True)
    since = form.cleaned_data.get("since") if form.is_valid() else None
    context = {
        "form": form,
        "scope": scope,
        "query": _query(form),
        "bulletin": bulletin(scope, since=since) if scope is not None else None,
    }
    return render(request, "tracker/bulletin_page.html", context)


@download("督查通报", "docx", DOCX, with_since=True)
def bulletin_docx(scope: Scope, since) -> bytes:
    return word.bulletin_docx(bulletin(scope, since=since))


@download("督查通报", "md", "text/markdown; charset=utf-8", with_since=True)
def bulletin_md(scope: Scope, since) -> bytes:
    return bulletin_markdown(bulletin(scope, since=since)).encode("utf-8")
