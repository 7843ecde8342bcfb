"""Every role's main pages on a phone (390 × 844) and a desktop (1366 × 900), in normal
and large type (长者模式): screenshots, no sideways scroll, the item page's first action
on the first screen, and axe-core finding nothing serious or critical.

axe-core is vendored (tests/browser/vendor/axe-core, from npm) and evaluated in the page
through the DevTools protocol, which the pages' Content-Security-Policy does not block.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, log_in
from tracker.models import Item, Kind, UserPreference

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}
SERIOUS = ("serious", "critical")


def task_of_sfj() -> int:
    return Item.objects.get(
        report__jurisdiction__short_name="蓟州区",
        report__year=2021,
        kind=Kind.TASK,
        number=2,
        parent=None,
    ).pk


def main_pages(username: str) -> dict[str, str]:
    item = f"/items/{task_of_sfj()}/"
    return {
        "coordinator": {
            "home": "/",
            "items": "/items/",
            "item": item,
            "reviews": "/reviews/",
            "assign": f"{item}assign/",
            "dashboard": "/dashboard/",
            "summary": "/summaries/status/",
            "help": "/help/",
        },
        "reporter-sfj": {
            "home": "/",
            "items": "/items/",
            "item": item,
            "report": f"{item}updates/new/",
            "messages": "/messages/",
            "help": "/help/",
        },
        "leader-sfj": {"home": "/", "items": "/items/", "item": item, "help": "/help/"},
        "viewer": {"home": "/", "items": "/items/", "dashboard": "/dashboard/", "help": "/help/"},
    }[username]


def axe_violations(page) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"
    )
    return [f"{v['id']} ({v['impact']}): {v['nodes'][:3]}" for v in found if v["impact"] in SERIOUS]


def sideways_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
@pytest.mark.parametrize("username", ["coordinator", "reporter-sfj", "leader-sfj", "viewer"])
def test_main_pages_on_a_phone_and_a_desktop(page, site, console_errors, username, large):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=username)
    UserPreference.objects.update_or_create(user=user, defaults={"large_type": large})
    mode = "large" if large else "normal"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_in(page, site, username)
    expect(page.locator("html")).to_have_class("large-type" if large else "")
    problems = []
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        for name, path in main_pages(username).items():
            page.goto(site + path)
            expect(page.locator("h1").first).to_be_visible()
            shot = ARTIFACTS / f"{username}-{mode}-{size['width']}-{name}.png"
            page.screenshot(path=str(shot), full_page=True)
            if sideways_overflow(page) > 0:
                problems.append(f"{path} at {size['width']} px scrolls sideways")
            if size is DESKTOP:
                problems += [f"{path}: {v}" for v in axe_violations(page)]
    assert problems == []
    assert console_errors == []


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large"])
def test_the_item_pages_first_action_is_on_the_phones_first_screen(page, site, large):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="reporter-sfj")
    UserPreference.objects.update_or_create(user=user, defaults={"large_type": large})
    page.set_viewport_size(PHONE)
    log_in(page, site, "reporter-sfj")
    page.goto(f"{site}/items/{task_of_sfj()}/")
    actions = page.locator(".item-actions")
    for name in ("填报进展", "申请销号"):  # 申请延期 waits: the demo has a request pending
        expect(actions.get_by_role("link", name=name)).to_be_visible()
    box = actions.get_by_role("link", name="填报进展").bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]
    assert page.evaluate("window.scrollY") == 0


def test_the_menu_button_the_large_type_switch_and_the_unit_search(page, site, console_errors):
    page.set_viewport_size(PHONE)
    log_in(page, site, "coordinator")
    menu = page.get_by_role("button", name="菜单")
    expect(page.get_by_role("link", name="仪表盘")).to_be_hidden()
    menu.click()
    expect(page.get_by_role("link", name="仪表盘")).to_be_visible()
    with page.expect_navigation():  # the switch posts, then comes back to this page
        page.get_by_role("button", name="长者模式").click()
    expect(page.locator("html")).to_have_class("large-type")
    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 18
    assert UserPreference.objects.get(user__username="coordinator").large_type

    page.goto(f"{site}/items/{task_of_sfj()}/assign/")
    search = page.get_by_role("searchbox", name="查找单位")
    boxes = page.locator(".choice-box .form-check")
    total = boxes.count()
    search.fill("scjg")  # pinyin initials of 区市场监管局
    visible = page.locator(".choice-box .form-check:visible")
    expect(visible).to_have_count(1)
    expect(visible).to_contain_text("区市场监管局")
    search.press("Enter")  # filters; does not submit the form
    expect(page).to_have_url(f"{site}/items/{task_of_sfj()}/assign/")
    search.fill("")
    expect(visible).to_have_count(total)
    assert console_errors == []
