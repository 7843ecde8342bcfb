from datetime import datetime, time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from tracker.models import Item, Report

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "report_2021.json"


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


class Command(BaseCommand):
    help = "Load the 2021 Jizhou report (fixtures/report_2021.json) unless it is already loaded."

    def handle(self, *args, **options):
        with transaction.atomic():
            if Report.objects.filter(pk=1).exists():
                self.stdout.write("report already loaded")
                report = Report.objects.get(pk=1)
            else:
                call_command("loaddata", str(FIXTURE), verbosity=0)
                report = Report.objects.get(pk=1)
                self.stdout.write(f"loaded {report}: {report.items.count()} items")
            record_baseline_history(report)
