"""One deployment for a city: each district sees its own; the city compares them."""

import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import make_item, make_report, make_unit, make_user, office_unit
from tracker.models import Jurisdiction, Message, OfficeUrge, Status
from tracker.services import WorkflowError
from tracker.services.followup import district_urge
from tracker.services.progress import update_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(world):
    """Two districts of 测试市, each with a report; the city's office (gina)."""
    district_1 = world["report"].jurisdiction
    district_2 = Jurisdiction.objects.get(short_name="第二区")
    today = timezone.localdate()
    report_2 = make_report(jurisdiction=district_2, issuer="测试市第二区人民政府", year=2021)
    unit_2 = world["reporter_2"].memberships.get().unit
    late = make_item(report=report_2, lead_unit=unit_2, title="第二区逾期任务",
                     due_on=today - timedelta(days=10), status=Status.IN_PROGRESS)  # fmt: skip
    make_item(report=report_2, lead_unit=unit_2, title="第二区按期销号", status=Status.CLOSED,
              due_on=today, closed_on=today - timedelta(days=1))  # fmt: skip
    make_item(report=report_2, lead_unit=unit_2, title="第二区逾期二",
              due_on=today - timedelta(days=4), status=Status.IN_PROGRESS)  # fmt: skip
    update_submit(item=late, unit=unit_2, author=world["reporter_2"], reported_on=today,
                  text="第二区的进展")  # fmt: skip
    return {"district_1": district_1, "district_2": district_2, "report_2": report_2}


def test_a_districts_office_sees_only_its_district(client, world, city):
    client.force_login(world["coordinator_2"])
    titles = {i.title for i in client.get(reverse("tracker:item-list")).context["page"]}
    assert titles == {"第二区逾期任务", "第二区按期销号", "第二区逾期二"}
    reports = client.get(reverse("tracker:report-list")).context["reports"]
    assert [r.pk for r in reports] == [city["report_2"].pk]
    queue = client.get(reverse("tracker:review-queue")).context["page"]
    assert [u.item.title for u in queue] == ["第二区逾期任务"]
    units = client.get(reverse("tracker:unit-list")).context["units"]
    assert all(u.jurisdiction_id == city["district_2"].pk for u in units)
    # And the first district's office sees none of it.
    client.force_login(world["coordinator"])
    titles = {i.title for i in client.get(reverse("tracker:item-list")).context["page"]}
    assert not any(t.startswith("第二区") for t in titles)


def test_summaries_open_on_the_readers_own_district(client, world, city):
    newer = make_report(jurisdiction=city["district_2"], issuer="测试市第二区人民政府", year=2022)
    client.force_login(world["coordinator"])
    board = client.get(reverse("tracker:dashboard")).context["scope"]
    assert board.report == world["report"]  # not the other district's newer report
    client.force_login(world["coordinator_2"])
    assert client.get(reverse("tracker:dashboard")).context["scope"].report == newer
    # The city's office, with no report of its own, opens on the latest it may see.
    client.force_login(world["city"])
    assert client.get(reverse("tracker:dashboard")).context["scope"].report == newer


def test_an_office_cannot_open_another_districts_report_by_its_key(client, world, city):
    client.force_login(world["coordinator"])
    url = reverse("tracker:dashboard")
    page = client.get(url, {"report": city["report_2"].pk})
    assert "没有这份报告" in page.content.decode()
    ledger = client.get(reverse("tracker:ledger-csv"), {"report": city["report_2"].pk})
    assert ledger.status_code == 400


def test_the_city_compares_its_districts(client, world, city):
    client.force_login(world["city"])
    rows = {
        r.district.short_name: r.standing
        for r in client.get(reverse("tracker:city-dashboard")).context["rows"]
    }
    second = rows["第二区"]
    assert (second.tracked, second.closed, second.closed_on_time, second.overdue) == (3, 1, 1, 2)
    assert second.average_days_overdue == 7.0  # 10 and 4 days
    assert second.last_report is not None
    assert rows["测试区"].tracked == 3  # the world's own three tasks
    page = client.get(reverse("tracker:city-district", args=[city["district_2"].pk]))
    (unit,) = page.context["units"]
    assert (unit.name, unit.standing.overdue) == ("二区司法局", 2)


def test_townships_roll_up_into_their_district(client, world, city):
    township = Jurisdiction.objects.create(
        name="测试市第二区某镇", short_name="某镇", level="township", parent=city["district_2"]
    )
    report = make_report(jurisdiction=township, issuer="某镇人民政府")
    make_item(report=report, lead_unit=make_unit(jurisdiction=township))
    client.force_login(world["city"])
    rows = {
        r.district.short_name: r.standing
        for r in client.get(reverse("tracker:city-dashboard")).context["rows"]
    }
    assert rows["第二区"].tracked == 4 and "某镇" not in rows


def test_the_city_urges_a_districts_office(client, world, city):
    client.force_login(world["city"])
    url = reverse("tracker:city-district", args=[city["district_2"].pk])
    assert client.post(url, {"message": ""}).status_code == 200  # refused at its field
    assert not OfficeUrge.objects.exists()
    response = client.post(url, {"message": "请本周内督促逾期事项整改。"}, follow=True)
    assert "已催办" in response.content.decode()
    urge = OfficeUrge.objects.get()
    assert (urge.jurisdiction, urge.recipients) == (city["district_2"], 1)
    message = Message.objects.get(recipient=world["coordinator_2"])
    assert "请本周内督促逾期事项整改" in message.text
    with pytest.raises(WorkflowError):
        district_urge(district=city["district_2"], by=world["city"], message=" ")


