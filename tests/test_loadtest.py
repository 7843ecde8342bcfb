"""The load test's machinery, for a few seconds at a tiny scale.

The real run (full scale, 20 users for 60 s, the list page alone at several
concurrencies) takes about a quarter of an hour: `make loadtest`. This one
runs the same script (a throwaway PostgreSQL database, gunicorn with 2 workers,
DEBUG off, WhiteNoise) at 1 % scale for a few seconds and checks that the
clients' view of their writes and the database agree.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
TINY = ["--scale", "0.01", "--reporters", "2", "--coordinators", "1", "--seconds", "3"]
TINY += ["--list-seconds", "1", "--levels", "2", "--variants", ""]

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the load test runs on PostgreSQL"
)


def test_mixed_scenario_stores_exactly_what_was_accepted(tmp_path):
    db = connection.settings_dict
    # The script creates and drops its own database on the test database's server.
    server = (
        f"postgres://{db['USER'] or 'postgres'}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    )
    out = tmp_path / "loadtest.json"
    run = subprocess.run(
        [sys.executable, "scripts/loadtest.py", *TINY, "--json", str(out)],
        cwd=ROOT,
        env={**os.environ, "BENCH_PG_URL": f"{server}/postgres"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(out.read_text())
    mixed, ((_shape, alone),) = result["mixed"], result["list"]

    requests, writes = mixed["requests"], mixed["writes"]
    assert mixed["failure_count"] == 0, mixed["failures"]
    assert requests["all requests"]["errors"] == 0
    assert {"home", "item list", "item page", "static file", "submit update"} <= set(requests)
    assert writes["updates_accepted"] > 0
    assert writes["updates_match"], writes
    assert writes["pdfs_in_database"] == writes["pdfs_accepted"]
    assert writes["reviews_accepted"] > 0 and writes["reviews_match"], writes
    assert alone[0]["n"] > 0 and alone[0]["errors"] == 0
