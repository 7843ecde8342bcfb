"""Every access rule of the tracker, in one place.

Reading: coordinators, viewers and administrators see every item; a unit
reporter sees the tracked items their units lead or support, plus the
report's context (measures and causes), which is public text. Everything is
scoped in the database: the helpers return querysets, never lists filtered
in Python.

Refusals: 404 where a user may not see a thing at all, 403 where they may
see it but not do what they asked.
"""

from django.db.models import Q, QuerySet

from .models import (
    TRACKED_KINDS,
    Evidence,
    ExtensionRequest,
    Item,
    Membership,
    ProgressUpdate,
    Unit,
    UpdateState,
)


def sees_everything(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.view_all_items")


def is_coordinator(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.review_update")


def can_assign(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.assign_item")


def can_review(user) -> bool:
    return is_coordinator(user)


def can_urge(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.urge_unit")


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.import_report")


def is_reporter(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.submit_update")


def unit_ids_subquery(user) -> QuerySet:
    """The user's units, as a subquery (no query of its own)."""
    return Membership.objects.filter(user_id=user.pk).values("unit_id")


def user_units(user) -> QuerySet:
    return Unit.objects.filter(pk__in=unit_ids_subquery(user))


def visible_items(user) -> QuerySet:
    if not user.is_authenticated:
        return Item.objects.none()
    if sees_everything(user):
        return Item.objects.all()
    own = Item.objects.involving_units(unit_ids_subquery(user)).values("pk")
    return Item.objects.filter(~Q(kind__in=TRACKED_KINDS) | Q(pk__in=own))


def own_items(user) -> QuerySet:
    """Tracked items the user's units lead or support (their to-do list)."""
    if not user.is_authenticated:
        return Item.objects.none()
    return Item.objects.tracked().involving_units(unit_ids_subquery(user))


def visible_updates(user) -> QuerySet:
    if not user.is_authenticated:
        return ProgressUpdate.objects.none()
    if sees_everything(user):
        return ProgressUpdate.objects.all()
    return ProgressUpdate.objects.filter(item__in=own_items(user).values("pk"))


def visible_evidence(user) -> QuerySet:
    return Evidence.objects.filter(update__in=visible_updates(user).values("pk"))


def visible_extensions(user) -> QuerySet:
    if sees_everything(user):
        return ExtensionRequest.objects.all()
    return ExtensionRequest.objects.filter(item__in=own_items(user).values("pk"))


def unit_ids(user) -> frozenset[int]:
    """The user's units, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_tracker_unit_ids"):
        user._tracker_unit_ids = frozenset(
            Membership.objects.filter(user_id=user.pk).values_list("unit_id", flat=True)
        )
    return user._tracker_unit_ids


def can_report_on(user, item: Item, *, supporting_ids=None) -> bool:
    """Reporters of a lead or supporting unit may log progress on a tracked item.

    `supporting_ids`: the item's supporting units when the caller already has them.
    """
    if not (is_reporter(user) and item.is_tracked):
        return False
    mine = unit_ids(user)
    if item.lead_unit_id in mine:
        return True
    if supporting_ids is None:
        supporting_ids = item.supporting_units.values_list("pk", flat=True)
    return bool(mine & set(supporting_ids))


def reporting_units(user, item: Item) -> QuerySet:
    """Which of the user's units may report on this item."""
    return user_units(user).filter(Q(led_items=item) | Q(supported_items=item)).distinct()


def editable_update_ids(user, updates) -> set[int]:
    """Of `updates` (already fetched), those the user may revise: their unit's, not yet approved."""
    if not is_reporter(user):
        return set()
    units = unit_ids(user)
    return {u.pk for u in updates if u.unit_id in units and u.state != UpdateState.APPROVED}


def can_edit_update(user, update: ProgressUpdate) -> bool:
    """A unit may revise its own update while it waits for review or after it is returned."""
    return (
        update.state in (UpdateState.SUBMITTED, UpdateState.RETURNED)
        and is_reporter(user)
        and Membership.objects.filter(user_id=user.pk, unit_id=update.unit_id).exists()
    )


def summary_items(user) -> QuerySet | None:
    """Tracked items whose figures a user may read in summaries and exports.

    None when the user sees everything (no restriction to apply); a unit reporter
    gets the items their units lead or support, never another unit's.
    """
    if sees_everything(user):
        return None
    return own_items(user)


def summary_units(user) -> QuerySet:
    """Units a user may filter summaries by and see per-unit figures of."""
    if sees_everything(user):
        return Unit.objects.all()
    return user_units(user)
