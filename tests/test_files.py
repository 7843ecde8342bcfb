"""Files follow the transaction (a failed write leaves no file), check_files finds
orphaned and missing files and stale temporary uploads, backup runs it first; odd file
names keep their real extension and come back on download (RFC 5987 filename*)."""

import io
import os
import time
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

from tests.uploads import PDF, png_bytes
from tracker.evidence import NAME_MAX, safe_display_name
from tracker.filecheck import check_files, stored_files
from tracker.models import Evidence
from tracker.services.progress import EvidenceFile, update_submit

pytestmark = pytest.mark.django_db


def stored():
    try:
        return stored_files()
    except FileNotFoundError:
        return []


def submit(world, *files: EvidenceFile):
    """区司法局's reporter submits progress on its own item with these files."""
    return update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="进展(演示)",
        files=list(files),
    )


def pdf():
    return EvidenceFile(upload=SimpleUploadedFile("a.pdf", PDF), description="一")


def png():
    return EvidenceFile(upload=SimpleUploadedFile("b.png", png_bytes()), description="二")


def test_a_file_stored_for_a_failed_write_is_removed(world, monkeypatch):
    original = Evidence.save
    calls = {"n": 0}

    def fails_on_the_second(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise DatabaseError("the database went away mid-write")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Evidence, "save", fails_on_the_second)
    with pytest.raises(DatabaseError):
        submit(world, pdf(), png())
    assert calls["n"] == 2  # the first file was stored, its row saved, then rolled back
    assert stored() == []
    assert not Evidence.objects.exists()


def test_a_successful_write_keeps_its_files(world):
    submit(world, pdf())
    assert stored() == [Evidence.objects.get().file.name]


def test_check_files_reports_orphaned_missing_and_stale_temporary(world, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "upload-tmp")
    os.makedirs(settings.FILE_UPLOAD_TEMP_DIR)
    update = submit(world, pdf(), png())
    kept, lost = update.evidence.order_by("pk")
    default_storage.delete(lost.file.name)
    orphan = default_storage.save("evidence/zz/left-behind.pdf", io.BytesIO(PDF))
    stale = tmp_path / "upload-tmp" / "tmpabc.upload.pdf"
    stale.write_bytes(b"x" * 100)
    old = time.time() - 7200
    os.utime(stale, (old, old))
    report = check_files(min_age=timezone.timedelta(0))
    assert report.orphaned == [orphan]
    assert report.missing == [lost.file.name]
    assert report.stale_temporary == [str(stale)]
    assert kept.file.name not in report.orphaned + report.missing
    # Young files are not orphans yet (an upload in flight).
    assert check_files(min_age=timezone.timedelta(hours=1)).orphaned == []
    out = io.StringIO()
    with pytest.raises(CommandError, match="1 file"):
        call_command("check_files", "--delete", "--min-age-minutes=0", stdout=out)
    assert (
        f"orphaned: {orphan}" in out.getvalue() and f"missing: {lost.file.name}" in out.getvalue()
    )
    assert not default_storage.exists(orphan) and not stale.exists()
    assert default_storage.exists(kept.file.name)


def test_backup_checks_the_files_first(world, tmp_path):
    submit(world, pdf())
    default_storage.delete(Evidence.objects.get().file.name)
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", str(tmp_path / "b.zip"), stdout=out, stderr=err)
    assert "1 missing" in err.getvalue()
    assert (tmp_path / "b.zip").exists()  # the database is still saved


LONG = "关于" + "很长的名字" * 40 + ".pdf"


@pytest.mark.parametrize(
    "name,shown",
    [
        (LONG, None),
        ("report.final.v2.PDF", "report.final.v2.PDF"),
        ("..hidden.pdf", "hidden.pdf"),
        ("C:\\Users\\张三\\桌面\\整改材料.pdf", "整改材料.pdf"),
        ("تقرير\u200f نهائي.pdf", "تقرير نهائي.pdf"),
        ("invoice\u202efdp.pdf", "invoicefdp.pdf"),
        ("a" * 300 + ".pdf", "a" * (NAME_MAX - 4) + ".pdf"),
    ],
)
def test_odd_names_keep_their_extension_and_come_back_on_download(client, world, name, shown):
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:update-create", args=[world["own"].pk]),
        {
            "reported_on": timezone.localdate().isoformat(),
            "text": "进展(演示)",
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-file": SimpleUploadedFile(name, PDF),
            "evidence-0-description": "材料",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    evidence = Evidence.objects.get()
    expected = shown or safe_display_name(name)
    assert evidence.original_name == expected and expected.endswith((".pdf", ".PDF"))
    assert len(evidence.original_name) <= NAME_MAX
    assert evidence.file.name.endswith(".pdf") and evidence.file.name.isascii()
    assert evidence.original_name in client.get(world["own"].get_absolute_url()).content.decode()
    download = client.get(reverse("tracker:evidence-download", args=[evidence.pk]))
    disposition = download["Content-Disposition"]
    assert disposition.startswith("attachment; filename=")
    assert disposition.isascii()
    star = disposition.split("filename*=UTF-8''", 1)[1]
    assert unquote(star) == expected
    fallback = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert fallback.lower().endswith(".pdf")


def test_temporary_uploads_go_to_their_own_directory():
    assert settings.FILE_UPLOAD_TEMP_DIR and os.path.isdir(settings.FILE_UPLOAD_TEMP_DIR)
