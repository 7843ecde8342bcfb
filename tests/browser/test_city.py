"""One deployment, three offices: the city's sees every district, each district only its own."""

from playwright.sync_api import expect

from tests.browser.conftest import log_in


def titles(page) -> set[str]:
    return set(page.locator("table.item-table a.item-title").all_inner_texts())


def test_each_office_sees_exactly_its_part(page, site, browser, console_errors, shoot):
    jizhou, binhe = "公职律师队伍需要加强", "政务公开质量有待提升"

    log_in(page, site, "city-coordinator")
    page.get_by_role("link", name="全市").click()
    table = page.locator("table.city-table")
    expect(table).to_contain_text("蓟州区")
    expect(table).to_contain_text("滨河区")
    shoot("city")
    page.get_by_role("link", name="滨河区").click()
    expect(page.locator("h1")).to_have_text("滨河区")
    page.fill("#id_message", "(浏览器测试)请本周内督促逾期事项整改。")
    page.get_by_role("button", name="发送催办").click()
    expect(page.locator(".alert-success")).to_contain_text("已催办滨河区")
    page.goto(f"{site}/items/")
    assert {jizhou, binhe} <= titles(page)

    district = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    office = district.new_page()
    log_in(office, site, "coordinator")
    expect(office.get_by_role("link", name="全市")).to_have_count(0)
    office.goto(f"{site}/items/")
    assert jizhou in titles(office) and binhe not in titles(office)
    office.goto(f"{site}/dashboard/")
    expect(office.locator("main")).to_contain_text("蓟州区")
    expect(office.locator("main")).not_to_contain_text("滨河区")
    assert office.goto(f"{site}/city/").status == 403  # the city's view is the city's

    second = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    other = second.new_page()
    log_in(other, site, "coordinator-2")
    expect(other.get_by_role("link", name="全市")).to_have_count(0)
    other.goto(f"{site}/items/")
    assert binhe in titles(other) and jizhou not in titles(other)
    other.goto(f"{site}/messages/")
    expect(other.locator(".inbox")).to_contain_text("请本周内督促逾期事项整改")
    other.goto(f"{site}/dashboard/")
    expect(other.locator("main")).to_contain_text("滨河区")
    expect(other.locator("main")).not_to_contain_text("蓟州区")
    assert other.goto(f"{site}/city/").status == 403
    assert console_errors == []
