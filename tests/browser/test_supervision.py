"""The supervision loop in a real browser: assign → 签收 → submit → return → revise →
approve the closure; the reporter's messages and both versions on the item page."""

from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.uploads import PDF
from tracker.models import Item, Kind, ProgressUpdate, Status, UpdateState


def test_assign_acknowledge_submit_return_revise_approve(
    page, site, browser, console_errors, shoot, tmp_path
):
    task = Item.objects.get(
        kind=Kind.TASK,
        number=5,
        parent=None,
        report__year=2021,
        report__jurisdiction__short_name="蓟州区",
    )
    first_text = "(浏览器测试)述法清单已初步整理,申请销号。"
    second_text = "(浏览器测试)述法清单已整理完毕并经区委审定,申请销号。"

    # The office gives the task to 区司法局, with its reporter as the responsible person.
    log_in(page, site, "coordinator")
    page.goto(f"{site}/items/{task.pk}/assign/")
    page.select_option("#id_lead_unit", label="区司法局")
    checked = page.locator("input[name=supporting_units]:checked")
    while checked.count():
        checked.first.uncheck()
    page.select_option("#id_assignee", label="赵填报(区司法局,演示)(reporter-sfj)")
    page.select_option("#id_status", "in_progress")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("已保存分配")
    shoot("assigned")

    # The unit sees it waiting for 签收 on its home page and acknowledges it.
    reporter = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    unit = reporter.new_page()
    log_in(unit, site, "reporter-sfj")
    expect(unit.locator(".alert-warning")).to_contain_text(task.title)
    unit.goto(f"{site}/items/{task.pk}/")
    unit.get_by_role("button", name="签收", exact=True).click()
    expect(unit.locator(".alert-success")).to_contain_text("已签收")

    # It reports the work done and asks for closure, with a file.
    unit.get_by_role("link", name="填报进展").click()
    unit.fill("#id_text", first_text)
    unit.check("#id_requests_closure")
    evidence = tmp_path / "述法清单.pdf"
    evidence.write_bytes(PDF)
    unit.set_input_files("#id_evidence-0-file", str(evidence))
    unit.fill("#id_evidence-0-description", "述法清单")
    unit.get_by_role("button", name="提交审核").click()
    expect(unit.locator(".alert-success")).to_contain_text("已申请销号")

    # The office returns it with a comment.
    page.goto(f"{site}/reviews/")
    card = page.locator(".card", has_text=first_text).first
    card.locator("textarea[name=comment]").fill("请附区委审定意见。")
    card.get_by_role("button", name="退回").click()
    expect(page.locator(".alert-success")).to_contain_text("已退回")

    # The unit reads it in its messages and revises: a second version, the file kept.
    unit.goto(f"{site}/messages/")
    expect(unit.locator(".inbox")).to_contain_text("请附区委审定意见。")
    shoot_unit = unit.screenshot  # the reporter's own view
    unit.goto(f"{site}/")
    unit.get_by_role("link", name="修改并重新提交").first.click()
    expect(unit.locator("h1")).to_contain_text("第 2 版")
    unit.fill("#id_text", second_text)
    unit.get_by_role("button", name="提交审核").click()
    expect(unit.locator(".alert-success")).to_contain_text("第 2 版")

    # The office approves the closure.
    page.goto(f"{site}/items/{task.pk}/")
    page.get_by_role("button", name="通过并销号").click()
    expect(page.locator(".alert-success")).to_contain_text("已销号")
    shoot("closed")

    # The unit is told, and the item page keeps both versions and what changed.
    unit.goto(f"{site}/messages/")
    expect(unit.locator(".inbox")).to_contain_text("已销号")
    unit.goto(f"{site}/items/{task.pk}/")
    timeline = unit.locator("#timeline")
    for text in [first_text, second_text, "第 2 版", "与第 1 版相比的修改", "请附区委审定意见。"]:
        expect(timeline).to_contain_text(text)
    shoot_unit(path=str(tmp_path / "unit.png"), full_page=True)
    versions = list(
        ProgressUpdate.objects.filter(item=task, text__startswith="(浏览器测试)").order_by(
            "revision"
        )
    )
    assert [(v.revision, v.state) for v in versions] == [
        (1, UpdateState.RETURNED),
        (2, UpdateState.APPROVED),
    ]
    assert versions[1].evidence.get().carried_from == versions[0].evidence.get()
    assert Item.objects.get(pk=task.pk).status == Status.CLOSED
    assert console_errors == []
