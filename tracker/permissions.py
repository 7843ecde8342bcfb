"""Every access rule of the tracker, in one place.

Jurisdictions: a person acts in the jurisdictions of their units and every
one below them (a district's office sees its district and its townships; the
city's office sees every district); the administrator sees everything.

Reading: coordinators and viewers see every item of the reports in their
jurisdictions; a unit reporter or leader sees the tracked items their units
lead or support, plus the context (measures and causes) of the reports in
their jurisdictions. Everything is scoped in the database: the helpers
return querysets, never lists filtered in Python.

Refusals: 404 where a user may not see a thing at all, 403 where they may
see it but not do what they asked.
"""

from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.lookups import StartsWith

from .models import (
    TRACKED_KINDS,
    Evidence,
    ExportJob,
    ExtensionRequest,
    Item,
    ItemLineage,
    Jurisdiction,
    Membership,
    Message,
    ProgressUpdate,
    Report,
    Unit,
    UpdateState,
)

SUBMIT = "submit_update"
LEAD_UNIT = "lead_unit"  # 单位负责人: reads the unit's items, checks its closure requests


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


def is_unit_leader(user) -> bool:
    return user.is_authenticated and user.has_perm(f"tracker.{LEAD_UNIT}")


def can_use_admin(user) -> bool:
    return user.is_authenticated and user.is_staff


@dataclass(frozen=True)
class Navigation:
    """What the top bar offers a user (read by templates through the context processor)."""

    user: object
    review: bool
    assign: bool
    import_report: bool
    admin: bool

    @cached_property
    def city(self) -> bool:
        """The city's view (one query, for offices and readers only)."""
        return oversees_districts(self.user)

    @cached_property
    def unread(self) -> int:
        """Unread messages (one query, on pages that show the top bar)."""
        return visible_messages(self.user).unread().count()


def navigation(user) -> Navigation:
    return Navigation(
        user=user,
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


def _holders(codename: str) -> QuerySet:
    """Active users holding a tracker permission through a group or directly."""
    model = get_user_model()
    holds = Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)
    held = model.objects.filter(holds, pk=OuterRef("pk"))
    return model.objects.filter(Exists(held), is_active=True)


def reporters() -> QuerySet:
    return _holders(SUBMIT)


def leaders() -> QuerySet:
    return _holders(LEAD_UNIT)


def unit_reporters(unit: Unit) -> QuerySet:
    """People who may report for the unit: its members holding the reporting permission."""
    return reporters().filter(memberships__unit=unit).distinct()


def unit_leaders(unit: Unit) -> QuerySet:
    """The unit's leaders (单位负责人): members holding the unit-leader permission."""
    return leaders().filter(memberships__unit=unit).distinct()


def coordinators(jurisdiction: Jurisdiction | None = None) -> QuerySet:
    """The coordinating office of a jurisdiction: its people who review and close items
    (the nearest office up the tree when the jurisdiction has none of its own). Without a
    jurisdiction: every coordinator."""
    office = _holders("review_update")
    node = jurisdiction
    while node is not None:
        here = office.filter(memberships__unit__jurisdiction=node).distinct()
        if here.exists():
            return here
        node = node.parent
    return office


def acknowledging_units_subquery(user) -> QuerySet:
    """acknowledging_unit_ids as a subquery (no query of its own)."""
    if is_reporter(user) or is_unit_leader(user):
        return unit_ids_subquery(user)
    return Membership.objects.none().values("unit_id")


def acknowledging_unit_ids(user) -> frozenset[int]:
    """Units whose notices (待签收) the user may acknowledge: their own, as reporter or leader."""
    if is_reporter(user) or is_unit_leader(user):
        return unit_ids(user)
    return frozenset()


def can_unit_review(user, update: ProgressUpdate) -> bool:
    """A leader of the update's unit checks its closure request before the office does."""
    return is_unit_leader(user) and update.unit_id in unit_ids(user)


def reviewable_update_ids(user, updates) -> set[int]:
    """Of `updates` (already fetched, with their item), those the user may approve or
    return now as the office: waiting for it, the item not closed (awaits_decision)."""
    if not can_review(user):
        return set()
    return {u.pk for u in updates if u.awaits_decision(UpdateState.SUBMITTED)}


def unit_checkable_update_ids(user, updates) -> set[int]:
    """Of `updates` (already fetched, with their item), the closure requests the user may
    pass on or return now as their unit's leader (awaits_decision)."""
    return {
        u.pk
        for u in updates
        if can_unit_review(user, u) and u.awaits_decision(UpdateState.PENDING_UNIT)
    }


def home_jurisdictions(user) -> QuerySet:
    """The jurisdictions of the user's units (where they work)."""
    return Jurisdiction.objects.filter(units__memberships__user_id=user.pk).distinct()


def scope(user) -> QuerySet | None:
    """The jurisdictions the user acts in, as a subquery of keys (no query of its own):
    those of their units and every one below. None: everything (the administrator)."""
    if not user.is_authenticated:
        return Jurisdiction.objects.none().values("pk")
    if user.is_superuser:
        return None
    home = Membership.objects.filter(
        StartsWith(OuterRef("path"), F("unit__jurisdiction__path")), user_id=user.pk
    )
    return Jurisdiction.objects.filter(Exists(home)).values("pk")


def _in_scope(queryset: QuerySet, user, field: str = "jurisdiction") -> QuerySet:
    area = scope(user)
    return queryset if area is None else queryset.filter(**{f"{field}__in": area})


