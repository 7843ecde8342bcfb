from collections import defaultdict
from datetime import datetime, time

from django.apps import apps
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from tracker.logs import quiet_workflow_log
from tracker.models import Item, Report
from tracker.seed import REPORT_FIXTURE, report_fixture_rows, seeded_report


def record_baseline_history(report: Report) -> int:
    """Give fixture-loaded items (loaddata writes no history) a first history record.

    Dated at the report's publication, so summaries "as of" any later date see them.
    """
    recorded = Item.history.filter(report_id=report.pk).values("id")
    items = list(Item.objects.filter(report=report).exclude(pk__in=recorded))
    day = report.published_on or report.signed_on
    when = timezone.make_aware(datetime.combine(day, time(9, 0))) if day else timezone.now()
    Item.history.bulk_history_create(items, default_date=when, default_change_reason="fixture")
    return len(items)


def taken_fixture_ids() -> list[str]:
    """The fixture's models whose ids other rows already hold: loaddata would overwrite them."""
    wanted: dict[str, set] = defaultdict(set)
    for row in report_fixture_rows():
        wanted[row["model"]].add(row["pk"])
    return [
        label
        for label, pks in sorted(wanted.items())
        if apps.get_model(label).objects.filter(pk__in=pks).exists()
    ]


class Command(BaseCommand):
    help = (
        "Load the 2021 Jizhou report (fixtures/report_2021.json) unless a report of the same "
        "issuer and year is already loaded."
    )

    @quiet_workflow_log  # bulk loading, not workflow actions
    def handle(self, *args, **options):
        with transaction.atomic():
            report = seeded_report()
            if report is not None:
                self.stdout.write("report already loaded")
            else:
                if taken := taken_fixture_ids():
                    raise CommandError(
                        f"{REPORT_FIXTURE.name} carries fixed ids, and rows of "
                        f"{', '.join(taken)} already hold some of them; load it into a "
                        "database without reports, units or items."
                    )
                call_command("loaddata", str(REPORT_FIXTURE), verbosity=0)
                report = seeded_report()
                self.stdout.write(f"loaded {report}: {report.items.count()} items")
            record_baseline_history(report)
