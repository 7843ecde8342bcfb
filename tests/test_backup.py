"""Backup and restore round-trip a populated database and its evidence files."""

import hashlib
import io
import zipfile

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from tracker.models import Evidence

pytestmark = pytest.mark.django_db(transaction=True)

MODELS = [
    "tracker.Report",
    "tracker.Item",
    "tracker.ItemLink",
    "tracker.Indicator",
    "tracker.Measurement",
    "tracker.ProgressUpdate",
    "tracker.Evidence",
    "tracker.Reminder",
    "tracker.ExtensionRequest",
    "tracker.Unit",
    "tracker.Membership",
    "tracker.HistoricalItem",
    "auth.User",
    "auth.Group",
]


def state() -> dict:
    snapshot = {}
    for label in MODELS:
        model = apps.get_model(label)
        snapshot[label] = sorted(map(repr, model.objects.order_by("pk").values_list()))
    snapshot["files"] = {e.file.name: e.file.read() for e in Evidence.objects.exclude(file="")}
    snapshot["attachments"] = {
        x.attachment.name: x.attachment.read()
        for x in apps.get_model("tracker.ExtensionRequest").objects.exclude(attachment="")
    }
    snapshot["user groups"] = sorted(
        apps.get_model("auth.User").objects.values_list("username", "groups__name")
    )
    return snapshot


def empty_database():
    call_command("flush", "--no-input", verbosity=0)
    for name in list(Evidence.objects.values_list("file", flat=True)):
        default_storage.delete(name)
    from django.contrib.auth.models import Group, Permission

    from tracker.roles import sync_roles

    sync_roles(Group, Permission)


def test_round_trip_keeps_everything(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    # A unit's signed 延期申请表 is a stored file too.
    request = apps.get_model("tracker.ExtensionRequest").objects.first()
    content = b"%PDF-1.4 signed"
    request.attachment_sha256 = hashlib.sha256(content).hexdigest()
    request.attachment_size = len(content)
    request.attachment.save("延期申请表.pdf", ContentFile(content), save=True)
    before = state()
    assert before["files"], "the demo has evidence files"
    target = tmp_path / "backup.zip"
    call_command("backup", str(target), stdout=io.StringIO())
    empty_database()
    for name in [*before["files"], *before["attachments"]]:
        default_storage.delete(name)
    assert not apps.get_model("tracker.Report").objects.exists()
    call_command("restore", str(target), stdout=io.StringIO())
    assert state() == before
    # New rows after a restore get fresh keys (sequences moved past the restored ones).
    from tests.factories import make_unit

    make_unit()


def test_restore_refuses_a_damaged_backup_and_writes_nothing(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    good = tmp_path / "good.zip"
    call_command("backup", str(good), stdout=io.StringIO())
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("media/"):
                data = data + b"tampered"
            target.writestr(info, data)
    empty_database()
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=io.StringIO())
    assert not apps.get_model("tracker.Report").objects.exists()


def test_restore_refuses_a_non_empty_database(tmp_path):
    call_command("seed_demo", stdout=io.StringIO())
    target = tmp_path / "b.zip"
    call_command("backup", str(target), stdout=io.StringIO())
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(target), stdout=io.StringIO())
