"""Who may do what: every URL the app exposes × every role × GET and POST.

- SPEC: URLs are discovered from the URL configuration (a new URL without a
  line in SPEC fails `test_every_url_has_a_spec`), each requested with no form
  data, so whatever the answer the database must not change; refusals are
  302-to-login (anonymous), 403 (may read, may not act) or 404 (may not see).
- ACTIONS: the same URLs with valid form data. The roles SPEC lets through
  act (302, the database changes); every other role gets SPEC's refusal and
  changes nothing.
- ITEM_PAGES: which items each role may open (their units' items, led or
  supported, and every context item), and the item list holds just those.
"""

import pytest
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from tests.factories import make_item
from tests.uploads import pdf_upload
from tracker.models import (
    Acknowledgement,
    ExportJob,
    ImportDraft,
    Message,
    OfficeSettings,
    ProgressUpdate,
    Report,
)
from tracker.services.followup import Attachment, extension_request

pytestmark = pytest.mark.django_db

# The world is one district of a city: "leader" leads 区司法局, the reporter's unit (reads
# its items, acts on none but its checks). "coordinator_2" and "reporter_2" work in
# another district of the same city; "city" is the city's office.
DISTRICT_ROLES = ["viewer", "reporter", "other_reporter", "coordinator", "admin", "leader"]
ELSEWHERE = ["coordinator_2", "reporter_2", "city"]
SIGNED_IN = DISTRICT_ROLES + ELSEWHERE
ROLES = ["anonymous", *SIGNED_IN]
LOGIN = 302


def office(status, *, item=False):
    """Only the coordinating office (and the administrator) get `status`; on an item's
    URL, the other unit's reporter may not even see it."""
    hidden = {"other_reporter": 404} if item else {}
    return {**everyone(403), "coordinator": status, "admin": status, **hidden}


def own_unit(status):
    """Only 区司法局's reporter gets `status`; the other unit's reporter may not see it."""
    return {**everyone(403), "reporter": status, "other_reporter": 404}


def everyone(status):
    """Every role of this district (`across` adds the others)."""
    return dict.fromkeys(DISTRICT_ROLES, status)


def across(args_key, statuses: dict) -> dict:
    """Add the other district's people and the city's office to a row of the district's
    (where the row does not name them itself).

    The city's office may what the district's office may. The other district sees none of
    this district's things: a URL naming one of them is a 404, unless it never answers
    the method (405) or refuses the reporter's role before looking (403); a page of its
    own (a list, a form to start) answers as for the other unit's reporter or an office."""
    filled = {"city": statuses["coordinator"]}
    for role, like in (("coordinator_2", "coordinator"), ("reporter_2", "other_reporter")):
        base = statuses[like]
        refused_first = base == 405 or (base == 403 and role == "reporter_2")
        filled[role] = base if refused_first or not args_key else 404
    return {**filled, **statuses}


