"""Files that expand hugely are refused, or read, in bounded memory.

Each bomb is read in a fresh Python process (the readers warmed up first, as
in a worker that has served imports), and the process's peak resident memory
(getrusage's ru_maxrss, a high-water mark) is compared before and after:
whatever a file holds, reading it may take at most 100 MB above that. The
figures are in docs/IMPORTER.md.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import bombs
from tests.factories import make_user
from tracker.importer import ReportImportError, read_report
from tracker.importer.formats import limits
from tracker.importer.messages import SPREADSHEET, TOO_EXPANDED

ROOT = Path(__file__).resolve().parents[1]
BOUND_KB = 100 * 1024
MEASURE = """
import json, os, resource, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from tests import bombs
from tracker.importer import ReportImportError, read_report
from tracker.importer.writers import report_docx

# Warm up: every reader's code loaded and used once.
read_report(bombs.text_pdf(["Warm up the PDF reader."] * 30), "warm.pdf")
read_report(report_docx("warm up the Word reader"), "warm.docx")
read_report(b"<html><body><p>warm up</p></body></html>", "warm.html")
data = open(sys.argv[1], "rb").read()
idle = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
try:
    read_report(data, sys.argv[2])
    outcome = "read"
except ReportImportError as error:
    outcome = str(error)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"idle_kb": idle, "peak_kb": peak, "outcome": outcome}))
"""
BOMBS = {
    "docx_with_huge_image": "report.docx",
    "docx_with_huge_xml": "report.docx",
    "xlsx_with_huge_sheet": "report.xlsx",
    "pdf_with_huge_content": "report.pdf",
    "pdf_with_many_glyphs": "report.pdf",
}
# The Word file's text is read (its image never is); the others are refused.
OUTCOMES = {
    "docx_with_huge_image": "read",
    "docx_with_huge_xml": TOO_EXPANDED,
    "xlsx_with_huge_sheet": SPREADSHEET,
    "pdf_with_huge_content": TOO_EXPANDED,
    "pdf_with_many_glyphs": TOO_EXPANDED,
}


def measure(tmp_path, name: str) -> dict:
    path = tmp_path / BOMBS[name]
    path.write_bytes(getattr(bombs, name)())
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, str(path), BOMBS[name]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name", BOMBS)
def test_a_bomb_is_read_or_refused_within_100_mb_above_the_idle_process(tmp_path, name):
    figures = measure(tmp_path, name)
    grown = figures["peak_kb"] - figures["idle_kb"]
    assert grown < BOUND_KB, figures
    assert figures["outcome"] == OUTCOMES[name], figures


def test_the_word_reader_never_reads_the_images():
    """The 300 MB image is not even inflated: the text beside it reads as usual."""
    assert read_report(bombs.docx_with_huge_image(), "report.docx") == "ok"


def test_a_stream_just_under_the_limit_is_read_and_one_over_it_refused():
    from tracker.importer.formats.pdf import _inflate

    within = bombs.deflated(b" ", limits.MAX_STREAM_BYTES, raw=False)[0]
    assert _inflate(within, keep=False) == limits.MAX_STREAM_BYTES
    beyond = bombs.deflated(b" ", limits.MAX_STREAM_BYTES + 1024 * 1024, raw=False)[0]
    with pytest.raises(ReportImportError, match=TOO_EXPANDED):
        _inflate(beyond, keep=False)


@pytest.mark.django_db
def test_a_bomb_uploaded_to_the_import_page_gets_a_clear_message(client):
    client.force_login(make_user("dora", role="coordinator"))
    upload = SimpleUploadedFile("report.docx", bombs.docx_with_huge_xml())
    response = client.post(reverse("tracker:import-start"), {"file": upload})
    assert response.status_code == 200
    assert "文件解压后内容过大,已拒绝读取。" in response.content.decode()
