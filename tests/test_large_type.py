"""长者模式: a switch in the top bar, kept on the person's preference, read from the session."""

import pytest
from django.urls import reverse

from tests.factories import make_user
from tracker.models import UserPreference

pytestmark = pytest.mark.django_db
SWITCH = reverse("tracker:large-type")


def html_tag(client, path="/") -> str:
    page = client.get(path).content.decode()
    return page[page.index("<html") : page.index(">", page.index("<html")) + 1]


def test_the_switch_turns_large_type_on_and_off_and_returns_to_the_page(client):
    user = make_user(role="viewer")
    client.force_login(user)
    assert "large-type" not in html_tag(client)
    response = client.post(SWITCH, {"large_type": "on", "next": "/items/?status=closed"})
    assert response.status_code == 302 and response["Location"] == "/items/?status=closed"
    assert UserPreference.objects.get(user=user).large_type
    assert 'class="large-type"' in html_tag(client, "/items/")
    page = client.get("/").content.decode()
    assert 'name="large_type" value="off"' in page and 'aria-pressed="true"' in page
    client.post(SWITCH, {"large_type": "off"})
    assert not UserPreference.objects.get(user=user).large_type
    assert "large-type" not in html_tag(client)


def test_the_choice_follows_the_person_to_their_next_log_in(client):
    user = make_user(role="reporter")
    UserPreference.objects.create(user=user, large_type=True)
    client.force_login(user)
    assert 'class="large-type"' in html_tag(client)
    client.logout()
    other = make_user(role="viewer")  # another person at the same computer
    client.force_login(other)
    assert "large-type" not in html_tag(client)


def test_an_empty_post_or_a_foreign_next_changes_nothing_and_stays_on_the_site(client):
    user = make_user(role="viewer")
    client.force_login(user)
    response = client.post(SWITCH, {"next": "https://example.com/"})
    assert response["Location"] == reverse("tracker:home")
    assert not UserPreference.objects.filter(user=user).exists()


def test_the_preferences_page_sets_it_too(client):
    user = make_user(role="viewer")
    client.force_login(user)
    response = client.post(
        reverse("tracker:preferences"), {"email_mode": "none", "large_type": "on"}
    )
    assert response.status_code == 302
    assert UserPreference.objects.get(user=user).large_type
    assert 'class="large-type"' in html_tag(client)


def test_every_page_has_a_skip_link_to_main_and_a_menu_button(client):
    client.force_login(make_user(role="viewer"))
    page = client.get("/").content.decode()
    assert page.index('class="skip-link" href="#main"') < page.index("<nav")
    assert '<main class="container-fluid px-3 px-md-4 pb-5" id="main"' in page
    assert 'data-bs-toggle="collapse" data-bs-target="#app-menu"' in page
    assert 'href="/help/"' in page  # 使用说明


def test_the_switch_costs_no_query_on_a_page(client, django_assert_num_queries):
    user = make_user(role="viewer")
    UserPreference.objects.create(user=user, large_type=True)
    client.force_login(user)
    client.get("/reports/")
    # session, user, permissions, the reports, the top bar's unread messages, whether
    # the reader oversees districts (the city's link): as before.
    with django_assert_num_queries(6):
        assert 'class="large-type"' in html_tag(client, "/reports/")
