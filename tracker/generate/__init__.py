"""Synthetic data at scale, for benchmarks and load tests (`manage.py generate_data`).

Everything is written with bulk_create in one transaction and without
per-row history; each item then gets its history records in bulk, so the
timeline and "as of" summaries see it. The same seed, scale and day give the
same data.
"""

import tempfile
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from random import Random

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from ..models import Evidence, Item, Jurisdiction, Report, Unit
from . import indicators, items, people, progress, words
from .world import PASSWORD, USER_PREFIX, Volumes, World, stamps_as_given

__all__ = [
    "PASSWORD",
    "THROWAWAY_PREFIXES",
    "USER_PREFIX",
    "Volumes",
    "analyze",
    "generate",
    "generate_city",
    "has_data",
    "is_throwaway",
    "wipe",
]

# Names of databases made to be dropped: Django's test databases and those
# scripts/bench.py and scripts/loadtest.py create.
THROWAWAY_PREFIXES = ("test_", "bench_", "loadtest_")


def has_data() -> bool:
    """Anything a real user or an earlier run could lose."""
    users = get_user_model().objects.filter(username__startswith=USER_PREFIX)
    return Report.objects.exists() or Unit.objects.exists() or users.exists()


def is_throwaway(database: dict) -> bool:
    """Whether a database (a DATABASES entry) is plainly made to be thrown away.

    True for a name starting with THROWAWAY_PREFIXES, an in-memory SQLite
    database, or an SQLite file in the system's temporary folder.
    """
    name = str(database["NAME"] or "")
    if database["ENGINE"].endswith("sqlite3"):
        if name == ":memory:" or "mode=memory" in name:
            return True
        path = Path(name).resolve()
        if path.is_relative_to(Path(tempfile.gettempdir()).resolve()):
            return True
        name = path.name
    return name.startswith(THROWAWAY_PREFIXES)


@transaction.atomic
def wipe() -> None:
    """Empty the tracker's tables (history included) and remove generated users."""
    tables = [
        model._meta.db_table
        for model in apps.get_app_config("tracker").get_models(include_auto_created=True)
    ]
    if connection.vendor == "postgresql":
        # TRUNCATE refuses tables with deferred foreign-key checks still pending
        # (an enclosing transaction that wrote to them): run those checks now.
        connection.check_constraints()
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
    )
    get_user_model().objects.filter(username__startswith=USER_PREFIX).delete()


def analyze() -> None:
    """Settle the tables after a bulk load (PostgreSQL): VACUUM ANALYZE.

    Autovacuum would get there within a minute or so where it is on; until it
    does, the planner takes the new tables for nearly empty and picks poor
    plans, every item carries a dead copy from its status update (twice the
    pages to scan), and no index-only scan is possible (no visibility map).
    Inside a transaction (tests) VACUUM is not allowed: ANALYZE only.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def _clock(today: date | None) -> tuple[date, datetime]:
    # A given day fixes the clock too, so the same arguments give the same rows.
    if today is None:
        return timezone.localdate(), timezone.now()
    return today, timezone.make_aware(datetime.combine(today, time(18, 0)))


def _world(*, rng: Random, today: date | None, scale: float, password_hash: str, **more) -> World:
    day, now = _clock(today)
    return World(
        rng=rng,
        today=day,
        now=now,
        volumes=Volumes.at(scale),
        password_hash=password_hash,
        **more,
    )


@contextmanager
def _stamps():
    stamps = (Report._meta.get_field("created_at"), Item._meta.get_field("updated_at"))
    with stamps_as_given(*stamps, Evidence._meta.get_field("uploaded_at")):
        yield


def _fill(world: World) -> None:
    """Items and their progress, links, indicators and history, once the reports,
    units and people are there."""
    maker = items.ItemMaker(world)
    maker.build()
    progress.allocate(world)
    maker.save()
    maker.link()
    progress.write_updates(world)
    progress.write_followups(world)
    indicators.make_indicators(world)
    items.make_history(world)


@transaction.atomic
def generate(*, seed: int, scale: float, today: date | None = None) -> World:
    """One city office over 12 districts sharing the volumes (reports, units, items...)."""
    world = _world(
        rng=Random(seed), today=today, scale=scale, password_hash=make_password(PASSWORD)
    )
    with _stamps():
        people.make_jurisdictions(world)
        people.make_reports(world)
        people.make_units(world)
        people.make_city_office(world)
        people.make_users(world)
        _fill(world)
    return world


def generate_city(
    *, seed: int, scale: float, districts: int, today: date | None = None, progress_to=None
) -> World:
    """A city of `districts` districts, each with the full volumes of its own.

    Each district is one world: its jurisdiction, reports, units, people
    (coordinators and viewers in its 委依法治区办, so they see that district
    only), items and progress, generated from its own random stream and
    written in a transaction of its own (bounded memory; what is done stays
    done). A few coordinators and viewers of the city's office see them all.
    Returns the city's world, whose counts add up every district's.
    """
    names = words.CITY_DISTRICTS[:districts]
    password_hash = make_password(PASSWORD)
    city = _world(
        rng=Random(seed),
        today=today,
        scale=scale,
        password_hash=password_hash,
        user_prefix=f"{USER_PREFIX}city-",
    )
    with transaction.atomic():
        city.city = people.make_city()
        city.counts[Jurisdiction._meta.label] += 1
        people.make_city_office(city)
        people.make_overseers(city)
    for n, name in enumerate(names):
        world = _world(
            rng=Random(f"{seed}-{name}"),
            today=today,
            scale=scale,
            password_hash=password_hash,
            user_prefix=f"{USER_PREFIX}d{n + 1:02d}-",
            city=city.city,
        )
        with transaction.atomic(), _stamps():
            people.make_district(world, name)
            people.make_reports(world)
            people.make_units(world)
            world.office = world.units[0]  # the district's 委依法治区办
            people.make_users(world)
            _fill(world)
        city.counts.update(world.counts)
        if progress_to is not None:
            progress_to(n + 1, name)
    return city
