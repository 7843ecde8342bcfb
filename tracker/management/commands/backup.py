from pathlib import Path

from django.core.management.base import BaseCommand

from tracker.backup import backup_write


class Command(BaseCommand):
    help = "Write the whole database and every evidence file to one zip (with SHA-256 checksums)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="zip file to write, e.g. backups/tracker-2026-11-26.zip")

    def handle(self, *args, path, **options):
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup_write(path=target)
        self.stdout.write(f"wrote {target}: database and {len(manifest['files'])} evidence file(s)")
