"""Small factories: make_*(**overrides) for the tracker's models."""

import itertools
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from tracker.models import (
    Item,
    Jurisdiction,
    Kind,
    Membership,
    ProgressUpdate,
    Report,
    Status,
    Unit,
)

_seq = itertools.count(1)


def default_district() -> Jurisdiction:
    """测试市 → 测试区: where factories put reports and units unless told otherwise."""
    city, _ = Jurisdiction.objects.get_or_create(
        name="测试市", parent=None, defaults={"short_name": "测试市", "level": "city"}
    )
    district, _ = Jurisdiction.objects.get_or_create(
        name="测试市测试区", parent=city, defaults={"short_name": "测试区", "level": "district"}
    )
    return district


def office_unit(jurisdiction: Jurisdiction | None = None) -> Unit:
    """The coordinating office's own unit in a jurisdiction (where its staff work)."""
    jurisdiction = jurisdiction or default_district()
    unit, _ = Unit.objects.get_or_create(
        jurisdiction=jurisdiction,
        name=f"{jurisdiction.short_name}依法治区办(测试)",
        defaults={"short_name": "依法治区办", "kind": "body"},
    )
    return unit


def make_report(**overrides) -> Report:
    n = next(_seq)
    fields = {
        "title": f"测试区人民政府关于{2000 + n % 90}年法治政府建设情况报告",
        "issuer": f"测试区人民政府{n}",
        "year": 2021,
        "signed_on": date(2022, 2, 22),
        "published_on": date(2022, 3, 18),
        "source_text": "报告原文",
    }
    fields.update(overrides)
    fields.setdefault("jurisdiction", default_district())
    return Report.objects.create(**fields)


def make_unit(**overrides) -> Unit:
    n = next(_seq)
    fields = {"name": f"测试单位{n}", "short_name": f"单位{n}", "kind": "department"}
    fields.update(overrides)
    fields.setdefault("jurisdiction", default_district())
    return Unit.objects.create(**fields)


def make_item(**overrides) -> Item:
    n = next(_seq)
    kind = overrides.get("kind", Kind.TASK)
    fields = {
        "kind": kind,
        "sequence": n,
        "number": n,
        "title": f"任务{n}",
        "text": f"任务{n}的原文。",
        "status": Status.NOT_STARTED if kind in (Kind.SHORTFALL, Kind.TASK) else "",
    }
    fields.update(overrides)
    if "report" not in fields:
        fields["report"] = make_report()
    supporting = fields.pop("supporting_units", [])
    item = Item.objects.create(**fields)
    if supporting:
        item.supporting_units.set(supporting)
    return item


# Coordinators and viewers act in the jurisdictions of their units: without units given,
# they work for the test district's office (and so see the test district).
OFFICE_ROLES = ("coordinator", "viewer")


def make_user(username: str | None = None, *, role: str | None = None, units=(), **overrides):
    username = username or f"user{next(_seq)}"
    user = get_user_model().objects.create_user(
        username=username, password="pw-for-tests", email=f"{username}@example.invalid", **overrides
    )
    if role:
        if not Group.objects.filter(name=role).exists():  # a transactional test flushed them
            from django.contrib.auth.models import Permission

            from tracker.roles import sync_roles

            sync_roles(Group, Permission)
        user.groups.add(Group.objects.get(name=role))
    if role in OFFICE_ROLES and not units:
        units = [office_unit()]
    for unit in units:
        Membership.objects.create(user=user, unit=unit)
    return user


def make_update(**overrides) -> ProgressUpdate:
    from django.utils import timezone

    fields = {
        "reported_on": date(2026, 1, 5),
        "text": "完成了一项工作。",
        "submitted_at": timezone.now(),
    }
    fields.update(overrides)
    return ProgressUpdate.objects.create(**fields)
