"""A follow-on report in the browser: accept a repeat, carry an item over, see the chain."""

from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, log_in

FOLLOW_ON = Path(__file__).resolve().parents[1] / "continuity_reports" / "jizhou_2022.txt"


def test_a_follow_on_report_carries_last_years_items(page, site, console_errors, shoot):
    from tracker.models import ClosureReason, Item, ItemLineage, Kind, LineageKind, Report, Status
    from tracker.seed import seeded_report

    previous = seeded_report()
    repeated = previous.items.get(kind=Kind.SHORTFALL, number=2)  # 公职律师
    unfinished = previous.items.get(kind=Kind.TASK, number=6)  # 述法, not started in the demo
    log_in(page, site, "coordinator")
    page.goto(f"{site}/reports/import/")
    page.fill("#id_text", FOLLOW_ON.read_text(encoding="utf-8"))
    page.get_by_role("button", name="识别报告").click()
    expect(page.locator("h1")).to_have_text("核对导入内容")
    section = page.locator("#continuity")
    expect(section).to_contain_text(previous.title)
    # Only the repeat of 不足二 is kept: the coordinator rejects every other proposal.
    pairs = section.locator("input[name='continuity-pairs']")
    repeat = section.locator(f"input[value='repeats:1:{repeated.pk}']")
    expect(repeat).to_be_checked()
    row = section.locator("tr", has=page.locator(f"input[value='repeats:1:{repeated.pk}']"))
    expect(row).to_contain_text("公职律师")
    for index in range(pairs.count()):
        if pairs.nth(index).get_attribute("value") != f"repeats:1:{repeated.pk}":
            pairs.nth(index).uncheck()
    section.locator(f"select[name='continuity-fate_{unfinished.pk}']").select_option("carry_over")
    section.locator(f"select[name='continuity-successor_{unfinished.pk}']").select_option("task:4")
    shoot("preview")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    section.screenshot(path=str(ARTIFACTS / "continuity-preview-section.png"))
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator(".alert-success")).to_contain_text("已导入")

    report = Report.objects.get(year=2022, jurisdiction=previous.jurisdiction)
    assert report.previous == previous
    (link,) = ItemLineage.objects.filter(kind=LineageKind.REPEAT)
    assert (link.predecessor, link.successor.number) == (repeated, 1)
    assert not ItemLineage.objects.filter(kind=LineageKind.CONTINUATION).exists()
    carried = ItemLineage.objects.get(kind=LineageKind.CARRY_OVER)
    assert (carried.predecessor, carried.successor.label) == (unfinished, "任务四")
    unfinished.refresh_from_db()
    assert (
        unfinished.status != Status.CLOSED and unfinished.closure_reason != ClosureReason.NEXT_YEAR
    )

    new = Item.objects.get(report=report, kind=Kind.SHORTFALL, number=1)
    page.goto(f"{site}{new.get_absolute_url()}")
    lineage = page.locator("#lineage")
    expect(lineage).to_contain_text("2021 不足二 → 2022 不足一")
    lineage.get_by_role("link", name="不足二").click()
    expect(page.locator("h1")).to_contain_text("不足二")
    expect(page.locator("#lineage")).to_contain_text("屡查屡犯")
    page.goto(f"{site}{unfinished.get_absolute_url()}")
    expect(page.locator("#lineage")).to_contain_text("结转")
    shoot("item")
    page.goto(f"{site}/dashboard/?report={report.pk}")
    expect(page.locator("#stat-repeats")).to_have_text("1")
    expect(page.locator("#stat-carried-in")).to_have_text("1")
    page.locator("#lineage-counts").screenshot(path=str(ARTIFACTS / "continuity-dashboard.png"))
    assert console_errors == []
