"""The `summarize` command: the same figures for scheduled reports, clear errors on bad input."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from tests.factories import make_report
from tests.summary_data import build_scenario, day
from tracker.management.commands.summarize import Command
from tracker.summaries.asof import AsOf
from tracker.summaries.figures import Scope, dashboard

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return build_scenario()


def run(*args) -> str:
    out = io.StringIO()
    call_command("summarize", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_markdown_to_stdout_by_default_for_the_latest_report(s):
    make_report(year=2019)  # an older report is not the default
    text = run("--as-of", day(25).isoformat())
    assert text.startswith("# 2021年度法治政府建设情况报告整改落实情况\n")
    assert "共跟踪整改事项3项" in text
    assert "### (一)不足一 公职律师队伍需要加强" in text


def test_json_carries_the_dashboards_figures(s):
    data = json.loads(run("--format", "json", "--as-of", day(15).isoformat()))
    board = dashboard(Scope(report=s.report, as_of=AsOf.of(day(15))))
    assert data["as_of"] == day(15).isoformat() and data["from_history"] is True
    assert data["totals"] == {
        "tracked": board.tally.tracked,
        "closed": board.tally.closed,
        "open": board.tally.open,
        "overdue": board.tally.overdue,
        "due_soon": board.tally.due_soon,
    }
    assert data["by_status"]["in_progress"] == 2
    assert data["by_light"] == {"red": 1, "yellow": 1, "green": 1}
    task = next(item for item in data["items"] if item["label"] == "任务一")
    assert task["latest_progress"]["update"] == s.a.pk
    assert task["evidence_count"] == 1
    assert [u["name"] for u in data["units"]] == [u.name for u in board.units]


def test_docx_and_xlsx_need_an_output_path(s):
    for fmt in ("docx", "xlsx"):
        with pytest.raises(CommandError, match="--output"):
            run("--format", fmt)


def test_writes_docx_and_xlsx_files(s, tmp_path):
    docx_path, xlsx_path = tmp_path / "summary.docx", tmp_path / "ledger.xlsx"
    run("--format", "docx", "--output", str(docx_path), "--report", str(s.report.pk))
    run("--format", "xlsx", "--output", str(xlsx_path), "--as-of", day(25).isoformat())
    assert Document(str(docx_path)).paragraphs[0].text.endswith("整改落实情况")
    sheet = load_workbook(xlsx_path).active
    assert sheet.freeze_panes == "A3" and sheet.max_row == 2 + 3  # title, header, 3 items


def test_markdown_and_draft_to_a_file(s, tmp_path):
    target = tmp_path / "draft.md"
    assert run("--document", "draft", "--output", str(target)) == ""
    assert "## 来源" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2026-02-30"], "--as-of must be a date YYYY-MM-DD"),
        (["--as-of", "tomorrow"], "--as-of must be a date YYYY-MM-DD"),
        (["--report", "999"], "no such report"),
        (["--format", "pdf"], "invalid choice"),
        (["--document", "draft", "--format", "json"], "md or docx only"),
        (["--format", "md", "--output", "/no/such/dir/x.md"], "does not exist"),
    ],
)
def test_bad_arguments_raise_command_error(s, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_a_future_date_is_refused(s):
    future = (timezone.localdate() + timedelta(days=1)).isoformat()
    with pytest.raises(CommandError, match="in the future"):
        run("--as-of", future)


def test_no_report_loaded(db):
    with pytest.raises(CommandError, match="seed_report"):
        run()


def test_help_explains_the_options():
    text = Command().create_parser("manage.py", "summarize").format_help()
    for option in ("--report", "--as-of", "--format", "--output", "md,json,docx,xlsx"):
        assert option in text
