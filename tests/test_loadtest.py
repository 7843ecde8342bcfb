"""The load test's machinery, for a few seconds at a tiny scale.

The real run (full scale, 20 users for 60 s, the list page alone at several
concurrencies) takes about a quarter of an hour: `make loadtest`. This one
starts the same stack (gunicorn, 2 workers, DEBUG off, WhiteNoise) against the
test database and checks that the clients' view of their writes and the
database agree.
"""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from scripts.load.scenarios import cast, run_list
from scripts.loadtest import Server, manage, mixed_with_checks, server_env

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the load test runs on PostgreSQL"
    ),
]


def test_mixed_scenario_stores_exactly_what_was_accepted(tmp_path, settings):
    from django.conf import global_settings
    from django.contrib.auth.models import Group, Permission

    from tracker.roles import sync_roles

    # gunicorn checks passwords with the real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    sync_roles(Group, Permission)  # an earlier transactional test may have flushed them
    call_command("generate_data", scale=0.01, stdout=io.StringIO())
    people = cast(reporters=2, coordinators=1)
    db = connection.settings_dict
    url = f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    env = server_env(url, tmp_path / "static", tmp_path / "media", manifest=False)
    manage(env, "collectstatic", "--noinput", "-v", "0")

    with Server(env, workers=2, log=tmp_path / "gunicorn.log") as server:
        mixed, cookies = mixed_with_checks(server, people, seconds=3)
        alone = run_list(server.base, cookies, levels=[2], seconds=1, tools=["stdlib"])

    requests, writes = mixed["requests"], mixed["writes"]
    assert mixed["failure_count"] == 0, mixed["failures"]
    assert requests["all requests"]["errors"] == 0
    assert {"home", "item list", "item page", "static file", "submit update"} <= set(requests)
    assert writes["updates_accepted"] > 0
    assert writes["updates_match"], writes
    assert writes["pdfs_in_database"] == writes["pdfs_accepted"]
    assert writes["reviews_accepted"] > 0 and writes["reviews_match"], writes
    assert alone[0]["n"] > 0 and alone[0]["errors"] == 0
