"""The coordinator assigns owners and dates, urges units, decides extensions; units
acknowledge (签收) what they were given."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..forms import AssignForm, ExtensionDecisionForm, ExtensionForm, UrgeForm
from ..i18n import join_names
from ..models import Item, Unit
from ..once import submit_once
from ..services import WorkflowError
from ..services.acks import acknowledge_on_behalf, item_acknowledge
from ..services.followup import Attachment, extension_decide, extension_request, item_urge
from ..services.items import item_assign
from ..text import id_param
from .common import flash_form_errors, private_file, show_error


def _tracked_item(request: HttpRequest, pk: int) -> Item:
    return get_object_or_404(permissions.visible_items(request.user).tracked(), pk=pk)


@login_required
@submit_once
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
                due_change_reason=data["due_change_reason"],
                expected_version=data["version"],
            )
        except WorkflowError as error:
            show_error(form, error)
        else:
            messages.success(request, _("已保存分配。"))
            return redirect(item)
    return render(request, "tracker/item_assign.html", {"item": item, "form": form})


def urge_outcome(request: HttpRequest, reminder) -> None:
    """Say whom an urge reached; warn when it reached nobody."""
    if reminder.recipients:
        messages.success(
            request,
            ngettext(
                "已催办%(unit)s,已通知 %(n)d 人(或单位邮箱)。",
                "已催办%(unit)s,已通知 %(n)d 人(或单位邮箱)。",
                reminder.recipients,
            )
            % {"unit": reminder.unit, "n": reminder.recipients},
        )
    else:
        messages.warning(
            request,
            _(
                "已记录对%(unit)s的催办,但该单位没有填报人、负责人账号或单位邮箱,无人接收。"
                "请在“责任单位”中为其添加人员。"
            )
            % {"unit": reminder.unit},
        )


@login_required
@submit_once
def item_urge_view(request: HttpRequest, pk: int) -> HttpResponse:
    item = _tracked_item(request, pk)
    if not permissions.can_urge(request.user):
        raise PermissionDenied
    units = Unit.objects.filter(pk__in=item.responsible_unit_ids()).in_order()
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
            urge_outcome(request, reminder)
            return redirect(item)
    return render(request, "tracker/item_urge.html", {"item": item, "form": form})


@login_required
@submit_once
def extension_create(request: HttpRequest, pk: int) -> HttpResponse:
    item = _tracked_item(request, pk)
    unit_id = permissions.reporting_unit_id(request.user, item)
    if unit_id is None:
        raise PermissionDenied
    post = request.method == "POST"
    form = ExtensionForm(request.POST if post else None, request.FILES if post else None, item=item)
    if post and form.is_valid():
        upload = form.cleaned_data.get("attachment")
        try:
            extension_request(
                item=item,
                unit=Unit.objects.get(pk=unit_id),
                by=request.user,
                requested_due_on=form.cleaned_data["requested_due_on"],
                reason=form.cleaned_data["reason"],
                attachment=Attachment(upload, form.checked) if upload else None,
            )
        except WorkflowError as error:
            show_error(form, error)
        else:
            messages.success(request, _("延期申请已提交,等待审批。"))
            return redirect(item)
    return render(request, "tracker/extension_form.html", {"item": item, "form": form})


@login_required
@require_POST
@submit_once
def extension_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    extension = get_object_or_404(permissions.visible_extensions(request.user), pk=pk)
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    form = ExtensionDecisionForm(request.POST)
    if form.is_valid():
        try:
            decided = extension_decide(
                request=extension,
                by=request.user,
                grant=form.cleaned_data["grant"],
                due_on=form.cleaned_data["due_on"],
                comment=form.cleaned_data["comment"],
            )
        except WorkflowError as error:
            messages.error(request, error.message)
        else:
            if decided.granted_due_on:
                messages.success(
                    request,
                    _("已同意延期,完成时限延至 %(date)s。") % {"date": decided.granted_due_on},
                )
            else:
                messages.success(request, _("已不同意延期,完成时限不变。"))
    else:
        flash_form_errors(request, form)
    return redirect(extension.item)


@login_required
@require_safe
def extension_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """The signed 延期申请表, under the item's access rules (as evidence is)."""
    extension = get_object_or_404(permissions.visible_extensions(request.user), pk=pk)
    return private_file(
        extension.attachment, name=extension.attachment_name, content_type=extension.attachment_type
    )


@login_required
@require_POST
@submit_once
def item_acknowledge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's reporter or leader acknowledges (签收); the office may record it for a
    unit that confirmed another way (代签收, with `unit`)."""
    item = _tracked_item(request, pk)
    on_behalf = request.POST.get("unit", "")
    if on_behalf and not permissions.can_assign(request.user):
        raise PermissionDenied
    if not on_behalf and not permissions.acknowledging_unit_ids(request.user):
        raise PermissionDenied
    if request.POST.get("confirm") != "1":  # not the page's button: nothing to do
        return redirect(item)
    try:
        if on_behalf:
            if id_param(on_behalf) is None:
                raise Http404
            unit = get_object_or_404(Unit, pk=id_param(on_behalf))
            done = acknowledge_on_behalf(item=item, unit=unit, by=request.user)
        else:
            done = item_acknowledge(item=item, by=request.user)
    except WorkflowError as error:
        messages.info(request, error.message)
    else:
        units = sorted({str(ack.unit) for ack in done})
        messages.success(request, _("已签收:%(units)s。") % {"units": join_names(units)})
    return redirect(item)
