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

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_2021.json"
EVIDENCE_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo_evidence"


def load_demo_spec() -> dict:
    return json.loads(DEMO_FILE.read_text(encoding="utf-8"))


class DemoLoader:
    def __init__(self, report: Report, spec: dict, today=None):
        self.report = report
        self.spec = spec
        self.today = today or timezone.localdate()
        self.users: dict = {}

    def day(self, offset: int):
        return self.today + timedelta(days=offset)

    def moment(self, offset: int, hour: int = 10):
        return timezone.make_aware(datetime.combine(self.day(offset), time(hour, 0)))

    def unit(self, name: str) -> Unit:
        """A unit of the report's jurisdiction by its short or full name."""
        return Unit.objects.get(
            Q(short_name=name) | Q(name=name), jurisdiction=self.report.jurisdiction
        )

    def item(self, ref) -> Item:
        kind, number = ref
        return Item.objects.get(report=self.report, kind=kind, number=number, parent=None)

    @transaction.atomic
    def load(self) -> None:
        sync_roles(Group, Permission)
        for row in self.spec["units"]:
            Unit.objects.get_or_create(
                name=row["name"],
                jurisdiction=self.report.jurisdiction,
                defaults={k: row[k] for k in ("short_name", "kind", "email")},
            )
        self.load_users()
        coordinator = self.users["coordinator"]
        for row in self.spec["assignments"]:
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
        for row in self.spec["updates"]:
            self.load_update(row)
        for row in self.spec["reminders"]:
            item_urge(
                item=self.item(row["item"]),
                unit=self.unit(row["unit"]),
                by=self.users[row["by"]],
                message=row["message"],
                at=self.moment(row["at"], 15),
            )
        for row in self.spec["extensions"]:
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
                acknowledge_on_behalf(item=item, unit=unit, by=self.users["coordinator"], at=at)

    def load_users(self) -> None:
        model = get_user_model()
        for row in self.spec["users"]:
            user, _ = model.objects.get_or_create(username=row["username"])
            user.first_name = row["name"]
            user.email = row.get("email", "")
            user.is_superuser = user.is_staff = bool(row.get("superuser"))
            user.set_password(self.spec["password"])
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


def demo_logins(spec: dict) -> list[tuple[str, str, str]]:
    return [(row["username"], row["role"], row["name"]) for row in spec["users"]]
