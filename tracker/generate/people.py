"""Reports, units, users with their roles and memberships."""

from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from .. import roles
from ..models import Jurisdiction, Membership, Report, Unit
from ..models.report import pinyin_key
from . import words
from .world import USER_PREFIX, World

CITY = "生成市"
CITY_OFFICE = "生成市委依法治市办"


def make_jurisdictions(world: World) -> None:
    """A city over the districts the generated reports and units are named after."""
    world.city = make_city()
    for name in words.DISTRICTS:
        make_district(world, name)
    world.counts[Jurisdiction._meta.label] += 1


def make_city() -> Jurisdiction:
    return Jurisdiction.objects.create(name=CITY, short_name=CITY, level="city")


def make_district(world: World, name: str) -> Jurisdiction:
    world.districts[name] = Jurisdiction.objects.create(
        name=f"{CITY}{name}", short_name=name, level="district", parent=world.city
    )
    world.counts[Jurisdiction._meta.label] += 1
    return world.districts[name]


def make_reports(world: World) -> None:
    """Districts × recent years; the first one has the 2021 report's shape (see items)."""
    rng, rows, names = world.rng, [], list(world.districts)
    years = [world.today.year - back for back in range(1, 6)]
    for n in range(world.volumes.reports):
        district = names[n % len(names)]
        round_ = n // len(names)
        issuer = f"{district}人民政府" + (f"(第{round_ + 1}组)" if round_ >= len(years) else "")
        year = years[round_ % len(years)]
        signed = date(year + 1, 2, rng.randint(1, 27))
        published = min(signed + timedelta(days=rng.randint(3, 40)), world.today)
        rows.append(
            Report(
                title=f"{issuer}关于{year}年法治政府建设情况的报告",
                issuer=issuer,
                jurisdiction=world.districts[district],
                year=year,
                signed_on=min(signed, published),
                published_on=published,
                source_text=f"{issuer}关于{year}年法治政府建设情况的报告(生成数据)。",
                created_at=world.moment(published),
            )
        )
    world.reports = world.save(Report, rows)


def make_units(world: World) -> None:
    rows, names = [], list(world.districts)
    for n in range(world.volumes.units):
        district = names[n % len(names)]
        office, kind = words.OFFICES[n // len(names) % len(words.OFFICES)]
        lap = n // (len(names) * len(words.OFFICES))
        name = f"{district}{office}" + (f"{lap + 1}" if lap else "")
        short = office if office[0] != "委" else f"区{office}"
        short_name = f"{district[:2]}{short}"[:40]
        # Saved in bulk, past the pre_save receiver that keeps the pinyin key.
        rows.append(
            Unit(
                name=name,
                short_name=short_name,
                kind=kind,
                jurisdiction=world.districts[district],
                pinyin=pinyin_key(short_name),
            )
        )
    world.units = world.save(Unit, rows)


def make_city_office(world: World) -> None:
    # The city's office: generated coordinators and viewers work there, so they see
    # every district (the benchmarks read the pages as the city does).
    world.office = Unit.objects.create(
        name=CITY_OFFICE, short_name="依法治市办", kind="body", jurisdiction=world.city
    )


def make_users(world: World) -> None:
    """A few coordinators and viewers; reporters spread over the units."""
    rng, total = world.rng, world.volumes.users
    n_coordinators = max(1, round(total * 0.02))
    n_viewers = max(1, round(total * 0.04))
    plan = [(roles.COORDINATOR, n) for n in range(n_coordinators)]
    plan += [(roles.VIEWER, n) for n in range(n_viewers)]
    plan += [(roles.REPORTER, n) for n in range(total - n_coordinators - n_viewers)]
    district = world.user_prefix.removeprefix(USER_PREFIX)
    users = _save_users(
        world,
        plan,
        first_name=lambda role, n: f"{role[:1].upper()}{n + 1:03d}",
        email=lambda role, n: f"{district}{role}-{n + 1:03d}@example.invalid",
    )
    by_role: dict[str, list] = {}
    for user, (role, _) in zip(users, plan, strict=True):
        by_role.setdefault(role, []).append(user)
    world.coordinators = by_role[roles.COORDINATOR]
    world.viewers = by_role[roles.VIEWER]
    world.reporters = by_role.get(roles.REPORTER, [])
    memberships = [
        Membership(user_id=user.pk, unit_id=world.office.pk)
        for user in world.coordinators + world.viewers
    ]
    units = world.units
    for n, user in enumerate(world.reporters):
        # Round-robin first, so every unit has someone to report for it.
        homes = {units[n % len(units)].pk}
        if rng.random() < 0.1:
            homes.add(rng.choice(units).pk)
        for unit_pk in sorted(homes):
            memberships.append(Membership(user_id=user.pk, unit_id=unit_pk))
            world.members.setdefault(unit_pk, []).append(user)
    world.save(Membership, memberships)


def _save_users(world: World, plan: list, *, first_name, email) -> list:
    """One user per (role, n) of the plan, named `<prefix><role>-<n>`, each in its role's
    group; `first_name(role, n)` and `email(role, n)` say the rest."""
    user_model = get_user_model()
    users = world.save(
        user_model,
        [
            user_model(
                username=f"{world.user_prefix}{role}-{n + 1:03d}",
                password=world.password_hash,
                first_name=first_name(role, n),
                email=email(role, n),
            )
            for role, n in plan
        ],
    )
    groups = {g.name: g.pk for g in Group.objects.filter(name__in=roles.ROLE_PERMISSIONS)}
    through = user_model.groups.through
    world.save(
        through,
        [
            through(user_id=u.pk, group_id=groups[role])
            for u, (role, _) in zip(users, plan, strict=True)
        ],
    )
    return users


def make_overseers(world: World, *, coordinators: int = 2, viewers: int = 2) -> None:
    """City mode: coordinators and viewers of the city's office (they see every district)."""
    plan = [(roles.COORDINATOR, n) for n in range(coordinators)]
    plan += [(roles.VIEWER, n) for n in range(viewers)]
    users = _save_users(
        world,
        plan,
        first_name=lambda role, n: f"市{role[:1].upper()}{n + 1:03d}",
        email=lambda role, n: f"city-{role}-{n + 1:03d}@example.invalid",
    )
    world.save(Membership, [Membership(user_id=u.pk, unit_id=world.office.pk) for u in users])
    world.coordinators = users[:coordinators]
    world.viewers = users[coordinators:]
