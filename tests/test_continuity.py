"""Next year's report carries on this one: pairing, fates, the command, the pages."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_item, make_report, make_user
from tests.preview_page import PreviewPage
from tracker import permissions
from tracker.importer import ReportImportError, parse_report, read_report
from tracker.importer.continuity import STOP_BIGRAMS, pair_items, propose, shared_words
from tracker.importer.service import report_import
from tracker.lineage import SavedReport, lineage_counts
from tracker.models import (
    ClosureReason,
    ImportDraft,
    Item,
    ItemLineage,
    Jurisdiction,
    Kind,
    LineageKind,
    ProgressUpdate,
    Report,
    Status,
)
from tracker.services.lineage import ContinuityPlan, Fate, Pairing

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "tests" / "continuity_reports"
JIZHOU_2022 = REPORTS / "jizhou_2022.txt"
SPECS = sorted(REPORTS.glob("*.json"))


def parsed(path: Path):
    return parse_report(read_report(path.read_bytes(), path.name))


def spec(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# The pairing (plain Python) ---------------------------------------------------


@pytest.mark.parametrize("path", SPECS, ids=lambda p: p.stem)
def test_every_proposed_pair_is_an_expected_one(path):
    expected = spec(path)
    found = propose(parsed(path.with_suffix(".txt")), parsed(ROOT / expected["previous"]))
    for key in ("repeats", "continues"):
        got = {(p.new, p.old) for p in found[key]}
        assert got <= {tuple(pair) for pair in expected[key]}, key


def test_most_expected_pairs_are_found_across_the_follow_on_reports():
    right = total = 0
    for path in SPECS:
        expected = spec(path)
        found = propose(parsed(path.with_suffix(".txt")), parsed(ROOT / expected["previous"]))
        for key in ("repeats", "continues"):
            pairs = {tuple(pair) for pair in expected[key]}
            right += len({(p.new, p.old) for p in found[key]} & pairs)
            total += len(pairs)
    assert total >= 20
    assert right / total >= 0.85


def test_a_repeat_in_other_words_is_found_and_explained_by_the_shared_words():
    found = propose(parsed(JIZHOU_2022), parsed(ROOT / "fixtures/source/jizhou_2021.txt"))
    (pair,) = [p for p in found["repeats"] if p.new == 1]
    assert pair.old == 2  # 公职律师, written anew
    assert any("公职律师" in word for word in pair.shared)
    new, old = (
        parsed(JIZHOU_2022).shortfalls[0].text,
        parsed(ROOT / "fixtures/source/jizhou_2021.txt").shortfalls[1].text,
    )
    assert all(word in new and word in old for word in pair.shared)


def test_pairs_are_one_to_one():
    found = propose(parsed(JIZHOU_2022), parsed(ROOT / "fixtures/source/jizhou_2021.txt"))
    for pairs in found.values():
        assert len({p.new for p in pairs}) == len(pairs) == len({p.old for p in pairs})


def test_another_issuers_report_pairs_with_nothing():
    found = propose(parsed(JIZHOU_2022), parsed(ROOT / "tests/import_reports/104_qingshi.txt"))
    assert found == {"repeats": [], "continues": []}


def test_genre_words_alone_make_no_pair():
    new = ["进一步加强工作,推进法治政府建设还有待提升。"]
    old = ["法治政府建设工作有待进一步加强,推进不够。"]
    assert pair_items(new, old) == []
    assert shared_words(new[0], old[0]) == []
    assert "工作" in STOP_BIGRAMS and "加强" in STOP_BIGRAMS


def test_a_text_equally_close_to_two_of_last_years_gets_no_pair():
    old = ["公职律师配备率偏低,党政机关覆盖不全。", "公职律师配备率偏低,党政机关覆盖不全。"]
    assert pair_items(["党政机关公职律师配备率仍然偏低。"], old) == []
    assert len(pair_items(["党政机关公职律师配备率仍然偏低。"], old[:1])) == 1


# The command -------------------------------------------------------------------


def test_dry_run_json_names_last_years_report_and_the_pairs(seeded):
    out, _ = run(str(JIZHOU_2022), "--dry-run", "--format", "json")
    found = json.loads(out)
    assert found["previous_report"] == seeded.title
    expected = propose(parsed(JIZHOU_2022), SavedReport.of(seeded))
    continuity = found["continuity"]
    assert [(r["shortfall"], r["previous_shortfall"]) for r in continuity["repeats"]] == [
        (p.new, p.old) for p in expected["repeats"]
    ]
    assert [(r["task"], r["previous_task"]) for r in continuity["continues"]] == [
        (p.new, p.old) for p in expected["continues"]
    ]
    assert {"shortfall": 1, "previous_shortfall": 2} | {
        "score": continuity["repeats"][0]["score"],
        "shared": continuity["repeats"][0]["shared"],
    } == continuity["repeats"][0]
    open_items = seeded.items.tracked().exclude(status=Status.CLOSED)
    assert sorted(u["label"] for u in continuity["unfinished"]) == sorted(
        i.label for i in open_items
    )
    assert Report.objects.count() == 1  # a dry run writes nothing


@pytest.mark.django_db
def test_dry_run_json_without_last_years_report_says_null():
    out, _ = run(str(JIZHOU_2022), "--dry-run", "--format", "json")
    found = json.loads(out)
    assert found["previous_report"] is None
    assert found["continuity"] == {"repeats": [], "continues": [], "unfinished": []}


def test_the_command_links_the_report_and_saves_the_confident_pairs(seeded):
    run(str(JIZHOU_2022))
    report = Report.objects.get(year=2022)
    assert report.previous == seeded
    expected = propose(parsed(JIZHOU_2022), SavedReport.of(seeded))
    links = ItemLineage.objects.all()
    assert links.count() == len(expected["repeats"]) + len(expected["continues"])
    repeat = links.get(successor__kind=Kind.SHORTFALL, successor__number=1)
    assert repeat.kind == LineageKind.REPEAT
    assert (repeat.predecessor.report, repeat.predecessor.number) == (seeded, 2)
    assert any("公职律师" in w for w in repeat.shared)
    # Pairs alone decide no fate: last year's items are as they were.
    assert not seeded.items.filter(status=Status.CLOSED).exists()


# The service: fates and their history --------------------------------------------


@pytest.fixture
def office(demo):
    return get_user_model().objects.get(username="coordinator")


def _import(report_2021, office, fates, pairings=()):
    new = parsed(JIZHOU_2022)
    return report_import(
        parsed=new,
        source_text=JIZHOU_2022.read_text(encoding="utf-8"),
        jurisdiction=report_2021.jurisdiction,
        continuity=ContinuityPlan(previous=report_2021, pairings=list(pairings), fates=fates),
        by=office,
    )


def old_item(report, kind, number) -> Item:
    return report.items.get(kind=kind, number=number, parent=None)


def test_carry_over_keeps_the_item_open_and_next_year_closes_it_with_history(demo, office):
    carried, moved = old_item(demo, Kind.TASK, 3), old_item(demo, Kind.TASK, 5)
    before = {
        pk: list(ProgressUpdate.objects.filter(item_id=pk).values_list("pk", "state", "text"))
        for pk in (carried.pk, moved.pk)
    }
    status_carried, records = carried.status, moved.history.count()
    report = _import(
        demo,
        office,
        [
            Fate(carried.pk, LineageKind.CARRY_OVER, (Kind.TASK, 2)),
            Fate(moved.pk, LineageKind.NEXT_YEAR, (Kind.TASK, 5)),
        ],
    )
    carried.refresh_from_db()
    moved.refresh_from_db()
    assert carried.status == status_carried != Status.CLOSED
    link = ItemLineage.objects.get(predecessor=carried)
    assert (link.kind, link.successor) == (
        LineageKind.CARRY_OVER,
        report.items.get(kind=Kind.TASK, number=2),
    )
    assert link.decided_by == office and link.decided_at is not None
    assert moved.status == Status.CLOSED
    assert moved.closure_reason == ClosureReason.NEXT_YEAR
    assert moved.closed_on == timezone.localdate()
    latest = moved.history.latest()
    assert moved.history.count() == records + 1
    assert latest.history_user == office
    assert (
        "转入下一年度" in latest.history_change_reason and "任务五" in latest.history_change_reason
    )
    assert ItemLineage.objects.get(predecessor=moved).successor.report == report
    # History intact: last year's versions and reviews are untouched.
    for pk, rows in before.items():
        assert (
            list(ProgressUpdate.objects.filter(item_id=pk).values_list("pk", "state", "text"))
            == rows
        )


def test_a_closed_item_cannot_be_carried_over_and_nothing_is_saved(demo, office):
    closed = old_item(demo, Kind.TASK, 4)
    assert closed.status == Status.CLOSED  # as the demo closed it
    with pytest.raises(ReportImportError, match="已经销号"):
        _import(demo, office, [Fate(closed.pk, LineageKind.CARRY_OVER, (Kind.TASK, 1))])
    assert not Report.objects.filter(year=2022).exists()
    assert not ItemLineage.objects.exists()


def test_a_repeat_must_join_two_shortfalls(demo, office):
    task = old_item(demo, Kind.TASK, 1)
    with pytest.raises(ReportImportError, match="屡查屡犯只在不足之间"):
        _import(demo, office, [], [Pairing(LineageKind.REPEAT, (Kind.SHORTFALL, 1), task.pk)])
    assert not Report.objects.filter(year=2022).exists()


@pytest.mark.django_db
def test_the_database_refuses_a_self_link_and_a_second_fate():
    report = make_report()
    item = make_item(report=report)
    later = make_report(year=2022, jurisdiction=report.jurisdiction)
    one, two = make_item(report=later), make_item(report=later)
    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemLineage.objects.create(
            predecessor=item, successor=item, kind=LineageKind.CARRY_OVER, decided_at=now
        )
    ItemLineage.objects.create(
        predecessor=item, successor=one, kind=LineageKind.CARRY_OVER, decided_at=now
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ItemLineage.objects.create(
            predecessor=item, successor=two, kind=LineageKind.NEXT_YEAR, decided_at=now
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Item.objects.filter(pk=item.pk).update(closure_reason=ClosureReason.NEXT_YEAR)


@pytest.mark.django_db
def test_a_link_across_jurisdictions_is_refused_by_clean():
    from django.core.exceptions import ValidationError

    report = make_report()
    other = Jurisdiction.objects.create(
        name="测试市另一区",
        short_name="另一区",
        level="district",
        parent=report.jurisdiction.parent,
    )
    later = make_report(year=2022, jurisdiction=other)
    link = ItemLineage(
        predecessor=make_item(report=report),
        successor=make_item(report=later),
        kind=LineageKind.CARRY_OVER,
        decided_at=timezone.now(),
    )
    with pytest.raises(ValidationError):
        link.full_clean()


# The preview ---------------------------------------------------------------------


def _preview(client, office):
    client.force_login(office)
    response = client.post(
        reverse("tracker:import-start"), {"text": JIZHOU_2022.read_text(encoding="utf-8")}
    )
    assert response.status_code == 302
    draft = ImportDraft.objects.latest("pk")
    return draft, PreviewPage(client, draft)


def test_the_preview_proposes_pairs_and_confirms_the_choices(client, demo, office):
    _draft, page = _preview(client, office)
    assert "与上一年度报告的衔接" in page.html and demo.title in page.html
    proposed = page.fields["continuity-pairs"]
    expected = propose(parsed(JIZHOU_2022), SavedReport.of(demo))
    assert len(proposed) == len(expected["repeats"]) + len(expected["continues"])
    repeat_1 = f"repeats:1:{old_item(demo, Kind.SHORTFALL, 2).pk}"
    assert repeat_1 in proposed
    carried, moved = old_item(demo, Kind.TASK, 6), old_item(demo, Kind.TASK, 5)
    assert moved.status != Status.CLOSED
    rejected = next(value for value in proposed if value != repeat_1)
    response = page.submit(
        {
            "confirm": "1",
            "continuity-pairs": [v for v in proposed if v != rejected],
            f"continuity-fate_{carried.pk}": LineageKind.CARRY_OVER,
            f"continuity-successor_{carried.pk}": "task:4",
            f"continuity-fate_{moved.pk}": LineageKind.NEXT_YEAR,
            f"continuity-successor_{moved.pk}": "task:5",
        }
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    report = Report.objects.get(year=2022)
    assert report.previous == demo
    pairs = ItemLineage.objects.filter(kind__in=[LineageKind.REPEAT, LineageKind.CONTINUATION])
    assert pairs.count() == len(proposed) - 1
    assert pairs.filter(successor__number=1, kind=LineageKind.REPEAT).get().decided_by == office
    moved.refresh_from_db()
    carried.refresh_from_db()
    assert moved.closure_reason == ClosureReason.NEXT_YEAR and moved.status == Status.CLOSED
    assert carried.status != Status.CLOSED
    assert ItemLineage.objects.get(predecessor=carried).kind == LineageKind.CARRY_OVER


def test_a_fate_without_a_successor_is_refused_at_that_field(client, demo, office):
    _draft, page = _preview(client, office)
    item = old_item(demo, Kind.TASK, 6)
    response = page.submit(
        {
            "confirm": "1",
            f"continuity-fate_{item.pk}": LineageKind.NEXT_YEAR,
            f"continuity-successor_{item.pk}": "",
        }
    )
    assert response.status_code == 200
    assert "请选择接续它的新事项" in response.content.decode()
    assert not Report.objects.filter(year=2022).exists()


# Lineage on the pages, and who sees it --------------------------------------------


@pytest.fixture
def imported(demo, office):
    fates = [Fate(old_item(demo, Kind.SHORTFALL, 5).pk, LineageKind.NEXT_YEAR, ("shortfall", 4))]
    new = parsed(JIZHOU_2022)
    saved, found = SavedReport.of(demo), propose(new, SavedReport.of(demo))
    pairings = [
        Pairing(LineageKind.REPEAT, ("shortfall", p.new), saved.numbered("shortfall")[p.old].pk)
        for p in found["repeats"]
    ]
    return _import(demo, office, fates, pairings)


def test_the_item_page_shows_the_chain_across_years(client, imported, office):
    client.force_login(office)
    new = imported.items.get(kind=Kind.SHORTFALL, number=4)
    old = Item.objects.get(report=imported.previous, kind=Kind.SHORTFALL, number=5)
    html = client.get(new.get_absolute_url()).content.decode()
    assert "跨年度衔接" in html
    assert old.get_absolute_url() in html
    assert "2021 不足五 → 2022 不足四" in html
    html = client.get(old.get_absolute_url()).content.decode()
    assert new.get_absolute_url() in html
    # The trail names the closure, by whom: the coordinator who confirmed the import.
    assert "销号方式:转入下一年度" in html and "状态:推进中 → 已销号" in html


def test_another_districts_office_sees_no_lineage(client, imported):
    other = get_user_model().objects.get(username="coordinator-2")
    new = imported.items.get(kind=Kind.SHORTFALL, number=4)
    assert not permissions.visible_lineage(other).exists()
    client.force_login(other)
    assert client.get(new.get_absolute_url()).status_code == 404


def test_a_reporter_sees_the_chain_only_through_items_of_their_unit(client, imported):
    reporter = get_user_model().objects.get(username="reporter-sfj")
    visible = permissions.visible_lineage(reporter)
    mine = permissions.visible_items(reporter)
    assert all(
        mine.filter(pk=link.predecessor_id).exists() and mine.filter(pk=link.successor_id).exists()
        for link in visible
    )
    old = Item.objects.get(report=imported.previous, kind=Kind.SHORTFALL, number=2)  # 区司法局
    assert mine.filter(pk=old.pk).exists()
    client.force_login(reporter)
    html = client.get(old.get_absolute_url()).content.decode()
    successor = old.successor_links.get().successor
    # The new item has no owner yet: the reporter may not see it, so no link to it.
    assert successor.get_absolute_url() not in html


def test_the_dashboard_counts_repeats_and_items_closed_into_next_year(client, imported, office):
    client.force_login(office)
    html = client.get(reverse("tracker:dashboard"), {"report": imported.pk}).content.decode()
    counts = lineage_counts(imported)
    assert counts.repeats == ItemLineage.objects.filter(kind=LineageKind.REPEAT).count() > 0
    assert counts.carried_in == 1
    assert f'id="stat-repeats">{counts.repeats}<' in html
    assert lineage_counts(imported.previous).closed_into_next == 1


def test_the_draft_names_each_repeated_shortfall_by_last_years_label(imported):
    from tracker.summaries.asof import AsOf
    from tracker.summaries.draft import next_year_draft
    from tracker.summaries.figures import Scope

    made = next_year_draft(Scope(report=imported, as_of=AsOf.live()))
    said = " ".join(p.text for p in made.shortfalls)
    repeats = ItemLineage.objects.filter(kind=LineageKind.REPEAT, successor__report=imported)
    assert repeats.exists()
    for link in repeats:
        earlier = f"2021年度报告{link.predecessor.label}"
        assert f"这一问题在{earlier}中已经指出" in said
    # As of a day before the import, no link was decided yet: nothing is said.
    first = min(timezone.localdate(link.decided_at) for link in repeats)
    before = AsOf.of(first - timedelta(days=1))
    earlier_draft = next_year_draft(Scope(report=imported, as_of=before))
    assert "已经指出" not in " ".join(p.text for p in earlier_draft.shortfalls)


def _chain_of(length: int, links_per_year: int):
    """Reports of consecutive years, each shortfall repeating last year's."""
    user = make_user(role="coordinator")
    reports = [make_report(year=2015 + n) for n in range(length)]
    items = [
        [make_item(report=report, kind=Kind.SHORTFALL) for _ in range(links_per_year)]
        for report in reports
    ]
    now = timezone.now()
    ItemLineage.objects.bulk_create(
        ItemLineage(predecessor=before, successor=after, kind=LineageKind.REPEAT, decided_at=now)
        for year in range(length - 1)
        for before, after in zip(items[year], items[year + 1], strict=True)
    )
    return user, reports, items


