"""使用说明: a page per role, linked from the top bar, in both languages."""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import make_user

pytestmark = pytest.mark.django_db
ROLES = ["coordinator", "reporter", "leader", "viewer"]


@pytest.mark.parametrize(
    "user_role,page",
    [
        ("coordinator", "coordinator"),
        ("reporter", "reporter"),
        ("unit_leader", "leader"),
        ("viewer", "viewer"),
    ],
)
def test_help_opens_the_readers_own_page(client, user_role, page):
    client.force_login(make_user(role=user_role))
    response = client.get(reverse("tracker:help"))
    assert response["Location"] == reverse("tracker:help-role", args=[page])


@pytest.mark.parametrize("role", ROLES)
def test_each_page_explains_the_workflow_statuses_and_lights(client, settings, role):
    settings.TRACKER_ACK_DAYS, settings.TRACKER_DUE_SOON_DAYS = 4, 9
    client.force_login(make_user(role="viewer"))
    page = client.get(reverse("tracker:help-role", args=[role])).content.decode()
    for anchor in ('id="workflow"', 'id="statuses"', 'id="lights"', 'id="large-type"'):
        assert anchor in page
    for status in ("未启动", "推进中", "待销号", "已销号", "暂缓"):
        assert status in page
    for reason in ("逾期", "未分配", "未签收", "即将到期", "长期无进展", "正常推进"):
        assert reason in page
    assert "预警灯说明" in page  # the same legend as the lists (light_legend.html)
    assert "超过 4 天未签收" in page and "9 天内到期" in page  # the thresholds in force
    for other in ROLES:
        assert reverse("tracker:help-role", args=[other]) in page


def test_the_units_pages_say_how_to_report_close_extend_and_acknowledge(client):
    client.force_login(make_user(role="reporter"))
    for role in ("reporter", "leader"):
        page = client.get(reverse("tracker:help-role", args=[role])).content.decode()
        for anchor in ("acknowledge", "report", "closure", "extension", "messages"):
            assert f'id="{anchor}"' in page
    leader = client.get(reverse("tracker:help-role", args=["leader"])).content.decode()
    assert 'id="unit-review"' in leader


def test_an_unknown_role_is_not_found(client):
    client.force_login(make_user(role="viewer"))
    assert client.get("/help/admin/").status_code == 404


def test_help_reads_in_english(client):
    client.force_login(make_user(role="viewer"))
    client.cookies["django_language"] = "en"
    with translation.override("en"):
        page = client.get(reverse("tracker:help-role", args=["reporter"])).content.decode()
    assert "Help" in page and "Request closure" in page
    body = page[page.index('<article class="col-lg-9 help-text">') :]
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in body.replace("简体中文", ""))
