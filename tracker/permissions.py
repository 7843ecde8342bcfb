"""Every access rule of the tracker, in one place.

Reading: coordinators, viewers and administrators see every item; a unit
reporter sees the tracked items their units lead or support, plus the
report's context (measures and causes), which is public text. Everything is
scoped in the database: the helpers return querysets, never lists filtered
in Python.

Refusals: 404 where a user may not see a thing at all, 403 where they may
see it but not do what they asked.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import (
    TRACKED_KINDS,
    Evidence,
    ExtensionRequest,
    Item,
    Membership,
    ProgressUpdate,
    Unit,
)

SUBMIT = "submit_update"


def sees_everything(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.view_all_items")


def can_assign(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.assign_item")


def can_review(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.review_update")


def can_urge(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.urge_unit")


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm("tracker.import_report")


def is_reporter(user) -> bool:
    return user.is_authenticated and user.has_perm(f"tracker.{SUBMIT}")


def can_use_admin(user) -> bool:
    return user.is_authenticated and user.is_staff


@dataclass(frozen=True)
class Navigation:
    """What the top bar offers a user (read by templates through the context processor)."""

    review: bool
    assign: bool
    import_report: bool
    admin: bool


def navigation(user) -> Navigation:
    return Navigation(
        review=can_review(user),
        assign=can_assign(user),
        import_report=can_import(user),
        admin=can_use_admin(user),
    )


def unit_ids_subquery(user) -> QuerySet:
    """The user's units, as a subquery (no query of its own)."""
    return Membership.objects.filter(user_id=user.pk).values("unit_id")


def user_units(user) -> QuerySet:
    return Unit.objects.filter(pk__in=unit_ids_subquery(user))


def unit_ids(user) -> frozenset[int]:
    """The user's units, read once per request (cached on the user object)."""
    if not user.is_authenticated:
        return frozenset()
    if not hasattr(user, "_tracker_unit_ids"):
        user._tracker_unit_ids = frozenset(
            Membership.objects.filter(user_id=user.pk).values_list("unit_id", flat=True)
        )
    return user._tracker_unit_ids


def unit_reporters(unit: Unit) -> QuerySet:
    """Active people who may report for the unit: members holding the reporting permission."""
    holds = Q(groups__permissions__codename=SUBMIT) | Q(user_permissions__codename=SUBMIT)
    holders = get_user_model().objects.filter(holds, pk=OuterRef("pk"))
    return (
        get_user_model()
        .objects.filter(Exists(holders), memberships__unit=unit, is_active=True)
        .distinct()
    )


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


def can_report_on(user, item: Item, *, supporting_ids=None) -> bool:
    """Reporters of a lead or supporting unit may log progress on a tracked item.

    `supporting_ids`: the item's supporting units when the caller already has them.
    """
    return reporting_unit_id(user, item, supporting_ids=supporting_ids) is not None


def reporting_unit_id(user, item: Item, *, supporting_ids=None) -> int | None:
    """Which of the user's units reports on the item: the lead unit if theirs, else
    one of the supporting units they belong to (lowest id); None if none may."""
    if not (is_reporter(user) and item.is_tracked):
        return None
    mine = unit_ids(user)
    if item.lead_unit_id in mine:
        return item.lead_unit_id
    if supporting_ids is None:
        supporting_ids = item.supporting_units.values_list("pk", flat=True)
    shared = mine & set(supporting_ids)
    return min(shared) if shared else None


def can_revise_update(user, update: ProgressUpdate) -> bool:
    """A reporter of the update's unit may replace it with a new version while it is
    undecided or returned and no newer version replaced it (ProgressUpdate.is_revisable)."""
    return is_reporter(user) and update.unit_id in unit_ids(user) and update.is_revisable


def revisable_update_ids(user, updates) -> set[int]:
    """Of `updates` (already fetched, with revised_by selected), those the user may revise."""
    return {update.pk for update in updates if can_revise_update(user, update)}


def summary_items(user) -> QuerySet | None:
    """Items whose figures a user may read in summaries and exports.

    None when the user sees everything (no restriction to apply); else the items
    they may see (visible_items): never another unit's tracked items.
    """
    if sees_everything(user):
        return None
    return visible_items(user)


def summary_units(user) -> QuerySet:
    """Units a user may filter lists and summaries by and see per-unit figures of."""
    if sees_everything(user):
        return Unit.objects.all()
    return user_units(user)
