"""The report the app is seeded with: Jizhou District's report on 2021.

`fixtures/source/jizhou_2021.txt` is the report's own text, verbatim (its typos
and damaged markers included); `scripts/build_report_fixture.py` turns it into
`fixtures/report_2021.json`, which `manage.py seed_report` loads. Plain Python
(no Django), so the fixture builder and the tests read the same files.
"""

import json
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SEED_REPORT_PATH = FIXTURES / "source" / "jizhou_2021.txt"
REPORT_FIXTURE = FIXTURES / "report_2021.json"


def seed_report_text() -> str:
    return SEED_REPORT_PATH.read_text(encoding="utf-8")


def report_fixture_rows() -> list[dict]:
    return json.loads(REPORT_FIXTURE.read_text(encoding="utf-8"))


def seed_report_key() -> dict:
    """The fixture report's natural key, as Report lookups take it: issuer and year."""
    (fields,) = [row["fields"] for row in report_fixture_rows() if row["model"] == "tracker.report"]
    return {"issuer": fields["issuer"], "year": fields["year"]}


def seeded_report():
    """The fixture's report if it is loaded (same issuer and year), else None."""
    from .models import Report  # here, so the fixture builder runs without Django

    return Report.objects.filter(**seed_report_key()).first()
