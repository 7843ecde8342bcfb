"""The office-format set: reports as PDF, saved web pages and Word, with hand-written parses.

tests/import_reports_office/3xx_* were made from src/3xx_*.txt by
scripts/build_office_reports.py with real tools (LibreOffice, Chromium), their
expected JSON written from hand annotations and committed before the parser
was changed for them (docs/IMPORTER.md has the before and after figures).
Each must now read and parse exactly as expected, through `import_report` too.
"""

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tracker.importer import parse_report, read_report

OFFICE = Path(__file__).resolve().parent / "import_reports_office"
NAMES = sorted(path.stem for path in OFFICE.glob("*.json"))


def source(name: str) -> Path:
    return next(path for path in OFFICE.glob(f"{name}.*") if path.suffix != ".json")


def expected(name: str) -> dict:
    return json.loads((OFFICE / f"{name}.json").read_text(encoding="utf-8"))


def test_the_set_has_every_format():
    assert len(NAMES) >= 8
    assert {source(name).suffix for name in NAMES} == {".pdf", ".html", ".docx"}


@pytest.mark.parametrize("name", NAMES)
def test_each_office_report_parses_to_its_expected_json(name):
    path = source(name)
    assert parse_report(read_report(path.read_bytes(), path.name)).to_json() == expected(name)


@pytest.mark.parametrize("name", NAMES)
def test_each_expected_text_is_in_the_report_after_its_marker(name):
    path = source(name)
    text = read_report(path.read_bytes(), path.name)
    for kind in ("measures", "shortfalls", "causes", "tasks"):
        for item in expected(name)[kind]:
            places = [m.start() for m in re.finditer(re.escape(item["text"]), text)]
            assert any(text[:at].rstrip(" \u3000").endswith(item["marker"]) for at in places), (
                kind,
                item["number"],
            )


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.django_db
def test_import_report_dry_run_prints_the_parse_of_every_format(name):
    out = StringIO()
    call_command("import_report", str(source(name)), "--dry-run", "--format", "json", stdout=out)
    # No jurisdiction of this database is the invented issuer's, nor last year's report.
    assert json.loads(out.getvalue()) == {
        **expected(name),
        "jurisdiction": None,
        "previous_report": None,
        "continuity": {"repeats": [], "continues": [], "unfinished": []},
    }


def test_no_running_header_or_page_number_is_left_in_a_pdf():
    for name in NAMES:
        path = source(name)
        if path.suffix == ".pdf":
            text = read_report(path.read_bytes(), path.name)
            assert not re.search(r"^[-—]\s*\d+\s*[-—]$|file://", text, re.MULTILINE), name
