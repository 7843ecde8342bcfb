"""What the simulated users do: the mixed scenario and the item list alone.

The mixed scenario needs Django set up against the database under test: it
picks its users and items there, and counts the rows written afterwards.
"""

import random
import re
import subprocess
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from .client import Browser, Failed, Sample, csrf_token, load, summarize

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
REVIEW_FORM = re.compile(
    r'action="/updates/(\d+)/review/".*?name="csrfmiddlewaretoken" value="([^"]+)"',
    re.S,
)
SEARCH_TERMS = ("公职律师", "执法", "复议", "普法", "合法性审查")


# --- the mixed scenario ---------------------------------------------------------------


@dataclass
class Person:
    username: str
    role: str  # reporter | coordinator
    items: list[int] = field(default_factory=list)  # reporters: open items of their units
    units: list[int] = field(default_factory=list)
    group: str = ""  # a district, for figures per district (scripts/loadtest.py --stack)


@dataclass
class Outcome:
    """What the clients saw happen to their writes."""

    submitted: list[str] = field(default_factory=list)  # texts of updates answered 302
    submitted_with_pdf: int = 0
    submit_refused: list[str] = field(default_factory=list)  # the form came back (200)
    reviewed: list[int] = field(default_factory=list)  # update ids, success message seen
    review_refused: list[str] = field(default_factory=list)  # conflict message seen


def cast(*, reporters: int, coordinators: int, seed: int = 2021) -> list[Person]:
    """Generated reporters with open items to report on, and generated coordinators."""
    from django.contrib.auth import get_user_model

    from tracker.models import Item, Membership, Status
    from tracker.roles import COORDINATOR, REPORTER

    users = get_user_model().objects.filter(username__startswith="gen-")
    rng = random.Random(seed)
    chosen = list(
        users.filter(groups__name=COORDINATOR)
        .order_by("username")[:coordinators]
        .values_list("username", flat=True)
    )
    people = [Person(name, "coordinator") for name in chosen]
    units: dict[str, list[int]] = defaultdict(list)
    for username, unit in Membership.objects.filter(
        user__in=users.filter(groups__name=REPORTER)
    ).values_list("user__username", "unit_id"):
        units[username].append(unit)
    names = sorted(units)
    rng.shuffle(names)
    for name in names:
        if sum(p.role == "reporter" for p in people) == reporters:
            break
        items = list(
            Item.objects.tracked()
            .exclude(status=Status.CLOSED)
            .involving_units(units[name])
            .values_list("pk", flat=True)
        )
        if items:
            people.append(Person(name, "reporter", items=items, units=units[name]))
    return people


def list_query(rng: random.Random, person: Person, pages: int) -> str:
    from tracker.models import Light, Status

    choice = rng.randrange(7)
    query = {}
    if choice == 1:
        query["page"] = rng.randint(2, max(2, pages))
    elif choice == 2:
        query["status"] = rng.choice(Status.values)
    elif choice == 3:
        query["light"] = rng.choice(Light.values)
        query["sort"] = rng.choice(["due", "-due", "updated"])
    elif choice == 4 and person.units:
        query["unit"] = rng.choice(person.units)
    elif choice == 5:
        query["q"] = rng.choice(SEARCH_TERMS)
    elif choice == 6:
        query["overdue"] = "on"
    return "/items/" + (f"?{urlencode(query)}" if query else "")


def localdate():
    from django.utils import timezone

    return timezone.localdate()


def static_file(b: Browser, rng: random.Random, ctx: dict) -> None:
    """A stylesheet or script, compressed as a browser would accept it (WhiteNoise's .br/.gz)."""
    path = rng.choice(ctx["static"] or ["/static/missing"])
    b.get("static file", path, headers={"Accept-Encoding": "gzip, br"})


