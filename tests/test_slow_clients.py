"""Slow clients cannot hold the app: against the production-like stack.

scripts/prod_local.sh starts gunicorn (2 sync workers, DEBUG off, PostgreSQL) on
loopback; nginx goes in front as docs/deploy/nginx.conf shows (request bodies buffered
by nginx, client_body_timeout). Clients that declare a body and never send it then wait
in nginx, which answers 408 when client_body_timeout runs out, while gunicorn's two
workers go on serving everybody else. (Reached directly, two such clients hold both
workers until gunicorn's --timeout kills them: hence nginx in front and gunicorn bound
to 127.0.0.1 or a socket, docs/PRODUCTION.md.)

Runs where the stack can start (nginx installed, PostgreSQL on 127.0.0.1:5432, the
virtualenv's gunicorn); skipped with the reason otherwise. About 30 s, most of it the
script's migrate and seed.
"""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else None)
BODY_TIMEOUT = 2  # seconds, for the test; docs/deploy/nginx.conf uses 10s

pytestmark = pytest.mark.stack


def _reachable(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _why_not() -> str | None:
    if NGINX is None:
        return "nginx is not installed (apt-get install -y nginx)"
    if not _reachable(5432):
        return "no PostgreSQL on 127.0.0.1:5432"
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        return "no .venv/bin/gunicorn (make install)"
    if "nginx_conf()" in (ROOT / "scripts" / "prod_local.sh").read_text():
        return "prod_local.sh starts its own nginx: run the test against it (see module doc)"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 240) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if _reachable(port):
            return
        if process.poll() is not None:
            raise RuntimeError(f"the stack stopped (exit {process.returncode})")
        time.sleep(0.3)
    raise RuntimeError(f"nothing listens on {port}")


NGINX_CONF = """
worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {run}/body;
  proxy_temp_path {run}/proxy;
  fastcgi_temp_path {run}/fastcgi;
  uwsgi_temp_path {run}/uwsgi;
  scgi_temp_path {run}/scgi;
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 110m;
    client_body_timeout {timeout}s;   # a client that stops sending its body: 408
    client_header_timeout {timeout}s;
    location / {{
      proxy_pass http://127.0.0.1:{app};
      proxy_request_buffering on;      # the whole body first; gunicorn never waits for it
      proxy_set_header Host $host;
      proxy_set_header X-Real-IP $remote_addr;
    }}
  }}
}}
"""


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    reason = _why_not()
    if reason:
        pytest.skip(reason)
    run = tmp_path_factory.mktemp("stack")
    app, front = _free_port(), _free_port()
    database = f"h_stack_{os.getpid()}"
    env = {
        **os.environ,
        "DB": database,
        "PORT": str(app),
        "DJANGO_STATIC_ROOT": str(run / "static"),
        "DJANGO_MEDIA_ROOT": str(run / "media"),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    for name in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "PYTEST_XDIST_WORKER"):
        env.pop(name, None)
    with open(run / "app.log", "wb") as log:
        app_server = subprocess.Popen(
            ["bash", "scripts/prod_local.sh"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    (run / "nginx.conf").write_text(
        NGINX_CONF.format(run=run, port=front, app=app, timeout=BODY_TIMEOUT)
    )
    nginx = None
    try:
        _wait_for(app, app_server)
        nginx = subprocess.Popen(
            [NGINX, "-c", str(run / "nginx.conf"), "-p", str(run), "-g", "daemon off;"],
            stderr=subprocess.DEVNULL,
        )
        _wait_for(front, nginx, 20)
        yield {"app": app, "front": front, "log": run / "app.log"}
    finally:
        if nginx is not None:
            nginx.terminate()
            nginx.wait(10)
        os.killpg(app_server.pid, signal.SIGTERM)
        app_server.wait(20)
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-qc",
                f"DROP DATABASE IF EXISTS {database}",
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
    slow = [_slow_body(stack["front"]) for _ in range(4)]  # twice as many as workers
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
