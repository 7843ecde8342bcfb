"""Page benchmarks at scale: SQL query count and server time, measured in process.

    python scripts/bench.py --db sqlite|postgres|all [--out docs/BENCHMARKS.md]

For each database it creates a throwaway database (an SQLite file under /tmp,
or a PostgreSQL database it creates and drops), migrates it, fills it with
`generate_data` at full and at one-tenth scale, and requests every page in
PAGES with Django's test Client (DEBUG off, force_login): the query count of
one request, then the median and p90 of 30 requests after 3 warm-ups. The
table replaces this database's section of --out and leaves the rest alone.

Each scale runs in its own subprocess (settings are read from the
environment at start-up). `--url DATABASE_URL` measures an existing,
already generated database instead (nothing is created or dropped).
"""

import argparse
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432/postgres")
SCALES = (1.0, 0.1)
SEED = 2021


@dataclass(frozen=True)
class Page:
    name: str
    user: str  # coordinator | reporter (of the busiest unit) | typical_reporter | viewer
    url: Callable  # (fixture) → path; NoReverseMatch means "not built yet"
    max_ms: float | None
    max_queries: int | None = 12
    runs: int = 30
    warmup: int | None = None  # None: --warmup (3)
    optional: bool = False  # built elsewhere: skipped with a note while its URL is missing
    # A context manager factory (fixture) → the data the page needs, undone afterwards.
    setup: Callable | None = None


def _item_list(**query):
    from urllib.parse import urlencode

    from django.urls import reverse

    def url(f):
        values = {k: (v(f) if callable(v) else v) for k, v in query.items()}
        return reverse("tracker:item-list") + (f"?{urlencode(values)}" if values else "")

    return url


def _named(name, *pick):
    from django.urls import reverse

    return lambda f: reverse(name, args=[p(f) for p in pick])


def _report_url(name):
    """A report-scoped export whose URL shape is not known yet: try the usual ones."""
    from django.urls import NoReverseMatch, reverse

    def url(f):
        pk = f["small_report"]
        for args, kwargs, query in (
            ([pk], {}, ""),
            ([], {"pk": pk}, ""),
            ([], {}, f"?report={pk}"),
        ):
            try:
                return reverse(name, args=args, kwargs=kwargs) + query
            except NoReverseMatch:
                continue
        raise NoReverseMatch(name)

    return url


@contextmanager
def one_report(_fixture: dict | None = None):
    """Every item of the database in the latest report, inside a transaction rolled back
    afterwards: the generated reports hold ~200 tracked items each, and the ledger (one
    report's items) has a target for 10 000. Sequences and numbers are renumbered by key
    to stay unique; the rest of every row (updates, evidence, links, history) is real.
    On PostgreSQL the rolled-back UPDATE leaves a dead copy of every item (autovacuum
    is off on the benchmark server), so this page is measured last."""
    from django.db import connection, transaction
    from django.db.models import F, Max, Min

    from tracker.models import Item
    from tracker.summaries.forms import latest_report

    with transaction.atomic():
        items = Item.objects.all()
        span = items.aggregate(low=Min("pk"), high=Max("pk"), s=Max("sequence"), n=Max("number"))
        # Two steps, so that no (report, sequence) pair is ever taken twice on the way:
        # first above every sequence in use, unique by key, then all into one report.
        offset = max(span["s"], span["n"]) + 1 - span["low"]
        if span["high"] + offset > 32767:  # PositiveSmallIntegerField
            raise RuntimeError("too many items to renumber into one report")
        items.update(sequence=F("pk") + offset, number=F("pk") + offset)
        items.update(report=latest_report())
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE tracker_item")
        yield
        transaction.set_rollback(True)


