"""What the generator builds and shares between its steps."""

from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from random import Random

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

BATCH = 2000
# Fields whose values of PLAIN_VALUES' types COPY takes as they are (World.insert).
PLAIN_TYPES = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "DateField",
    "DateTimeField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SmallIntegerField",
    "TextField",
}
PLAIN_VALUES = {int, str, bool, date, datetime}
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
    office: object = None  # the unit the generated coordinators and viewers work in
    # City mode: each district is generated as a world of its own, its people named
    # with their own prefix and working in the district's office.
    user_prefix: str = USER_PREFIX
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

    def insert(self, model, rows: list, *, keys: bool = False) -> list:
        """bulk_create without its per-value SQL compilation, for the big tables.

        Values go through each field's get_db_prep_save(), as bulk_create
        would. On PostgreSQL the rows go in with COPY, several times faster
        than INSERT; with `keys`, they are numbered from the table's sequence
        first, so that the caller gets them back as bulk_create would give
        them. Elsewhere: one executemany per batch (bulk_create with `keys`).
        """
        if not rows:
            return rows
        meta = model._meta
        connection = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the proxy
        postgres = connection.vendor == "postgresql"
        if keys and not postgres:
            return self.save(model, rows)
        q = connection.ops.quote_name
        if keys:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                    [meta.db_table, meta.pk.column, len(rows)],
                )
                for row, (pk,) in zip(rows, cursor.fetchall(), strict=True):
                    row.pk = pk
                    row._state.adding = False
        # The database numbers the rows unless they carry their own keys.
        fields = [
            f for f in meta.concrete_fields if f is not meta.pk or getattr(rows[0], f.attname)
        ]
        columns = ", ".join(q(f.column) for f in fields)

        if postgres:
            # COPY takes ints, strings, dates and aware datetimes as they are: only
            # other values (files, JSON, choices' enum members) need converting.
            plain = [(f, f.get_internal_type() in PLAIN_TYPES) for f in fields]

            def value(f, is_plain, v):
                if v is None or (is_plain and type(v) in PLAIN_VALUES):
                    return v
                return f.get_db_prep_save(v, connection)

            def values(batch):
                return [[value(f, p, getattr(row, f.attname)) for f, p in plain] for row in batch]
        else:

            def values(batch):
                return [
                    [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
                    for row in batch
                ]

        with connection.cursor() as cursor:
            if postgres:
                with cursor.cursor.copy(f"COPY {q(meta.db_table)} ({columns}) FROM STDIN") as copy:
                    for start in range(0, len(rows), BATCH):
                        for row in values(rows[start : start + BATCH]):
                            copy.write_row(row)
            else:
                sql = (
                    f"INSERT INTO {q(meta.db_table)} ({columns}) "
                    f"VALUES ({', '.join(['%s'] * len(fields))})"
                )
                for start in range(0, len(rows), BATCH):
                    cursor.executemany(sql, values(rows[start : start + BATCH]))
        self.counts[meta.label] += len(rows)
        return rows


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
