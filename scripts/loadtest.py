"""Load test: gunicorn, PostgreSQL, DEBUG off, static files through WhiteNoise, on 127.0.0.1.

    python scripts/loadtest.py [--out docs/BENCHMARKS.md]          (about 12 minutes)

It creates a throwaway PostgreSQL database (`BENCH_PG_URL`'s server), migrates
it, fills it with `generate_data` (full scale), collects the static files
(hashed and compressed, as in production) into a temporary STATIC_ROOT and
starts gunicorn (2 workers). Then:

1. The mixed scenario: 14 reporters and 6 coordinators, each a thread with its
   own session, log in (before the clock starts: a log-in is a deliberately
   slow password hash, about 0.2 s of CPU), then loop without pausing for 60 s. A reporter opens home, the
   item list (random filters and pages), one of its unit's items, a static
   file and the progress form, then submits an update (a small PDF one time in
   three). A coordinator opens home, the list, any item, a static file and the
   review queue, then approves (or, one time in five, returns) one of the
   updates on it and reads the queue again. Afterwards the database must hold
   exactly the updates and reviews the clients saw accepted.
2. The item list alone at 2, 4 and 8 concurrent clients for 30 s each, with
   this stdlib client and, when it is installed, with wrk (the client shares
   the 2 cores with the server; wrk costs far less CPU).
3. The item list alone under other gunicorn shapes (`--variants`: 3 and 4
   workers, 2 workers × 4 threads), with wrk if installed.

Results go between the `<!-- loadtest -->` markers of --out, and as JSON to
--json.

`--stack URL` instead runs the mixed scenario against a running production-shaped
stack (`scripts/prod_local.sh start`: nginx, two app servers, PostgreSQL, Redis, Celery,
S3; `make loadtest` does both), with DATABASE_URL naming its database: 20 users of two
districts (蓟州区 and the demo's second district, 10 each: 7 reporters, 3
coordinators, demo accounts `load-…` it adds to their units), figures per district,
between the `<!-- loadtest-stack -->` markers. The database is dropped at the end unless --keep; `--url` runs against
an existing, generated database instead (the run adds updates and reviews).
"""

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.load.client import Browser  # noqa: E402
from scripts.load.scenarios import (  # noqa: E402
    Person,
    cast,
    check_writes,
    run_list,
    run_mixed,
)

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
STATIC = re.compile(r'(?:href|src)="(/static/[^"]+)"')


# --- the stack: database, static files, gunicorn --------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def server_env(database_url: str, static_root: Path, media_root: Path, *, manifest=True) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or uuid.uuid4().hex * 2,
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",  # plain HTTP on 127.0.0.1; nginx terminates TLS in production
        "DJANGO_STATIC_ROOT": str(static_root),
        "DJANGO_MEDIA_ROOT": str(media_root),
        "DJANGO_MANIFEST_STATIC": "1" if manifest else "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


class Server:
    """gunicorn on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self, env: dict, *, workers: int = 2, threads: int = 1, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.shape = {"workers": workers, "threads": threads}
        self.log = log
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(workers),
            "--bind", f"127.0.0.1:{self.port}", "--no-control-socket", "--timeout", "60",
        ]  # fmt: skip
        if threads > 1:
            command += ["--threads", str(threads)]  # the gthread worker
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("ab")
        )

    def __enter__(self) -> "Server":
        for _ in range(300):
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: see {self.log}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        # Every worker imports the project on its first request: warm them up.
        host = "127.0.0.1"
        for _ in range(4 * self.shape["workers"]):
            Browser(host, self.port, []).get("warm-up", "/accounts/login/")
        return self

    def __exit__(self, *exc) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def static_paths(base: str, cookies: dict) -> list[str]:
    """The static files a page links to (hashed names with the manifest storage)."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    browser = Browser(host, port, [])
    browser.cookies = dict(cookies)
    return sorted(set(STATIC.findall(browser.get("home", "/").text)))