def reporter_round(b: Browser, me: Person, n: int, rng, ctx: dict, outcome: Outcome) -> None:
    b.get("home", "/")
    b.get("item list", list_query(rng, me, pages=max(1, len(me.items) // 50)))
    item = rng.choice(me.items)
    b.get("item page", f"/items/{item}/")
    static_file(b, rng, ctx)
    path = f"/items/{item}/updates/new/"
    token = csrf_token(b.get("progress form", path))
    text = f"{ctx['tag']} {me.username} #{n}"
    fields = {
        "csrfmiddlewaretoken": token,
        "reported_on": localdate().isoformat(),  # the server's today, not this machine's
        "text": text,
        "percent": str(rng.randint(0, 90)),
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-MIN_NUM_FORMS": "0",
        "evidence-MAX_NUM_FORMS": "10",
    }
    files = []
    if rng.random() < 1 / 3:
        fields["evidence-0-description"] = "佐证材料"
        files = [("evidence-0-file", "evidence.pdf", "application/pdf", PDF)]
    response = b.post("submit update", path, fields, files, expect=(302, 200))
    if response.status == 302:
        outcome.submitted.append(text)
        outcome.submitted_with_pdf += bool(files)
        b.get("item page", response.location)
    else:  # the form again, with the reason (the item was closed meanwhile, …)
        outcome.submit_refused.append(form_error(response.text))


def form_error(html: str) -> str:
    """The first error message on a form page, tags stripped."""
    found = re.search(
        r'class="[^"]*(?:alert-danger|invalid-feedback)[^"]*"[^>]*>(.*?)</div>', html, re.S
    )
    return re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else "form returned"


def coordinator_round(b: Browser, me: Person, n: int, rng, ctx: dict, outcome: Outcome) -> None:
    b.get("home", "/")
    b.get("item list", list_query(rng, me, pages=ctx["pages"]))
    b.get("item page", f"/items/{rng.choice(me.items or ctx['items'])}/")
    static_file(b, rng, ctx)
    queue = b.get("review queue", "/reviews/")
    forms = REVIEW_FORM.findall(queue.text)
    if not forms:
        return
    update, token = rng.choice(forms)
    approve = rng.random() >= 0.2
    fields = {
        "csrfmiddlewaretoken": token,
        "next": "/reviews/",
        "decision": "approve" if approve else "return",
        "comment": "" if approve else f"{ctx['tag']} 请补充佐证材料。",
    }
    response = b.post("review", f"/updates/{update}/review/", fields)
    after = b.get("review queue", response.location).text
    if "alert-success" in after:
        outcome.reviewed.append(int(update))
    else:
        message = re.search(r'class="alert alert-\w+" role="alert">(.*?)<', after)
        outcome.review_refused.append(message.group(1) if message else "no message")


def run_mixed(base: str, people: list[Person], *, seconds: float, ctx: dict, seed=2021) -> dict:
    """Log everyone in, then let them loop for `seconds`; samples and outcomes."""
    host, port = urlsplit(base).hostname, urlsplit(base).port
    login_samples: list[Sample] = []
    browsers = []
    for person in people:  # one after the other: a log-in is seconds of CPU at 20 at once
        browser = Browser(host, port, login_samples)
        browser.log_in(person.username)
        browsers.append(browser)
    groups: dict[str, list[Sample]] = defaultdict(list)  # samples per person.group
    outcomes: dict[str, Outcome] = defaultdict(Outcome)
    failures: list[str] = []
    start = threading.Barrier(len(people) + 1)
    deadline = [0.0]

    def user(index: int) -> None:
        person, browser = people[index], browsers[index]
        browser.samples = groups[person.group]
        outcome = outcomes[person.group]
        rng = random.Random(seed * 1000 + index)
        step = reporter_round if person.role == "reporter" else coordinator_round
        start.wait()
        n = 0
        while time.monotonic() < deadline[0]:
            n += 1
            try:
                step(browser, person, n, rng, ctx, outcome)
            except Failed as error:
                failures.append(str(error))
                time.sleep(0.2)  # a failed request is counted; do not spin

    threads = [threading.Thread(target=user, args=(i,), daemon=True) for i in range(len(people))]
    for thread in threads:
        thread.start()
    load_before = load()
    deadline[0] = time.monotonic() + seconds
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join(seconds + 120)
    elapsed = time.monotonic() - began
    samples = [sample for group in groups.values() for sample in group]
    return {
        "groups": {name: summarize(group, elapsed) for name, group in sorted(groups.items())},
        "outcomes": dict(outcomes),
        "people": {
            "reporters": sum(p.role == "reporter" for p in people),
            "coordinators": sum(p.role == "coordinator" for p in people),
        },
        "seconds": elapsed,
        "load": [load_before, load()],
        "log_in": summarize(login_samples, None),
        "requests": summarize(samples, elapsed),
        "failures": failures[:20],
        "failure_count": len(failures),
        "outcome": merged(outcomes.values()),
    }


def merged(outcomes) -> Outcome:
    total = Outcome()
    for o in outcomes:
        total.submitted += o.submitted
        total.submitted_with_pdf += o.submitted_with_pdf
        total.submit_refused += o.submit_refused
        total.reviewed += o.reviewed
        total.review_refused += o.review_refused
    return total


def check_writes(
    outcome: Outcome, *, tag: str, updates_before: int, reviews_since, items=None
) -> dict:
    """Compare what the clients saw accepted with what the database holds (on `items`
    only, a queryset of item keys, when given: one district's)."""
    from tracker.models import Evidence, ProgressUpdate

    new_updates = ProgressUpdate.objects.filter(pk__gt=updates_before)
    if items is not None:
        new_updates = new_updates.filter(item__in=items)
    texts = sorted(new_updates.values_list("text", flat=True))
    new_reviews = ProgressUpdate.objects.filter(reviewed_at__gte=reviews_since)
    if items is not None:
        new_reviews = new_reviews.filter(item__in=items)
    reviewed = sorted(new_reviews.values_list("pk", flat=True))
    files = Evidence.objects.filter(update__in=new_updates).exclude(file="").count()
    return {
        "updates_accepted": len(outcome.submitted),
        "updates_in_database": len(texts),
        "updates_match": texts == sorted(outcome.submitted)
        and all(t.startswith(tag) for t in texts),
        "updates_refused": len(outcome.submit_refused),
        "refusal_reasons": sorted(set(outcome.submit_refused))[:5],
        "pdfs_accepted": outcome.submitted_with_pdf,
        "pdfs_in_database": files,
        "reviews_accepted": len(outcome.reviewed),
        "reviews_in_database": len(reviewed),
        "reviews_match": reviewed == sorted(outcome.reviewed),
        "reviews_refused": len(outcome.review_refused),
        "review_refusals": sorted(set(outcome.review_refused))[:5],
    }


# --- the list page alone --------------------------------------------------------------


def run_list_stdlib(base: str, cookies: dict, *, clients: int, seconds: float) -> dict:
    host, port = urlsplit(base).hostname, urlsplit(base).port
    samples: list[Sample] = []
    stop = time.monotonic() + seconds

    def loop() -> None:
        browser = Browser(host, port, samples)
        browser.cookies = dict(cookies)
        while time.monotonic() < stop:
            try:
                browser.get("item list", "/items/")
            except Failed:
                time.sleep(0.05)

    before = load()
    began = time.monotonic()
    threads = [threading.Thread(target=loop, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(seconds + 60)
    elapsed = time.monotonic() - began
    result = summarize(samples, elapsed)["item list"]
    return {"tool": "stdlib", "clients": clients, "load": [before, load()], **result}


def run_list_wrk(base: str, cookies: dict, *, clients: int, seconds: float) -> dict:
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    command = [
        "wrk", f"-t{min(clients, 2)}", f"-c{clients}", f"-d{int(seconds)}s", "--latency",
        "--timeout", "30s", "-H", f"Cookie: {cookie}", "-H", "Accept-Language: zh-hans",
        f"{base}/items/",
    ]  # fmt: skip
    before = load()
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return {"tool": "wrk", "clients": clients, "load": [before, load()], **parse_wrk(out)}


def parse_wrk(out: str) -> dict:
    def ms(text: str) -> float:
        value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]

    total = int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out
    )
    # With sync workers every response ends its connection; wrk counts that as a read
    # error, so only connect and write failures and timeouts are errors here.
    socket_errors = sum(int(sockets.group(i)) for i in (1, 3, 4)) if sockets else 0
    return {
        "n": total,
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        # The "Latency Distribution" lines ("     99%  45.12ms"), not a "+/- Stdev" column.
        "p50": ms(re.search(r"^\s+50%\s+(\S+)$", out, re.M).group(1)),
        "p99": ms(re.search(r"^\s+99%\s+(\S+)$", out, re.M).group(1)),
        "errors": (int(bad.group(1)) if bad else 0) + socket_errors,
        "statuses": {},
        "wrk_socket_errors": sockets.group(0) if sockets else "none",
    }


def run_list(base: str, cookies: dict, *, levels, seconds: float, tools) -> list[dict]:
    runs = []
    for tool in tools:
        for clients in levels:
            runner = run_list_wrk if tool == "wrk" else run_list_stdlib
            runs.append(runner(base, cookies, clients=clients, seconds=seconds))
            print(f"  list, {tool}, {clients} clients: {runs[-1]['rps']:.1f} rps", flush=True)
    return runs