def visible_jurisdictions(user) -> QuerySet:
    return _in_scope(Jurisdiction.objects.all(), user, "pk")


def oversees_districts(user) -> bool:
    """The city's office and its readers (or the administrator): they compare districts.
    Read once per request (cached on the user object)."""
    if not sees_everything(user):
        return False
    if not hasattr(user, "_tracker_oversees"):
        user._tracker_oversees = (
            user.is_superuser or home_jurisdictions(user).filter(level="city").exists()
        )
    return user._tracker_oversees


def visible_districts(user) -> QuerySet:
    return visible_jurisdictions(user).filter(level="district")


def visible_reports(user) -> QuerySet:
    return _in_scope(Report.objects.all(), user)


def visible_units(user) -> QuerySet:
    """Units of the user's jurisdictions (for lists, choices and filters)."""
    return _in_scope(Unit.objects.all(), user)


def visible_people(user) -> QuerySet:
    """Active people working for units of the user's jurisdictions (assignee choices)."""
    units = visible_units(user).values("pk")
    return get_user_model().objects.filter(
        is_active=True, pk__in=Membership.objects.filter(unit__in=units).values("user_id")
    )


def visible_items(user) -> QuerySet:
    if not user.is_authenticated:
        return Item.objects.none()
    reports = _in_scope(Item.objects.all(), user, "report__jurisdiction")
    if sees_everything(user):
        return reports
    own = Item.objects.involving_units(unit_ids_subquery(user)).values("pk")
    return reports.filter(~Q(kind__in=TRACKED_KINDS) | Q(pk__in=own))


def visible_lineage(user) -> QuerySet:
    """Links across years whose two items the user may both see (a reporter sees a
    chain only through their own units' items; another district sees none)."""
    items = visible_items(user).values("pk")
    return ItemLineage.objects.filter(predecessor__in=items, successor__in=items)


def own_items(user) -> QuerySet:
    """Tracked items the user's units lead or support (their to-do list)."""
    if not user.is_authenticated:
        return Item.objects.none()
    return Item.objects.tracked().involving_units(unit_ids_subquery(user))


def visible_updates(user) -> QuerySet:
    if not user.is_authenticated:
        return ProgressUpdate.objects.none()
    if sees_everything(user):
        return _in_scope(ProgressUpdate.objects.all(), user, "item__report__jurisdiction")
    return ProgressUpdate.objects.filter(item__in=own_items(user).values("pk"))


def visible_evidence(user) -> QuerySet:
    return Evidence.objects.filter(update__in=visible_updates(user).values("pk"))


def visible_extensions(user) -> QuerySet:
    if sees_everything(user):
        return _in_scope(ExtensionRequest.objects.all(), user, "item__report__jurisdiction")
    return ExtensionRequest.objects.filter(item__in=own_items(user).values("pk"))


def visible_messages(user) -> QuerySet:
    """Everyone reads their own messages and nobody else's."""
    if not user.is_authenticated:
        return Message.objects.none()
    return Message.objects.filter(recipient_id=user.pk)


def visible_exports(user) -> QuerySet:
    """Everyone sees their own background exports and nobody else's (the administrator
    included: an export holds what its requester may read). Who may ask for which export,
    and what goes in it, is decided when it runs (tracker/exports.py), from the rules
    above."""
    if not user.is_authenticated:
        return ExportJob.objects.none()
    return ExportJob.objects.filter(requested_by_id=user.pk)


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
    undecided or returned, no newer version replaced it (ProgressUpdate.is_revisable) and
    its item is open (the service refuses a version on a closed item). Reads update.item:
    lists select it, or read the versions through item.updates."""
    return (
        is_reporter(user)
        and update.unit_id in unit_ids(user)
        and update.is_revisable
        and update.item.is_open
    )


def revisable_update_ids(user, updates) -> set[int]:
    """Of `updates` (already fetched, with revised_by selected), those the user may revise."""
    return {update.pk for update in updates if can_revise_update(user, update)}


def summary_items(user) -> QuerySet | None:
    """Items of a visible report whose figures a user may read in summaries and exports.

    None when the user sees every item of the reports they may open (no restriction
    to apply once the report is one of visible_reports); else the items they may see
    (visible_items): never another unit's tracked items.
    """
    if sees_everything(user):
        return None
    return visible_items(user)


def summary_units(user) -> QuerySet:
    """Units a user may filter lists and summaries by and see per-unit figures of."""
    if sees_everything(user):
        return visible_units(user)
    return user_units(user)


def can_set_scoring(user) -> bool:
    """The coordinating office sets how units are scored (考核); readers and units do not."""
    return can_assign(user)


def scoring_jurisdictions(user) -> QuerySet:
    """Jurisdictions whose scoring rule the user may set: the cities and districts they
    act in (a district's office its district; the city's office the city and each
    district). None for anyone else."""
    if not can_set_scoring(user):
        return Jurisdiction.objects.none()
    return visible_jurisdictions(user).filter(level__in=("city", "district"))


def can_lift_lockouts(user) -> bool:
    """An office (who assigns) or an administrator may lift log-in lock-outs."""
    return user.is_authenticated and (user.is_superuser or can_assign(user))


def lockout_attempts(user) -> QuerySet:
    """The failed log-in records (django-axes) the user may see and clear: an
    administrator all of them; an office those naming its jurisdictions' people."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.all()
    if user.is_superuser:
        return attempts
    if not can_assign(user):
        return attempts.none()
    return attempts.filter(
        username__in=visible_people(user).values(get_user_model().USERNAME_FIELD)
    )
