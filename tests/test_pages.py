"""Every page renders for a signed-in user and sends an anonymous one to log in."""

import pytest
from django.urls import reverse

from tracker.models import Item, Kind

pytestmark = pytest.mark.django_db


def page_urls(report) -> list[str]:
    task = Item.objects.get(report=report, kind=Kind.TASK, number=1)
    measure = Item.objects.filter(report=report, kind=Kind.MEASURE).last()
    cause = Item.objects.get(report=report, kind=Kind.CAUSE, number=2)
    return [
        reverse("tracker:home"),
        reverse("tracker:item-list"),
        reverse("tracker:item-detail", args=[task.pk]),
        reverse("tracker:item-detail", args=[measure.pk]),
        reverse("tracker:item-detail", args=[cause.pk]),
        reverse("tracker:report-list"),
        reverse("tracker:report-detail", args=[report.pk]),
        reverse("tracker:report-source", args=[report.pk]),
    ]


@pytest.mark.parametrize("username", ["coordinator", "viewer", "reporter-sfj", "admin"])
def test_pages_render_for_each_role(client, demo, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    for url in page_urls(demo):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "法治政府建设整改台账" in response.content.decode()


def test_anonymous_is_sent_to_log_in(client, seeded):
    for url in page_urls(seeded):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")


def test_login_page_renders_in_chinese(client, db):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_item_page_shows_the_chain_and_the_figures(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="coordinator"))
    shortfall = Item.objects.get(report=demo, kind=Kind.SHORTFALL, number=2)
    html = client.get(reverse("tracker:item-detail", args=[shortfall.pk])).content.decode()
    assert "公职律师配备和使用工作机制尚不健全" in html  # its cause
    assert "加强法治人才队伍建设" in html  # the task addressing it
    assert "公职律师配备党政机关数" in html  # its indicator
    assert shortfall.text[:40] in html


def test_report_page_lays_out_the_three_parts(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="viewer"))
    html = client.get(reverse("tracker:report-detail", args=[demo.pk])).content.decode()
    parts = ["一、主要举措和成效", "二、存在的不足和原因", "三、下一年度主要安排"]
    positions = [html.index(p) for p in parts]
    assert positions == sorted(positions)
    for item in Item.objects.filter(report=demo):
        assert item.title in html
        assert reverse("tracker:item-detail", args=[item.pk]) in html


def test_language_switch_to_english(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="coordinator"))
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/items/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
