"""The database goes away during a load run: the app answers errors while it is down,
recovers by itself, and nothing is half-written.

Runs gunicorn (2 workers, DEBUG off) against the test database on PostgreSQL;
reporters submit progress with a PDF in a loop while the database refuses and
drops every connection for a few seconds.
"""

import http.cookiejar
import io
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from tests.uploads import PDF
from tracker.models import Item, Kind, ProgressUpdate

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs a PostgreSQL server to take down"
    ),
]
ROOT = Path(__file__).resolve().parents[1]
TAG = "(故障测试)"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Reporter:
    """A browser-like client: cookie jar, CSRF token, multipart posts."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> str:
        with self.opener.open(self.base + path, timeout=10) as response:
            return response.read().decode()

    def token(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def log_in(self, username: str) -> None:
        html = self.get("/accounts/login/")
        data = urllib.parse.urlencode(
            {
                "username": username,
                "password": "jizhou-demo-2021",
                "csrfmiddlewaretoken": self.token(html),
            }
        ).encode()
        self.opener.open(
            urllib.request.Request(
                self.base + "/accounts/login/", data, headers={"Referer": self.base}
            ),
            timeout=10,
        )

    def submit(self, item_pk: int, text: str) -> int:
        """Post an update with one PDF; return the HTTP status (302 = accepted)."""
        path = f"/items/{item_pk}/updates/new/"
        token = self.token(self.get(path))
        boundary = uuid.uuid4().hex
        fields = {
            "csrfmiddlewaretoken": token,
            "reported_on": time.strftime("%Y-%m-%d"),
            "text": text,
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-description": "材料",
        }
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        )
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="evidence-0-file"; filename="a.pdf"\r\n'
                f"Content-Type: application/pdf\r\n\r\n"
            ).encode()
            + PDF
            + f"\r\n--{boundary}--\r\n".encode()
        )

        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        request = urllib.request.Request(
            self.base + path,
            body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Referer": self.base + path,
            },
        )
        opener = urllib.request.build_opener(
            NoRedirect,
            *[h for h in self.opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)],
        )
        try:
            with opener.open(request, timeout=10) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


def outage(dbname: str, seconds: float) -> None:
    """Refuse new connections to the database and drop the open ones, then allow them again."""
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432,
        user=settings["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as admin:
        admin.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [dbname]
        )
        time.sleep(seconds)
        admin.execute(f'ALTER DATABASE "{dbname}" ALLOW_CONNECTIONS true')


def test_database_outage_during_load(tmp_path, settings):
    from django.conf import global_settings

    # The server checks passwords with the real hashers, not the tests' fast one.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    call_command("seed_demo", stdout=io.StringIO())
    task = Item.objects.get(report_id=1, kind=Kind.TASK, number=2, parent=None).pk
    dbname = connection.settings_dict["NAME"]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": "fault-test-" + uuid.uuid4().hex,
        "DATABASE_URL": f"postgres://{connection.settings_dict['USER'] or 'postgres'}@127.0.0.1:5432/{dbname}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_MANIFEST_STATIC": "0",
        "AXES_ENABLED": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--no-control-socket",
            "--timeout",
            "30",
            # A request still in flight at the end gets 5 s to finish, not gunicorn's 30.
            "--graceful-timeout",
            "5",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        # The server logs a JSON line per request and a traceback per 500: to a file, as a
        # pipe nobody reads fills up and then blocks every worker.
        stderr=log,
    )
    connection.close()  # the test's own connection must not hold the database during the outage
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/accounts/login/", timeout=2)
                break
            except OSError:
                time.sleep(0.1)
        results: list[tuple[float, str, int | str]] = []
        stop = threading.Event()

        def load(worker: int) -> None:
            client = Reporter(base)
            logged_in = False
            n = 0
            while not stop.is_set():
                n += 1
                text = f"{TAG}{worker}-{n}"
                try:
                    if not logged_in:
                        client.log_in("reporter-sfj")
                        logged_in = True
                    status = client.submit(task, text)
                except (
                    OSError,
                    AttributeError,
                ) as error:  # refused, reset, or an error page without a form
                    status = type(error).__name__
                results.append((time.monotonic(), text, status))

        workers = [threading.Thread(target=load, args=(w,)) for w in range(4)]
        for w in workers:
            w.start()
        time.sleep(3)
        down_at = time.monotonic()
        outage(dbname, 3)
        up_at = time.monotonic()
        time.sleep(4)
        stop.set()
        for w in workers:
            w.join(20)
    finally:
        server.terminate()
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:  # a worker stuck past its grace: end it
            server.kill()
            server.wait(10)
        log.close()

    accepted = {text for _, text, status in results if status == 302}
    during = [status for at, _, status in results if down_at + 0.5 < at < up_at]
    after = [status for at, _, status in results if at > up_at + 2]
    assert accepted, "some submissions went through before and after the outage"
    assert during and all(status != 302 for status in during), "while down, the app answers errors"
    assert after and all(status == 302 for status in after[-8:]), "the app recovered by itself"
    stored = ProgressUpdate.objects.filter(text__startswith=TAG)
    assert {u.text for u in stored} == accepted, "every accepted submission is stored, nothing else"
    for update in stored.prefetch_related("evidence"):
        evidence = list(update.evidence.all())
        assert len(evidence) == 1, "an update and its evidence are written together or not at all"
        assert (tmp_path / "media" / evidence[0].file.name).read_bytes() == PDF
    print(
        f"\nfault test: {len(results)} requests, {len(accepted)} accepted, "
        f"{len(during)} during the outage (all refused), recovered within 2 s"
    )
