"""Time the ledger export for N items on a throwaway SQLite database.

    .venv/bin/python scripts/bench_ledger.py [N]        (default 10000)

Builds N tracked items with history, supporting units, links, an approved
update and evidence each (tests.summary_data.bulk_items), then times the .xlsx
and CSV ledgers and the dashboard figures, live and as of today.
"""

import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB = Path(tempfile.mkdtemp()) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402

from tests.factories import make_unit  # noqa: E402
from tests.summary_data import bulk_items  # noqa: E402
from tracker.summaries import ledger  # noqa: E402
from tracker.summaries.asof import AsOf  # noqa: E402
from tracker.summaries.figures import Scope, dashboard  # noqa: E402


def timed(label: str, action) -> None:
    started = time.perf_counter()
    detail = action()
    print(f"{label:<28} {time.perf_counter() - started:6.2f} s  {detail}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    report = bulk_items(count, units=[make_unit() for _ in range(30)])
    print(f"{count} items on SQLite ({DB})")
    for label, day in (("live", None), ("as of today", timezone.localdate())):
        scope = Scope(report=report, as_of=AsOf.of(day))

        def xlsx(scope=scope):
            with tempfile.TemporaryFile() as stream:
                ledger.write_xlsx(scope, stream)
                return f"{stream.tell() / 1e6:.1f} MB"

        def csv(scope=scope):
            return f"{sum(len(chunk) for chunk in ledger.csv_chunks(scope)) / 1e6:.1f} M chars"

        def board(scope=scope):
            return f"{dashboard(scope).tally.tracked} items counted"

        timed(f"ledger.xlsx, {label}", xlsx)
        timed(f"ledger.csv, {label}", csv)
        timed(f"dashboard figures, {label}", board)
    DB.unlink()
    DB.parent.rmdir()


if __name__ == "__main__":
    main()
