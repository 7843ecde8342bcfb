"""A small HTTP client that behaves like a browser, and the statistics of its requests.

Standard library only: http.client with one connection per request (gunicorn's
sync workers close every connection after one response), cookies kept by hand,
multipart posts for forms with files.
"""

import http.client
import re
import statistics
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

PASSWORD = "scale-2021"  # tracker.generate.PASSWORD, without importing Django here
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- the client -----------------------------------------------------------------------


@dataclass
class Sample:
    kind: str
    ms: float
    status: int | str  # an HTTP status, or the exception's name
    ok: bool


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return urlsplit(self.headers.get("Location", "")).path or "/"


class Failed(Exception):
    """A request failed (refused, reset, timed out, or an unexpected status)."""


class Browser:
    """One simulated user: its own cookies; a new connection per request (gunicorn's
    sync workers close every connection after one response)."""

    def __init__(self, host: str, port: int, samples: list, *, timeout: float = 30):
        self.host, self.port, self.samples, self.timeout = host, port, samples, timeout
        self.cookies: dict[str, str] = {}

    def _headers(self, extra: dict | None = None) -> dict:
        headers = {"Accept-Encoding": "identity", "Accept-Language": "zh-hans"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers | (extra or {})

    def request(self, kind, method, path, body=None, headers=None, expect=(200,)) -> Response:
        started = time.perf_counter()
        try:
            conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
            try:
                conn.request(method, path, body=body, headers=self._headers(headers))
                raw = conn.getresponse()
                response = Response(raw.status, raw.headers, raw.read())
            finally:
                conn.close()
        except (OSError, http.client.HTTPException) as error:
            self.samples.append(Sample(kind, _since(started), type(error).__name__, False))
            raise Failed(f"{kind} {path}: {error!r}") from error
        ok = response.status in expect
        self.samples.append(Sample(kind, _since(started), response.status, ok))
        self._remember(response)
        if not ok:
            raise Failed(f"{kind} {method} {path}: HTTP {response.status}")
        return response

    def get(self, kind: str, path: str, expect=(200,), headers=None) -> Response:
        return self.request(kind, "GET", path, headers=headers, expect=expect)

    def post(self, kind: str, path: str, fields: dict, files=(), expect=(302,)) -> Response:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        for name, filename, content_type, content in files:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": f"http://{self.host}:{self.port}{path}",
        }
        return self.request(kind, "POST", path, body=body, headers=headers, expect=expect)

    def _remember(self, response: Response) -> None:
        for header in response.headers.get_all("Set-Cookie") or ():
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value or morsel.value == '""':
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        token = csrf_token(self.get("login form", "/accounts/login/"))
        fields = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        self.post("log in", "/accounts/login/", fields)
        if "sessionid" not in self.cookies:
            raise Failed(f"log in as {username}: no session")


def csrf_token(response: Response) -> str:
    found = CSRF.search(response.text)
    if not found:
        raise Failed("no CSRF token on the page")
    return found.group(1)


def _since(started: float) -> float:
    return (time.perf_counter() - started) * 1000


# --- statistics -----------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered) + 0.5) - 1))]


def summarize(samples: list[Sample], seconds: float | None) -> dict:
    by_kind: dict[str, list[Sample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
        by_kind["all requests"].append(sample)
    out = {}
    for kind, group in by_kind.items():
        times = [s.ms for s in group]
        statuses: dict[str, int] = defaultdict(int)
        for s in group:
            statuses[str(s.status)] += 1
        out[kind] = {
            "n": len(group),
            "rps": len(group) / seconds if seconds else None,
            "p50": statistics.median(times),
            "p99": percentile(times, 0.99),
            "errors": sum(not s.ok for s in group),
            "statuses": dict(statuses),
        }
    return out


def load() -> str:
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"
