"""Units: the coordinator lists them and adds one the report did not name, without the admin."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import permissions
from ..forms import helper
from ..models import Acknowledgement, Membership, Unit
from ..once import submit_once
from ..summaries.figures import counted


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "jurisdiction", "kind", "parent", "email", "sort_order"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()
        self.home = permissions.home_jurisdictions(user).first()
        self.fields["jurisdiction"].queryset = permissions.visible_jurisdictions(user)
        self.fields["jurisdiction"].initial = self.home
        self.fields["jurisdiction"].required = False  # the coordinator's own, by default
        units = permissions.visible_units(user).in_order()
        if self.instance.pk:  # not its own parent
            units = units.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = units

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())

    def clean_jurisdiction(self):
        chosen = self.cleaned_data["jurisdiction"] or self.home
        if chosen is None:
            raise forms.ValidationError(_("请选择单位所属的辖区。"))
        return chosen


@login_required
@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    pending = Acknowledgement.objects.pending().filter(unit=OuterRef("pk"))
    units = (
        permissions.visible_units(request.user)
        .select_related("parent", "jurisdiction")
        .annotate(
            led=Count("led_items", distinct=True),
            supported=Count("supported_items", distinct=True),
            members=Count("memberships", distinct=True),
            reporters=_members_holding(permissions.reporters()),
            leaders=_members_holding(permissions.leaders()),
            unacknowledged=Coalesce(Subquery(counted(pending, "unit_id")), 0),
            oldest_notice=Subquery(pending.order_by("created_at").values("created_at")[:1]),
        )
        .in_order()
    )
    return render(
        request, "tracker/unit_list.html", {"units": units, "today": timezone.localdate()}
    )


def _members_holding(people) -> Coalesce:
    """How many of the unit's members are among `people` (reporters, leaders)."""
    members = Membership.objects.filter(unit=OuterRef("pk"), user__in=people.values("pk"))
    return Coalesce(Subquery(counted(members, "unit_id")), 0)


ACK_PAGE = 100


@login_required
@require_safe
def acknowledgement_list(request: HttpRequest) -> HttpResponse:
    """Who has not acknowledged (签收) what, and for how long: oldest first."""
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    pending = (
        Acknowledgement.objects.pending()
        .filter(item__in=permissions.visible_items(request.user).open().values("pk"))
        .select_related("item", "item__parent", "unit", "created_by")
        .order_by("created_at", "pk")
    )
    page = Paginator(pending, ACK_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "tracker/acknowledgement_list.html",
        {"page": page, "today": timezone.localdate()},
    )


@login_required
@submit_once
def unit_create(request: HttpRequest) -> HttpResponse:
    return _unit_form(request, Unit(), _("已新增单位“%(name)s”。"))


@login_required
@submit_once
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office corrects a unit or sets its place in every list (排序号)."""
    if not permissions.can_assign(request.user):  # the role first, then the unit
        raise PermissionDenied
    unit = get_object_or_404(permissions.visible_units(request.user), pk=pk)
    return _unit_form(request, unit, _("已保存单位“%(name)s”。"))


def _unit_form(request: HttpRequest, unit: Unit, saved: str) -> HttpResponse:
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    form = UnitForm(
        request.POST if request.method == "POST" else None, instance=unit, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        unit = form.save(commit=False)
        unit._history_user = request.user
        try:
            with transaction.atomic():
                unit.save()
        except IntegrityError:
            # Two offices added the same name at once: the form's check passed for
            # both, the database's constraint stopped the second. The constraint's
            # own message, as the form gives it when there is no race.
            try:
                unit.validate_constraints()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                raise
        else:
            messages.success(request, saved % {"name": unit.name})
            return redirect("tracker:unit-list")
    return render(request, "tracker/unit_form.html", {"form": form, "unit": unit})
