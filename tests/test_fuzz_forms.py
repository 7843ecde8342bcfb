"""Forms fuzzed with hypothesis: odd text, dates and numbers never cause a 500,
and whatever is stored comes back escaped."""

import string
from datetime import date

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.models import ProgressUpdate

pytestmark = pytest.mark.django_db

NASTY = [
    "<script>alert(1)</script>",
    "\"'><img src=x onerror=alert(1)>",
    "'; DROP TABLE tracker_item; --",
    '=HYPERLINK("http://x")',
    "+1+1",
    "-2",
    "@SUM(A1)",
    "{{ 7*7 }}",
    "{% debug %}",
    "\x00\x01\x1b[31m",
    "👍🏽🇨🇳",
    "法治 العربية русский",
    "\u202e反向",
    " " * 50,
    "",
]
texts = st.one_of(
    st.sampled_from(NASTY), st.text(max_size=300), st.text(alphabet=string.printable, max_size=100)
)
percents = st.one_of(
    st.integers(min_value=-(10**6), max_value=10**6).map(str),
    st.sampled_from(["", "abc", "1e9", "50.5", "-0"]),
)
dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.sampled_from(["", "2026-02-30", "0000-00-00", "昨天", "99999-01-01"]),
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def assert_escaped(html: str, text: str) -> None:
    if "<script>" in text:
        assert "<script>alert(1)</script>" not in html


@FUZZ
@given(text=texts, percent=percents, reported_on=dates)
def test_progress_form_never_fails(client, world, text, percent, reported_on):
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:update-create", args=[world["own"].pk]),
        {
            "reported_on": reported_on,
            "text": text,
            "percent": percent,
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-url": text[:50],
            "evidence-0-description": text[:50],
        },
    )
    assert response.status_code in (200, 302)
    for update in ProgressUpdate.objects.all():
        assert update.percent is None or 0 <= update.percent <= 100
        assert update.reported_on <= date.today().replace(year=date.today().year + 1)
    page = client.get(reverse("tracker:item-detail", args=[world["own"].pk]))
    assert page.status_code == 200
    assert_escaped(page.content.decode(), text)


@FUZZ
@given(
    start=dates,
    due=dates,
    status=st.sampled_from(["in_progress", "closed", "bogus", ""]),
    lead=st.sampled_from(["", "999999", "abc", "-1"]),
)
def test_assign_form_never_fails(client, world, start, due, status, lead):
    client.force_login(world["coordinator"])
    item = world["own"]
    item.refresh_from_db()
    response = client.post(
        reverse("tracker:item-assign", args=[item.pk]),
        {
            "start_on": start,
            "due_on": due,
            "status": status,
            "lead_unit": lead,
            "version": item.version,
        },
    )
    assert response.status_code in (200, 302)
    item.refresh_from_db()
    assert item.status != "closed"
    assert not (item.start_on and item.due_on and item.due_on < item.start_on)


@FUZZ
@given(
    comment=texts,
    decision=st.sampled_from(["approve", "return", "nonsense", ""]),
    version=st.sampled_from(["", "1", "x", "-5"]),
)
def test_review_and_urge_never_fail(client, world, comment, decision, version):
    from django.utils import timezone

    from tracker.services.progress import update_submit

    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="x",
    )
    client.force_login(world["coordinator"])
    response = client.post(
        reverse("tracker:update-review", args=[update.pk]),
        {"decision": decision, "comment": comment, "version": version},
    )
    assert response.status_code == 302
    response = client.post(
        reverse("tracker:item-urge", args=[world["own"].pk]),
        {"unit": world["sfj"].pk, "message": comment},
    )
    assert response.status_code in (200, 302)
    page = client.get(reverse("tracker:item-detail", args=[world["own"].pk]))
    assert page.status_code == 200
    assert_escaped(page.content.decode(), comment)


@FUZZ
@given(q=texts, kind=texts, status=texts, unit=texts, light=texts, sort=texts, page=texts)
def test_item_list_filters_never_fail(client, world, q, kind, status, unit, light, sort, page):
    client.force_login(world["viewer"])
    params = {
        "q": q,
        "kind": kind,
        "status": status,
        "unit": unit,
        "light": light,
        "sort": sort,
        "page": page,
        "overdue": q[:3],
    }
    response = client.get(reverse("tracker:item-list"), params)
    assert response.status_code == 200


@FUZZ
@given(reason=texts, requested=dates)
def test_extension_form_never_fails(client, world, reason, requested):
    item = world["own"]
    item.due_on = date(2026, 6, 1)
    item.save()
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:extension-create", args=[item.pk]),
        {"requested_due_on": requested, "reason": reason},
    )
    assert response.status_code in (200, 302)


