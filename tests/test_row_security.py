"""Row-level security (PostgreSQL): the database hides other districts' rows by itself.

The app's first line of defence is tracker/permissions.py; these tests check the second,
the policies of migration 0023_row_security and the middleware that sets a request's
scope (tracker/rowsecurity.py). They act as a plain role (SET ROLE): a superuser, as the
test database's owner connects, bypasses every policy.
"""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_report
from tracker import rowsecurity
from tracker.models import Evidence, Item, Jurisdiction, ProgressUpdate, Report, Unit
from tracker.services.progress import update_submit

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row-level security is PostgreSQL's"
    ),
]

ROLE = "tracker_rls_test"  # created and granted inside the test's transaction: rolled back


@pytest.fixture
def app_role(db):
    """The policies on (inside the test's transaction), and the connection acting as a
    role that is neither superuser nor BYPASSRLS."""
    switch_in_test(on=True)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$BEGIN CREATE ROLE {ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END$$"
        )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"SET ROLE {ROLE}")
    yield ROLE
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")


@pytest.fixture
def two_districts(world):
    """The first district's report (world) and the second's, each with an update."""
    district_2 = Jurisdiction.objects.get(short_name="第二区")
    report_2 = make_report(jurisdiction=district_2, issuer="测试市第二区人民政府", year=2021)
    unit_2 = world["reporter_2"].memberships.get().unit
    item_2 = make_item(report=report_2, lead_unit=unit_2, title="第二区的任务")
    today = timezone.localdate()
    update_2 = update_submit(
        item=item_2, unit=unit_2, author=world["reporter_2"], reported_on=today, text="二区"
    )
    update_1 = update_submit(
        item=world["own"], unit=world["sfj"], author=world["reporter"], reported_on=today,
        text="一区",
    )  # fmt: skip
    for update in (update_1, update_2):
        Evidence.objects.create(
            update=update,
            url="https://example.org/a",
            description="链接",
            uploaded_by=update.author,
        )
    return {"district_2": district_2, "report_2": report_2, "item_2": item_2,
            "update_1": update_1, "update_2": update_2}  # fmt: skip


