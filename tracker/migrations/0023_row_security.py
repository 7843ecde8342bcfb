"""Row-level security on PostgreSQL: a second line of defence behind tracker/permissions.py.

Creates the policies, dormant: `manage.py row_security --enable` turns them on (ENABLE and
FORCE ROW LEVEL SECURITY), `--disable` off. Dormant policies cost nothing; enabled ones
change query plans at city scale (docs/BENCHMARKS.md, "Row-level security (PostgreSQL)"),
so a deployment opts in, never by migrating.

Every policy reads the scope the request set (tracker.rowsecurity.SETTING): a PostgreSQL
array of jurisdiction keys, '{3,17}'. Unset, '' or '*': no restriction, so migrations,
management commands, Celery tasks and tests that call services outside a request see
every row. Enabled, the policies bind every role that is neither a superuser nor
BYPASSRLS, the tables' owner included (docs/PRODUCTION.md).

Every subquery is uncorrelated but evidence's (a district's ~110 000 updates are too many
to hash on each query): PostgreSQL evaluates the scope once per query (an InitPlan) and
each IN-list once (a hashed SubPlan). On SQLite: nothing.
"""

from django.db import migrations

# The setting, parsed once per query (an InitPlan). The outer cast changes nothing but
# the grammar: `= ANY ((SELECT …))` would read as `= ANY (subquery)`.
SCOPE = (
    "(SELECT NULLIF(NULLIF(current_setting('tracker.jurisdictions', true), ''), '*')::bigint[])"
    "::bigint[]"
)
ANY = f"(SELECT {SCOPE} IS NULL) OR "

# Units: those of the scope and of every jurisdiction above it (a district's people read
# their city's office, the nearest office of a township without one: permissions.coordinators).
REACH = (
    "SELECT above.id FROM tracker_jurisdiction above JOIN tracker_jurisdiction here "
    "ON starts_with(here.path, above.path) WHERE here.id = ANY (" + SCOPE + ")"
)
POLICIES = {
    "tracker_report": f"{ANY}jurisdiction_id = ANY ({SCOPE})",
    "tracker_unit": f"{ANY}jurisdiction_id IN ({REACH})",
    "tracker_item": f"{ANY}report_id IN (SELECT id FROM tracker_report)",
    "tracker_indicator": f"{ANY}report_id IN (SELECT id FROM tracker_report)",
    # A version, a request or a reminder: by its unit (~200 a district), not through the
    # district's ~10 000 items.
    "tracker_progressupdate": f"{ANY}unit_id IN (SELECT id FROM tracker_unit)",
    "tracker_extensionrequest": f"{ANY}unit_id IN (SELECT id FROM tracker_unit)",
    "tracker_reminder": f"{ANY}unit_id IN (SELECT id FROM tracker_unit)",
    "tracker_acknowledgement": f"{ANY}unit_id IN (SELECT id FROM tracker_unit)",
    "tracker_evidence": (
        f"{ANY}EXISTS (SELECT 1 FROM tracker_progressupdate u WHERE u.id = update_id)"
    ),
}
NAME = "tracker_scope"


def enable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, condition in POLICIES.items():
        schema_editor.execute(f"CREATE POLICY {NAME} ON {table} USING ({condition})")


def disable(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in POLICIES:
        schema_editor.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        schema_editor.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        schema_editor.execute(f"DROP POLICY IF EXISTS {NAME} ON {table}")


class Migration(migrations.Migration):
    dependencies = [("tracker", "0022_city_scale_indexes")]

    operations = [migrations.RunPython(enable, disable, elidable=False)]
