"""The production path of background work: a real Redis broker and a real Celery worker
(a subprocess, as `celery -A config worker` runs in production).

The page's button queues the city's ledger through the broker; the worker, another
process with its own database connection, builds it; the person downloads it through
the access-checked view. Needs Redis (127.0.0.1:6379, or TRACKER_TEST_REDIS_URL): it
runs on this machine and in CI; elsewhere the test is skipped, saying why.

On SQLite the test database lives in memory, which another process cannot open: it is
copied to a file for the worker and copied back afterwards (sqlite3's backup API).
"""

import io
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from openpyxl import load_workbook

from config import celery_app
from tests.test_city import city  # noqa: F401 - the two-district fixture
from tracker.models import ExportJob

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TRACKER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")

pytestmark = pytest.mark.django_db(transaction=True)


def redis_unreachable() -> str | None:
    try:
        import redis
    except ImportError:
        return "the redis package is not installed (pip install '.[dev]')"
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {REDIS_URL} ({error}): start redis-server"
    return None


@pytest.fixture
def broker():
    """This process sends tasks to Redis (not in process) on a queue of its own."""
    reason = redis_unreachable()
    if reason:
        pytest.skip(reason)
    queue = f"test-{uuid.uuid4().hex[:12]}"
    keys = ("task_always_eager", "broker_url", "task_default_queue")
    saved = {key: celery_app.conf[key] for key in keys}
    celery_app.conf.update(task_always_eager=False, broker_url=REDIS_URL, task_default_queue=queue)
    forget_connections()  # an eager task earlier in this process set them up for no broker
    yield queue
    celery_app.conf.update(saved)
    forget_connections()
    import redis

    redis.Redis.from_url(REDIS_URL).delete(queue)  # the test's queue, empty by now


def forget_connections() -> None:
    """Drop the app's producer pool and routing (cached from the settings in force when
    they were first used), so the next task is sent with the settings now in force."""
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.__dict__.pop("amqp", None)


def database_url(tmp_path: Path) -> tuple[str, Path | None]:
    """Where the worker finds this test's database (a file copy of it, on SQLite)."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host = db["HOST"] or "127.0.0.1"
        return f"postgres://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}", None
    copy = tmp_path / "worker.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(copy) as target:
        connection.connection.backup(target)
    return f"sqlite:///{copy}", copy


def start_worker(queue: str, url: str, tmp_path: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "CELERY_BROKER_URL": REDIS_URL,
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "DJANGO_SECRET_KEY": "worker-test-key",
        "DJANGO_DEBUG": "0",
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo",
               "-Q", queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
               "-l", "info", "-n", f"{queue}@%h"]  # fmt: skip
    log = (tmp_path / "worker.log").open("wb")
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def status_of(job_id: int, copy: Path | None) -> str:
    if copy is None:
        return ExportJob.objects.get(pk=job_id).status
    with sqlite3.connect(copy) as db:
        (status,) = db.execute(
            "SELECT status FROM tracker_exportjob WHERE id = ?", [job_id]
        ).fetchone()
    return status


@pytest.mark.usefixtures("city")
def test_a_real_worker_builds_the_city_ledger_from_the_broker(client, world, broker, tmp_path):
    client.force_login(world["city"])
    response = client.post(reverse("tracker:export-create"), {"kind": "city_ledger"})
    job = ExportJob.objects.get()
    assert response.url == reverse("tracker:export-detail", args=[job.pk])
    # Queued in Redis, not run in this process: no worker has taken it yet.
    assert job.status == "queued" and not job.file
    page = client.get(response.url).content.decode()
    assert 'http-equiv="refresh"' in page and "已排队" in page

    url, copy = database_url(tmp_path)
    worker = start_worker(broker, url, tmp_path)
    try:
        deadline = time.monotonic() + 90
        while status_of(job.pk, copy) in ("queued", "running"):
            assert worker.poll() is None, (tmp_path / "worker.log").read_text()[-3000:]
            assert time.monotonic() < deadline, (tmp_path / "worker.log").read_text()[-3000:]
            time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    if copy is not None:
        with sqlite3.connect(copy) as source:
            source.backup(connection.connection)

    job.refresh_from_db()
    log = (tmp_path / "worker.log").read_text()
    assert job.status == "done", job.error + log[-3000:]
    assert f"export city_ledger #{job.pk} done" in log  # the worker, not this process
    assert (job.progress, job.rows) == (100, 6)
    download = client.get(reverse("tracker:export-download", args=[job.pk]))
    rows = list(load_workbook(io.BytesIO(b"".join(download.streaming_content))).active.values)
    assert rows[0][:2] == ("区县", "报告") and len(rows) == 1 + 6
    client.force_login(world["coordinator"])
    assert client.get(reverse("tracker:export-download", args=[job.pk])).status_code == 404
