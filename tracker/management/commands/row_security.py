from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from tracker.rowsecurity import policy_tables, switch


class Command(BaseCommand):
    help = (
        "Row-level security on PostgreSQL (docs/PRODUCTION.md): print which tables hold the "
        "tracker's policy and whether it is on; --enable or --disable turns it on or off."
    )

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--enable", action="store_true", help="ENABLE and FORCE the policies")
        group.add_argument("--disable", action="store_true", help="leave the policies dormant")

    def handle(self, *args, enable, disable, **options):
        if connection.vendor != "postgresql":
            raise CommandError("row-level security is PostgreSQL's; this database is not")
        with transaction.atomic():
            if enable or disable:
                switch(on=enable)
            tables = policy_tables()
        if not tables:
            raise CommandError("no policies: run `manage.py migrate` first")
        for table, on in tables.items():
            self.stdout.write(f"{table}: {'on' if on else 'off'}")
