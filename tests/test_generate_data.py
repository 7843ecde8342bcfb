"""generate_data: the volumes asked for, every rule kept, refusals, determinism."""

import io
import re
import tempfile
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, Max
from django.utils import timezone

from tracker.generate import Volumes, is_throwaway
from tracker.models import (
    Evidence,
    ExtensionRequest,
    Indicator,
    Item,
    ItemLink,
    Membership,
    ProgressUpdate,
    Reminder,
    Report,
    Status,
    Unit,
    UpdateState,
)

pytestmark = pytest.mark.django_db
SCALE = 0.005
TODAY = "2026-06-15"


def generate(**options) -> str:
    out = io.StringIO()
    call_command("generate_data", scale=SCALE, today=TODAY, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def generated(db):
    return generate()


def test_it_makes_the_volumes_of_its_scale(generated):
    volumes = Volumes.at(SCALE)
    assert Report.objects.count() == volumes.reports
    assert Unit.objects.count() == volumes.units + 1  # and the city office
    assert get_user_model().objects.count() == volumes.users
    assert Item.objects.tracked().count() == volumes.tracked
    # One update per planned report; some returned ones were answered by a second version.
    assert ProgressUpdate.objects.current().count() == volumes.updates
    assert ProgressUpdate.objects.filter(revision=2).exists()
    assert Indicator.objects.count() == volumes.indicators
    assert Item.objects.filter(kind="cause").exists()
    assert Item.objects.filter(kind="measure", parent__isnull=False).exists()
    for model in (ItemLink, Evidence, Reminder, Membership):
        assert model.objects.exists(), model
    assert "done in" in generated and "scale-2021" in generated


def test_the_first_report_has_the_2021_reports_shape(generated):
    first = Report.objects.order_by("pk").first()
    kinds = dict(first.items.values_list("kind").annotate(n=Count("pk")))
    assert kinds == {"measure": 11, "shortfall": 5, "cause": 5, "task": 6}


def test_every_row_passes_model_validation(generated):
    # Database constraints held during the insert; this adds field and clean() rules.
    for model in (Report, Unit, Item, ItemLink, ProgressUpdate, Evidence):
        for row in model.objects.all():
            row.full_clean()
    for model in (Reminder, ExtensionRequest, Indicator):
        for row in model.objects.all()[:50]:
            row.full_clean()


def test_versions_follow_the_workflow(generated):
    for update in ProgressUpdate.objects.select_related("revises"):
        assert update.state != UpdateState.WITHDRAWN  # generated units never revise unreviewed
        if update.revises is not None:
            earlier = update.revises
            assert earlier.state == UpdateState.RETURNED and earlier.review_comment
            assert earlier.reviewed_at < update.submitted_at
            assert (earlier.item_id, earlier.unit_id) == (update.item_id, update.unit_id)
        if update.reviewed_at is not None:
            assert update.reviewed_at >= update.submitted_at


def test_items_are_what_the_review_rule_makes_of_their_approvals(generated):
    # Replaying the approvals through Item.record_approval (the review service's rule)
    # from a fresh item gives each item's stored figures.
    for item in Item.objects.tracked():
        replay = Item(status=Status.NOT_STARTED, percent=0)
        if item.status == Status.ON_HOLD:
            replay.status = Status.ON_HOLD
        for update in item.updates.approved().order_by("reviewed_at", "pk"):
            replay.record_approval(
                reported_on=update.reported_on,
                percent=update.percent,
                closes=update.requests_closure,
                on=timezone.localdate(update.reviewed_at),
            )
        assert (replay.percent, replay.last_approved_on, replay.closed_on) == (
            item.percent,
            item.last_approved_on,
            item.closed_on,
        ), item


def test_items_agree_with_their_approved_updates(generated):
    approved = dict(
        ProgressUpdate.objects.approved()
        .values("item")
        .annotate(last=Max("reported_on"))
        .values_list("item", "last")
    )
    for item in Item.objects.tracked():
        assert item.last_approved_on == approved.get(item.pk), item
        updates = list(item.updates.order_by("reported_on", "submitted_at"))
        if item.status == Status.CLOSED:
            closing = item.updates.current().get(requests_closure=True)
            assert closing.state == UpdateState.APPROVED and closing.evidence.exists()
            assert item.percent == 100 and item.closed_on <= date.fromisoformat(TODAY)
        if item.status == Status.AWAITING_CLOSURE:
            closing = item.updates.current().get(requests_closure=True)
            assert closing.state == UpdateState.SUBMITTED and closing.evidence.exists()
        if item.status == Status.NOT_STARTED:
            assert all(u.state != UpdateState.APPROVED for u in updates)


def test_each_item_has_a_creation_record_for_as_of_summaries(generated):
    created = Item.history.filter(history_type="+")
    assert created.count() == Item.objects.count()
    assert all(r.history_date.date() <= date.fromisoformat(TODAY) for r in created)
    closed = Item.objects.filter(status=Status.CLOSED).first()
    if closed is not None:
        assert Item.history.filter(id=closed.pk).latest().status == Status.CLOSED


def test_history_ends_in_each_items_current_state(generated):
    snapshots = Item.history.model.supporting_units.model.objects
    for item in Item.objects.tracked().prefetch_related("supporting_units"):
        records = list(Item.history.filter(id=item.pk).order_by("history_date", "history_id"))
        assert records[0].history_type == "+" and records[0].status == Status.NOT_STARTED
        last = records[-1]
        assert (last.status, last.percent, last.last_approved_on, last.closed_on) == (
            item.status,
            item.percent,
            item.last_approved_on,
            item.closed_on,
        )
        approvals = item.updates.filter(state=UpdateState.APPROVED).count()
        assert len(records) <= approvals + 2
        units = {u.pk for u in item.supporting_units.all()}
        for record in records:
            held = set(snapshots.filter(history=record).values_list("unit_id", flat=True))
            assert held == units


def test_users_have_roles_and_reporters_have_units(generated):
    users = get_user_model().objects.annotate(groups_n=Count("groups"))
    assert all(u.groups_n == 1 for u in users)
    reporters = users.filter(groups__name="reporter")
    assert reporters.exists()
    assert not reporters.filter(memberships__isnull=True).exists()


def test_it_refuses_a_database_with_data_unless_forced(generated):
    with pytest.raises(CommandError, match="--force"):
        generate()
    generate(force=True)
    assert Item.objects.tracked().count() == Volumes.at(SCALE).tracked
    assert ProgressUpdate.objects.current().count() == Volumes.at(SCALE).updates


def test_force_on_a_database_not_named_as_throwaway_needs_its_name(generated, monkeypatch):
    name = "/srv/tracker/db.sqlite3" if connection.vendor == "sqlite" else "tracker"
    monkeypatch.setitem(connection.settings_dict, "NAME", name)
    kept = (Report.objects.count(), Item.objects.count(), ProgressUpdate.objects.count())
    with pytest.raises(CommandError, match=re.escape(f"--force --confirm-database {name}") + "$"):
        generate(force=True)
    with pytest.raises(CommandError, match="Refusing to empty"):
        generate(force=True, confirm_database="tracker_other")
    assert (Report.objects.count(), Item.objects.count(), ProgressUpdate.objects.count()) == kept
    assert "emptied" in generate(force=True, confirm_database=name)
    assert Item.objects.tracked().count() == Volumes.at(SCALE).tracked


@pytest.mark.parametrize(
    ("engine", "name", "throwaway"),
    [
        ("postgresql", "test_tracker", True),
        ("postgresql", "bench_812_0_1", True),
        ("postgresql", "loadtest_812", True),
        ("postgresql", "tracker", False),
        ("postgresql", "tracker_test_", False),
        ("sqlite3", ":memory:", True),
        ("sqlite3", "file:memorydb_default?mode=memory&cache=shared", True),
        ("sqlite3", f"{tempfile.gettempdir()}/scratch.sqlite3", True),
        ("sqlite3", "/srv/tracker/test_db.sqlite3", True),
        ("sqlite3", "/srv/tracker/db.sqlite3", False),
    ],
)
def test_throwaway_databases_are_told_by_their_name(engine, name, throwaway):
    assert is_throwaway({"ENGINE": f"django.db.backends.{engine}", "NAME": name}) is throwaway


def test_the_same_seed_gives_the_same_data(db):
    def snapshot():
        items = list(
            Item.objects.order_by("report__issuer", "sequence").values_list("title", "status")
        )
        states = list(ProgressUpdate.objects.order_by("pk").values_list("state", "reported_on"))
        return items, states

    generate()
    first = snapshot()
    generate(force=True)
    assert snapshot() == first
    generate(force=True, seed=7)
    assert snapshot() != first


def test_bad_arguments_are_refused(db):
    with pytest.raises(CommandError, match="scale"):
        call_command("generate_data", scale=0, stdout=io.StringIO())
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("generate_data", today="yesterday", stdout=io.StringIO())
    with pytest.raises(CommandError, match="districts"):
        call_command("generate_data", districts=17, stdout=io.StringIO())


@pytest.fixture
def city(db):
    return generate(districts=3)


def test_city_mode_gives_each_district_the_full_volumes_and_its_own_people(city):
    from tracker import permissions
    from tracker.models import Jurisdiction

    volumes = Volumes.at(SCALE)
    districts = list(Jurisdiction.objects.filter(level="district").order_by("pk"))
    assert len(districts) == 3 and "3 districts" in city
    assert {d.parent.level for d in districts} == {"city"}
    users = get_user_model().objects
    for n, district in enumerate(districts, start=1):
        assert Report.objects.filter(jurisdiction=district).count() == volumes.reports
        assert Unit.objects.filter(jurisdiction=district).count() == volumes.units
        tracked = Item.objects.tracked().filter(report__jurisdiction=district)
        assert tracked.count() == volumes.tracked
        # Items are led by, and updates come from, the district's own units and people.
        assert not tracked.exclude(lead_unit__jurisdiction=district).exists()
        updates = ProgressUpdate.objects.filter(item__report__jurisdiction=district)
        assert updates.current().count() == volumes.updates
        assert not updates.exclude(unit__jurisdiction=district).exists()
        prefix = f"gen-d{n:02d}-"
        assert users.filter(username__startswith=prefix).count() == volumes.users
        coordinator = users.get(username=f"{prefix}coordinator-001")
        # The district's office sees its district only.
        assert list(permissions.visible_districts(coordinator)) == [district]
        assert (
            permissions.visible_items(coordinator).count()
            == Item.objects.filter(report__jurisdiction=district).count()
        )
        assert not permissions.oversees_districts(coordinator)
    overseer = users.get(username="gen-city-coordinator-001")
    assert permissions.oversees_districts(overseer)
    assert permissions.visible_items(overseer).count() == Item.objects.count()
    # Each history record has its item's supporting units once, in every district.
    snapshots = Item.history.model.supporting_units.model.objects
    doubled = snapshots.values("history", "unit").annotate(n=Count("pk")).filter(n__gt=1)
    assert not doubled.exists()
    assert snapshots.count() == sum(
        Item.history.filter(id=item.pk).count() * item.n
        for item in Item.objects.annotate(n=Count("supporting_units")).filter(n__gt=0)
    )


def test_city_mode_is_deterministic(db):
    def snapshot():
        return list(
            Item.objects.order_by(
                "report__jurisdiction__name", "report__year", "report__issuer", "sequence"
            ).values_list("title", "status", "due_on")
        )

    generate(districts=2)
    first = snapshot()
    generate(districts=2, force=True)
    assert snapshot() == first
