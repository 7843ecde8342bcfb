"""Units log progress with evidence; the coordinator reviews it."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..evidence import safe_display_name
from ..forms import EvidenceFormSet, ProgressForm, ReviewForm
from ..models import Item, ProgressUpdate, Unit
from ..services import WorkflowError
from ..services.progress import (
    EvidenceFile,
    EvidenceLink,
    update_review,
    update_revise,
    update_submit,
)

QUEUE_PAGE = 50


def _evidence(formset) -> tuple[list[EvidenceFile], list[EvidenceLink]]:
    files, links = [], []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("file"):
            files.append(EvidenceFile(data["file"], data.get("description", "").strip()))
        elif data.get("url"):
            links.append(EvidenceLink(data["url"], data.get("description", "").strip()))
    return files, links


def _valid(form, formset, *, existing: int = 0, request: HttpRequest | None = None) -> bool:
    """Both forms valid, and a closure request carries evidence (new or already attached)."""
    valid = form.is_valid() & formset.is_valid()
    oversized = getattr(request, "oversized_upload", None)
    if oversized:
        limit = filesizeformat(settings.TRACKER_EVIDENCE_MAX_BYTES)
        form.add_error(
            None,
            _("文件“%(name)s”超过 %(limit)s,已停止接收,请压缩或拆分后重新上传。")
            % {"name": safe_display_name(oversized), "limit": limit},
        )
        return False
    if not valid:
        return False
    files, links = _evidence(formset)
    if form.cleaned_data.get("requests_closure") and not (files or links or existing):
        form.add_error("requests_closure", _("申请销号必须附佐证材料(文件或链接)。"))
        return False
    return True


def _progress_forms(request: HttpRequest, initial: dict | None = None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    return ProgressForm(data, initial=initial), EvidenceFormSet(data, files, prefix="evidence")


def _save_progress(request: HttpRequest, form, formset, save, *, existing: int = 0) -> bool:
    """Validate, then call `save(fields, files, links)`; errors go back onto the form."""
    if request.method != "POST" or not _valid(form, formset, existing=existing, request=request):
        return False
    files, links = _evidence(formset)
    fields = {
        key: form.cleaned_data[key]
        for key in ("reported_on", "text", "percent", "requests_closure")
    }
    try:
        save(fields, files, links)
    except (WorkflowError, ValidationError) as error:
        form.add_error(None, getattr(error, "message", error))
        return False
    return True


@login_required
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(permissions.visible_items(request.user), pk=pk)
    if not permissions.can_report_on(request.user, item):
        raise PermissionDenied
    units = permissions.reporting_units(request.user, item)
    form, formset = _progress_forms(request)

    def save(fields, files, links):
        unit = units.filter(pk=item.lead_unit_id).first() or units.first()
        update_submit(item=item, unit=unit, author=request.user, files=files, links=links, **fields)

    if _save_progress(request, form, formset, save):
        messages.success(request, _("进展已提交,等待区委依法治区办审核。"))
        return redirect(item_url(item))
    context = {"item": item, "form": form, "formset": formset, "units": units}
    return render(request, "tracker/update_form.html", context)


@login_required
def update_edit(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(
        permissions.visible_updates(request.user).select_related("item"), pk=pk
    )
    if not permissions.can_edit_update(request.user, update):
        raise PermissionDenied
    initial = {
        "reported_on": update.reported_on,
        "text": update.text,
        "percent": update.percent,
        "requests_closure": update.requests_closure,
        "version": update.version,
    }
    form, formset = _progress_forms(request, initial)
    existing = list(update.evidence.all())

    def save(fields, files, links):
        update_revise(
            update=update,
            author=request.user,
            expected_version=form.cleaned_data["version"],
            files=files,
            links=links,
            **fields,
        )

    if _save_progress(request, form, formset, save, existing=len(existing)):
        messages.success(request, _("进展已修改并重新提交审核。"))
        return redirect(item_url(update.item))
    context = {
        "item": update.item,
        "update": update,
        "form": form,
        "formset": formset,
        "existing": existing,
    }
    return render(request, "tracker/update_form.html", context)


@login_required
@require_POST
def update_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    update = get_object_or_404(permissions.visible_updates(request.user), pk=pk)
    if not permissions.can_review(request.user):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    next_url = _safe_next(request) or item_url(update.item)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(next_url)
    try:
        update_review(
            update=update,
            reviewer=request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
            expected_version=form.cleaned_data["version"],
        )
    except WorkflowError as error:
        messages.error(request, error.message)
    else:
        update.refresh_from_db()
        messages.success(
            request,
            _("%(state)s:%(item)s") % {"state": update.get_state_display(), "item": update.item},
        )
    return redirect(next_url)


@login_required
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    updates = (
        ProgressUpdate.objects.awaiting_review()
        .select_related("item", "item__report", "item__lead_unit", "unit", "author")
        .prefetch_related("evidence")
    )
    unit_id = request.GET.get("unit", "")
    if unit_id.isdigit():
        updates = updates.filter(unit_id=int(unit_id))
    page = Paginator(updates, QUEUE_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "tracker/review_queue.html",
        {
            "page": page,
            "units": Unit.objects.filter(
                Exists(ProgressUpdate.objects.awaiting_review().filter(unit=OuterRef("pk")))
            ).order_by("name"),
            "unit_id": unit_id,
            "review_form": ReviewForm(),
        },
    )


def item_url(item: Item) -> str:
    from django.urls import reverse

    return reverse("tracker:item-detail", args=[item.pk])


def _safe_next(request: HttpRequest) -> str | None:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None
