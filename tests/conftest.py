import io
import json
import time
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import make_item, make_report, make_unit, make_user, office_unit
from tracker.models import Jurisdiction
from tracker.seed import seeded_report


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.SECURE_SSL_REDIRECT = False
    # Each test starts in the default language: LocaleMiddleware leaves the language of
    # the last request active in the thread (an English request made the next test's
    # service messages English).
    translation.deactivate()


@pytest.fixture
def seeded(db):
    """The 2021 Jizhou report loaded from fixtures/report_2021.json."""
    call_command("seed_report", verbosity=0, stdout=io.StringIO())
    return seeded_report()


@pytest.fixture
def demo(db):
    """The report plus the labelled demo data (users, owners, progress)."""
    call_command("seed_demo", stdout=io.StringIO())
    return seeded_report()


@pytest.fixture
def world(db):
    """Two units, an item each, and one user per role (alice/bob/charlie style); lily leads
    区司法局."""
    sfj = make_unit(name="蓟州区司法局(测试)", short_name="区司法局")
    scjg = make_unit(name="蓟州区市场监管局(测试)", short_name="区市场监管局")
    report = make_report()
    own = make_item(report=report, lead_unit=sfj, title="司法局牵头的任务")
    other = make_item(report=report, lead_unit=scjg, title="市场监管局牵头的任务")
    supported = make_item(
        report=report, lead_unit=scjg, supporting_units=[sfj], title="司法局配合的任务"
    )
    cause = make_item(report=report, kind="cause", title="一个原因")
    district_2 = Jurisdiction.objects.create(
        name="测试市第二区",
        short_name="第二区",
        level="district",
        parent=report.jurisdiction.parent,
    )
    return {
        "report": report,
        "sfj": sfj,
        "scjg": scjg,
        "own": own,
        "other": other,
        "supported": supported,
        "cause": cause,
        "reporter": make_user("alice", role="reporter", units=[sfj]),
        "other_reporter": make_user("bob", role="reporter", units=[scjg]),
        "viewer": make_user("charlie", role="viewer"),
        "coordinator": make_user("dora", role="coordinator"),
        "admin": make_user("root", role="administrator", is_staff=True, is_superuser=True),
        "leader": make_user("lily", role="unit_leader", units=[sfj]),
        # Another district of the same city, and the city's own office.
        "coordinator_2": make_user("erin", role="coordinator", units=[office_unit(district_2)]),
        "reporter_2": make_user(
            "fred",
            role="reporter",
            units=[make_unit(jurisdiction=district_2, short_name="二区司法局")],
        ),
        "city": make_user("gina", role="coordinator", units=[office_unit(district_2.parent)]),
    }


@pytest.fixture
def submitted(world, settings, tmp_path):
    """An update of 区司法局's own task, submitted with a PDF and waiting for review."""
    from django.utils import timezone

    from tests.uploads import pdf_upload
    from tracker.services.progress import EvidenceFile, update_submit

    item = world["own"]
    item.due_on = timezone.localdate()
    item.save()
    return update_submit(
        item=item,
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="进展",
        files=[EvidenceFile(pdf_upload(), "材料")],
    )


def pytest_sessionstart(session):
    session.config.fuzz_started = time.time()


def pytest_terminal_summary(terminalreporter, config):
    """How many inputs the fuzz tests of tests/test_fuzz_forms.py tried, per database
    (each test process writes its count to test-artifacts/)."""
    if hasattr(config, "workerinput"):
        return
    totals: Counter = Counter()
    folder = Path(__file__).resolve().parent.parent / "test-artifacts"
    for path in folder.glob("fuzz-counts-*.json"):
        if path.stat().st_mtime >= getattr(config, "fuzz_started", 0):
            totals.update(json.loads(path.read_text()))
    if totals:
        tried = ", ".join(f"{vendor} {count}" for vendor, count in sorted(totals.items()))
        terminalreporter.write_line(f"fuzz inputs tried (every list filter and form): {tried}")
