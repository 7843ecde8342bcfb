"""Background exports: ask for one (POST), watch it (the page refreshes itself while it
runs: no script), download the file (only the requester, through this view)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..models import ExportStatus
from ..once import submit_once
from ..services import WorkflowError
from ..services.exports import export_request
from .common import private_file, safe_next
from .summaries import XLSX

EXPORTS_PAGE = 20
REFRESH_SECONDS = 2


@login_required
@require_safe
def export_list(request: HttpRequest) -> HttpResponse:
    jobs = permissions.visible_exports(request.user).defer("params", "error")
    page = Paginator(jobs, EXPORTS_PAGE).get_page(request.GET.get("page"))
    running = any(not job.finished for job in page)
    return render(
        request,
        "tracker/export_list.html",
        {"page": page, "refresh": REFRESH_SECONDS if running else None},
    )


@login_required
@require_POST
@submit_once
def export_create(request: HttpRequest) -> HttpResponse:
    """Queue an export (kind, and the query string of the page it was asked from)."""
    try:
        job = export_request(
            by=request.user,
            kind=request.POST.get("kind", ""),
            query=request.POST.get("query", ""),
        )
    except WorkflowError as error:
        messages.error(request, error.message)
        return redirect(safe_next(request) or "tracker:export-list")
    return redirect("tracker:export-detail", pk=job.pk)


@login_required
@require_safe
def export_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(permissions.visible_exports(request.user), pk=pk)
    return render(
        request,
        "tracker/export_detail.html",
        {"job": job, "refresh": None if job.finished else REFRESH_SECONDS},
    )


@login_required
@require_safe
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(permissions.visible_exports(request.user), pk=pk)
    if job.status != ExportStatus.DONE:
        raise Http404(_("文件尚未生成。"))
    return private_file(job.file, name=job.filename, content_type=XLSX)
