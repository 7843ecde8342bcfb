"""The item list: each filter filters, sorting sorts, query count stays fixed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.factories import make_item, make_report, make_unit, make_user
from tracker.models import Item, Status

pytestmark = pytest.mark.django_db
URL = "/items/"


def titles(response) -> set[str]:
    return {item.title for item in response.context["page"]}


@pytest.fixture
def listing(client, db):
    today = timezone.localdate()
    sfj, scjg = make_unit(short_name="司法局"), make_unit(short_name="市场监管局")
    report = make_report()
    items = {
        "overdue": make_item(
            report=report,
            title="逾期任务",
            lead_unit=sfj,
            status=Status.IN_PROGRESS,
            due_on=today - timedelta(days=3),
        ),
        "soon": make_item(
            report=report, title="即将到期", lead_unit=scjg, due_on=today + timedelta(days=2)
        ),
        "green": make_item(
            report=report,
            title="正常推进",
            lead_unit=scjg,
            supporting_units=[sfj],
            start_on=today,
            due_on=today + timedelta(days=200),
            status=Status.IN_PROGRESS,
            last_approved_on=today,
        ),
        "closed": make_item(
            report=report,
            title="已经销号",
            lead_unit=sfj,
            status=Status.CLOSED,
            closed_on=today,
            due_on=today - timedelta(days=9),
            percent=100,
        ),
        "shortfall": make_item(
            report=report,
            kind="shortfall",
            title="一个不足",
            due_on=today + timedelta(days=100),
            start_on=today,
        ),
        "cause": make_item(report=report, kind="cause", title="一个原因", text="公职律师配备机制"),
    }
    client.force_login(make_user(role="viewer"))
    return client, items, sfj


def test_it_lists_tracked_items_by_default_and_everything_on_request(listing):
    client, items, _ = listing
    assert titles(client.get(URL)) == {i.title for k, i in items.items() if k != "cause"}
    assert titles(client.get(URL, {"kind": "all"})) == {i.title for i in items.values()}


def test_kind_filter(listing):
    client, _items, _ = listing
    assert titles(client.get(URL, {"kind": "shortfall"})) == {"一个不足"}


def test_status_filter(listing):
    client, _items, _ = listing
    assert titles(client.get(URL, {"status": "closed"})) == {"已经销号"}


def test_unit_filter_matches_lead_and_supporting(listing):
    client, _items, sfj = listing
    assert titles(client.get(URL, {"unit": sfj.pk})) == {"逾期任务", "已经销号", "正常推进"}


def test_overdue_filter(listing):
    client, _items, _ = listing
    assert titles(client.get(URL, {"overdue": "on"})) == {"逾期任务"}


def test_light_filter(listing):
    client, _items, _ = listing
    assert titles(client.get(URL, {"light": "red"})) == {"逾期任务"}
    # 一个不足 has no lead unit: flagged, never green.
    assert titles(client.get(URL, {"light": "yellow"})) == {"即将到期", "一个不足"}
    assert titles(client.get(URL, {"light": "green"})) == {"正常推进", "已经销号"}


def test_text_search_covers_title_and_text(listing):
    client, _items, _ = listing
    assert titles(client.get(URL, {"q": "公职律师", "kind": "all"})) == {"一个原因"}
    assert titles(client.get(URL, {"q": "销号"})) == {"已经销号"}


def test_text_search_ignores_letter_case(client, db):
    report = make_report()
    make_item(report=report, title="PM2.5 年均浓度下降")
    make_item(report=report, title="细颗粒物监测", text="全区 pm2.5 监测点")
    client.force_login(make_user(role="viewer"))
    found = {"PM2.5 年均浓度下降", "细颗粒物监测"}
    assert titles(client.get(URL, {"q": "pm2.5"})) == found
    assert titles(client.get(URL, {"q": "Pm2.5"})) == found
    assert titles(client.get(URL, {"q": "2.5"})) == found


def test_sort_by_due_date(listing):
    client, _items, _ = listing
    page = client.get(URL, {"sort": "due", "kind": "task"}).context["page"]
    dues = [i.due_on for i in page]
    assert dues == sorted(dues)


def test_bad_filter_values_do_not_break_the_page(listing):
    client, _items, _ = listing
    response = client.get(URL, {"status": "nonsense", "unit": "abc", "page": "999"})
    assert response.status_code == 200


def test_pagination(client, db, settings):
    settings.TRACKER_PAGE_SIZE = 5
    report = make_report()
    for n in range(12):
        make_item(report=report, title=f"第{n}项")
    client.force_login(make_user(role="viewer"))
    assert len(client.get(URL, {"page": 3}).context["page"]) == 2


def bulk_items(count: int) -> list:
    report = make_report()
    units = [make_unit() for _ in range(3)]
    items = Item.objects.bulk_create(
        Item(
            report=report,
            kind="task",
            sequence=n,
            number=n,
            title=f"任务{n}",
            text="x",
            status=Status.IN_PROGRESS,
            lead_unit=units[n % 3],
            due_on=date(2027, 1, 1),
        )
        for n in range(1, count + 1)
    )
    through = Item.supporting_units.through
    through.objects.bulk_create(
        through(item_id=i.pk, unit_id=units[(n + 1) % 3].pk) for n, i in enumerate(items)
    )
    return units


@pytest.mark.parametrize("count", [10, 200])
def test_list_query_count_is_fixed(client, db, django_assert_num_queries, count):
    units = bulk_items(count)
    client.force_login(make_user(role="reporter", units=[units[0]]))
    # session, user, permissions (1), count, the page's rows, supporting units,
    # the filter's unit choices and report choices, the top bar's unread messages.
    with django_assert_num_queries(9):
        response = client.get(URL, {"sort": "due"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 200])
def test_list_query_count_is_fixed_for_a_viewer(client, db, django_assert_num_queries, count):
    bulk_items(count)
    client.force_login(make_user(role="viewer"))
    # … and whether the reader oversees the city's districts (the top bar's 全市).
    with django_assert_num_queries(10):
        client.get(URL)


def test_keys_first_pages_are_the_plain_paginators_pages(db, django_assert_num_queries):
    from django.core.paginator import Paginator

    from tracker.paging import KeysFirstPaginator

    bulk_items(22)  # 4 pages, the last one taking the 2 orphans
    items = Item.objects.select_related("lead_unit").prefetch_related("supporting_units")
    items = items.order_by("due_on", "-sequence")
    plain, keyed = Paginator(items, 5, orphans=2), KeysFirstPaginator(items, 5, orphans=2)
    assert keyed.num_pages == plain.num_pages == 4
    for number in range(1, 5):
        expected = [i.pk for i in plain.page(number)]
        page = keyed.page(number)
        # The page's rows and their prefetch: the keys are a subquery.
        with django_assert_num_queries(2):
            rows = list(page)
            assert all(len(row.supporting_units.all()) == 1 for row in rows)
        assert [row.pk for row in rows] == expected


def test_the_many_options_select_renders_what_django_renders(db):
    import re

    from django import forms

    from tracker.filters import ManyOptionsSelect

    choices = [("", "全部单位"), (1, "A&B <局>"), ("2", "乙")]
    attrs = {"class": "form-select", "id": "id_unit"}

    def html(widget_class, value):
        rendered = widget_class(choices=choices, attrs=attrs).render("unit", value)
        return re.sub(r">\s+<", "><", str(rendered)).strip()

    for value in ("", "1", 2, None):
        assert html(ManyOptionsSelect, value) == html(forms.Select, value)
