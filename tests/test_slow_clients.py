"""Slow clients cannot hold the app: against the production-like stack.

`scripts/prod_local.sh start` runs nginx in front of two gunicorn app servers (bound
to 127.0.0.1), PostgreSQL, Redis, a Celery worker and beat, S3 on moto. nginx reads
request bodies before passing them on (proxy_request_buffering) and gives up on one
that stops coming after client_body_timeout (408), so clients that declare a body and
never send it wait in nginx while the app servers go on serving everybody else.
(Reached directly, such clients hold a sync worker each until gunicorn's --timeout:
hence nginx in front and gunicorn bound to loopback, docs/PRODUCTION.md.)

Runs where the stack can start (nginx and redis-server installed, PostgreSQL on
127.0.0.1:5432, the virtualenv's gunicorn); skipped with the reason otherwise. Most of
its time is the script's migrate and demo seeding.
"""

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BODY_TIMEOUT = 2  # seconds, for the test; the script's default is 10

pytestmark = pytest.mark.stack


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _why_not() -> str | None:
    for tool in ("nginx", "redis-server"):
        if not (shutil.which(tool) or os.path.exists(f"/usr/sbin/{tool}")):
            return f"{tool} is not installed (apt-get install -y {tool})"
    if not _reachable(5432):
        return "no PostgreSQL on 127.0.0.1:5432"
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        return "no .venv/bin/gunicorn (make install)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    run = tmp_path_factory.mktemp("stack")
    apps, front = [_free_port(), _free_port()], _free_port()
    database = f"h_stack_{os.getpid()}"
    env = {
        **os.environ,
        "DB": database,
        "PORT": str(front),
        "APP_PORTS": " ".join(map(str, apps)),
        "S3_PORT": str(_free_port()),
        "RUN": str(run),
        "BODY_TIMEOUT": str(BODY_TIMEOUT),
        "DJANGO_STATIC_ROOT": str(run / "static"),
    }
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER"):
        env.pop(name, None)
    script = ["bash", "scripts/prod_local.sh"]
    try:
        started = subprocess.run(
            [*script, "start"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
        )
        assert started.returncode == 0, started.stdout[-2000:] + started.stderr[-2000:]
        yield {"app": apps[0], "front": front}
    finally:
        subprocess.run([*script, "stop"], cwd=ROOT, env=env, capture_output=True, timeout=60)
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-qc",
                f"DROP DATABASE IF EXISTS {database} WITH (FORCE)",
            ],
            capture_output=True,
        )


def _slow_body(port: int) -> socket.socket:
    """A POST that declares 1 MB and sends 10 bytes of it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=BODY_TIMEOUT * 5)
    sock.sendall(
        b"POST /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1048576\r\n\r\n"
        b"username=x"
    )
    return sock


def _get(port: int, path: str = "/accounts/login/", timeout: float = 10) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        head = sock.recv(64).decode("latin-1")
    return int(head.split()[1])


def test_slow_bodies_wait_in_nginx_while_the_app_serves_everybody_else(stack):
    slow = [_slow_body(stack["front"]) for _ in range(6)]  # more than the 4 workers
    try:
        for _ in range(3):
            assert _get(stack["front"]) == 200
        # nginx gives up on each of them with 408 (or closes) once the body stops coming.
        for sock in slow:
            answer = sock.recv(64).decode("latin-1")
            assert answer == "" or answer.split()[1] == "408", answer
    finally:
        for sock in slow:
            sock.close()
    assert _get(stack["front"]) == 200


def test_the_app_server_listens_on_loopback_only(stack):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(("192.0.2.1", 9))  # no packet is sent; finds this machine's address
        address = probe.getsockname()[0]
    if address.startswith("127."):
        pytest.skip("this machine has no address but loopback")
    with pytest.raises(OSError):
        socket.create_connection((address, stack["app"]), timeout=2).close()