def scenario_context(base: str, cookies: dict, tag: str) -> dict:
    from django.conf import settings

    from tracker.models import Item

    items = list(Item.objects.tracked().values_list("pk", flat=True))
    return {
        "tag": tag,
        "static": static_paths(base, cookies),
        "items": items,
        "pages": max(1, len(items) // settings.TRACKER_PAGE_SIZE),
    }


def mixed_with_checks(
    server: Server, people: list[Person], *, seconds: float, seed: int = 2021
) -> tuple[dict, dict]:
    """The mixed scenario and the count of its writes in the database."""
    from django.utils import timezone

    from tracker.models import ProgressUpdate

    tag = f"[load {uuid.uuid4().hex[:8]}]"
    coordinator = next(p for p in people if p.role == "coordinator")
    probe = Browser("127.0.0.1", server.port, [])
    probe.log_in(coordinator.username)
    ctx = scenario_context(server.base, probe.cookies, tag)
    updates_before = ProgressUpdate.objects.order_by("-pk").values_list("pk", flat=True).first()
    reviews_since = timezone.now()
    result = run_mixed(server.base, people, seconds=seconds, ctx=ctx, seed=seed)
    result["writes"] = check_writes(
        result.pop("outcome"),
        tag=tag,
        updates_before=updates_before or 0,
        reviews_since=reviews_since,
    )
    result["static"] = ctx["static"]
    return result, probe.cookies


# --- the report -----------------------------------------------------------------------


def _n(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def render(result: dict) -> str:
    from scripts.bench import machine

    mixed = result["mixed"]
    people = mixed["people"]
    lines = [
        f"Run on {result['date']} on {machine()}; {result['server']}. Data: "
        f"`generate_data --seed 2021 --scale {result['scale']}`. gunicorn "
        f"{result['shape']['workers']} sync workers, DEBUG off, `DJANGO_HTTPS=0`, static files "
        "collected (hashed, compressed) and served by WhiteNoise, access log off, "
        f"client and server on the same 2 cores. Command: `{result['command']}`.",
        "",
        f"**Mixed scenario**: {people['reporters']} reporters and {people['coordinators']} "
        f"coordinators, each logged in once beforehand, looping without pause for "
        f"{mixed['seconds']:.0f} s (this stdlib client). Load average before → after: "
        f"{mixed['load'][0]} → {mixed['load'][1]}.",
        "",
        "| request | count | per second | p50 ms | p99 ms | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    order = ["all requests", "home", "item list", "item page", "static file", "progress form",
             "submit update", "review queue", "review"]  # fmt: skip
    rows = mixed["requests"]
    for kind in order + sorted(set(rows) - set(order)):
        if kind in rows:
            r = rows[kind]
            lines.append(
                f"| {kind} | {r['n']:,} | {_n(r['rps'])} | {_n(r['p50'])} | {_n(r['p99'])} "
                f"| {r['errors']} |"
            )
    w = mixed["writes"]
    login = mixed["log_in"].get("log in", {})
    lines += [
        "",
        f"Writes: {w['updates_accepted']} updates answered 302 (accepted), "
        f"{w['updates_in_database']} new update rows in the database "
        f"({'the same texts' if w['updates_match'] else '**they differ**'}); "
        f"{w['pdfs_accepted']} of them carried a PDF, {w['pdfs_in_database']} evidence files "
        f"stored; {w['updates_refused']} submissions refused with the form shown again"
        + (f" ({'; '.join(w['refusal_reasons'])})" if w["refusal_reasons"] else "")
        + f". Reviews: {w['reviews_accepted']} confirmed by a success message, "
        f"{w['reviews_in_database']} new decisions "
        f"({'the same updates' if w['reviews_match'] else '**they differ**'}); "
        f"{w['reviews_refused']} refused because another coordinator had reviewed the update "
        f"first. Log-in (before the clock): median {_n(login.get('p50'))} ms. Failed requests: "
        f"{mixed['failure_count']}.",
        "",
        "**The item list alone** (a coordinator's first page, one session), "
        f"{result['list_seconds']:.0f} s per row:",
        "",
        "| gunicorn | tool | clients | requests/s | p50 ms | p99 ms | errors | load average before → after |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for shape, runs in result["list"]:
        label = f"{shape['workers']} workers" + (
            f" × {shape['threads']} threads" if shape["threads"] > 1 else ""
        )
        for r in runs:
            lines.append(
                f"| {label} | {r['tool']} | {r['clients']} | {_n(r['rps'])} | {_n(r['p50'])} "
                f"| {_n(r['p99'])} | {r['errors']} | {r['load'][0]} → {r['load'][1]} |"
            )
    return "\n".join(lines)


def write_section(
    out: Path, body: str, marker: str = "loadtest", heading: str = "Load test"
) -> None:
    start, end = f"<!-- {marker} -->", f"<!-- /{marker} -->"
    text = out.read_text(encoding="utf-8")
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + f"\n\n## {heading}\n\n{block}\n"
    out.write_text(text, encoding="utf-8")


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def _shapes(text: str) -> list[tuple[int, int]]:
    return [tuple(int(n) for n in part.split("x")) for part in text.split(",") if part]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="Markdown file to update (else print)")
    parser.add_argument("--json", type=Path, help="write the raw results here")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reporters", type=int, default=14)
    parser.add_argument("--coordinators", type=int, default=6)
    parser.add_argument("--seconds", type=float, default=60, help="mixed scenario length")
    parser.add_argument("--list-seconds", type=float, default=30)
    parser.add_argument("--levels", default="2,4,8", help="list page: concurrent clients")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--variants", default="3x1,4x1,2x4", help="list page under other WORKERSxTHREADS (or '')"
    )
    parser.add_argument("--skip-mixed", action="store_true")
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--url", help="run against this existing, generated database")
    parser.add_argument(
        "--stack",
        help="a running stack's address (scripts/prod_local.sh), e.g. http://127.0.0.1:8080",
    )
    parser.add_argument("--per-district", type=int, default=10, help="--stack: users per district")
    args = parser.parse_args()
    if args.stack:
        run_stack(args)
        return

    tag = f"loadtest_{os.getpid()}"
    url = args.url or PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{tag}"
    work = Path(tempfile.mkdtemp(prefix="loadtest-"))
    env = server_env(url, work / "static", work / "media")
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")})
    os.environ.setdefault("DJANGO_SECRET_KEY", env["DJANGO_SECRET_KEY"])
    log = work / "gunicorn.log"
    tools = ["stdlib"] + (["wrk"] if shutil.which("wrk") else [])
    levels = [int(n) for n in args.levels.split(",")]
    try:
        if not args.url:
            _pg(f"CREATE DATABASE {tag}")
            print(f"database {tag}: migrate, generate_data --scale {args.scale}", flush=True)
            manage(env, "migrate", "--noinput", "-v", "0")
            manage(env, "generate_data", "--scale", str(args.scale))
        manage(env, "collectstatic", "--noinput", "-v", "0")
        import django

        django.setup()
        from django.db import connection

        people = cast(reporters=args.reporters, coordinators=args.coordinators)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0].split()[0]
        result = {
            "date": date.today().isoformat(),
            "server": f"PostgreSQL {server_version}, Python {sys.version.split()[0]}, "
            f"gunicorn {_gunicorn_version()}",
            "scale": args.scale,
            "shape": {"workers": args.workers, "threads": 1},
            "command": "python scripts/loadtest.py " + " ".join(sys.argv[1:]),
            "list_seconds": args.list_seconds,
            "list": [],
        }
        with Server(env, workers=args.workers, log=log) as server:
            if not args.skip_mixed:
                print(f"mixed scenario, {len(people)} users, {args.seconds:.0f} s", flush=True)
                result["mixed"], cookies = mixed_with_checks(server, people, seconds=args.seconds)
                connection.close()
                print(json.dumps(result["mixed"]["writes"], ensure_ascii=False), flush=True)
            else:
                probe = Browser("127.0.0.1", server.port, [])
                probe.log_in(next(p for p in people if p.role == "coordinator").username)
                cookies = probe.cookies
            runs = run_list(server.base, cookies, levels=levels, seconds=args.list_seconds,
                            tools=tools)  # fmt: skip
            result["list"].append((server.shape, runs))
        best = tools[-1]
        for workers, threads in _shapes(args.variants):
            with Server(env, workers=workers, threads=threads, log=log) as server:
                probe = Browser("127.0.0.1", server.port, [])
                probe.log_in(next(p for p in people if p.role == "coordinator").username)
                runs = run_list(server.base, probe.cookies, levels=levels,
                                seconds=args.list_seconds, tools=[best])  # fmt: skip
                result["list"].append((server.shape, runs))
        connection.close()
        if args.json:
            args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=vars))
        if "mixed" in result:
            body = render(result)
            if args.out:
                write_section(args.out, body)
            print(body)
    finally:
        if not args.url and not args.keep:
            _pg(f"DROP DATABASE IF EXISTS {tag} WITH (FORCE)")
        shutil.rmtree(work, ignore_errors=True)