# ---------------------------------------------------------------------------------------
# Every list filter and every form of the app, with arbitrary Unicode (NUL, other
# controls, non-ASCII digits, huge numbers, right-to-left marks): never a 500, on SQLite
# and PostgreSQL. The pages are listed here; their parameters and forms are read from
# the pages themselves (a <form method="get"> field, a "?name=" link, each <form
# method="post"> with its fields), so a new filter or field is fuzzed without a change
# here. TRIED counts the requests made per database (printed at the end of the run and
# written to test-artifacts/fuzz-counts-*.json).

import collections  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import parse_qsl, urlsplit  # noqa: E402

from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from hypothesis import Phase  # noqa: E402

TRIED: collections.Counter = collections.Counter()
ODD = [
    "\x00",
    "a\x00b",
    "\x00\x01\x1b\x7f",
    "²",
    "١٢",
    "𝟙",
    "０１",
    "٣\x00",
    "99999999999999999999999",
    "-1",
    "1e9",
    "",
    " ",
    "\u202e1",
    "\u200f٢٠٢٦-٠١-٠١",
    "2026-02-30",
    "true",
    "on",
    "<script>alert(1)</script>",
    "'; DROP TABLE tracker_item; --",
    "\U0010ffff",
    "%00",
    "../../etc/passwd",
]
DIGITS = "0123456789²³¹٠١٢٣٤٥٦٧٨٩０１２𝟙𝟚\x00-."
odd_values = st.one_of(
    st.sampled_from(ODD),
    st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40),
    st.text(alphabet=DIGITS, min_size=1, max_size=25),
)
FUZZ_ALL = settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure prints its input
    derandomize=True,
)


class PageForms(HTMLParser):
    """The GET parameters a page offers (filter fields and ?name= links) and its POST forms."""

    def __init__(self):
        super().__init__()
        self.get_names: set[str] = set()
        self.forms: list[dict] = []
        self.method = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and (attrs.get("href") or "").startswith("?"):
            self.get_names.update(key for key, _value in parse_qsl(attrs["href"][1:]))
        if tag == "form":
            self.method = (attrs.get("method") or "get").lower()
            if self.method == "post":
                self.forms.append({"action": attrs.get("action") or "", "fields": {}})
        elif tag in ("input", "select", "textarea", "button") and attrs.get("name"):
            if self.method == "get":
                self.get_names.add(attrs["name"])
            elif self.method == "post" and self.forms:
                fields = self.forms[-1]["fields"]
                value = attrs.get("value") or ""
                if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                    fields.setdefault(attrs["name"], "")
                else:
                    fields[attrs["name"]] = fields.get(attrs["name"]) or value

    def handle_endtag(self, tag):
        if tag == "form":
            self.method = None


def _pick(data, names: list[str], min_size: int = 0) -> dict[str, str]:
    """Odd values for some of `names`. Drawn as indices, not from the names: the pages'
    fields change as the fuzzing changes the data, and hypothesis wants every example's
    draws to be independent of such state."""
    picks = data.draw(
        st.lists(st.tuples(st.integers(0, 999), odd_values), min_size=min_size, max_size=6)
    )
    return {names[index % len(names)]: value for index, value in picks}


def _record(response) -> None:
    TRIED[connection.vendor] += 1
    assert response.status_code < 500, getattr(response, "content", b"")[:3000]


def _page(client, url: str) -> PageForms:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = PageForms()
    if response["Content-Type"].startswith("text/html"):
        parser.feed(response.content.decode())
    return parser


@pytest.fixture
def fuzz_world(world):
    from django.utils import timezone

    from tracker.models import ImportDraft
    from tracker.services.followup import extension_request
    from tracker.services.progress import update_submit

    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="进展(演示)",
    )
    world["own"].refresh_from_db()
    world["own"].due_on = date(2026, 6, 1)
    world["own"].save()
    extension_request(
        item=world["own"],
        unit=world["sfj"],
        by=world["reporter"],
        requested_due_on=date(2026, 9, 1),
        reason="演示",
    )
    from tests.test_import_preview_edit import REPORT

    coordinator = Client_for(world["coordinator"])
    coordinator.post(reverse("tracker:import-start"), {"text": REPORT})
    return {**world, "update": update, "draft": ImportDraft.objects.latest("pk")}


