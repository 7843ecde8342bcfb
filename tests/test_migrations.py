import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor


@pytest.mark.django_db
def test_no_pending_migrations():
    # Fails when a model changed without a migration (makemigrations --check exits 1).
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def migrate_tracker_to(name: str) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate([("tracker", name)])


@pytest.mark.django_db(transaction=True)
def test_the_roles_migration_creates_the_groups_and_its_reverse_removes_them():
    from django.contrib.auth.models import Group

    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("tracker")[0][1]
    roles = ["administrator", "coordinator", "reporter", "viewer"]
    try:
        migrate_tracker_to("0001_initial")
        assert not Group.objects.filter(name__in=roles).exists()
        migrate_tracker_to("0002_roles")
        groups = {
            g.name: set(g.permissions.values_list("codename", flat=True))
            for g in Group.objects.all()
        }
        assert sorted(groups) == roles
        assert groups["reporter"] == {"submit_update"}
        assert {"review_update", "import_report", "view_item"} <= groups["coordinator"]
        assert "change_item" in groups["administrator"]
        assert not any(codename.startswith("change_") for codename in groups["viewer"])
    finally:
        migrate_tracker_to(latest)