def _check_constraints_now() -> None:
    """ALTER TABLE refuses a table with foreign-key checks still pending (Django's are
    deferred to the commit, which a test never reaches): run them now."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def switch_in_test(*, on: bool) -> None:
    _check_constraints_now()
    rowsecurity.switch(on=on)


def everything() -> dict:
    return {
        model.__name__: set(model.objects.values_list("pk", flat=True))
        for model in (Report, Unit, Item, ProgressUpdate, Evidence)
    }


def test_a_districts_scope_shows_the_plain_role_only_that_districts_rows(
    world, two_districts, app_role
):
    rowsecurity.set_scope(world["coordinator_2"])
    assert rowsecurity.current_scope() == f"{{{two_districts['district_2'].pk}}}"
    assert list(Report.objects.all()) == [two_districts["report_2"]]
    assert list(Item.objects.all()) == [two_districts["item_2"]]
    assert list(ProgressUpdate.objects.all()) == [two_districts["update_2"]]
    assert [e.update_id for e in Evidence.objects.all()] == [two_districts["update_2"].pk]
    # Units: the district's, and its city's office above it (who it reports to); never
    # the first district's.
    seen = set(Unit.objects.values_list("jurisdiction__level", "jurisdiction_id"))
    assert ("district", world["report"].jurisdiction_id) not in seen
    assert ("district", two_districts["district_2"].pk) in seen
    # A key typed by hand, joined through, counted: the same answer.
    assert not Item.objects.filter(pk=world["own"].pk).exists()
    assert not ProgressUpdate.objects.filter(item__report=world["report"]).exists()
    assert Report.objects.filter(pk=world["report"].pk).count() == 0


def test_without_a_scope_the_plain_role_sees_every_row(world, two_districts, app_role):
    with connection.cursor() as cursor:
        cursor.execute("RESET ROLE")
        everything_as_owner = everything()
        cursor.execute(f"SET ROLE {app_role}")
    assert rowsecurity.current_scope() in (None, "")  # unset on this connection
    assert everything() == everything_as_owner
    assert len(everything_as_owner["Report"]) == 2
    rowsecurity.set_scope(world["admin"])  # the administrator: '*'
    assert everything() == everything_as_owner
    rowsecurity.reset_scope()  # '': as unset
    assert everything() == everything_as_owner


def test_the_city_sees_every_district_and_an_anonymous_visitor_nothing(
    world, two_districts, app_role
):
    from django.contrib.auth.models import AnonymousUser

    rowsecurity.set_scope(world["city"])
    assert Report.objects.count() == 2
    rowsecurity.set_scope(AnonymousUser())
    assert rowsecurity.current_scope() == "{}"
    assert not Report.objects.exists() and not Item.objects.exists()


def test_the_middleware_sets_the_scope_for_the_request_and_leaves_none_behind(
    world, two_districts, app_role, settings
):
    settings.TRACKER_ROW_SECURITY = True
    seen = []

    def view(request):
        seen.append((rowsecurity.current_scope(), set(Item.objects.values_list("pk", flat=True))))
        if request.GET.get("fail"):
            raise RuntimeError("the view failed")
        return HttpResponse()

    middleware = rowsecurity.RowSecurityMiddleware(view)
    request = RequestFactory().get("/")
    request.user = world["coordinator_2"]
    middleware(request)
    assert seen[-1] == (f"{{{two_districts['district_2'].pk}}}", {two_districts["item_2"].pk})
    # The same (persistent) connection after the request: no scope, every row.
    assert rowsecurity.current_scope() == ""
    assert Item.objects.count() == len(everything()["Item"]) > 1
    # The next request, another district's: its own rows, none of the last one's.
    request = RequestFactory().get("/", {"fail": "1"})
    request.user = world["coordinator"]
    with pytest.raises(RuntimeError):
        middleware(request)
    assert two_districts["item_2"].pk not in seen[-1][1] and world["own"].pk in seen[-1][1]
    assert rowsecurity.current_scope() == ""  # reset after a failing view too


def test_the_policies_are_dormant_until_enabled_and_the_command_switches_them(world, two_districts):
    import io

    from django.core.management import call_command

    tables = rowsecurity.policy_tables()
    assert {"tracker_report", "tracker_unit", "tracker_item", "tracker_progressupdate",
            "tracker_evidence"} <= set(tables)  # fmt: skip
    assert not any(tables.values())  # migrating alone turns nothing on
    out = io.StringIO()
    _check_constraints_now()
    call_command("row_security", "--enable", stdout=out)
    assert all(rowsecurity.policy_tables().values())
    assert "tracker_item: on" in out.getvalue()
    call_command("row_security", "--disable", stdout=io.StringIO())
    assert not any(rowsecurity.policy_tables().values())
    # Dormant: a plain role with a district's scope still reads every row.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DO $$BEGIN CREATE ROLE {ROLE} NOLOGIN; "
            "EXCEPTION WHEN duplicate_object THEN NULL; END$$"
        )
        cursor.execute(f"GRANT USAGE ON SCHEMA public TO {ROLE}")
        cursor.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA public TO {ROLE}")
        cursor.execute(f"SET ROLE {ROLE}")
        rowsecurity.set_scope(world["coordinator_2"])
        assert Report.objects.count() == 2
        cursor.execute("RESET ROLE")


def test_the_middleware_is_not_loaded_unless_enabled(settings):
    from django.core.exceptions import MiddlewareNotUsed

    settings.TRACKER_ROW_SECURITY = False
    with pytest.raises(MiddlewareNotUsed):
        rowsecurity.RowSecurityMiddleware(lambda request: HttpResponse())


def test_another_districts_item_is_a_404_and_the_database_hides_it_too(
    client, world, two_districts, app_role, settings
):
    settings.TRACKER_ROW_SECURITY = True
    client.force_login(world["coordinator_2"])
    assert client.get(reverse("tracker:item-detail", args=[world["own"].pk])).status_code == 404
    page = client.get(reverse("tracker:item-detail", args=[two_districts["item_2"].pk]))
    assert page.status_code == 200 and "第二区的任务" in page.content.decode()
    assert rowsecurity.current_scope() == ""  # the request left nothing behind
    # The first line aside: the database alone would not hand the row over.
    rowsecurity.set_scope(world["coordinator_2"])
    assert not Item.objects.filter(pk=world["own"].pk).exists()


def test_a_districts_pages_read_the_same_with_the_policies_on(client, world, two_districts,
                                                              app_role, settings):  # fmt: skip
    """The second line never hides what the first shows (a district's office, the city's
    and a reporter, on the pages that read the most tables)."""
    pages = ["tracker:home", "tracker:item-list", "tracker:review-queue", "tracker:dashboard"]
    readers = [world["coordinator_2"], world["city"], world["reporter"], world["coordinator"]]

    def read_all():
        bodies = {}
        for user in readers:
            client.force_login(user)
            for name in pages:
                response = client.get(reverse(name))
                body = _without_tokens(response.content.decode())
                bodies[user.username, name] = (response.status_code, body)
        assert sum(status == 200 for status, _ in bodies.values()) >= 14  # not all refusals
        return bodies

    without = read_all()
    settings.TRACKER_ROW_SECURITY = True
    client.handler.load_middleware()
    assert read_all() == without


def _without_tokens(html: str) -> str:
    import re

    # Per-request tokens: CSRF, CSP nonces and the forms' one-time keys (tracker/once.py).
    return re.sub(r'name="(csrfmiddlewaretoken|once)" value="[^"]*"|nonce="[^"]*"', "", html)


def test_logging_in_and_reading_with_the_policies_on(client, world, two_districts, app_role,
                                                     settings):  # fmt: skip
    """The log-in request starts anonymous (scope: nothing) and must still log in; the
    next request reads with the person's scope."""
    settings.TRACKER_ROW_SECURITY = True
    response = client.post(reverse("login"), {"username": "erin", "password": "pw-for-tests"})
    assert response.status_code == 302
    page = client.get(reverse("tracker:item-list"))
    titles = {item.title for item in page.context["page"]}
    assert titles == {"第二区的任务"}
    assert rowsecurity.current_scope() == ""