def Client_for(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


def _lists(w) -> list[tuple[str, str]]:
    own, report = w["own"].pk, w["report"].pk
    pages = [
        ("viewer", reverse("tracker:home")),
        ("viewer", reverse("tracker:item-list")),
        ("viewer", reverse("tracker:item-list-csv")),
        ("viewer", reverse("tracker:item-list-xlsx")),
        ("viewer", reverse("tracker:item-detail", args=[own])),
        ("coordinator", reverse("tracker:review-queue")),
        ("coordinator", reverse("tracker:acknowledgement-list")),
        ("coordinator", reverse("tracker:unit-list")),
        ("coordinator", reverse("tracker:lockout-list")),
        ("viewer", reverse("tracker:report-list")),
        ("viewer", reverse("tracker:report-detail", args=[report])),
        ("viewer", reverse("tracker:report-source", args=[report])),
        ("reporter", reverse("tracker:inbox")),
        ("coordinator", reverse("tracker:dashboard")),
        ("coordinator", reverse("tracker:summary")),
        ("coordinator", reverse("tracker:summary-docx")),
        ("coordinator", reverse("tracker:draft")),
        ("coordinator", reverse("tracker:draft-md")),
        ("coordinator", reverse("tracker:ledger-xlsx")),
        ("coordinator", reverse("tracker:ledger-csv")),
        ("city", reverse("tracker:city-dashboard")),
        ("city", reverse("tracker:city-ledger")),
        ("coordinator", reverse("tracker:help-role", args=["coordinator"])),
    ]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(("admin", reverse("admin:{}_{}_changelist".format(*info))))
    return pages


def _form_pages(w) -> list[tuple[str, str]]:
    own = w["own"].pk
    pages = [
        ("reporter", reverse("tracker:item-detail", args=[own])),
        ("coordinator", reverse("tracker:item-detail", args=[own])),
        ("leader", reverse("tracker:item-detail", args=[own])),
        ("reporter", reverse("tracker:update-create", args=[own])),
        ("reporter", reverse("tracker:update-revise", args=[w["update"].pk])),
        ("reporter", reverse("tracker:extension-create", args=[own])),
        ("coordinator", reverse("tracker:item-assign", args=[own])),
        ("coordinator", reverse("tracker:item-urge", args=[own])),
        ("coordinator", reverse("tracker:review-queue")),
        ("coordinator", reverse("tracker:item-list")),
        ("coordinator", reverse("tracker:unit-create")),
        ("coordinator", reverse("tracker:unit-edit", args=[w["sfj"].pk])),
        ("coordinator", reverse("tracker:office-settings")),
        ("coordinator", reverse("tracker:import-start")),
        ("coordinator", reverse("tracker:import-preview", args=[w["draft"].pk])),
        ("coordinator", reverse("tracker:lockout-list")),
        ("reporter", reverse("tracker:preferences")),
        ("reporter", reverse("tracker:inbox")),
        ("reporter", reverse("password_change")),
    ]
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        if model_admin.has_add_permission(_AdminRequest()):
            pages.append(("admin", reverse("admin:{}_{}_add".format(*info))))
    return pages


class _AdminRequest:
    class user:
        is_active = is_staff = is_superuser = True

        @staticmethod
        def has_perm(perm, obj=None):
            return True


LIST_COUNT = 23 + len(admin.site._registry)


@pytest.mark.parametrize("index", range(LIST_COUNT))
@FUZZ_ALL
@given(data=st.data())
def test_every_list_filter_takes_any_unicode(fuzz_world, index, data):
    role, url = _lists(fuzz_world)[index]
    client = Client_for(fuzz_world[role])
    names = sorted(_page(client, url).get_names | {"page", "q", "p", "o", "unit", "status"})
    params = _pick(data, names, min_size=1)
    _record(client.get(url, params))


FORM_PAGES = 19 + sum(
    1
    for model_admin in admin.site._registry.values()
    if model_admin.has_add_permission(_AdminRequest())
)


@pytest.mark.parametrize("index", range(FORM_PAGES))
@FUZZ_ALL
@given(data=st.data())
def test_every_form_takes_any_unicode(fuzz_world, index, data):
    role, url = _form_pages(fuzz_world)[index]
    client = Client_for(fuzz_world[role])
    forms = [
        form
        for form in _page(client, url).forms
        if "logout" not in form["action"] and "/i18n/" not in form["action"]
    ]
    if not forms:
        pytest.skip(f"no form on {url}")
    form = forms[data.draw(st.integers(0, 999)) % len(forms)]
    fields = form["fields"]
    changed = _pick(data, sorted(fields) or ["x"])
    target = form["action"] or url
    if not urlsplit(target).path.startswith("/"):
        target = url
    _record(client.post(target, {**fields, **changed}))


@pytest.fixture(scope="module", autouse=True)
def _write_counts():
    yield
    if TRIED:
        folder = Path(__file__).resolve().parent.parent / "test-artifacts"
        folder.mkdir(exist_ok=True)
        (folder / f"fuzz-counts-{os.getpid()}.json").write_text(json.dumps(dict(TRIED)))