# The pages, their users and their targets (from the performance issue).
PAGES = [
    Page("item list, first page", "coordinator", _item_list(), 35),
    Page("item list, reporter (busiest unit)", "reporter", _item_list(), 35),
    Page(
        "item list, unit + status",
        "coordinator",
        _item_list(unit=lambda f: f["busy_unit"], status="in_progress"),
        35,
    ),
    Page("item list, text search", "coordinator", _item_list(q="公职律师"), 35),
    Page("item list, late page", "coordinator", _item_list(page=lambda f: f["late_page"]), 35),
    Page(
        "item page, ~10 updates",
        "coordinator",
        _named("tracker:item-detail", lambda f: f["item10"]),
        20,
    ),
    Page(
        "item page, ~50 updates",
        "coordinator",
        _named("tracker:item-detail", lambda f: f["item50"]),
        20,
    ),
    Page(
        "item page, ~200 updates",
        "coordinator",
        _named("tracker:item-detail", lambda f: f["item200"]),
        50,
    ),
    Page("review queue", "coordinator", _named("tracker:review-queue"), 35),
    Page("home, coordinator", "coordinator", _named("tracker:home"), 35),
    Page("home, reporter (busiest unit)", "reporter", _named("tracker:home"), 35),
    Page("home, reporter (median unit)", "typical_reporter", _named("tracker:home"), 35),
    Page("home, viewer", "viewer", _named("tracker:home"), 35),
    Page("dashboard", "coordinator", _named("tracker:dashboard"), 45, optional=True),
    Page(
        "ledger .xlsx, latest report",
        "coordinator",
        _named("tracker:ledger-xlsx"),
        None,
        runs=10,
        optional=True,
    ),
    Page(
        "Word summary, 16-item report",
        "coordinator",
        _report_url("tracker:summary-docx"),
        1000,
        runs=10,
        optional=True,
    ),
    # Last: its rolled-back UPDATE of every item leaves dead rows on PostgreSQL.
    Page(
        "ledger .xlsx, every item in one report",
        "coordinator",
        _named("tracker:ledger-xlsx"),
        5000,
        runs=3,
        warmup=1,
        optional=True,
        setup=one_report,
    ),
]


# City mode (`--city N`): the city's pages as its office, a district's as that district's
# office, on `generate_data --districts N` (N districts, each with the full volumes). The
# same pages are measured on the one-district data of today as the baseline: a district's
# pages (compare=True) must stay within CITY_SLOWDOWN of their baseline median.
CITY_SLOWDOWN = 1.3


@dataclass(frozen=True)
class CityPage(Page):
    compare: bool = False  # a district's page: held to CITY_SLOWDOWN × the baseline


def _district(name):
    from django.urls import reverse

    return lambda f: reverse(name, args=[f["district_pk"]])


CITY_PAGES = [
    CityPage("city dashboard", "city", _named("tracker:city-dashboard"), 150),
    CityPage("city: a district's drill-down", "city", _district("tracker:city-district"), 150),
    CityPage("city: item list, first page", "city", _item_list(), None),
    CityPage("city: dashboard", "city", _named("tracker:dashboard"), None),
    CityPage("city: home", "city", _named("tracker:home"), None),
    CityPage("district: item list, first page", "district", _item_list(), None, compare=True),
    CityPage(
        "district: item list, unit + status",
        "district",
        _item_list(unit=lambda f: f["busy_unit"], status="in_progress"),
        None,
        compare=True,
    ),
    CityPage(
        "district: review queue", "district", _named("tracker:review-queue"), None, compare=True
    ),
    CityPage("district: home", "district", _named("tracker:home"), None, compare=True),
    CityPage("district: dashboard", "district", _named("tracker:dashboard"), None, compare=True),
    CityPage("district: status summary", "district", _named("tracker:summary"), None, compare=True),
    CityPage(
        "district: reporter's home (busiest unit)",
        "reporter",
        _named("tracker:home"),
        None,
        compare=True,
    ),
]


# --- the worker: one database, one scale ---------------------------------------------


