"""The seed report in the repository: its text, the fixture built from it, and seed_report."""

import io
import json
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from tests.factories import make_report
from tracker.models import Item, Jurisdiction, Report
from tracker.seed import REPORT_FIXTURE, SEED_REPORT_PATH, seed_report_key, seed_report_text


def test_the_fixture_holds_the_seed_text_verbatim():
    rows = json.loads(REPORT_FIXTURE.read_text(encoding="utf-8"))
    (report,) = [row["fields"] for row in rows if row["model"] == "tracker.report"]
    assert report["source_text"] == seed_report_text()
    assert "是公职律师队伍需要加强" in report["source_text"]  # the damaged marker, kept


def test_the_builder_reproduces_the_fixture_from_the_seed_text():
    built = subprocess.run(
        [sys.executable, "scripts/build_report_fixture.py", str(SEED_REPORT_PATH)],
        cwd=REPORT_FIXTURE.parents[1],
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
    )
    assert built.stdout == REPORT_FIXTURE.read_text(encoding="utf-8")


def test_the_natural_key_is_read_from_the_fixture():
    assert seed_report_key() == {"issuer": "天津市蓟州区人民政府", "year": 2021}


@pytest.mark.django_db
def test_a_report_of_the_same_issuer_and_year_counts_as_loaded():
    existing = make_report(**seed_report_key())
    out = io.StringIO()
    call_command("seed_report", stdout=out)
    assert "already loaded" in out.getvalue()
    assert list(Report.objects.all()) == [existing]
    assert not Item.objects.exists()


@pytest.mark.django_db
def test_it_refuses_to_overwrite_another_report_holding_the_fixtures_id():
    other = make_report(pk=1, issuer="某县人民政府", year=2021, title="某县报告")
    with pytest.raises(CommandError, match=r"tracker\.report"):
        call_command("seed_report", stdout=io.StringIO())
    other.refresh_from_db()
    assert (other.issuer, other.title) == ("某县人民政府", "某县报告")
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_it_loads_beside_reports_with_other_ids():
    city = Jurisdiction.objects.create(pk=1000, name="某市", short_name="某市", level="city")
    county = Jurisdiction.objects.create(
        pk=1001, name="某市某县", short_name="某县", level="district", parent=city
    )
    other = make_report(pk=1000, issuer="某县人民政府", jurisdiction=county)
    call_command("seed_report", stdout=io.StringIO())
    assert Report.objects.filter(**seed_report_key()).get().items.count() == 27
    assert Report.objects.get(pk=other.pk).issuer == "某县人民政府"
