"""What the generator builds and shares between its steps."""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

BATCH = 2000
USER_PREFIX = "gen-"
PASSWORD = "scale-2021"


@dataclass(frozen=True)
class Volumes:
    """Row counts at a scale (1.0 = the benchmark's full volume)."""

    reports: int
    units: int
    users: int
    tracked: int
    updates: int
    indicators: int

    @classmethod
    def at(cls, scale: float) -> "Volumes":
        def n(full: int, least: int) -> int:
            return max(least, round(full * scale))

        return cls(
            reports=n(50, 2),
            units=n(200, 4),
            users=n(500, 10),
            tracked=n(10_000, 40),
            updates=n(100_000, 100),
            indicators=n(1_000, 4),
        )


@dataclass
class World:
    rng: Random
    today: date
    now: datetime
    volumes: Volumes
    password_hash: str
    city: object = None
    districts: dict = field(default_factory=dict)  # district name → Jurisdiction
    office: object = None  # the city office's unit
    reports: list = field(default_factory=list)
    units: list = field(default_factory=list)
    coordinators: list = field(default_factory=list)
    reporters: list = field(default_factory=list)
    viewers: list = field(default_factory=list)
    members: dict = field(default_factory=dict)  # unit pk → [reporter users]
    items: list = field(default_factory=list)  # every item, in creation order
    tracked: list = field(default_factory=list)
    supporting: dict = field(default_factory=dict)  # item pk → [(through pk, unit pk)]
    counts: Counter = field(default_factory=Counter)

    def moment(self, day: date, hour: int = 10, minute: int = 0) -> datetime:
        """An aware datetime on `day`, never later than a minute ago."""
        at = timezone.make_aware(datetime.combine(day, time(hour, minute)))
        return min(at, self.now - timedelta(minutes=1))

    def later(self, at: datetime, *, hours: float) -> datetime:
        return min(at + timedelta(hours=hours), self.now - timedelta(minutes=1))

    def reporter_of(self, unit_pk: int):
        people = self.members.get(unit_pk) or self.reporters
        return self.rng.choice(people)

    def save(self, model, rows: list) -> list:
        created = model.objects.bulk_create(rows, batch_size=BATCH)
        self.counts[model._meta.label] += len(rows)
        return created

    def insert(self, model, rows: list) -> None:
        """bulk_create for rows whose keys nobody needs back: one executemany.

        Values go through each field's get_db_prep_save(), as bulk_create
        would; skipping its per-value SQL compilation makes the big tables
        (reviews, evidence, history) several times faster to write.
        """
        if not rows:
            return
        meta = model._meta
        # The database numbers the rows unless they carry their own keys.
        fields = [
            f for f in meta.concrete_fields if f is not meta.pk or getattr(rows[0], f.attname)
        ]
        connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the proxy
        q = connection.ops.quote_name
        sql = (
            f"INSERT INTO {q(meta.db_table)} ({', '.join(q(f.column) for f in fields)}) "
            f"VALUES ({', '.join(['%s'] * len(fields))})"
        )
        with connection.cursor() as cursor:
            for start in range(0, len(rows), BATCH):
                cursor.executemany(
                    sql,
                    [
                        [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
                        for row in rows[start : start + BATCH]
                    ],
                )
        self.counts[meta.label] += len(rows)


@contextmanager
def stamps_as_given(*fields):
    """Let bulk_create keep the dates we set on auto_now/auto_now_add fields."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add