def test_a_district_office_has_no_city_view(client, world, city):
    client.force_login(world["coordinator"])
    assert client.get(reverse("tracker:city-dashboard")).status_code == 403
    assert client.get(reverse("tracker:city-ledger")).status_code == 403
    page = client.get(reverse("tracker:home")).content.decode()
    assert reverse("tracker:city-dashboard") not in page
    client.force_login(world["city"])
    assert reverse("tracker:city-dashboard") in client.get(reverse("tracker:home")).content.decode()


def test_the_city_ledger_holds_every_districts_items(client, world, city):
    client.force_login(world["city"])
    response = client.get(reverse("tracker:city-ledger"))
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("区县", "报告")
    districts = sorted({row[0] for row in rows[1:]})
    assert districts == ["测试区", "第二区"] and len(rows) == 1 + 6


@pytest.mark.parametrize("districts", [2, 12])
def test_the_city_dashboard_query_count_is_fixed(
    client, world, django_assert_num_queries, districts
):
    parent = world["report"].jurisdiction.parent
    for n in range(districts):
        district = Jurisdiction.objects.create(
            name=f"测试市加{n}区", short_name=f"加{n}区", level="district", parent=parent
        )
        report = make_report(jurisdiction=district)
        unit = make_unit(jurisdiction=district)
        for m in range(3):
            make_item(
                report=report, lead_unit=unit, due_on=timezone.localdate() - timedelta(days=m)
            )
    client.force_login(world["city"])
    # session, user, permissions, the jurisdictions, counts and days overdue per
    # jurisdiction, when its units last reported, whether the reader oversees the city
    # (top bar), the unread messages
    with django_assert_num_queries(8):
        response = client.get(reverse("tracker:city-dashboard"))
    assert len(response.context["rows"]) == districts + 2


def test_a_coordinator_without_a_unit_sees_nothing(client, world):
    lone = make_user("henry", role="coordinator", units=[make_unit()])  # not the office
    lone.memberships.all().delete()
    client.force_login(lone)
    assert list(client.get(reverse("tracker:item-list")).context["page"]) == []
    assert client.get(reverse("tracker:item-detail", args=[world["own"].pk])).status_code == 404


def test_an_import_never_changes_what_another_jurisdiction_sees(client, world, city):
    client.force_login(world["coordinator"])
    before = client.get(reverse("tracker:dashboard")).context["scope"].report
    client.force_login(world["coordinator_2"])
    make_report(jurisdiction=city["district_2"], issuer="测试市第二区人民政府", year=2023)
    client.force_login(world["coordinator"])
    assert client.get(reverse("tracker:dashboard")).context["scope"].report == before
    assert office_unit(city["district_2"]).jurisdiction == city["district_2"]


def _districts(world, *, districts: int, items: int) -> None:
    """`districts` more districts of the city, each with a report of `items` tracked tasks
    (updates, evidence, history, links, an indicator) led by three units of its own, and the
    second district grown the same way."""
    from tests.summary_data import bulk_items

    parent = world["report"].jurisdiction.parent
    grown = [Jurisdiction.objects.get(short_name="第二区")]
    for n in range(districts):
        grown.append(
            Jurisdiction.objects.create(
                name=f"测试市加{n}区", short_name=f"加{n}区", level="district", parent=parent
            )
        )
    for district in grown:
        units = [make_unit(jurisdiction=district) for _ in range(3)]
        bulk_items(items, report=make_report(jurisdiction=district), units=units)
    district_urge(district=grown[0], by=world["city"], message="请督促逾期事项整改。")


# Pages a city's office and a district's office read, with their query counts: the same
# whatever the number of districts, items and updates (scripts/bench.py measures them on
# 16 districts × 10 000 items).
CITY_PAGES = [
    # session, user, permissions, the jurisdictions, counts and days overdue per
    # jurisdiction, when its units last reported, whether the reader oversees the city
    # (top bar), the unread messages
    ("city", "tracker:city-dashboard", False, 8),
    # ... the district, its units' counts and days overdue, the units' names, when they
    # last reported, the district's latest report, its urges with their senders
    ("city", "tracker:city-district", True, 11),
    # The pages every office reads (their own tests say what each query is for): the city's
    # office reads all districts' items, a district's its own.
    ("city", "tracker:item-list", False, 10),
    ("city", "tracker:dashboard", False, 19),  # with the scores (6) and the lineage counts
    ("city", "tracker:summary", False, 9),
    ("city", "tracker:home", False, 10),
    ("coordinator_2", "tracker:item-list", False, 10),
    ("coordinator_2", "tracker:dashboard", False, 18),
    ("coordinator_2", "tracker:summary", False, 8),
    ("coordinator_2", "tracker:home", False, 10),
    ("coordinator_2", "tracker:review-queue", False, 7),
]


@pytest.mark.parametrize(("districts", "items"), [(1, 5), (5, 60)])
@pytest.mark.parametrize(("reader", "name", "district", "queries"), CITY_PAGES)
def test_city_and_district_pages_keep_their_query_count(
    client, world, django_assert_num_queries, districts, items, reader, name, district, queries
):
    _districts(world, districts=districts, items=items)
    second = Jurisdiction.objects.get(short_name="第二区")
    url = reverse(name, args=[second.pk] if district else [])
    client.force_login(world[reader])
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
