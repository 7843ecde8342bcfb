from django.core.management.base import BaseCommand

from tracker.services.notices import send_pending


class Command(BaseCommand):
    help = (
        "E-mail the in-app messages not sent yet: per-message mail for people who chose it "
        "(and any a mail server failure held back), and with --digest one digest per person "
        "of everything unsent. Run it every few minutes, and once a day with --digest "
        "(cron, or Celery beat). Nothing is sent twice, and nobody gets an empty mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--digest",
            action="store_true",
            help="also send the daily digests (one mail per person with unsent messages)",
        )

    def handle(self, *args, digest=False, **options):
        counts = send_pending(digest=digest)
        self.stdout.write(
            f"sent {counts['each']} single message mail(s) and {counts['digests']} digest(s)"
        )
