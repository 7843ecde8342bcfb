"""Units: the coordinator lists them and adds one the report did not name, without the admin."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import permissions
from ..forms import helper
from ..models import Unit


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["name", "short_name", "kind", "parent", "email"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()
        self.fields["parent"].queryset = Unit.objects.order_by("name")

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


@login_required
@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    units = (
        Unit.objects.select_related("parent")
        .annotate(
            led=Count("led_items", distinct=True), members=Count("memberships", distinct=True)
        )
        .order_by("name")
    )
    return render(request, "tracker/unit_list.html", {"units": units})


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_assign(request.user):
        raise PermissionDenied
    form = UnitForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        unit = form.save(commit=False)
        unit._history_user = request.user
        unit.save()
        messages.success(request, _("已新增单位“%(name)s”。") % {"name": unit.name})
        return redirect("tracker:unit-list")
    return render(request, "tracker/unit_form.html", {"form": form})