# Reporters open their units' items (led or supported) and every context item (a cause).
ITEM_PAGES = {
    key: across("item", statuses)
    for key, statuses in {
        "own": {**everyone(200), "other_reporter": 404},
        "other": {**everyone(200), "reporter": 404, "leader": 404},
        "supported": everyone(200),
        "cause": everyone(200),
    }.items()
}
# name: (args, GET statuses, POST statuses); "anonymous" is always 302 to the log-in page.
READ_ALL = (everyone(200), everyone(405))
CITY_ONLY = {**everyone(403), "coordinator_2": 403, "reporter_2": 403, "admin": 200, "city": 200}
# A download of the latest report: the other district has none yet (400, saying so).
DOWNLOAD = ({**everyone(200), "coordinator_2": 400, "reporter_2": 400}, everyone(405))
SPEC = {
    "tracker:home": (None, *READ_ALL),
    "tracker:item-list": (None, *READ_ALL),
    "tracker:item-list-xlsx": (None, *READ_ALL),
    "tracker:item-list-csv": (None, *READ_ALL),
    "tracker:help": (None, everyone(302), everyone(405)),  # to the reader's role's page
    # A role's name is no district's thing: every district reads every page.
    "tracker:help-role": (
        "role",
        {**everyone(200), "coordinator_2": 200, "reporter_2": 200},
        everyone(405),
    ),
    # An empty post switches nothing (snapshot unchanged) and goes back.
    "tracker:large-type": (None, everyone(405), everyone(302)),
    "tracker:report-list": (None, *READ_ALL),
    "tracker:report-detail": ("report", *READ_ALL),
    "tracker:report-source": ("report", *READ_ALL),
    "tracker:dashboard": (None, *READ_ALL),
    "tracker:summary": (None, *READ_ALL),
    "tracker:draft": (None, *READ_ALL),
    "tracker:ledger-xlsx": (None, *DOWNLOAD),
    "tracker:ledger-csv": (None, *DOWNLOAD),
    "tracker:summary-docx": (None, *DOWNLOAD),
    "tracker:draft-docx": (None, *DOWNLOAD),
    "tracker:draft-md": (None, *DOWNLOAD),
    "tracker:bulletin": (None, *READ_ALL),
    "tracker:bulletin-docx": (None, *DOWNLOAD),
    "tracker:bulletin-md": (None, *DOWNLOAD),
    # The scoring rule (考核): the offices only; an empty post comes back with its errors.
    "tracker:scoring-rule": (None, office(200), office(200)),
    "tracker:item-detail": ("own", ITEM_PAGES["own"], everyone(405)),
    "tracker:evidence-download": (
        "evidence",
        {**everyone(200), "other_reporter": 404},
        everyone(405),
    ),
    "tracker:evidence-view": (  # a PDF: shown inline to whoever may download it
        "evidence",
        {**everyone(200), "other_reporter": 404},
        everyone(405),
    ),
    "tracker:extension-attachment": (
        "extension",
        {**everyone(200), "other_reporter": 404},
        everyone(405),
    ),
    "tracker:item-assign": ("own", office(200, item=True), office(200, item=True)),
    "tracker:item-urge": ("own", office(200, item=True), office(200, item=True)),
    "tracker:update-create": ("own", own_unit(200), own_unit(200)),
    "tracker:extension-create": ("own", own_unit(200), own_unit(200)),
    "tracker:update-revise": ("update", own_unit(200), own_unit(200)),
    "tracker:update-review": ("update", everyone(405), office(302, item=True)),
    "tracker:extension-decide": ("extension", everyone(405), office(302, item=True)),
    "tracker:review-queue": (None, office(200), everyone(405)),
    "tracker:unit-list": (None, office(200), everyone(405)),
    "tracker:unit-create": (None, office(200), office(200)),
    "tracker:unit-edit": ("unit", office(200), office(200)),
    "tracker:import-start": (None, office(200), office(200)),
    # Throwing away one's own unfinished import; the page's button sends `confirm`.
    "tracker:import-draft-delete": (
        "draft",
        everyone(405),
        {**office(302), "admin": 404, "city": 404},
    ),
    "tracker:item-acknowledge": (
        "own",
        everyone(405),
        # Members of the item's units acknowledge; with nothing pending the answer is a note.
        {**everyone(403), "reporter": 302, "other_reporter": 404, "leader": 302},
    ),
    "tracker:update-unit-review": (
        "update",
        everyone(405),
        {**everyone(403), "other_reporter": 404, "leader": 302},
    ),
    "tracker:reviews-bulk-approve": (None, everyone(405), office(302)),
    "tracker:items-bulk": (None, everyone(405), office(302)),
    "tracker:acknowledgement-list": (None, office(200), everyone(405)),
    # Log-in lock-outs: the office and the administrator; an empty post lifts nothing.
    "tracker:lockout-list": (None, office(200), everyone(405)),
    "tracker:lockout-lift": (None, everyone(405), office(302)),
    "tracker:office-settings": (None, office(200), office(200)),
    "tracker:inbox": (None, *READ_ALL),
    # The city's view: for the city's office (and the administrator) only.
    "tracker:city-dashboard": (None, CITY_ONLY, everyone(405)),
    "tracker:city-ledger": (None, CITY_ONLY, everyone(405)),
    # An empty urge is refused at its field (200); nothing is recorded.
    "tracker:city-district": ("district", CITY_ONLY, CITY_ONLY),
    "tracker:messages-read-all": (None, everyone(405), everyone(302)),
    # Background exports: everyone asks for their own and sees only their own. An empty
    # post asks for no known export: refused with a message (302), nothing stored.
    "tracker:export-list": (None, *READ_ALL),
    "tracker:export-create": (None, everyone(405), everyone(302)),
    "tracker:export-detail": (
        "export",
        {**everyone(404), "coordinator": 200, "city": 404},
        everyone(405),
    ),
    "tracker:export-download": (
        "export",
        {**everyone(404), "coordinator": 200, "city": 404},
        everyone(405),
    ),
    "tracker:message-open": ("message", everyone(405), {**everyone(404), "reporter": 302}),
    "tracker:preferences": (None, everyone(200), everyone(200)),
    "tracker:import-preview": (
        "draft",
        # A draft is its importer's own: others get a 404, as for any thing they may not see.
        {**office(200), "admin": 404, "city": 404},
        # An empty POST is not the page's form: answered with its errors, nothing saved.
        {**office(200), "admin": 404, "city": 404},
    ),
}
SPEC = {
    name: (args, across(args, get), across(args, post)) for name, (args, get, post) in SPEC.items()
}
# Django's own pages (log-in, password change and reset, language): answered, never a 500.
DJANGO_PAGES = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
}