@pytest.mark.parametrize("length,width", [(2, 2), (6, 30)])
def test_the_item_page_reads_the_chain_in_one_query(
    client, db, django_assert_num_queries, length, width
):
    user, reports, items = _chain_of(length, width)
    client.force_login(user)
    plain = make_item(report=reports[0], kind=Kind.SHORTFALL)
    # An item without links costs what it did before (the page's own queries, no
    # indicators here); one with links one query more, however long the chain.
    with django_assert_num_queries(14):
        client.get(plain.get_absolute_url())
    item = items[length // 2][0]
    with django_assert_num_queries(15):
        response = client.get(item.get_absolute_url())
    assert len(response.context["years"]) == length


@pytest.mark.parametrize("width", [2, 40])
def test_the_dashboard_counts_in_one_query(client, db, django_assert_num_queries, width):
    user, reports, _items = _chain_of(2, width)
    client.force_login(user)
    # tests/test_dashboard.py's queries without indicators' measurements (17, with
    # the scoring rule and the units' scores), of which one is the lineage counts.
    with django_assert_num_queries(17):
        response = client.get(reverse("tracker:dashboard"), {"report": reports[1].pk})
    assert response.context["lineage"].repeats == width


def test_the_status_summary_says_how_each_of_last_years_items_ended(imported):
    from tracker.summaries.asof import AsOf
    from tracker.summaries.figures import Scope
    from tracker.summaries.status import status_summary, summary_markdown

    summary = status_summary(Scope(report=imported, as_of=AsOf.live()))
    old = imported.previous.items.tracked()
    assert len(summary.previous) == old.count()
    by_label = {line.split("“")[0]: line for line in summary.previous}
    assert "转入下一年度,由本年度不足四接续" in by_label["2021年不足五"]
    assert "再次列为不足一(屡查屡犯)" in by_label["2021年不足二"]
    closed = old.filter(status=Status.CLOSED).exclude(closure_reason=ClosureReason.NEXT_YEAR)
    for item in closed:
        if not item.successor_links.exists():
            assert by_label[f"2021年{item.label}"].endswith(":已销号。")
    assert summary.previous[0] in summary_markdown(summary)
    # A report that follows none says nothing of it.
    assert status_summary(Scope(report=imported.previous, as_of=AsOf.live())).previous == []


@pytest.mark.django_db
def test_last_years_report_is_the_issuers_else_the_only_one_not_yet_followed():
    from tracker.lineage import previous_report

    government = make_report(issuer="测试区人民政府", year=2021)
    jurisdiction = government.jurisdiction
    find = previous_report
    assert find(issuer="测试区司法局", year=2022, jurisdiction=jurisdiction) == government
    department = make_report(issuer="测试区司法局", year=2021, jurisdiction=jurisdiction)
    assert find(issuer="测试区司法局", year=2022, jurisdiction=jurisdiction) == department
    # Two candidates, neither by this issuer: no guess.
    assert find(issuer="测试区教育局", year=2022, jurisdiction=jurisdiction) is None
    make_report(issuer="测试区人民政府", year=2022, jurisdiction=jurisdiction, previous=government)
    assert find(issuer="测试区教育局", year=2022, jurisdiction=jurisdiction) == department
    assert find(issuer="测试区人民政府", year=None, jurisdiction=jurisdiction) is None