# --- against the production-shaped stack, two districts ------------------------------------

DISTRICT_OFFICES = ("coordinator", "coordinator-2")  # the demo's two district offices


def cast_districts(per_district: int, seed: int = 2021) -> list[Person]:
    """For each demo district: reporters spread over the units that lead its open items
    (70 %), coordinators in its office (30 %); demo accounts `load-…` made once."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from scripts.load.client import PASSWORD
    from tracker.models import Item, Membership, Status
    from tracker.roles import COORDINATOR, REPORTER

    users = get_user_model().objects
    people = []
    for n, office_user in enumerate(DISTRICT_OFFICES, 1):
        office = (
            Membership.objects.select_related("unit__jurisdiction")
            .get(user__username=office_user)
            .unit
        )
        district = office.jurisdiction
        tracked = Item.objects.tracked().filter(
            report__jurisdiction__path__startswith=district.path
        )
        open_items = tracked.exclude(status=Status.CLOSED).exclude(lead_unit=None)
        units = sorted(set(open_items.values_list("lead_unit_id", flat=True)))
        coordinators = max(1, round(per_district * 0.3))
        for k in range(per_district):
            role = COORDINATOR if k < coordinators else REPORTER
            unit = office.pk if role == COORDINATOR else units[k % len(units)]
            name = f"load-d{n}-{'c' if role == COORDINATOR else 'r'}{k + 1:02d}"
            user, created = users.get_or_create(
                username=name, defaults={"first_name": f"压测{k + 1}(演示)"}
            )
            if created:
                user.set_password(PASSWORD)
                user.save()
                user.groups.add(Group.objects.get(name=role))
                Membership.objects.create(user=user, unit_id=unit)
            if role == COORDINATOR:
                items = list(tracked.values_list("pk", flat=True))
                people.append(Person(name, "coordinator", items=items, group=district.name))
            else:
                items = list(open_items.involving_units([unit]).values_list("pk", flat=True))
                people.append(Person(name, "reporter", items=items, units=[unit],
                                     group=district.name))  # fmt: skip
    return people


def run_stack(args) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", uuid.uuid4().hex * 2)
    django.setup()
    from django.db import connection
    from django.utils import timezone

    from tracker.models import Item, Jurisdiction, ProgressUpdate

    base = args.stack.rstrip("/")
    host, port = urlsplit(base).hostname, urlsplit(base).port or 80
    people = cast_districts(args.per_district)
    tag = f"[load {uuid.uuid4().hex[:8]}]"
    probe = Browser(host, port, [])
    probe.log_in(next(p for p in people if p.role == "coordinator").username)
    ctx = {"tag": tag, "static": static_paths(base, probe.cookies), "items": [], "pages": 1}
    updates_before = ProgressUpdate.objects.order_by("-pk").values_list("pk", flat=True).first()
    reviews_since = timezone.now()
    print(f"mixed scenario against {base}, {len(people)} users, {args.seconds:.0f} s", flush=True)
    result = run_mixed(base, people, seconds=args.seconds, ctx=ctx)
    outcomes = result.pop("outcomes")
    districts = {}
    for name, outcome in outcomes.items():
        district = Jurisdiction.objects.get(name=name)
        items = Item.objects.filter(report__jurisdiction__path__startswith=district.path)
        districts[name] = {
            "users": sum(p.group == name for p in people),
            "requests": result["groups"][name],
            "writes": check_writes(
                outcome,
                tag=tag,
                updates_before=updates_before or 0,
                reviews_since=reviews_since,
                items=items.values("pk"),
            ),
        }
    result["writes"] = check_writes(result.pop("outcome"), tag=tag,
                                    updates_before=updates_before or 0, reviews_since=reviews_since)  # fmt: skip
    result["districts"] = districts
    result.pop("groups")
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0].split()[0]
    result["server"] = f"PostgreSQL {server_version}, Python {sys.version.split()[0]}"
    result["date"] = date.today().isoformat()
    result["command"] = "python scripts/loadtest.py " + " ".join(sys.argv[1:])
    connection.close()
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1, default=vars))
    body = render_stack(result)
    if args.out:
        write_section(args.out, body, "loadtest-stack", "Load test against the production stack")
    print(body)
    bad = result["failure_count"] or not result["writes"]["updates_match"]
    sys.exit(1 if bad else 0)


def render_stack(result: dict) -> str:
    from scripts.bench import machine

    lines = [
        f"Run on {result['date']} on {machine()}; {result['server']}. The stack of "
        "`scripts/prod_local.sh`: nginx → two gunicorn app servers (2 sync workers each), "
        "PostgreSQL, Redis (cache, sessions, broker), one Celery worker and one beat, "
        "evidence on S3 (moto's S3 server), the demo data; all on the same 2 cores as the "
        f"client. Command: `{result['command']}`. {result['people']['reporters']} reporters "
        f"and {result['people']['coordinators']} coordinators looping without pause for "
        f"{result['seconds']:.0f} s; load average before → after: {result['load'][0]} → "
        f"{result['load'][1]}.",
        "",
        "| district | users | requests | per second | p50 ms | p99 ms | errors "
        "| updates accepted / stored | with PDF accepted / stored | reviews accepted / stored |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    rows = [(name, d["users"], d["requests"].get("all requests"), d["writes"])
            for name, d in result["districts"].items()]  # fmt: skip
    total = result["requests"].get("all requests")
    rows.append(("all", sum(r[1] for r in rows), total, result["writes"]))
    for name, users, r, w in rows:
        lines.append(
            f"| {name} | {users} | {r['n']:,} | {_n(r['rps'])} | {_n(r['p50'])} | {_n(r['p99'])} "
            f"| {r['errors']} | {w['updates_accepted']} / {w['updates_in_database']} "
            f"| {w['pdfs_accepted']} / {w['pdfs_in_database']} "
            f"| {w['reviews_accepted']} / {w['reviews_in_database']} |"
        )
    w = result["writes"]
    lines += [
        "",
        f"Failed requests: {result['failure_count']}. Every accepted submission is in the "
        f"database with its text: {'yes' if w['updates_match'] else '**no**'}; every "
        f"confirmed review: {'yes' if w['reviews_match'] else '**no**'}. "
        f"{w['updates_refused']} submissions were refused with the form shown again"
        + (f" ({'; '.join(w['refusal_reasons'])})" if w["refusal_reasons"] else "")
        + f", {w['reviews_refused']} reviews because another coordinator had decided first.",
    ]
    return "\n".join(lines)


def _gunicorn_version() -> str:
    import gunicorn

    return gunicorn.__version__


if __name__ == "__main__":
    main()