# The workflow's trail: read-only in the admin, even for the administrator (tests/test_admin.py).
TRAIL_MODELS = {
    "progressupdate", "evidence", "reminder", "extensionrequest", "acknowledgement", "message",
    "itemlineage",
}  # fmt: skip
# Nothing to add by hand: the trail, and the office's one row of settings.
NO_ADD = TRAIL_MODELS | {"officesettings"}


def discovered() -> list[tuple[str, URLPattern]]:
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace)
            elif pattern.name:
                found.append(
                    (f"{namespace}:{pattern.name}" if namespace else pattern.name, pattern)
                )

    walk(get_resolver().url_patterns, None)
    return found


def test_every_url_has_a_spec():
    names = {name for name, _ in discovered() if not name.startswith("admin:")}
    assert names - set(SPEC) - DJANGO_PAGES == set(), "add the new URL to SPEC with who may use it"


@pytest.fixture
def objects(world, submitted):
    due = submitted.item.due_on
    # On an item of its own, so that "own" is free for a new request (one pending per item).
    extended = make_item(report=world["report"], lead_unit=world["sfj"], due_on=due)
    extension = extension_request(
        item=extended,
        unit=world["sfj"],
        by=world["reporter"],
        requested_due_on=due.replace(year=due.year + 1),
        reason="需要时间",
        attachment=Attachment(pdf_upload("延期申请表.pdf")),
    )
    # A notice to acknowledge and a message, both for 区司法局's reporter.
    Acknowledgement.objects.create(
        item=submitted.item, unit=world["sfj"], reason="assigned", created_at=timezone.now()
    )
    message = Message.objects.create(
        recipient=world["reporter"], kind="assigned", item=submitted.item, text="请签收",
        created_at=timezone.now(),
    )  # fmt: skip
    draft = ImportDraft.objects.create(
        created_by=world["coordinator"],
        source_text="x",
        data={
            "title": "t",
            "issuer": "i",
            "year": 2021,
            "signed": None,
            "published": None,
            "items": [],
            "unplaced": [],
            "warnings": [],
            "links": None,
        },
    )
    # A finished export of the district's coordinator: theirs alone.
    export = ExportJob.objects.create(kind="item_list", requested_by=world["coordinator"])
    export.file.save("list.xlsx", ContentFile(b"PK"), save=False)
    export.status, export.filename = "done", "事项清单.xlsx"
    export.save()
    return {
        "export": export.pk,
        "own": submitted.item_id,
        "update": submitted.pk,
        "evidence": submitted.evidence.get().pk,
        "extension": extension.pk,
        "draft": draft.pk,
        "message": message.pk,
        "district": world["report"].jurisdiction_id,
        "report": Report.objects.get().pk,
        "unit": world["sfj"].pk,
        "role": "reporter",
    }


