"""Home pages: what a unit owes, what the coordinator must review."""

from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from .. import permissions
from ..models import Acknowledgement, ExtensionState, ProgressUpdate

HOME_ROWS = 20


def _overdue_first(items, today):
    return items.annotate(
        overdue_rank=Case(
            When(due_on__lt=today, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
    ).order_by("overdue_rank", "due_on", "sequence")


def _latest(updates, order: str):
    """The first HOME_ROWS versions in `order`, with their item, unit and reviewer.

    The rows are chosen by their keys alone and joined afterwards: joining first made
    the database join all of a busy unit's versions (9 000 at city scale) to keep 20.
    """
    keys = updates.order_by(order).values("pk")[:HOME_ROWS]
    return (
        ProgressUpdate.objects.filter(pk__in=keys)
        .select_related("item", "unit", "reviewed_by")
        .order_by(order)
    )


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
    elif (
        permissions.is_reporter(user) or permissions.is_unit_leader(user)
    ) and not permissions.sees_everything(user):
        owed = permissions.own_items(user).open().with_light(on=today).select_related("lead_unit")
        units = list(permissions.user_units(user))
        # Their own units' submissions, not those of a lead unit they only support. The
        # units' ids as values, not a subquery: PostgreSQL then knows how many versions
        # a unit has (the busiest has thousands) and plans for it.
        mine = permissions.visible_updates(user).filter(unit_id__in=[unit.pk for unit in units])
        notices = (
            Acknowledgement.objects.pending()
            .filter(
                unit_id__in=permissions.acknowledging_units_subquery(user),
                item__in=owed.values("pk"),
            )
            .select_related("item", "item__parent", "unit")
            .order_by("created_at")
        )
        leader = permissions.is_unit_leader(user)
        context.update(
            role="unit",
            is_leader=leader,
            units=units,
            owed=_overdue_first(owed, today)[: HOME_ROWS * 5],
            owed_count=owed.count(),
            notices=notices[:HOME_ROWS],
            # Returned versions nobody has revised yet: what the unit still has to fix.
            returned=_latest(mine.returned().current(), "-reviewed_at"),
            submissions=_latest(mine, "-submitted_at"),
            to_check=_latest(mine.awaiting_unit_check(), "submitted_at") if leader else [],
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
