"""Units log progress with evidence and revise it by new versions; the coordinator reviews it."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..evidence import safe_display_name
from ..forms import EvidenceFormSet, ProgressForm, ReviewForm
from ..models import Decision, ProgressUpdate, Status, Unit, UpdateState
from ..once import submit_once
from ..services import WorkflowError
from ..services.progress import (
    EvidenceFile,
    EvidenceLink,
    update_review,
    update_revise,
    update_submit,
    update_unit_review,
)
from ..text import id_param
from .common import flash_form_errors, safe_next, show_error

log = logging.getLogger("tracker.review")  # refused decisions (who, which version, why)
QUEUE_PAGE = 50
PROGRESS_FIELDS = ("reported_on", "text", "percent", "requests_closure")


def _evidence(formset) -> tuple[list[EvidenceFile], list[EvidenceLink]]:
    files, links = [], []
    for form in formset.forms:
        data = form.cleaned_data
        if data.get("file"):
            files.append(EvidenceFile(data["file"], data.get("description", ""), form.checked))
        elif data.get("url"):
            links.append(EvidenceLink(data["url"], data.get("description", "")))
    return files, links


def _progress_forms(request: HttpRequest, *, initial=None, previous=None):
    data = request.POST if request.method == "POST" else None
    files = request.FILES if request.method == "POST" else None
    form = ProgressForm(data, initial=initial, previous=previous)
    return form, EvidenceFormSet(data, files, prefix="evidence")


def _save_progress(request: HttpRequest, form, formset, save) -> bool:
    """Validate both forms, then call `save(fields, files, links)`; a refusal goes onto the form."""
    if request.method != "POST":
        return False
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
    try:
        save({key: form.cleaned_data[key] for key in PROGRESS_FIELDS}, files, links)
    except WorkflowError as error:
        show_error(form, error)
        return False
    return True


@login_required
@submit_once
def update_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(permissions.visible_items(request.user), pk=pk)
    unit_id = permissions.reporting_unit_id(request.user, item)
    if unit_id is None:
        raise PermissionDenied
    # The item page's 申请销号 opens this form with the box already ticked.
    closure = request.GET.get("closure") == "1"
    form, formset = _progress_forms(
        request, initial={"requests_closure": True} if closure else None
    )

    def save(fields, files, links):
        unit = Unit.objects.get(pk=unit_id)
        update_submit(item=item, unit=unit, author=request.user, files=files, links=links, **fields)

    if _save_progress(request, form, formset, save):
        if form.cleaned_data["requests_closure"]:
            messages.success(request, _("已申请销号,等待审核。"))
        else:
            messages.success(request, _("进展已提交,等待审核。"))
        return redirect(item)
    context = {"item": item, "form": form, "formset": formset, "closure": closure}
    return render(request, "tracker/update_form.html", context)


@login_required
@submit_once
def update_revise_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A new version of a returned (or not yet reviewed) update; the old one stays on record."""
    update = get_object_or_404(
        permissions.visible_updates(request.user).select_related("item", "revised_by"), pk=pk
    )
    if not permissions.can_revise_update(request.user, update):
        raise PermissionDenied
    initial = {key: getattr(update, key) for key in PROGRESS_FIELDS}
    form, formset = _progress_forms(request, initial=initial, previous=update)

    def save(fields, files, links):
        keep = form.cleaned_data.get("keep")
        update_revise(
            update=update,
            author=request.user,
            keep=list(keep) if keep is not None else [],
            files=files,
            links=links,
            **fields,
        )

    if _save_progress(request, form, formset, save):
        messages.success(
            request,
            _("已提交第 %(n)d 版,等待审核;上一版仍保留在工作记录中。") % {"n": update.revision + 1},
        )
        return redirect(update.item)
    context = {"item": update.item, "update": update, "form": form, "formset": formset}
    return render(request, "tracker/update_form.html", context)


def _decide(request: HttpRequest, pk: int, *, may, decide) -> HttpResponse:
    """A decision posted from a card (review or unit check): `may(user, update)` decides
    access, `decide(update, approve, comment)` acts and returns the message to show."""
    update = get_object_or_404(
        permissions.visible_updates(request.user).select_related("item"), pk=pk
    )
    if not may(request.user, update):
        raise PermissionDenied
    form = ReviewForm(request.POST)
    next_url = safe_next(request) or update.item.get_absolute_url()
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(next_url)
    approve = form.cleaned_data["decision"] == Decision.APPROVE
    try:
        messages.success(request, decide(update, approve, form.cleaned_data["comment"]))
    except WorkflowError as error:
        log.warning(
            "decision on update %s refused: %s",
            update.pk,
            error.message,
            extra={
                "action": "decision_refused",
                "object_id": update.pk,
                "actor_id": request.user.pk,
                "reason": str(error.message),
            },
        )
        messages.error(request, error.message)
    return redirect(next_url)


@login_required
@require_POST
@submit_once
def update_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    def decide(update, approve, comment):
        decision = Decision.APPROVE if approve else Decision.RETURN
        return _review_outcome(
            update_review(update=update, reviewer=request.user, decision=decision, comment=comment)
        )

    return _decide(
        request, pk, may=lambda user, _update: permissions.can_review(user), decide=decide
    )


def _review_outcome(update: ProgressUpdate) -> str:
    """What the decision did, in the words the office uses (已销号, not 已通过)."""
    if update.state == UpdateState.RETURNED:
        return _("已退回:%(item)s") % {"item": update.item}
    if update.requests_closure and update.item.status == Status.CLOSED:
        return _("已销号:%(item)s") % {"item": update.item}
    return _("已通过:%(item)s") % {"item": update.item}


@login_required
@require_POST
@submit_once
def update_unit_review_view(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit's leader passes a closure request on to the office, or returns it."""

    def decide(update, approve, comment):
        update_unit_review(update=update, leader=request.user, approve=approve, comment=comment)
        if approve:
            return _("已审核通过,销号申请已报送督办审核:%(item)s") % {"item": update.item}
        return _("已退回:%(item)s") % {"item": update.item}

    return _decide(request, pk, may=permissions.can_unit_review, decide=decide)


@login_required
@require_safe
def review_queue(request: HttpRequest) -> HttpResponse:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    waiting = permissions.visible_updates(request.user).awaiting_review()
    updates = waiting.select_related(
        "item", "item__report", "item__lead_unit", "unit", "author", "revises"
    )
    unit_id = request.GET.get("unit", "")
    if id_param(unit_id) is not None:
        updates = updates.filter(unit_id=id_param(unit_id))
    page = Paginator(updates, QUEUE_PAGE).get_page(request.GET.get("page"))
    # The evidence of the page's versions and of those they revise (version_changes reads
    # both), in one query whether or not any version on the page is a revision.
    shown = list(page.object_list)
    prefetch_related_objects([*shown, *(u.revises for u in shown if u.revises)], "evidence")
    return render(
        request,
        "tracker/review_queue.html",
        {
            "page": page,
            "reviewable_updates": permissions.reviewable_update_ids(request.user, shown),
            "units": Unit.objects.filter(Exists(waiting.filter(unit=OuterRef("pk")))).in_order(),
            "unit_id": unit_id,
        },
    )
