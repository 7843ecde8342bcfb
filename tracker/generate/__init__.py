"""Synthetic data at scale, for benchmarks and load tests (`manage.py generate_data`).

Everything is written with bulk_create in one transaction and without
per-row history; each item then gets its history records in bulk, so the
timeline and "as of" summaries see it. The same seed, scale and day give the
same data.
"""

import tempfile
from datetime import date, datetime, time
from pathlib import Path
from random import Random

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from ..models import Evidence, Item, Report, Unit
from . import indicators, items, people, progress
from .world import PASSWORD, USER_PREFIX, Volumes, World, stamps_as_given

__all__ = [
    "PASSWORD",
    "THROWAWAY_PREFIXES",
    "USER_PREFIX",
    "Volumes",
    "analyze",
    "generate",
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


@transaction.atomic
def generate(*, seed: int, scale: float, today: date | None = None) -> World:
    # A given day fixes the clock too, so the same arguments give the same rows.
    now = timezone.now()
    if today is not None:
        now = timezone.make_aware(datetime.combine(today, time(18, 0)))
    world = World(
        rng=Random(seed),
        today=today or timezone.localdate(),
        now=now,
        volumes=Volumes.at(scale),
        password_hash=make_password(PASSWORD),
    )
    stamps = (Report._meta.get_field("created_at"), Item._meta.get_field("updated_at"))
    with stamps_as_given(*stamps, Evidence._meta.get_field("uploaded_at")):
        people.make_jurisdictions(world)
        people.make_reports(world)
        people.make_units(world)
        people.make_users(world)
        maker = items.ItemMaker(world)
        maker.build()
        progress.allocate(world)
        maker.save()
        maker.link()
        progress.write_updates(world)
        progress.write_followups(world)
        indicators.make_indicators(world)
        items.make_history(world)
    return world
