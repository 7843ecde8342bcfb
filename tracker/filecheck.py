"""Stored files against the rows that name them: orphaned files (stored, named by no
row: a rolled-back write, a deleted row) and missing ones (named, not stored), plus
temporary upload files a killed worker left behind. Used by `check_files` and `backup`."""

import contextlib
import os
import time
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils import timezone


@dataclass
class FileReport:
    stored: int = 0
    named: int = 0
    orphaned: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    stale_temporary: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not (self.orphaned or self.missing or self.stale_temporary)


def named_files(*, skip: tuple[str, ...] = ()) -> set[str]:
    """Every file name a FileField of the app's (current) rows holds, but for the
    models labelled in `skip` ("tracker.exportjob")."""
    names: set[str] = set()
    for model in apps.get_app_config("tracker").get_models():
        if model._meta.label.startswith("tracker.Historical"):
            continue  # history keeps old names of the same files
        if model._meta.label_lower in skip:
            continue
        for model_field in model._meta.get_fields():
            if isinstance(model_field, models.FileField):
                names.update(
                    model._default_manager.exclude(**{model_field.name: ""})
                    .values_list(model_field.name, flat=True)
                    .distinct()
                )
    return names


def stored_files(storage=default_storage, folder: str = "") -> list[str]:
    folders, files = storage.listdir(folder)
    found = [f"{folder}/{name}" if folder else name for name in files]
    for sub in folders:
        found += stored_files(storage, f"{folder}/{sub}" if folder else sub)
    return found


def _age(name: str, storage) -> timedelta:
    try:
        return timezone.now() - storage.get_modified_time(name)
    except (NotImplementedError, OSError):
        return timedelta.max


def check_files(*, min_age: timedelta = timedelta(hours=1), storage=default_storage) -> FileReport:
    """Compare storage and database. Files younger than `min_age` are not called orphans:
    an upload in flight is stored a moment before its row commits."""
    named = named_files()
    stored = [name for name in _walk(storage) if not name.startswith(".")]
    report = FileReport(stored=len(stored), named=len(named))
    stored_set = set(stored)
    report.orphaned = sorted(name for name in stored_set - named if _age(name, storage) >= min_age)
    report.missing = sorted(name for name in named if name not in stored_set)
    temp_dir = settings.FILE_UPLOAD_TEMP_DIR
    if temp_dir and Path(temp_dir).is_dir():
        cutoff = time.time() - min_age.total_seconds()
        report.stale_temporary = sorted(
            str(path)
            for path in Path(temp_dir).iterdir()
            if path.is_file() and path.stat().st_mtime <= cutoff
        )
    return report


def _walk(storage) -> list[str]:
    try:
        return stored_files(storage)
    except FileNotFoundError:  # no media directory yet: nothing stored
        return []


def remove_orphans(report: FileReport, storage=default_storage) -> int:
    for name in report.orphaned:
        storage.delete(name)
    for path in report.stale_temporary:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
    return len(report.orphaned) + len(report.stale_temporary)
