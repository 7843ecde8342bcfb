import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from tracker.generate import (
    PASSWORD,
    THROWAWAY_PREFIXES,
    USER_PREFIX,
    Volumes,
    analyze,
    generate,
    generate_city,
    has_data,
    is_throwaway,
    wipe,
)
from tracker.generate.words import CITY_DISTRICTS
from tracker.logs import quiet_workflow_log

THROWAWAY = f"{'*, '.join(THROWAWAY_PREFIXES)}*, or a temporary SQLite file"


class Command(BaseCommand):
    help = (
        "Fill the database with synthetic data for benchmarks: at --scale 1, 50 reports, "
        "200 units, 500 users, 10 000 tracked items, 100 000 progress updates with their "
        "reviews and evidence, 1 000 indicators. Deterministic for a given --seed (and --today). "
        "Refuses a database that already holds reports, units or generated users unless --force, "
        "which first EMPTIES every tracker table and removes the generated users; --force "
        f"alone does so only on a database named as a throwaway one ({THROWAWAY}), any "
        "other needs --confirm-database NAME as well."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2021, help="random seed (default 2021)")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="1.0 = full volume, 0.1 = one tenth"
        )
        parser.add_argument(
            "--districts",
            type=int,
            default=0,
            help="city mode: this many districts (up to 16), each with the full volumes "
            "at --scale of its own, its own reports, units and people (16 at scale 1: "
            "160 000 tracked items, 1.6 million updates); a few gen-city-* users oversee "
            "them all",
        )
        parser.add_argument("--today", help="act as if today were YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="empty the tracker's tables and remove generated users first",
        )
        parser.add_argument(
            "--confirm-database",
            metavar="NAME",
            help=f"with --force on a database not named as a throwaway one ({THROWAWAY}): "
            "its name (settings NAME), to confirm that its data may go",
        )

    @quiet_workflow_log  # bulk loading, not workflow actions
    def handle(self, *args, seed, scale, districts, today, force, confirm_database, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if not 0 <= districts <= len(CITY_DISTRICTS):
            raise CommandError(f"--districts must be between 1 and {len(CITY_DISTRICTS)}.")
        try:
            day = date.fromisoformat(today) if today else None
        except ValueError as error:
            raise CommandError(f"--today must be YYYY-MM-DD: {error}") from error
        if has_data():
            if not force:
                raise CommandError(
                    "The database already holds reports, units or generated users; "
                    "use --force to empty the tracker's tables and generate anew."
                )
            name = str(connection.settings_dict["NAME"])
            if not is_throwaway(connection.settings_dict) and confirm_database != name:
                raise CommandError(
                    f"Refusing to empty database {name!r}: its name does not mark it as a "
                    f"throwaway one ({THROWAWAY}). If all its tracker data may go, run again "
                    f"with --force --confirm-database {name}"
                )
            wipe()
            self.stdout.write("emptied the tracker's tables and removed generated users")
        started = time.perf_counter()
        if districts:

            def done(n, name):
                at = time.perf_counter() - started
                self.stdout.write(f"  district {n}/{districts} {name} written at {at:.0f} s")

            world = generate_city(
                seed=seed, scale=scale, districts=districts, today=day, progress_to=done
            )
        else:
            world = generate(seed=seed, scale=scale, today=day)
        analyze()
        elapsed = time.perf_counter() - started
        volumes = Volumes.at(scale)
        mode = f" in {districts} districts, each" if districts else ""
        self.stdout.write(
            f"generated data{mode} at scale {scale} (seed {seed}, today {world.today}):"
        )
        for label, count in sorted(world.counts.items()):
            self.stdout.write(f"  {label:<45} {count:>8}")
        self.stdout.write(
            f"  tracked items planned{' per district' if districts else ''}: "
            f"{volumes.tracked}, updates: {volumes.updates}"
        )
        self.stdout.write(f"done in {elapsed:.1f} s")
        prefixes = (
            (f"{USER_PREFIX}city-", f"{USER_PREFIX}d01-") if districts else (USER_PREFIX,) * 2
        )
        self.stdout.write(
            f"log-ins (password for all: {PASSWORD}): {prefixes[0]}coordinator-001, "
            f"{prefixes[1]}coordinator-001, {prefixes[1]}reporter-001, "
            f"{prefixes[0]}viewer-001"
        )
