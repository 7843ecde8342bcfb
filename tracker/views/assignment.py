"""The coordinator assigns owners and dates, urges units, decides extensions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from .. import permissions
from ..forms import AssignForm, ExtensionDecisionForm, ExtensionForm, UrgeForm
from ..models import Item, Unit
from ..services import WorkflowError
from ..services.followup import extension_decide, extension_request, item_urge
from ..services.items import item_assign
from .common import flash_form_errors, show_error


def _tracked_item(request: HttpRequest, pk: int) -> Item:
    return get_object_or_404(permissions.visible_items(request.user).tracked(), pk=pk)


@login_required
def item_assign_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _tracked_item(request, pk)
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    initial = {
        "lead_unit": item.lead_unit_id,
        "supporting_units": list(item.supporting_units.values_list("pk", flat=True)),
        "assignee": item.assignee_id,
        "start_on": item.start_on,
        "due_on": item.due_on,
        "status": item.status,
        "version": item.version,
    }
    form = AssignForm(
        request.POST if request.method == "POST" else None, initial=initial, item=item
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item_assign(
                item=item,
                by=request.user,
                lead_unit=data["lead_unit"],
                supporting_units=list(data["supporting_units"]),
                assignee=data["assignee"],
                start_on=data["start_on"],
                due_on=data["due_on"],
                status=data["status"],
                expected_version=data["version"],
            )
        except WorkflowError as error:
            show_error(form, error)
        else:
            messages.success(request, _("已保存分配。"))
            return redirect(item)
    return render(request, "tracker/item_assign.html", {"item": item, "form": form})


@login_required
def item_urge_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _tracked_item(request, pk)
    if not permissions.can_urge(request.user):
        raise PermissionDenied
    units = Unit.objects.filter(Q(led_items=item) | Q(supported_items=item)).distinct()
    form = UrgeForm(
        request.POST if request.method == "POST" else None,
        units=units,
        initial={"unit": item.lead_unit_id},
    )
    if request.method == "POST" and form.is_valid():
        try:
            reminder = item_urge(
                item=item,
                unit=form.cleaned_data["unit"],
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except WorkflowError as error:
            show_error(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "已催办%(unit)s,邮件发送给 %(n)d 人。",
                    "已催办%(unit)s,邮件发送给 %(n)d 人。",
                    reminder.recipients,
                )
                % {"unit": reminder.unit, "n": reminder.recipients},
            )
            return redirect(item)
    return render(request, "tracker/item_urge.html", {"item": item, "form": form})


@login_required
def extension_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _tracked_item(request, pk)
    if not permissions.can_report_on(request.user, item):
        raise PermissionDenied
    form = ExtensionForm(request.POST if request.method == "POST" else None, item=item)
    if request.method == "POST" and form.is_valid():
        try:
            extension_request(
                item=item,
                unit=Unit.objects.get(pk=permissions.reporting_unit_id(request.user, item)),
                by=request.user,
                requested_due_on=form.cleaned_data["requested_due_on"],
                reason=form.cleaned_data["reason"],
            )
        except WorkflowError as error:
            show_error(form, error)
        else:
            messages.success(request, _("延期申请已提交,等待审批。"))
            return redirect(item)
    return render(request, "tracker/extension_form.html", {"item": item, "form": form})


@login_required
@require_POST
def extension_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(permissions.visible_extensions(request.user), pk=pk)
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        try:
            extension_decide(
                request=extension,
                by=request.user,
                grant=form.cleaned_data["grant"],
                comment=form.cleaned_data["comment"],
            )
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("延期申请已处理。"))
    else:
        flash_form_errors(request, form)
    return redirect(extension.item)
