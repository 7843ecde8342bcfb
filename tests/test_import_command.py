"""The import_report command and the report_import service it calls."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.import_support import sample_upload
from tracker.importer import ReportImportError, parse_report
from tracker.importer.service import report_import
from tracker.models import Item, ItemLink, Jurisdiction, Kind, LinkKind, Report, Status
from tracker.seed import SEED_REPORT_PATH
from tracker.seed import seed_report_text as seed_text


@pytest.fixture
def jizhou(db):
    """The seed report's issuer in the jurisdiction tree: 天津市 → 天津市蓟州区."""
    city = Jurisdiction.objects.create(name="天津市", short_name="天津市", level="city")
    return Jurisdiction.objects.create(
        name="天津市蓟州区", short_name="蓟州区", level="district", parent=city
    )


@pytest.fixture(autouse=True)
def _jurisdictions(request):
    """Tests that touch the database find 蓟州区 there."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("jizhou")


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_dry_run_creates_nothing():
    out, _ = run(str(SEED_REPORT_PATH), "--dry-run")
    assert "不足 5 项,原因 5 项,任务 6 项" in out
    assert "试运行" in out
    assert Report.objects.count() == 0
    assert Item.objects.count() == 0


@pytest.mark.django_db
def test_json_output_is_the_parse():
    out, err = run(str(SEED_REPORT_PATH), "--format", "json", "--dry-run")
    assert json.loads(out) == {
        **parse_report(seed_text()).to_json(),
        "jurisdiction": "天津市蓟州区",
        # No 2020 report in the database (tests/test_continuity.py has one).
        "previous_report": None,
        "continuity": {"repeats": [], "continues": [], "unfinished": []},
    }
    assert "试运行" in err
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_json_without_dry_run_still_imports_and_keeps_stdout_pure_json():
    out, err = run(str(SEED_REPORT_PATH), "--format", "json")
    assert json.loads(out)["year"] == 2021
    assert "已导入" in err
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_a_real_import_creates_the_report_its_items_and_links():
    out, _ = run(str(SEED_REPORT_PATH))
    report = Report.objects.get()
    assert (report.issuer, report.year) == ("天津市蓟州区人民政府", 2021)
    assert str(report.signed_on) == "2022-02-22"
    assert str(report.published_on) == "2022-03-18"
    assert report.source_text == seed_text()
    counts = {kind: report.items.filter(kind=kind).count() for kind in Kind.values}
    assert counts == {"measure": 11, "shortfall": 5, "cause": 5, "task": 6}
    assert list(report.items.values_list("sequence", flat=True)) == list(range(1, 28))
    explains = ItemLink.objects.filter(kind=LinkKind.EXPLAINS)
    assert sorted((link.source.number, link.target.number) for link in explains) == [
        (n, n) for n in range(1, 6)
    ]
    assert ItemLink.objects.filter(kind=LinkKind.ADDRESSES).exists()
    assert "已导入报告" in out


@pytest.mark.django_db
def test_imported_items_keep_numbers_parents_and_statuses():
    run(str(SEED_REPORT_PATH), "--no-links")
    measures = Item.objects.filter(kind=Kind.MEASURE).order_by("sequence")
    assert [(m.number, m.parent.number if m.parent else None) for m in measures] == [
        (1, None),
        (1, 1),
        (2, 1),
        (3, 1),
        (2, None),
        (1, 2),
        (2, 2),
        (3, 2),
        (4, 2),
        (5, 2),
        (6, 2),
    ]
    second = Item.objects.get(kind=Kind.SHORTFALL, number=2)
    assert (second.marker, second.title) == ("", "公职律师队伍需要加强")
    assert second.text.startswith("是公职律师")
    assert set(Item.objects.tracked().values_list("status", flat=True)) == {Status.NOT_STARTED}
    assert set(
        Item.objects.exclude(kind__in=["shortfall", "task"]).values_list("status", flat=True)
    ) == {""}
    assert ItemLink.objects.count() == 0


@pytest.mark.django_db
def test_importing_twice_is_refused_and_leaves_one_report():
    run(str(SEED_REPORT_PATH))
    items = Item.objects.count()
    with pytest.raises(CommandError, match="已经导入,不能重复导入"):
        run(str(SEED_REPORT_PATH))
    assert Report.objects.count() == 1
    assert Item.objects.count() == items


@pytest.mark.django_db
def test_a_word_sample_imports(tmp_path):
    data, name = sample_upload("105_donghu")
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(CommandError, match="辖区"):  # 东湖县 is no jurisdiction here
        run(str(path))
    out, _ = run(str(path), "--jurisdiction", "蓟州区")
    report = Report.objects.get()
    assert (report.issuer, report.jurisdiction.short_name) == ("东湖县人民政府", "蓟州区")
    assert report.items.filter(kind=Kind.TASK).count() == 3
    assert "未归类的段落 2 段" in out


@pytest.mark.django_db
def test_causes_written_under_shortfalls_are_linked_to_them(tmp_path):
    data, name = sample_upload("106_xiling")
    path = tmp_path / name
    path.write_bytes(data)
    run(str(path), "--jurisdiction", "蓟州区")
    links = ItemLink.objects.filter(kind=LinkKind.EXPLAINS)
    assert sorted((link.source.number, link.target.number) for link in links) == [(1, 1), (2, 3)]


def _junk(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


BAD_INPUT = [
    ("empty.txt", b"", "文件为空"),
    ("blank.txt", b" \n\t\n", "文件为空"),
    ("story.txt", "今天天气很好。\n我们去公园散步。".encode(), "未找到报告"),
    ("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "图片"),
    ("junk.txt", bytes(range(256)) * 8, "无法识别文件编码"),
    ("utf16.txt", "二、存在的问题\n一是不足。\n".encode("utf-16"), "无法识别文件编码"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "message"), BAD_INPUT)
def test_bad_input_fails_with_a_chinese_message_and_creates_nothing(tmp_path, name, data, message):
    with pytest.raises(CommandError, match=message):
        run(str(_junk(tmp_path, name, data)))
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_a_20_mb_file_is_refused(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(CommandError, match="文件过大"):
        run(str(path))
    assert Report.objects.count() == 0


def test_bad_input_exits_non_zero(tmp_path):
    """Run as a user would: CommandError becomes exit status 1 with the message."""
    import subprocess
    import sys

    path = _junk(tmp_path, "empty.txt", b"")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_report", str(path), "--dry-run"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
        check=False,
    )
    assert result.returncode == 1
    assert "文件为空" in result.stderr


@pytest.mark.django_db
def test_the_service_refuses_a_duplicate_without_creating_anything(jizhou):
    parsed = parse_report(seed_text())
    report_import(parsed=parsed, source_text=seed_text(), jurisdiction=jizhou)
    with pytest.raises(ReportImportError, match="已经导入"):
        report_import(parsed=parsed, source_text=seed_text(), jurisdiction=jizhou)
    assert Report.objects.count() == 1


@pytest.mark.django_db
def test_the_service_refuses_a_report_without_a_year(jizhou):
    parsed = parse_report("二、存在的问题\n一是执法力量不足。")
    assert parsed.year is None
    with pytest.raises(ReportImportError, match="年度"):
        report_import(parsed=parsed, source_text="", jurisdiction=jizhou)
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_the_service_refuses_a_publication_date_before_signing(jizhou):
    parsed = parse_report(seed_text())
    with pytest.raises(ReportImportError, match="发布日期不能早于成文日期"):
        report_import(
            parsed=parsed,
            source_text=seed_text(),
            jurisdiction=jizhou,
            published_on=date(2022, 1, 1),
        )
    assert Report.objects.count() == 0


@pytest.mark.django_db
def test_the_service_stores_an_explicit_publication_date(jizhou):
    parsed = parse_report(seed_text())
    report = report_import(
        parsed=parsed, source_text=seed_text(), jurisdiction=jizhou, published_on=date(2022, 4, 1)
    )
    assert report.published_on == date(2022, 4, 1)


@pytest.mark.django_db
def test_a_report_needs_a_jurisdiction(jizhou):
    parsed = parse_report(seed_text())
    with pytest.raises(ReportImportError) as refused:
        report_import(parsed=parsed, source_text=seed_text(), jurisdiction=None)
    assert refused.value.field == "jurisdiction" and Report.objects.count() == 0
    report = report_import(parsed=parsed, source_text=seed_text(), jurisdiction=jizhou)
    assert report.jurisdiction == jizhou
