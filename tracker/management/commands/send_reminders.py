from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.services.followup import reminders_send
from tracker.years import FIRST_YEAR, LAST_YEAR, plausible_day


class Command(BaseCommand):
    help = (
        "E-mail lead units about overdue, due-soon and stale items (no approved update for "
        "TRACKER_STALE_DAYS days). Each item gets each kind of reminder once per ISO week, "
        "so running it daily from cron is safe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="list what would be sent; send and record nothing",
        )
        parser.add_argument("--date", help="act as if today were YYYY-MM-DD (default: today)")

    def handle(self, *args, dry_run=False, date=None, **options):
        try:
            on = _parse(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date must be YYYY-MM-DD: {error}") from error
        sent = reminders_send(on=on, dry_run=dry_run)
        verb = "would send" if dry_run else "sent"
        for reminder in sent:
            self.stdout.write(
                f"{verb} {reminder.kind:<8} {reminder.item.label} {reminder.item.title} → {reminder.unit} "
                f"({reminder.recipients} recipients)"
            )
        self.stdout.write(f"{len(sent)} reminder(s) {verb} for {on}")


def _parse(value: str) -> date:
    day = date.fromisoformat(value)
    if not plausible_day(day):
        raise ValueError(f"{day} is outside {FIRST_YEAR}–{LAST_YEAR}")
    return day
