"""Home pages: what a unit owes, what the coordinator must review."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import permissions
from ..models import ExtensionState

HOME_ROWS = 20


def _overdue_first(items, today):
    return items.annotate(
        overdue_rank=Case(
            When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("overdue_rank", "due_on", "sequence")


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    context: dict = {"today": today}
    if permissions.can_review(user):
        queue = (
            permissions.visible_updates(user)
            .awaiting_review()
            .select_related("item", "unit", "author")
        )
        overdue = (
            permissions.visible_items(user)
            .overdue(on=today)
            .with_light(on=today)
            .select_related("lead_unit")
        )
        context.update(
            role="coordinator",
            queue=queue[:HOME_ROWS],
            queue_count=queue.count(),
            overdue=overdue.order_by("due_on", "sequence")[:HOME_ROWS],
            overdue_count=overdue.count(),
            extensions=permissions.visible_extensions(user)
            .filter(state=ExtensionState.PENDING)
            .select_related("item", "unit", "requested_by")
            .order_by("requested_at")[:HOME_ROWS],
        )
    elif permissions.is_reporter(user) and not permissions.sees_everything(user):
        owed = permissions.own_items(user).open().with_light(on=today).select_related("lead_unit")
        # Their own units' submissions, not those of a lead unit they only support.
        mine = (
            permissions.visible_updates(user)
            .filter(unit__in=permissions.unit_ids_subquery(user))
            .select_related("item", "unit", "reviewed_by")
        )
        context.update(
            role="reporter",
            units=list(permissions.user_units(user)),
            owed=_overdue_first(owed, today)[: HOME_ROWS * 5],
            owed_count=owed.count(),
            # Returned versions nobody has revised yet: what the unit still has to fix.
            returned=mine.returned().current().order_by("-reviewed_at")[:HOME_ROWS],
            submissions=mine.order_by("-submitted_at")[:HOME_ROWS],
        )
    else:
        items = permissions.visible_items(user)
        context.update(
            role="viewer",
            overdue=items.overdue(on=today)
            .with_light(on=today)
            .select_related("lead_unit")
            .order_by("due_on")[:HOME_ROWS],
            due_soon=items.due_soon(on=today)
            .with_light(on=today)
            .select_related("lead_unit")
            .order_by("due_on")[:HOME_ROWS],
        )
    return render(request, "tracker/home.html", context)
