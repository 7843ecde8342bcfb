"""The report laid out as the report itself is: three parts, each item linked."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import permissions
from ..models import Item, Kind


@login_required
@require_safe
def report_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "tracker/report_list.html",
        {"reports": permissions.visible_reports(request.user).defer("source_text")},
    )


@login_required
@require_safe
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        permissions.visible_reports(request.user).defer("source_text"), pk=pk
    )
    today = timezone.localdate()
    visible = permissions.visible_items(request.user).filter(pk=OuterRef("pk"))
    items = list(
        Item.objects.filter(report=report)
        .with_light(on=today)
        .annotate(visible=Exists(visible))
        .select_related("lead_unit", "parent")
    )
    headings = [i for i in items if i.kind == Kind.MEASURE and i.parent_id is None]
    for heading in headings:
        heading.subitems = [i for i in items if i.parent_id == heading.pk]
    return render(
        request,
        "tracker/report_detail.html",
        {
            "report": report,
            "headings": headings,
            "shortfalls": [i for i in items if i.kind == Kind.SHORTFALL],
            "causes": [i for i in items if i.kind == Kind.CAUSE],
            "tasks": [i for i in items if i.kind == Kind.TASK],
        },
    )


@login_required
@require_safe
def report_source(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(permissions.visible_reports(request.user), pk=pk)
    return render(request, "tracker/report_source.html", {"report": report})
