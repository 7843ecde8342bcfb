"""Backups: the whole database (dumpdata) and every stored file (evidence, signed extension
requests), in one zip with checksums.

A backup is restorable into an empty, migrated database of either engine
(SQLite or PostgreSQL): `manage.py backup FILE` then `manage.py restore FILE`.
"""

import hashlib
import io
import json
import zipfile
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from .filecheck import named_files

# Rebuilt by migrations or irrelevant to a restore (background exports are made again
# on request; their files are not kept).
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "axes", "tracker.exportjob"]
# 2: data.json in the exact JSON format (tracker/serializers.py); 1: data.xml, whose
# reader strips the whitespace around texts, still restorable.
FORMAT_VERSION = 2
DATA = {1: ("data.xml", "xml"), 2: ("data.json", "exact_json")}


class BackupError(Exception):
    pass


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def backup_write(*, path: Path) -> dict:
    """Write the backup zip; return its manifest."""
    data = io.StringIO()
    name, form = DATA[FORMAT_VERSION]
    call_command("dumpdata", format=form, natural_foreign=True, exclude=EXCLUDED, stdout=data)
    payload = data.getvalue().encode("utf-8")
    manifest = {
        "format": FORMAT_VERSION,
        "created": timezone.now().isoformat(),
        "data_sha256": _sha256(payload),
        "files": {},
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, payload)
        # Every file a kept row names (evidence, extension requests' attachments).
        for name in sorted(named_files(skip=tuple(e for e in EXCLUDED if "." in e))):
            try:
                with default_storage.open(name, "rb") as handle:
                    content = handle.read()
            except FileNotFoundError:  # reported by check_files; the rest is still saved
                manifest.setdefault("missing", []).append(name)
                continue
            manifest["files"][name] = _sha256(content)
            archive.writestr(f"media/{name}", content)
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _check(archive: zipfile.ZipFile) -> dict:
    try:
        manifest = json.loads(archive.read("manifest.json"))
        if manifest.get("format") not in DATA:
            raise BackupError(f"unknown backup format {manifest.get('format')!r}")
        name, _form = DATA[manifest["format"]]
        payload = archive.read(name)
    except KeyError as missing:
        raise BackupError(f"not a tracker backup: {missing} is missing") from missing
    if _sha256(payload) != manifest["data_sha256"]:
        raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    for name, digest in manifest["files"].items():
        if name.startswith(("/", "..")) or ".." in Path(name).parts:
            raise BackupError(f"unsafe file name in backup: {name}")
        if _sha256(archive.read(f"media/{name}")) != digest:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    return manifest


@transaction.atomic
def backup_restore(*, path: Path) -> dict:
    """Load a backup into an empty database and put its files back."""
    from .models import Report

    if Report.objects.exists():
        raise BackupError("the database is not empty: restore into a freshly migrated database")
    with zipfile.ZipFile(path) as archive:
        manifest = _check(archive)
        # Migrations created the role groups; the backup carries its own (same
        # names, possibly other keys), so the fresh ones make way.
        Group.objects.all().delete()
        name, form = DATA[manifest["format"]]
        with_suffix = Path(path).with_suffix(f".restore.{form}")
        try:
            with_suffix.write_bytes(archive.read(name))
            # The backup carries the history itself; loading many-to-many rows
            # must not write new history records on top of it.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(with_suffix), format=form, verbosity=0)
        finally:
            with_suffix.unlink(missing_ok=True)
        for name in manifest["files"]:
            if default_storage.exists(name):
                default_storage.delete(name)
            saved = default_storage.save(name, ContentFile(archive.read(f"media/{name}")))
            if saved != name:
                raise BackupError(f"could not restore {name} under its own name")
    _reset_sequences()
    return manifest


def _reset_sequences() -> None:
    """After loading explicit primary keys, PostgreSQL sequences must move past them."""
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    models = [m for config in apps.get_app_configs() for m in config.get_models()]
    for sql in connection.ops.sequence_reset_sql(no_style(), models):
        with connection.cursor() as cursor:
            cursor.execute(sql)
