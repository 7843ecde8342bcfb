"""Row-level security on PostgreSQL: the database's own copy of a request's scope.

The first line of defence is tracker/permissions.py: every view reads through querysets
scoped to `permissions.scope(user)`. The second is PostgreSQL's row-level security
(migration 0023_row_security): reports, units, items, indicators, progress updates,
evidence, extension requests, reminders and acknowledgements outside the jurisdictions
named in the connection's setting `tracker.jurisdictions` are invisible, whatever the SQL.

`RowSecurityMiddleware` sets the setting at the start of each request and resets it at
the end (connections are persistent): '{3,17}' for a person of those jurisdictions, '{}'
for an anonymous visitor, '*' for the administrator. Unset, '' or '*' restrict nothing:
management commands, Celery tasks and the test suite see every row.

Off by default, in two places: the policies are dormant until `manage.py row_security
--enable` (they change query plans: docs/BENCHMARKS.md), and the middleware is not
loaded unless TRACKER_ROW_SECURITY=1 on PostgreSQL (it costs two short queries a
request). The policies bite only for a role that is neither a superuser nor BYPASSRLS
(DATABASE_ROLE: docs/PRODUCTION.md).
"""

from django.conf import settings
from django.core.exceptions import EmptyResultSet, MiddlewareNotUsed
from django.db import DatabaseError, connection

from . import permissions

SETTING = "tracker.jurisdictions"
POLICY = "tracker_scope"  # the name migration 0023_row_security gives every policy
EVERYTHING = "*"
NOTHING = "{}"


def enabled() -> bool:
    return settings.TRACKER_ROW_SECURITY and connection.vendor == "postgresql"


def set_scope(user) -> None:
    """The user's scope into the connection's setting, in one query (the scope is a
    subquery: its keys are read by the same statement that sets them)."""
    area = permissions.scope(user)
    with connection.cursor() as cursor:
        if area is None:
            cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, EVERYTHING])
            return
        try:
            sql, params = area.query.sql_with_params()
        except EmptyResultSet:  # an anonymous visitor: nothing
            cursor.execute("SELECT set_config(%s, %s, false)", [SETTING, NOTHING])
            return
        cursor.execute(
            "SELECT set_config(%s, COALESCE("
            f"(SELECT array_agg(area.pk ORDER BY area.pk)::text FROM ({sql}) AS area(pk)), %s"
            "), false)",
            [SETTING, *params, NOTHING],
        )


def reset_scope() -> None:
    """No scope left on the connection. If the reset itself fails (a broken connection),
    the connection is closed: a closed connection carries nothing to the next request."""
    if connection.connection is None:
        return
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config(%s, '', false)", [SETTING])
    except DatabaseError:
        connection.close()


def policy_tables() -> dict[str, bool]:
    """The tables holding the tracker's policy, and whether row-level security is on
    (enabled and forced) for each."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, c.relrowsecurity AND c.relforcerowsecurity FROM pg_policies p "
            "JOIN pg_class c ON c.relname = p.tablename AND c.relnamespace = "
            "(SELECT oid FROM pg_namespace WHERE nspname = p.schemaname) "
            "WHERE p.policyname = %s AND p.schemaname = current_schema() ORDER BY 1",
            [POLICY],
        )
        return dict(cursor.fetchall())


def switch(*, on: bool) -> None:
    """Turn the dormant policies on (ENABLE and FORCE: the owner is held to them too) or
    off, on every table that has one. Takes each table's exclusive lock for a moment."""
    with connection.cursor() as cursor:
        for table in policy_tables():
            for clause in ("ENABLE", "FORCE") if on else ("NO FORCE", "DISABLE"):
                cursor.execute(
                    f"ALTER TABLE {connection.ops.quote_name(table)} {clause} ROW LEVEL SECURITY"
                )


def current_scope() -> str | None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting(%s, true)", [SETTING])
        return cursor.fetchone()[0]


class RowSecurityMiddleware:
    """The request's scope in the database for the request's length (after
    AuthenticationMiddleware). Not loaded unless TRACKER_ROW_SECURITY is on PostgreSQL."""

    def __init__(self, get_response):
        if not enabled():
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        set_scope(request.user)
        try:
            return self.get_response(request)
        finally:
            reset_scope()
