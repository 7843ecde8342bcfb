"""Bulk work: approve several updates at once; assign or urge several items at once.

Each bulk action is one transaction; each item in it is tried in its own
savepoint, so one refusal (say, an item closed meanwhile) is reported for
that item while the others go through. The outcome of each item is shown.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from .. import permissions
from ..forms import DATE, PersonChoiceField, PlainTextField, SearchableCheckboxes, bootstrap_widgets
from ..models import Decision, Status, Unit
from ..once import submit_once
from ..services import WorkflowError
from ..services.followup import item_urge
from ..services.items import item_assign
from ..services.progress import update_review
from .common import show_error

MAX_BULK = 200


def _each(request: HttpRequest, rows, act, label) -> tuple[int, int]:
    """Run `act(row)` per row in its own savepoint; a message per refusal; (done, refused).

    A refusal about a field of the form (a reason missing, say) is the form's to fix:
    it is raised, and the caller shows the form again with nothing done."""
    done = refused = 0
    for row in rows:
        try:
            with transaction.atomic():
                act(row)
        except WorkflowError as error:
            if error.field:
                raise
            refused += 1
            messages.error(
                request, _("%(what)s:未完成,%(why)s") % {"what": label(row), "why": error.message}
            )
        else:
            done += 1
            messages.success(request, _("%(what)s:已完成") % {"what": label(row)})
    return done, refused


class BulkApproveForm(forms.Form):
    updates = forms.ModelMultipleChoiceField(queryset=None, label=gettext_lazy("进展"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, waiting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["updates"].queryset = waiting


@login_required
@require_POST
@submit_once
def reviews_bulk_approve(request: HttpRequest) -> HttpResponse:
    """Approve the selected updates together, after a confirmation that lists them.
    (Returns stay one by one: each needs its own comment.)"""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    # Any update the reviewer may see: one decided meanwhile is reported, not silently dropped.
    visible = permissions.visible_updates(request.user)
    form = BulkApproveForm(request.POST, waiting=visible)
    if not form.is_valid():
        messages.error(request, _("请至少选择一条待审核的进展。"))
        return redirect("tracker:review-queue")
    picked = [u.pk for u in form.cleaned_data["updates"]][:MAX_BULK]
    chosen = visible.filter(pk__in=picked).order_by("submitted_at", "pk")  # the queue's order
    if not form.cleaned_data["confirm"]:
        listed = chosen.select_related("item", "item__parent", "unit").prefetch_related("evidence")
        return render(request, "tracker/bulk_approve.html", {"updates": listed})
    with transaction.atomic():
        done, refused = _each(
            request,
            chosen.select_related("item", "item__parent"),
            lambda u: update_review(update=u, reviewer=request.user, decision=Decision.APPROVE),
            lambda u: f"{u.item.label} {u.item.title}",
        )
    messages.info(
        request,
        _("批量通过:完成 %(done)d 条,未完成 %(refused)d 条。") % {"done": done, "refused": refused},
    )
    return redirect("tracker:review-queue")


ACTIONS = [("assign", gettext_lazy("批量分配")), ("urge", gettext_lazy("批量催办"))]


class BulkItemsForm(forms.Form):
    items = forms.ModelMultipleChoiceField(queryset=None, label=gettext_lazy("事项"))
    action = forms.ChoiceField(choices=ACTIONS, label=gettext_lazy("操作"))
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # Assign: empty fields leave each item as it is.
    lead_unit = forms.ModelChoiceField(
        Unit.objects.none(), label=gettext_lazy("牵头单位"), required=False
    )
    supporting_units = forms.ModelMultipleChoiceField(
        Unit.objects.none(),
        label=gettext_lazy("配合单位"),
        required=False,
        widget=SearchableCheckboxes,
    )
    assignee = PersonChoiceField(queryset=None, label=gettext_lazy("责任人"), required=False)
    due_on = forms.DateField(label=gettext_lazy("完成时限"), required=False, widget=DATE)
    due_change_reason = PlainTextField(
        label=gettext_lazy("延期理由"), required=False, max_length=2000,
        help_text=gettext_lazy("完成时限延后的事项必填,记录为延期。"),
    )  # fmt: skip
    # Urge:
    message = PlainTextField(
        label=gettext_lazy("催办内容"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, items, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        units = permissions.visible_units(user).in_order()
        self.fields["lead_unit"].queryset = units
        self.fields["supporting_units"].queryset = units
        self.fields["assignee"].queryset = permissions.visible_people(user)
        bootstrap_widgets(self)


def _assign_one(form: BulkItemsForm, user):
    data = form.cleaned_data

    def act(item):
        item_assign(
            item=item,
            by=user,
            lead_unit=data["lead_unit"] or item.lead_unit,
            supporting_units=list(data["supporting_units"] or item.supporting_units.all()),
            assignee=data["assignee"] if data["assignee"] else item.assignee,
            start_on=item.start_on,
            due_on=data["due_on"] or item.due_on,
            status=item.status or Status.NOT_STARTED,
            due_change_reason=data["due_change_reason"],
        )

    return act


@login_required
@require_POST
@submit_once
def items_bulk(request: HttpRequest) -> HttpResponse:
    """Assign or urge the items selected in the list, after a form that lists them."""
    if not (permissions.can_assign(request.user) or permissions.can_urge(request.user)):
        raise PermissionDenied
    items = permissions.visible_items(request.user).tracked()
    form = BulkItemsForm(request.POST, items=items, user=request.user)
    if not form.is_valid() and ("items" in form.errors or "action" in form.errors):
        messages.error(request, _("请先在列表中勾选事项,再选择批量操作。"))
        return redirect("tracker:item-list")
    action = form.cleaned_data["action"]
    allowed = permissions.can_assign if action == "assign" else permissions.can_urge
    if not allowed(request.user):
        raise PermissionDenied
    picked = [item.pk for item in form.cleaned_data["items"]][:MAX_BULK]
    chosen = (
        items.filter(pk__in=picked)
        .select_related("lead_unit", "parent", "assignee")
        .prefetch_related("supporting_units")
    )
    if not (form.is_valid() and form.cleaned_data["confirm"]):
        return render(
            request, "tracker/bulk_items.html", {"form": form, "items": chosen, "action": action}
        )
    if action == "assign":
        act = _assign_one(form, request.user)
    else:

        def act(item):
            if item.lead_unit is None:
                raise WorkflowError(_("该事项尚未确定牵头单位,无法催办。"))
            item_urge(
                item=item,
                unit=item.lead_unit,
                by=request.user,
                message=form.cleaned_data["message"],
            )

    try:
        with transaction.atomic():
            done, refused = _each(request, chosen, act, lambda i: f"{i.label} {i.title}")
    except WorkflowError as error:
        list(messages.get_messages(request))  # the rolled-back items' lines are void
        show_error(form, error)
        return render(
            request, "tracker/bulk_items.html", {"form": form, "items": chosen, "action": action}
        )
    messages.info(
        request,
        _("批量操作:完成 %(done)d 项,未完成 %(refused)d 项。") % {"done": done, "refused": refused},
    )
    return redirect("tracker:item-list")
