"""Loading the labelled demo data (fixtures/demo_2021.json) through the services.

Going through the services means the demo's history, reviews and evidence are
recorded exactly as real use would record them.
"""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .evidence import bytes_upload
from .models import Item, Membership, Report, Unit
from .roles import sync_roles
from .services.acks import acknowledge_on_behalf, item_acknowledge
from .services.followup import extension_request, item_urge
from .services.items import item_assign
from .services.progress import EvidenceFile, EvidenceLink, update_review, update_submit

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_FILE = FIXTURES / "demo_2021.json"
EVIDENCE_DIR = FIXTURES / "demo_evidence"
# The second district (its own invented report) and the city's office, both demo data.
DISTRICT_2_FILE = FIXTURES / "demo_district2" / "demo.json"
CITY_FILE = FIXTURES / "demo_city.json"


def load_demo_spec(path: Path = DEMO_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


class DemoLoader:
    """Units, people and (given a report) owners, 签收, progress, urges and extensions of one
    jurisdiction, all through the services, as real use would record them."""

    def __init__(self, report: Report | None, spec: dict, today=None, jurisdiction=None):
        self.report = report
        self.jurisdiction = jurisdiction or report.jurisdiction
        self.spec = spec
        self.today = today or timezone.localdate()
        self.users: dict = {}
        # One password for every demo account: the one fixtures/demo_2021.json gives.
        self.password = spec.get("password") or load_demo_spec()["password"]

    def day(self, offset: int):
        return self.today + timedelta(days=offset)

    def moment(self, offset: int, hour: int = 10):
        return timezone.make_aware(datetime.combine(self.day(offset), time(hour, 0)))

    def unit(self, name: str) -> Unit:
        """A unit of the jurisdiction by its short or full name."""
        return Unit.objects.get(Q(short_name=name) | Q(name=name), jurisdiction=self.jurisdiction)

    def item(self, ref) -> Item:
        kind, number = ref
        return Item.objects.get(report=self.report, kind=kind, number=number, parent=None)

    @transaction.atomic
    def load(self) -> None:
        sync_roles(Group, Permission)
        for row in self.spec["units"]:
            Unit.objects.get_or_create(
                name=row["name"],
                jurisdiction=self.jurisdiction,
                defaults={k: row.get(k, "") for k in ("short_name", "kind", "email")},
            )
        self.load_users()
        if self.report is None:
            return
        self.office = coordinator = self.users[self.spec.get("coordinator", "coordinator")]
        for row in self.spec.get("assignments", []):
            item_assign(
                item=self.item(row["item"]),
                by=coordinator,
                lead_unit=self.unit(row["lead"]),
                supporting_units=[self.unit(n) for n in row["supporting"]],
                assignee=self.users.get(row["assignee"]),
                start_on=self.day(row["start"]),
                due_on=self.day(row["due"]),
                status=row["status"],
                at=self.moment(min(row["start"], -50), 9),
            )
            self.acknowledge(row, at=self.moment(min(row["start"], -50) + 1, 9))
        for row in self.spec.get("updates", []):
            self.load_update(row)
        for row in self.spec.get("reminders", []):
            item_urge(
                item=self.item(row["item"]),
                unit=self.unit(row["unit"]),
                by=self.users[row["by"]],
                message=row["message"],
                at=self.moment(row["at"], 15),
            )
        for row in self.spec.get("extensions", []):
            item = self.item(row["item"])
            author = self.users[row["author"]]
            extension_request(
                item=item,
                unit=item.lead_unit,
                by=author,
                reason=row["reason"],
                requested_due_on=item.due_on + timedelta(days=row["days"]),
                at=self.moment(row["at"], 16),
            )

    def acknowledge(self, row: dict, *, at) -> None:
        """Each unit of an assignment acknowledges it: its reporter, else the office for it."""
        item = self.item(row["item"])
        left = {(tuple(n["item"]), n["unit"]) for n in self.spec.get("unacknowledged", [])}
        for name in [row["lead"], *row["supporting"]]:
            if (tuple(row["item"]), name) in left:
                continue
            unit = self.unit(name)
            reporter = next(
                (u for u in self.users.values() if u.memberships.filter(unit=unit).exists()
                 and u.has_perm("tracker.submit_update")),
                None,
            )  # fmt: skip
            if reporter is not None:
                item_acknowledge(item=item, by=reporter, at=at)
            else:
                acknowledge_on_behalf(item=item, unit=unit, by=self.office, at=at)

    def load_users(self) -> None:
        model = get_user_model()
        for row in self.spec["users"]:
            user, _ = model.objects.get_or_create(username=row["username"])
            user.first_name = row["name"]
            user.email = row.get("email", "")
            user.is_superuser = user.is_staff = bool(row.get("superuser"))
            user.set_password(self.password)
            user.save()
            user.groups.set([Group.objects.get(name=row["role"])])
            for unit_name in row["units"]:
                Membership.objects.get_or_create(user=user, unit=self.unit(unit_name))
            self.users[row["username"]] = user

    def load_update(self, row: dict) -> None:
        item = self.item(row["item"])
        author = self.users[row["author"]]
        unit = author.memberships.first().unit
        files = [
            EvidenceFile(
                bytes_upload((EVIDENCE_DIR / e["file"]).read_bytes(), e["file"]), e["description"]
            )
            for e in row["evidence"]
            if "file" in e
        ]
        links = [EvidenceLink(e["url"], e["description"]) for e in row["evidence"] if "url" in e]
        update = update_submit(
            item=item,
            unit=unit,
            author=author,
            reported_on=self.day(row["reported"]),
            text=row["text"],
            percent=row.get("percent"),
            requests_closure=row.get("closure", False),
            files=files,
            links=links,
            at=self.moment(row["submitted"], 11),
        )
        for review in row["reviews"]:
            update_review(
                update=update,
                reviewer=self.users[review["by"]],
                decision=review["decision"],
                comment=review.get("comment", ""),
                at=self.moment(review["at"], 14),
            )


def demo_logins(*specs: dict) -> list[tuple[str, str, str]]:
    return [(row["username"], row["role"], row["name"]) for spec in specs for row in spec["users"]]


def load_city_and_second_district(city, today=None) -> None:
    """The demo's city office and its second district: the district's invented report is
    read by the importer, then its people, owners and progress loaded like the first's."""
    from .importer import parse_report
    from .importer.links import select_links, suggest_links
    from .importer.service import report_import
    from .models import Jurisdiction

    DemoLoader(None, load_demo_spec(CITY_FILE), today=today, jurisdiction=city).load()
    spec = load_demo_spec(DISTRICT_2_FILE)
    district, _ = Jurisdiction.objects.get_or_create(
        name=spec["jurisdiction"]["name"],
        parent=city,
        defaults={"short_name": spec["jurisdiction"]["short_name"], "level": "district"},
    )
    text = (DISTRICT_2_FILE.parent / spec["report_file"]).read_text(encoding="utf-8")
    parsed = parse_report(text)
    report = report_import(
        parsed=parsed,
        source_text=text,
        links=select_links(suggest_links(parsed)),
        jurisdiction=district,
    )
    # The items existed from the report's signing, not from the day the demo was loaded.
    signed = timezone.make_aware(datetime.combine(report.signed_on, time(9, 0)))
    Item.history.filter(report_id=report.pk, history_type="+").update(history_date=signed)
    DemoLoader(report, spec, today=today).load()
