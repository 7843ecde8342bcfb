"""Item list and item page."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import permissions
from ..chain import item_chain
from ..exports import filtered_items, list_export
from ..filters import ItemFilter, style_filter_form
from ..indicators import indicator_rows
from ..lineage import chain as lineage_chain
from ..models import Indicator, Item, ItemLineage, Kind, Unit
from ..paging import KeysFirstPaginator
from ..summaries import ledger
from ..timeline import timeline_window
from .summaries import CSV, XLSX, file_response, spooled_xlsx

TIMELINE_PREVIEW = 30
# Long texts the list never shows (a report's source text is the whole report).
LIST_DEFERRED = ("text", "report__source_text", "parent__text")


def _filtered(request: HttpRequest, *, today) -> tuple[ItemFilter, object]:
    """The list's filter form and the items it picks (all visible ones while it is invalid)."""
    return filtered_items(request.user, request.GET, today=today)


@login_required
@require_safe
def item_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # What a row shows, read for the page's keys only (see KeysFirstPaginator).
    rows = (
        Item.objects.with_light(on=today)
        .select_related("lead_unit", "report", "parent")
        .defer(*LIST_DEFERRED)
        .prefetch_related(Prefetch("supporting_units", queryset=Unit.objects.order_by("name")))
    )
    filterset, items = _filtered(request, today=today)
    style_filter_form(filterset.form)
    paginator = KeysFirstPaginator(items, settings.TRACKER_PAGE_SIZE, rows=rows)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "tracker/item_list.html",
        {"filter": filterset, "page": page, "query": query.urlencode(), "today": today},
    )


def _export(request: HttpRequest, extension: str) -> HttpResponse:
    """The list's items, exactly as filtered and sorted, as the ledger (整改台账)."""
    today = timezone.localdate()
    scope, conditions = list_export(request.user, request.GET, today=today)
    name = f"事项清单_截至{today.isoformat()}.{extension}"
    if extension == "csv":
        content = ledger.csv_chunks(scope, kinds=Kind.values)
        return file_response(content, content_type=CSV, filename=name)
    content = spooled_xlsx(scope, kinds=Kind.values, conditions=conditions)
    return file_response(content, content_type=XLSX, filename=name)


@login_required
@require_safe
def item_list_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


@login_required
@require_safe
def item_list_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@login_required
@require_safe
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    # Most items have no indicator: a flag on the item spares them the indicators query.
    linked = Indicator.items.through.objects.filter(item_id=OuterRef("pk"))
    # … and most have no predecessor or successor: likewise for the chain across years.
    carried = ItemLineage.objects.filter(
        Q(predecessor=OuterRef("pk")) | Q(successor=OuterRef("pk"))
    )
    item = get_object_or_404(
        permissions.visible_items(request.user)
        .with_light(on=today)
        .select_related("report", "lead_unit", "assignee", "parent")
        .annotate(has_indicators=Exists(linked), has_lineage=Exists(carried)),
        pk=pk,
    )
    user = request.user
    supporting = list(item.supporting_units.order_by("name"))
    context = {
        "item": item,
        "today": today,
        "chain": item_chain(item, user=user),
        "years": lineage_chain(item, permissions.visible_lineage(user)) if item.has_lineage else [],
        "indicators": indicator_rows(item.indicators.all()) if item.has_indicators else [],
        "supporting": supporting,
        "can_assign": item.is_tracked and permissions.can_assign(user),
        "can_report": item.is_open
        and permissions.can_report_on(user, item, supporting_ids=[unit.pk for unit in supporting]),
        "can_urge": item.is_open and permissions.can_urge(user),
    }
    if item.is_tracked:
        show_all = request.GET.get("timeline") == "all"
        timeline = timeline_window(item, latest=None if show_all else TIMELINE_PREVIEW)
        versions = [event.obj for event in timeline.events if event.kind == "update"]
        context["revisable_updates"] = permissions.revisable_update_ids(user, versions)
        context["reviewable_updates"] = permissions.reviewable_update_ids(user, versions)
        context["unit_checkable_updates"] = permissions.unit_checkable_update_ids(user, versions)
        notices = list(
            item.acknowledgements.select_related("unit", "acknowledged_by").order_by(
                "created_at", "pk"
            )
        )
        mine = permissions.acknowledging_unit_ids(user)
        context.update(
            events=timeline.events,
            hidden_events=timeline.hidden,
            pending_extension=timeline.pending_extension,
            deadline=timeline.deadline,
            notices=notices,
            can_acknowledge=item.is_open
            and any(n.is_pending and n.unit_id in mine for n in notices),
        )
    return render(request, "tracker/item_detail.html", context)
