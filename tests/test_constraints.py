"""Integrity rules live in the database: each constraint rejects the bad row it names."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from tests.factories import make_item, make_report, make_unit, make_update, make_user
from tracker.models import (
    Evidence,
    ExtensionRequest,
    Indicator,
    Item,
    ItemLink,
    Report,
    Status,
)

pytestmark = pytest.mark.django_db


def rejects(fn):
    with pytest.raises(IntegrityError), transaction.atomic():
        fn()


def test_one_report_per_issuer_and_year():
    report = make_report()
    rejects(lambda: make_report(issuer=report.issuer, year=report.year))


def test_report_year_must_be_plausible():
    rejects(lambda: make_report(year=1899))


def test_report_published_after_signed():
    rejects(lambda: make_report(signed_on=date(2022, 3, 1), published_on=date(2022, 2, 1)))


def test_item_numbers_unique_within_their_list():
    item = make_item()
    rejects(lambda: make_item(report=item.report, number=item.number))


def test_item_percent_at_most_100():
    rejects(lambda: make_item(percent=101))


def test_measures_and_causes_carry_no_owner_or_status():
    unit = make_unit()
    rejects(lambda: make_item(kind="cause", status=Status.IN_PROGRESS))
    rejects(lambda: make_item(kind="measure", lead_unit=unit))


def test_tracked_items_need_a_status():
    rejects(lambda: make_item(kind="task", status=""))


def test_due_date_not_before_start():
    rejects(lambda: make_item(start_on=date(2026, 5, 1), due_on=date(2026, 4, 1)))


def test_closed_goes_with_a_closing_date():
    rejects(lambda: make_item(status=Status.CLOSED))
    rejects(lambda: make_item(status=Status.IN_PROGRESS, closed_on=date(2026, 1, 1)))


def test_only_measures_nest():
    heading = make_item(kind="measure")
    rejects(lambda: make_item(kind="task", parent=heading, report=heading.report))


def test_links_are_unique_and_never_to_themselves():
    task = make_item()
    shortfall = make_item(kind="shortfall", report=task.report)
    ItemLink.objects.create(source=task, target=shortfall, kind="addresses")
    rejects(lambda: ItemLink.objects.create(source=task, target=shortfall, kind="addresses"))
    rejects(lambda: ItemLink.objects.create(source=task, target=task, kind="addresses"))


def test_link_kinds_are_checked_by_clean():
    from django.core.exceptions import ValidationError

    task = make_item()
    shortfall = make_item(kind="shortfall", report=task.report)
    with pytest.raises(ValidationError):
        ItemLink(source=shortfall, target=task, kind="explains").full_clean()


def test_returned_update_needs_a_comment_and_a_reviewer():
    item, unit, user = make_item(), make_unit(), make_user()
    rejects(
        lambda: make_update(
            item=item,
            unit=unit,
            author=user,
            state="returned",
            reviewed_by=user,
            reviewed_at=item.updated_at,
        )
    )
    rejects(lambda: make_update(item=item, unit=unit, author=user, state="approved"))


def test_an_undecided_version_names_no_reviewer():
    item, unit, user = make_item(), make_unit(), make_user()
    rejects(
        lambda: make_update(
            item=item, unit=unit, author=user, reviewed_by=user, reviewed_at=item.updated_at
        )
    )


def test_versions_are_numbered_along_their_chain():
    item, unit, user = make_item(), make_unit(), make_user()
    first = make_update(item=item, unit=unit, author=user)
    rejects(lambda: make_update(item=item, unit=unit, author=user, revision=2))
    rejects(lambda: make_update(item=item, unit=unit, author=user, revises=first, revision=1))
    second = make_update(item=item, unit=unit, author=user, revises=first, revision=2)
    # A version is revised once: a second revision of it is refused.
    rejects(lambda: make_update(item=item, unit=unit, author=user, revises=first, revision=2))
    assert second.revises == first


def test_evidence_is_a_file_or_a_link_never_both_or_neither():
    item, unit, user = make_item(), make_unit(), make_user()
    update = make_update(item=item, unit=unit, author=user)
    rejects(lambda: Evidence.objects.create(update=update, description="x", uploaded_by=user))
    rejects(
        lambda: Evidence.objects.create(
            update=update,
            description="x",
            uploaded_by=user,
            url="https://a.example",
            file="evidence/a.pdf",
            sha256="0" * 64,
        )
    )
    rejects(
        lambda: Evidence.objects.create(
            update=update, description="x", uploaded_by=user, file="evidence/a.pdf", sha256="nothex"
        )
    )


def test_extension_must_move_the_date_later_and_be_alone_pending():
    item, unit, user = make_item(due_on=date(2026, 6, 1)), make_unit(), make_user()
    fields = {
        "item": item,
        "unit": unit,
        "requested_by": user,
        "requested_at": item.updated_at,
        "original_due_on": date(2026, 6, 1),
        "reason": "r",
    }
    rejects(lambda: ExtensionRequest.objects.create(requested_due_on=date(2026, 5, 1), **fields))
    ExtensionRequest.objects.create(requested_due_on=date(2026, 7, 1), **fields)
    rejects(lambda: ExtensionRequest.objects.create(requested_due_on=date(2026, 8, 1), **fields))


def test_indicator_target_after_baseline_and_values_dated():
    report = make_report()
    rejects(
        lambda: Indicator.objects.create(
            report=report,
            name="a",
            baseline_value=1,
            baseline_on=date(2022, 1, 1),
            target_value=2,
            target_on=date(2021, 1, 1),
        )
    )
    rejects(lambda: Indicator.objects.create(report=report, name="b", baseline_value=1))


def test_unit_cannot_be_its_own_parent():
    unit = make_unit()
    unit.parent_id = unit.pk
    rejects(lambda: unit.save())


def test_models_still_accept_good_rows():
    assert Report.objects.count() == 0
    item = make_item(status=Status.CLOSED, closed_on=date(2026, 1, 1), percent=100)
    assert Item.objects.get(pk=item.pk).status == Status.CLOSED
