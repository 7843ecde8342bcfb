"""What row-level security costs a district's pages, on a generated city (PostgreSQL).

    DATABASE_URL=postgres://ROLE@127.0.0.1:5432/CITY .venv/bin/python scripts/bench_rls.py \
        [--rounds 4] [--runs 30] [--pages REGEX] [--bypass]

The policies must be on (`manage.py row_security --enable`); ROLE must be a plain role
(neither superuser nor BYPASSRLS) with the tables granted, or connect as a superuser and
set DATABASE_ROLE to one. The district's pages (scripts/bench.py CITY_PAGES, read by the
first district's coordinator and its busiest unit's reporter, plus the reporter's item
list) in alternating rounds: "on" (RowSecurityMiddleware sets the scope: the policies
filter) then "off" (no middleware: the same policies, unrestricted), as the same role on
one persistent connection; --bypass adds a third arm as the connecting superuser (RESET
ROLE: no policy applies, the plans of dormant policies, i.e. of today). Each arm: 3 warm-ups, then the median of --runs requests; printed per round,
then the median of the rounds' medians per page and arm, with the load average.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("DJANGO_MANIFEST_STATIC", "0")  # no collectstatic needed
os.environ.setdefault("DATABASE_CONN_MAX_AGE", "3600")  # one connection for every arm


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=4)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--pages", default="^district")
    parser.add_argument("--bypass", action="store_true")
    args = parser.parse_args()

    import re

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from scripts.bench import CITY_PAGES, CityPage, _item_list, city_fixture, load
    from tracker.rowsecurity import current_scope

    f = city_fixture(16)
    reporter_list = CityPage("district: reporter's item list", "reporter", _item_list(), None)
    pages = [p for p in [*CITY_PAGES, reporter_list] if re.search(args.pages, p.name)]
    urls = {p.name: p.url(f) for p in pages}
    role = os.environ.get("DATABASE_ROLE", "")

    def arm(name: str) -> dict:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE" if name == "bypass" else f"SET ROLE {role or 'NONE'}")
            cursor.execute(
                "SELECT current_user, usesuper FROM pg_user WHERE usename = current_user"
            )
            who = cursor.fetchone()
        with override_settings(TRACKER_ROW_SECURITY=name == "on"):
            results = {}
            for page in pages:
                client = Client()  # loads the middleware anew: on or off
                client.force_login(f[page.user])

                def get(client=client, url=urls[page.name], name=page.name):
                    response = client.get(url)
                    assert response.status_code == 200, (name, response.status_code)
                    return response

                for _ in range(3):
                    get()
                sent = []

                def count(execute, sql, params, many, context, sent=sent):
                    sent.append(sql)
                    return execute(sql, params, many, context)

                with connection.execute_wrapper(count):
                    get()
                times = []
                for _ in range(args.runs):
                    started = time.perf_counter()
                    get()
                    times.append((time.perf_counter() - started) * 1000)
                results[page.name] = (statistics.median(times), len(sent))
        assert current_scope() in (None, ""), "a scope was left on the connection"
        print(f"  [{name}: {who[0]}{' (superuser)' if who[1] else ''}, load {load()}]")
        return results

    arms = ["on", "off"] + (["bypass"] if args.bypass else [])
    rounds = {name: [] for name in arms}
    for number in range(args.rounds):
        order = arms if number % 2 == 0 else arms[::-1]
        for name in order:
            rounds[name].append(arm(name))
        print(f"round {number + 1}, load {load()}", flush=True)
        for page in pages:
            cells = "  ".join(
                f"{n} {rounds[n][-1][page.name][0]:6.1f} ms ({rounds[n][-1][page.name][1]} q)"
                for n in arms
            )
            print(f"  {page.name:45} {cells}", flush=True)
    print(f"\nmedian of {args.rounds} rounds' medians ({args.runs} requests each), load {load()}")
    for page in pages:
        medians = {n: statistics.median(r[page.name][0] for r in rounds[n]) for n in arms}
        diff = medians["on"] - medians["off"]
        cells = "  ".join(f"{n} {m:6.1f}" for n, m in medians.items())
        print(f"| {page.name} | {cells} | {diff:+.1f} ms ({diff / medians['off']:+.1%}) |")


if __name__ == "__main__":
    main()
