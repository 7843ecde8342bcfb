import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_pending_migrations():
    # Fails when a model changed without a migration (makemigrations --check exits 1).
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)
