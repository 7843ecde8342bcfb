from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError

from tracker.filecheck import check_files, remove_orphans


class Command(BaseCommand):
    help = (
        "Compare stored files with the rows that name them: report orphaned files (stored, "
        "named by no row), missing ones (named, not stored) and stale temporary uploads; "
        "--delete removes the orphans and stale temporaries. Exit status 1 when a file is missing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--delete", action="store_true", help="remove orphaned and stale temporary files"
        )
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="only files older than this count as orphans (default 60: uploads in flight)",
        )

    def handle(self, *args, delete: bool, min_age_minutes: int, **options):
        report = check_files(min_age=timedelta(minutes=min_age_minutes))
        report_files(self.stdout, report)
        if delete and (report.orphaned or report.stale_temporary):
            removed = remove_orphans(report)
            self.stdout.write(f"removed {removed} file(s)")
        if report.missing:
            raise CommandError(f"{len(report.missing)} file(s) named in the database are missing")


def report_files(out, report) -> None:
    out.write(
        f"files: {report.stored} stored, {report.named} named by rows; "
        f"{len(report.orphaned)} orphaned, {len(report.missing)} missing, "
        f"{len(report.stale_temporary)} stale temporary upload(s)"
    )
    for name in report.orphaned:
        out.write(f"orphaned: {name}")
    for name in report.missing:
        out.write(f"missing: {name}")
    for name in report.stale_temporary:
        out.write(f"stale temporary: {name}")
