"""The city's view: districts side by side, a district's units, urging a district's office,
and the city's ledger."""

import tempfile

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .. import permissions
from ..forms import PlainTextField, helper
from ..models import OfficeUrge
from ..once import submit_once
from ..services import WorkflowError
from ..services.followup import district_urge
from ..summaries.asof import AsOf
from ..summaries.city import district_rows, totals, unit_rows
from ..summaries.city_ledger import write_city_xlsx
from ..summaries.figures import Scope
from ..summaries.forms import latest_report
from .common import show_error
from .summaries import XLSX

URGE_ROWS = 10


def _overseer(request: HttpRequest) -> None:
    if not permissions.oversees_districts(request.user):
        raise PermissionDenied


class DistrictUrgeForm(forms.Form):
    # Required by the service (district_urge), which says so at this field.
    message = PlainTextField(
        label=_("催办内容"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper()


@login_required
@require_GET
def city_dashboard(request: HttpRequest) -> HttpResponse:
    _overseer(request)
    today = timezone.localdate()
    rows = district_rows(permissions.visible_jurisdictions(request.user), on=today)
    return render(
        request,
        "tracker/city_dashboard.html",
        {"rows": rows, "total": totals(rows), "today": today},
    )


@login_required
@submit_once
def city_district(request: HttpRequest, pk: int) -> HttpResponse:
    """One district: its units, its latest report's dashboard, urging its office."""
    _overseer(request)
    district = get_object_or_404(permissions.visible_districts(request.user), pk=pk)
    form = DistrictUrgeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            urge = district_urge(
                district=district, by=request.user, message=form.cleaned_data["message"]
            )
        except WorkflowError as error:
            show_error(form, error)
        else:
            if urge.recipients:
                messages.success(
                    request, _("已催办%(district)s的督办部门。") % {"district": district}
                )
            else:
                messages.warning(
                    request,
                    _("已记录对%(district)s的催办,但该区没有督办人员账号,无人接收。")
                    % {"district": district},
                )
            return redirect("tracker:city-district", pk=district.pk)
    today = timezone.localdate()
    units = unit_rows(district, on=today)
    context = {
        "district": district,
        "units": units,
        "total": totals(units),
        "report": latest_report(
            permissions.visible_reports(request.user).filter(
                jurisdiction__path__startswith=district.path
            )
        ),
        "urges": OfficeUrge.objects.filter(jurisdiction=district).select_related("sent_by")[
            :URGE_ROWS
        ],
        "form": form,
        "today": today,
    }
    return render(request, "tracker/city_district.html", context)


@login_required
@require_GET
def city_ledger(request: HttpRequest) -> FileResponse:
    """Every district's tracked items as one workbook."""
    _overseer(request)
    scope = Scope(report=None, as_of=AsOf.live(), reports=permissions.visible_reports(request.user))
    spool = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write_city_xlsx(scope, spool)
    spool.seek(0)
    response = FileResponse(spool, content_type=XLSX)
    name = f"全市整改台账_截至{scope.on.isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["Cache-Control"] = "private, no-store"
    return response