def snapshot():
    from django.apps import apps

    from tracker.models import Item

    state = {}
    for model in apps.get_app_config("tracker").get_models():
        state[model.__name__] = model.objects.count()
    state["items"] = tuple(
        Item.objects.order_by("pk").values_list("version", "status", "due_on", "lead_unit_id")
    )
    state["updates"] = tuple(
        ProgressUpdate.objects.order_by("pk").values_list(
            "state", "revision", "text", "reviewed_at"
        )
    )
    state["notices"] = tuple(Acknowledgement.objects.order_by("pk").values_list("acknowledged_at"))
    state["office"] = tuple(OfficeSettings.objects.values_list("unit_review_closure"))
    return state


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(SPEC))
def test_matrix(client, world, objects, name, role, method):
    args_key, get_expected, post_expected = SPEC[name]
    url = reverse(name, args=[objects[args_key]] if args_key else [])
    if role != "anonymous":
        client.force_login(world[role])
    before = snapshot()
    response = getattr(client, method)(url)
    if role == "anonymous":
        assert response.status_code == LOGIN and response["Location"].startswith(
            "/accounts/login/"
        ), url
    else:
        expected = (get_expected if method == "get" else post_expected)[role]
        assert response.status_code == expected, (url, role, method)
    assert snapshot() == before, (url, role, method)


# name: valid form data, from the world and today's date; who may act is SPEC's POST column.
ACTIONS = {
    "tracker:update-create": lambda w, today: {
        "reported_on": today,
        "text": "新进展",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    },
    "tracker:update-revise": lambda w, today: {
        "reported_on": today,
        "text": "改过",
        "evidence-TOTAL_FORMS": "0",
        "evidence-INITIAL_FORMS": "0",
    },
    "tracker:update-review": lambda w, today: {"decision": "approve"},
    "tracker:item-assign": lambda w, today: {"lead_unit": "", "status": "on_hold"},
    "tracker:item-urge": lambda w, today: {"unit": w["sfj"].pk, "message": "请抓紧"},
    "tracker:extension-create": lambda w, today: {
        "requested_due_on": "2099-01-01",
        "reason": "需要时间",
    },
    "tracker:item-acknowledge": lambda w, today: {"confirm": "1"},
    "tracker:import-draft-delete": lambda w, today: {"confirm": "1"},
    "tracker:reviews-bulk-approve": lambda w, today: {
        "updates": [ProgressUpdate.objects.get().pk],
        "confirm": "True",
    },
    "tracker:items-bulk": lambda w, today: {
        "items": [w["own"].pk],
        "action": "urge",
        "confirm": "True",
        "message": "请抓紧",
    },
    "tracker:office-settings": lambda w, today: {"unit_review_closure": "True"},
    "tracker:export-create": lambda w, today: {"kind": "item_list", "query": "status=closed"},
    "tracker:scoring-rule": lambda w, today: {
        "jurisdiction": w["own"].report.jurisdiction_id,
        "base": "90",
        "closed_on_time": "4",
        "timely_report": "1",
        "overdue": "6",
        "returned": "2",
        "unacknowledged": "2",
    },
    "tracker:preferences": lambda w, today: {"email_mode": "each"},
    "tracker:large-type": lambda w, today: {"large_type": "on"},
    "tracker:unit-edit": lambda w, today: {
        "name": w["sfj"].name,
        "jurisdiction": w["sfj"].jurisdiction_id,  # the administrator has no home one
        "kind": "department",
        "sort_order": "1",
    },
}
REFUSED = (403, 404)


