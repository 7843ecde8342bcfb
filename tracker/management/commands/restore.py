from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tracker.backup import BackupError, backup_restore
from tracker.logs import quiet_workflow_log


class Command(BaseCommand):
    help = (
        "Restore a zip written by `backup` into an empty, migrated database; checksums are "
        "verified first and nothing is written if any file is damaged."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="zip file written by `manage.py backup`")

    @quiet_workflow_log  # bulk loading, not workflow actions
    def handle(self, *args, path, **options):
        if not Path(path).is_file():
            raise CommandError(f"no such file: {path}")
        try:
            manifest = backup_restore(path=Path(path))
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"restored {path}: database and {len(manifest['files'])} evidence file(s)"
        )