def fixture() -> dict:
    """Users and objects the pages need, looked up once, outside the measured requests."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db.models import Count, Q

    from tracker.models import Item, Report, Unit
    from tracker.summaries.forms import latest_report

    users = get_user_model().objects
    tracked = Item.objects.tracked()
    by_load = list(Unit.objects.annotate(n=Count("led_items")).order_by("-n", "pk"))
    busy, typical = by_load[0], by_load[len(by_load) // 2]
    # Items without indicators: one with indicators costs one more query (its
    # measurements), whatever the volume; the same kind of item at both scales.
    counted = tracked.filter(indicators=None).annotate(n=Count("updates"))

    def with_updates(n):
        found = counted.filter(n__gte=n).order_by("n", "pk").first()
        return found or counted.order_by("-n", "pk").first()

    pages = math.ceil(tracked.count() / settings.TRACKER_PAGE_SIZE)
    small = Report.objects.annotate(n=Count("items", filter=~Q(items__kind="measure")))
    latest = latest_report()
    items = {n: with_updates(n) for n in (10, 50, 200)}
    return {
        "coordinator": users.filter(groups__name="coordinator").order_by("pk").first(),
        "viewer": users.filter(groups__name="viewer").order_by("pk").first(),
        "reporter": users.filter(memberships__unit=busy).order_by("pk").first(),
        "typical_reporter": users.filter(memberships__unit=typical).order_by("pk").first(),
        "busy_unit": busy.pk,
        "late_page": max(1, pages - 1),
        "item10": items[10].pk,
        "item50": items[50].pk,
        "item200": items[200].pk,
        "updates": {f"item{n}": item.n for n, item in items.items()},
        "small_report": small.order_by("n", "pk").first().pk,
        "latest_report_items": tracked.filter(report=latest).count(),
    }


def city_fixture(districts: int) -> dict:
    """Who reads the city pages. In city mode the city's office (gen-city-*) and the first
    district's (gen-d01-*); on one-district data (districts=0, the baseline) its one office
    reads both, and the district drilled into is the first."""
    from django.contrib.auth import get_user_model
    from django.db.models import Count

    from tracker.models import Jurisdiction, Unit

    users = get_user_model().objects
    district = Jurisdiction.objects.filter(level="district").order_by("pk").first()
    prefix = "gen-d01-" if districts else "gen-"
    units = Unit.objects.filter(jurisdiction=district) if districts else Unit.objects.all()
    busy = units.annotate(n=Count("led_items")).order_by("-n", "pk").first()
    return {
        "city": users.get(username=f"gen-{'city-' if districts else ''}coordinator-001"),
        "district": users.get(username=f"{prefix}coordinator-001"),
        "reporter": users.filter(memberships__unit=busy).order_by("pk").first(),
        "district_pk": district.pk,
        "busy_unit": busy.pk,
    }


def measure_page(
    page: Page, f: dict, *, warmup: int, runs: int | None, explain: str | None = None
) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch

    try:
        url = page.url(f)
    except NoReverseMatch:
        if page.optional:
            return {"skipped": "URL name not present in this checkout"}
        raise
    client = Client()
    client.force_login(f[page.user])

    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{page.name}: {url} answered {response.status_code}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(body)

    with page.setup(f) if page.setup else nullcontext():
        for _ in range(warmup if page.warmup is None else min(warmup, page.warmup)):
            size = get()
        with CaptureQueriesContext(connection) as captured:
            get()
        queries = captured.captured_queries  # now: every request start clears the log
        times = []
        for _ in range(runs or page.runs):
            started = time.perf_counter()
            get()
            times.append((time.perf_counter() - started) * 1000)
        if explain and re.search(explain, page.name):
            _explain(page, url, queries)
    times.sort()
    slowest = max(queries, key=lambda q: float(q["time"]), default=None)
    return {
        "url": url,
        "queries": len(queries),
        "median_ms": statistics.median(times),
        "p90_ms": times[max(0, math.ceil(0.9 * len(times)) - 1)],
        "p95_ms": times[max(0, math.ceil(0.95 * len(times)) - 1)],
        "bytes": size,
        "slowest_sql_ms": float(slowest["time"]) * 1000 if slowest else 0,
        "slowest_sql": slowest["sql"][:400] if slowest else "",
    }


def _explain(page: Page, url: str, queries: list[dict]) -> None:
    """Print the plan of each query the page ran (EXPLAIN ANALYZE on PostgreSQL)."""
    from django.db import connection

    prefix = (
        "EXPLAIN (ANALYZE, BUFFERS) "
        if connection.vendor == "postgresql"
        else "EXPLAIN QUERY PLAN "
    )
    print(f"\n===== {page.name}: {url}", file=sys.stderr)
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(prefix + sql)
            plan = "\n".join("    " + " ".join(map(str, row)) for row in cursor.fetchall())
            print(f"--- {float(query['time']) * 1000:.1f} ms  {sql[:300]}\n{plan}", file=sys.stderr)


def worker(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    generated_in = None
    if not args.existing:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        with open(os.devnull, "w") as quiet:
            call_command(
                "generate_data",
                seed=SEED,
                scale=args.scale,
                districts=args.districts,
                stdout=quiet,
            )
        generated_in = time.perf_counter() - started
    if args.city:
        f, pages = city_fixture(args.districts), CITY_PAGES
    else:
        f, pages = fixture(), PAGES
    wanted = [p for p in pages if not args.pages or re.search(args.pages, p.name)]
    load_before = load()
    results = {
        p.name: measure_page(p, f, warmup=args.warmup, runs=args.runs, explain=args.explain)
        for p in wanted
    }
    from tracker.models import Item, Jurisdiction, ProgressUpdate

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
        else:
            cursor.execute("select sqlite_version()")
        server = cursor.fetchone()[0]
    out = {
        "scale": args.scale,
        "server": server,
        "generated_in": generated_in,
        "districts": Jurisdiction.objects.filter(level="district").count(),
        "items": Item.objects.tracked().count(),
        "updates": ProgressUpdate.objects.count(),
        "fixture": {k: v for k, v in f.items() if not hasattr(v, "pk")},
        "size": _size(connection),
        "pages": results,
        "load": [load_before, load()],
    }
    Path(args.result).write_text(json.dumps(out, ensure_ascii=False, indent=1), encoding="utf-8")


def _size(connection) -> str:
    if connection.vendor != "postgresql":
        return ""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


# --- the driver: databases, subprocesses, the Markdown table --------------------------


def _pg(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def run_scale(db: str, scale: float, args, *, districts: int = 0, url: str | None = None) -> dict:
    """One database at one scale (`districts`: city mode's generate_data --districts)."""
    tag = f"bench_{os.getpid()}_{districts}_{str(scale).replace('.', '_')}"
    existing = url or (None if args.city else args.url)
    if existing:
        url = existing
    elif db == "sqlite":
        url = f"sqlite:///{tempfile.gettempdir()}/{tag}.sqlite3"
    else:
        _pg(f"DROP DATABASE IF EXISTS {tag}")
        _pg(f"CREATE DATABASE {tag}")
        url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{tag}"
    result = Path(tempfile.gettempdir()) / f"{tag}.json"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY", "bench-only-secret"),
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",  # the test client speaks plain HTTP
        "DJANGO_MANIFEST_STATIC": "0",  # no collectstatic needed
    }
    command = [sys.executable, __file__, "--worker", "--scale", str(scale), "--result", str(result)]
    command += ["--warmup", str(args.warmup)] + (["--runs", str(args.runs)] if args.runs else [])
    for flag in ("pages", "explain"):
        command += [f"--{flag}", getattr(args, flag)] if getattr(args, flag) else []
    command += ["--existing"] if existing else []
    command += ["--city", "--districts", str(districts)] if args.city else []
    try:
        subprocess.run(command, cwd=ROOT, env=env, check=True)
        return json.loads(result.read_text(encoding="utf-8"))
    finally:
        result.unlink(missing_ok=True)
        if not existing and not args.keep:
            if db == "sqlite":
                Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
            else:
                _pg(f"DROP DATABASE IF EXISTS {tag} WITH (FORCE)")


def machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        info = Path("/proc/cpuinfo").read_text()
        cpu = re.search(r"model name\s*:\s*(.+)", info).group(1).strip()
        memory = Path("/proc/meminfo").read_text()
        ram = int(re.search(r"MemTotal:\s*(\d+)", memory).group(1)) / 1024 / 1024
    except (OSError, AttributeError):
        ram = 0
    return f"{cpu}, {os.cpu_count()} cores, {ram:.1f} GiB RAM"


def load() -> str:
    """The load average: other work on the machine inflates the times."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}" if value >= 100 else f"{value:.1f}"


def _verdict(ok: bool) -> str:
    return "yes" if ok else "**no**"


def render(db: str, runs: list[dict]) -> str:
    import django

    full, tenth = runs[0], runs[-1]
    label = {"sqlite": "SQLite", "postgres": "PostgreSQL"}[db]
    lines = [
        f"### {label} {full['server']}",
        "",
        f"Run on {date.today()} on {machine()}; Python {platform.python_version()}, "
        f"Django {django.get_version()}. Data: `generate_data --seed {SEED}` at scale "
        f"{full['scale']} ({full['items']:,} tracked items, {full['updates']:,} updates"
        + (f", generated in {full['generated_in']:.0f} s" if full["generated_in"] else "")
        + f") and at {tenth['scale']} ({tenth['items']:,} items, {tenth['updates']:,} updates). "
        "Item pages use items without indicators, with "
        + ", ".join(str(n) for n in full["fixture"]["updates"].values())
        + " updates at full scale. "
        f"The ledger of the latest report holds {full['fixture']['latest_report_items']:,} "
        f"tracked items ({tenth['fixture']['latest_report_items']:,} at {tenth['scale']}); "
        "for the 10 000-item case every item is moved into that report in a transaction "
        "rolled back afterwards. "
        f"Load average (1/5/15 min) before and after the full-scale requests: "
        f"{full['load'][0]} → {full['load'][1]}.",
        "",
        "| page | queries full / ⅒ | target | queries met | median ms full | p90 full "
        "| median ⅒ | p90 ⅒ | target median | time met |",
        "| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    notes = []
    for page in PAGES:
        a, b = full["pages"].get(page.name), tenth["pages"].get(page.name)
        if a is None or b is None:
            continue
        if "skipped" in a:
            notes.append(f"- {page.name}: skipped ({a['skipped']}).")
            continue
        fixed = a["queries"] == b["queries"]
        ok_queries = fixed and (page.max_queries is None or a["queries"] <= page.max_queries)
        ok_time = page.max_ms is None or a["median_ms"] <= page.max_ms
        target = f"≤ {page.max_queries}, fixed" if page.max_queries else "fixed"
        lines.append(
            f"| {page.name} | {a['queries']} / {b['queries']} | {target} | {_verdict(ok_queries)} "
            f"| {_ms(a['median_ms'])} | {_ms(a['p90_ms'])} | {_ms(b['median_ms'])} "
            f"| {_ms(b['p90_ms'])} | {'≤ ' + _ms(page.max_ms) if page.max_ms else '—'} "
            f"| {_verdict(ok_time)} |"
        )
    return "\n".join(lines + (["", *notes] if notes else []))


def render_city(runs: list[dict]) -> str:
    import django

    base, full, tenth = runs
    lines = [
        f"### A city of {full['districts']} districts, PostgreSQL {full['server']}",
        "",
        f"Run on {date.today()} on {machine()}; Python {platform.python_version()}, "
        f"Django {django.get_version()}. Data: `generate_data --seed {SEED} --districts "
        f"{full['districts']}` at scale {full['scale']} ({full['items']:,} tracked items, "
        f"{full['updates']:,} updates, database {full['size']}"
        + (f", generated in {full['generated_in']:.0f} s" if full["generated_in"] else "")
        + f") and at {tenth['scale']} ({tenth['items']:,} items, {tenth['updates']:,} "
        f"updates); the baseline is today's one-district data, `generate_data --seed {SEED}` "
        f"({base['items']:,} items, {base['updates']:,} updates, {base['size']}), measured in "
        'the same run, where the one office reads every page. "city" pages are read by the '
        "city's office (gen-city-coordinator-001), \"district\" pages by the first district's "
        "(gen-d01-coordinator-001; its busiest unit's reporter for the reporter's home). "
        f"Load average (1/5/15 min) before and after the full-scale requests: "
        f"{full['load'][0]} → {full['load'][1]}.",
        "",
        "| page | queries city full / ⅒ / one district | queries fixed | median ms city "
        "| p95 city | median ⅒ | median one district | target median | time met |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    footnote = False
    for page in CITY_PAGES:
        a, b, c = (run["pages"].get(page.name) for run in (full, tenth, base))
        if a is None or b is None:
            continue
        # Fixed: the same count on the full city and on a tenth of it. The one-district
        # baseline's office differs as a reader (it also oversees the city), see the note.
        fixed = a["queries"] == b["queries"]
        baseline = "—" if c is None else str(c["queries"])
        if c is not None and c["queries"] != a["queries"]:
            baseline += " †"
            footnote = True
        target = page.max_ms
        if page.compare and c is not None:
            target = CITY_SLOWDOWN * c["median_ms"]
        ok_time = target is None or a["median_ms"] <= target
        label = f"≤ {_ms(target)}" + (f" ({CITY_SLOWDOWN}×)" if page.compare else "")
        lines.append(
            f"| {page.name} | {a['queries']} / {b['queries']} / {baseline} "
            f"| {_verdict(fixed)} | {_ms(a['median_ms'])} | {_ms(a['p95_ms'])} "
            f"| {_ms(b['median_ms'])} | {_ms(c['median_ms']) if c else '—'} "
            f"| {label if target else '—'} | {_verdict(ok_time)} |"
        )
    if footnote:
        lines += [
            "",
            "† The baseline's one office also oversees the city: one query more for the top "
            "bar's 全市 link, whatever the data.",
        ]
    return "\n".join(lines)


def write_section(out: Path, db: str, body: str) -> None:
    start, end = f"<!-- bench:{db} -->", f"<!-- /bench:{db} -->"
    text = out.read_text(encoding="utf-8") if out.exists() else "# Benchmarks\n"
    block = f"{start}\n{body}\n{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end) :]
    else:
        text = text.rstrip("\n") + f"\n\n{block}\n"
    out.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "all"], default="sqlite")
    parser.add_argument("--out", type=Path, help="Markdown file to update (else print)")
    parser.add_argument("--scales", default=",".join(map(str, SCALES)))
    parser.add_argument("--pages", help="only pages whose name matches this regex")
    parser.add_argument("--runs", type=int, help="timed requests per page (default: per page)")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the databases it created")
    parser.add_argument("--explain", help="print query plans of pages matching this regex")
    parser.add_argument("--url", help="measure this existing, generated database instead")
    parser.add_argument(
        "--city",
        nargs="?",
        type=int,
        const=16,
        default=0,
        metavar="N",
        help="the city's pages on N districts (default 16), PostgreSQL; with --url, that "
        "database is the city at full scale",
    )
    parser.add_argument("--districts", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--existing", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--result", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        sys.path.insert(0, str(ROOT))
        return worker(args)
    scales = [float(s) for s in args.scales.split(",")]
    if args.city:
        runs = [
            run_scale("postgres", 1.0, args),  # today's one district: the baseline
            run_scale("postgres", 1.0, args, districts=args.city, url=args.url),
            run_scale("postgres", 0.1, args, districts=args.city),
        ]
        body = render_city(runs)
        if args.out:
            write_section(args.out, "city", body)
        print(body)
        if os.environ.get("BENCH_JSON"):
            Path(os.environ["BENCH_JSON"], "city.json").write_text(json.dumps(runs, indent=1))
        return
    for db in ["sqlite", "postgres"] if args.db == "all" else [args.db]:
        runs = [run_scale(db, scale, args) for scale in scales]
        body = render(db, runs)
        if args.out:
            write_section(args.out, db, body)
        print(body)
        if os.environ.get("BENCH_JSON"):
            Path(os.environ["BENCH_JSON"], f"{db}.json").write_text(json.dumps(runs, indent=1))


if __name__ == "__main__":
    main()
