from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

from tracker.demo import (
    CITY_FILE,
    DISTRICT_2_FILE,
    DemoLoader,
    demo_logins,
    load_city_and_second_district,
    load_demo_spec,
)
from tracker.logs import quiet_workflow_log
from tracker.seed import seeded_report


class Command(BaseCommand):
    help = (
        "Load the 2021 report and the labelled DEMO data (units, users, owners, progress), "
        "then print the demo log-ins. Safe to run twice: existing demo data is kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            metavar="HOST:PORT",
            help="where the server will listen, to print its log-in page (make run passes it)",
        )

    @quiet_workflow_log  # bulk loading, not workflow actions
    def handle(self, *args, address=None, **options):
        call_command("seed_report", stdout=self.stdout)
        spec = load_demo_spec()
        people = get_user_model().objects
        if people.filter(username="coordinator").exists():
            self.stdout.write("demo data already loaded")
        else:
            report = seeded_report()
            DemoLoader(report, spec).load()
            self.stdout.write("demo data loaded (演示数据)")
        if not people.filter(username="coordinator-2").exists():
            load_city_and_second_district(seeded_report().jurisdiction.parent)
            self.stdout.write("demo city office and second district loaded (演示数据)")
        self.stdout.write("")
        where = f" at http://{address}/accounts/login/" if address else ""
        self.stdout.write(f"Demo log-ins{where} (password for all: {spec['password']})")
        others = [load_demo_spec(CITY_FILE), load_demo_spec(DISTRICT_2_FILE)]
        for username, role, name in demo_logins(spec, *others):
            self.stdout.write(f"  {username:<17} {role:<14} {name}")
        self.stdout.write("")
