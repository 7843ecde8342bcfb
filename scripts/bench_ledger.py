"""Time the ledger export for N items on a throwaway SQLite database.

    .venv/bin/python scripts/bench_ledger.py [N]        (default 10000)

Fills the database with `generate_data` (N tracked items: scale N / 10 000),
moves every item into the latest report as `make bench` does for its 10 000-item
ledger (and their history too, for the "as of" figures), then times the .xlsx
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
from django.db.models import F  # noqa: E402
from django.utils import timezone  # noqa: E402

from scripts.bench import SEED, one_report  # noqa: E402
from tracker.models import Item  # noqa: E402
from tracker.summaries import ledger  # noqa: E402
from tracker.summaries.asof import AsOf  # noqa: E402
from tracker.summaries.figures import Scope, dashboard  # noqa: E402
from tracker.summaries.forms import latest_report  # noqa: E402


def timed(label: str, action) -> None:
    started = time.perf_counter()
    detail = action()
    print(f"{label:<28} {time.perf_counter() - started:6.2f} s  {detail}")


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("generate_data", seed=SEED, scale=count / 10_000, stdout=quiet)
    with one_report():
        report = latest_report()
        # one_report numbered each item pk + offset; its history follows, for "as of".
        moved = Item.objects.only("pk", "sequence").first()
        Item.history.update(report_id=report.pk, sequence=F("id") + moved.sequence - moved.pk)
        tracked = Item.objects.filter(report=report).tracked().count()
        print(f"{tracked} tracked items in one report on SQLite ({DB})")
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