def acts_on_this_district(name: str) -> bool:
    """Actions whose form names things of this district (the items, the updates)."""
    return name in ("tracker:reviews-bulk-approve", "tracker:items-bulk", "tracker:scoring-rule")


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_valid_form_data_acts_for_the_allowed_roles_only(client, world, objects, name, role):
    args_key, _get_expected, post_expected = SPEC[name]
    url = reverse(name, args=[objects[args_key]] if args_key else [])
    if role != "anonymous":
        client.force_login(world[role])
    before = snapshot()
    response = client.post(url, ACTIONS[name](world, timezone.localdate().isoformat()))
    if role in ("coordinator_2", "reporter_2") and acts_on_this_district(name):
        # Their own page answers, but this district's things are none of theirs.
        assert snapshot() == before, (url, role)
    elif role != "anonymous" and post_expected[role] not in REFUSED:
        assert response.status_code == 302, (url, role)
        assert snapshot() != before, (url, role)
    else:
        assert response.status_code == (LOGIN if role == "anonymous" else post_expected[role])
        assert role != "anonymous" or response["Location"].startswith("/accounts/login/")
        assert snapshot() == before, (url, role)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("key", ITEM_PAGES)
def test_item_pages_open_for_the_roles_that_may_see_them(client, world, key, role):
    url = reverse("tracker:item-detail", args=[world[key].pk])
    if role == "anonymous":
        assert client.get(url)["Location"].startswith("/accounts/login/")
    else:
        client.force_login(world[role])
        assert client.get(url).status_code == ITEM_PAGES[key][role]


@pytest.mark.parametrize("role", SIGNED_IN)
def test_the_item_list_holds_the_items_the_role_may_open(client, world, role):
    client.force_login(world[role])
    listed = {item.title for item in client.get("/items/?kind=all").context["page"]}
    may_open = {world[key].title for key, status in ITEM_PAGES.items() if status[role] == 200}
    assert listed == may_open


@pytest.mark.parametrize("role", ROLES)
def test_django_pages_never_fail(client, world, role):
    if role != "anonymous":
        client.force_login(world[role])
    for name, pattern in discovered():
        if name in DJANGO_PAGES and not pattern.pattern.converters:
            for method in ("get", "post"):
                assert getattr(client, method)(reverse(name)).status_code < 500, (
                    name,
                    role,
                    method,
                )


@pytest.mark.parametrize("role", ROLES)
def test_admin_is_for_staff_only(client, world, role):
    if role != "anonymous":
        client.force_login(world[role])
    pages = []
    for name, _pattern in discovered():
        if name.startswith("admin:") and name not in ("admin:logout", "admin:login"):
            try:
                pages.append(reverse(name))
            except NoReverseMatch:  # pages of one object: their rules are the same as the list's
                continue
    assert len(pages) > 20
    before = snapshot()
    for url in pages:
        response = client.get(url)
        if role == "admin":
            # autocomplete needs its query parameters; django-axes' records are read-only
            read_only = url.endswith("/autocomplete/") or (
                url.endswith("/add/")
                and (url.startswith("/admin/axes/") or url.split("/")[3] in NO_ADD)
            )
            assert response.status_code == (403 if read_only else 200), url
        else:
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (
                url,
                role,
            )
        assert client.post(url).status_code in (
            (200, 302, 403, 405) if role == "admin" else (302,)
        ), url
    assert snapshot() == before  # empty forms change nothing, even for the administrator
