"""Importing the seed report reproduces the hand-checked fixture, item for item."""

import json
from pathlib import Path

import pytest

from tests.factories import default_district
from tracker.importer import parse_report
from tracker.importer.service import report_import
from tracker.models import Item
from tracker.seed import seed_report_text as seed_text

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "report_2021.json"


def fixture_items() -> dict[tuple, dict]:
    rows = [
        o for o in json.loads(FIXTURE.read_text(encoding="utf-8")) if o["model"] == "tracker.item"
    ]
    numbers = {o["pk"]: o["fields"]["number"] for o in rows}
    return {
        (o["fields"]["kind"], numbers.get(o["fields"]["parent"]), o["fields"]["number"]): o[
            "fields"
        ]
        for o in rows
    }


@pytest.mark.django_db
def test_importing_the_seed_gives_the_fixtures_items_and_texts():
    source = seed_text()
    report = report_import(
        parsed=parse_report(source), source_text=source, jurisdiction=default_district()
    )
    imported = {
        (i.kind, i.parent.number if i.parent_id else None, i.number): i
        for i in Item.objects.filter(report=report).select_related("parent")
    }
    expected = fixture_items()
    assert set(imported) == set(expected)
    for key, fields in expected.items():
        item = imported[key]
        assert item.text == fields["text"], key
        assert item.marker == fields["marker"], key
        assert item.title == fields["title"], key
        assert item.sequence == fields["sequence"], key
    assert (report.issuer, report.year, str(report.signed_on)) == (
        "天津市蓟州区人民政府",
        2021,
        "2022-02-22",
    )
