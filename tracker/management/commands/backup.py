from pathlib import Path

from django.core.management.base import BaseCommand

from tracker.backup import backup_write
from tracker.filecheck import check_files
from tracker.management.commands.check_files import report_files


class Command(BaseCommand):
    help = (
        "Write the whole database and every evidence file to one zip (with SHA-256 checksums); "
        "checks the stored files first (check_files) and reports what is orphaned or missing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="zip file to write, e.g. backups/tracker-2026-11-26.zip")

    def handle(self, *args, path, **options):
        report = check_files()
        report_files(self.stdout if report.clean else self.stderr, report)
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup_write(path=target)
        self.stdout.write(f"wrote {target}: database and {len(manifest['files'])} evidence file(s)")
        if manifest.get("missing"):
            self.stderr.write(
                f"{len(manifest['missing'])} evidence file(s) were missing and are not in the "
                "backup (listed in its manifest as missing)"
            )
