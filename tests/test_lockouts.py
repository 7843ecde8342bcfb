"""Log-in lock-outs that hold: per account whatever the address, per address whatever
the account, a forged X-Real-IP changes nothing, a cool-off that ends, an office that
lifts it (logged); password change and reset limited; the app's own pages."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_user

pytestmark = pytest.mark.django_db
LIMIT = settings.AXES_FAILURE_LIMIT


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


def log_in(client, username, password="wrong", ip="192.0.2.1", **headers):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip, **headers
    )


def test_an_account_is_locked_whatever_the_address(client):
    make_user("dora")
    for n in range(LIMIT - 1):
        assert log_in(client, "dora", ip=f"198.51.100.{n + 1}").status_code == 200
    assert log_in(client, "dora", ip="198.51.100.99").status_code == 429  # the last straw
    # The right password, from an address that never failed: still locked.
    assert log_in(client, "dora", "pw-for-tests", ip="203.0.113.50").status_code == 429


def test_an_address_is_locked_whatever_the_account(client):
    make_user("erin")
    for n in range(LIMIT):
        log_in(client, f"guess{n}", ip="192.0.2.9")
    assert log_in(client, "erin", "pw-for-tests", ip="192.0.2.9").status_code == 429
    assert log_in(client, "erin", "pw-for-tests", ip="192.0.2.10").status_code == 302


def test_a_forged_real_ip_header_changes_nothing(client, settings):
    """gunicorn reached directly: the header is ignored, the peer's address counts."""
    make_user("fay")
    settings.TRACKER_TRUSTED_PROXIES = ["127.0.0.1"]  # nginx on this machine
    for n in range(LIMIT):
        log_in(client, f"guess{n}", ip="198.51.100.66", HTTP_X_REAL_IP=f"10.9.9.{n}")
    response = log_in(
        client, "fay", "pw-for-tests", ip="198.51.100.66", HTTP_X_REAL_IP="10.9.9.200"
    )
    assert response.status_code == 429


def test_through_the_trusted_proxy_each_client_counts_alone(client, settings):
    make_user("gwen")
    settings.TRACKER_TRUSTED_PROXIES = ["127.0.0.1"]
    for n in range(LIMIT):
        log_in(client, f"guess{n}", ip="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    # Another person behind the same nginx is not locked out by the guesser.
    ok = log_in(client, "gwen", "pw-for-tests", ip="127.0.0.1", HTTP_X_REAL_IP="203.0.113.8")
    assert ok.status_code == 302
    locked = log_in(client, "gwen", "pw-for-tests", ip="127.0.0.1", HTTP_X_REAL_IP="203.0.113.7")
    assert locked.status_code == 429


def test_a_log_in_to_ones_own_account_does_not_reset_the_count(client):
    make_user("hana")
    make_user("mallory")
    for _ in range(LIMIT - 1):
        log_in(client, "hana", ip="192.0.2.77")
    assert log_in(client, "mallory", "pw-for-tests", ip="192.0.2.77").status_code == 302
    Client().post(reverse("login"), {"username": "hana", "password": "x"}, REMOTE_ADDR="192.0.2.78")
    assert log_in(client, "hana", "pw-for-tests", ip="192.0.2.79").status_code == 429


def test_the_lock_out_ends_after_the_cool_off(client):
    make_user("ivy")
    for _ in range(LIMIT):
        log_in(client, "ivy")
    assert log_in(client, "ivy", "pw-for-tests").status_code == 429
    past = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME, minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    assert log_in(client, "ivy", "pw-for-tests").status_code == 302


def test_the_office_lifts_a_lock_out_and_it_is_logged(client, world, caplog):
    for n in range(LIMIT):
        log_in(Client(), "alice", ip=f"198.51.100.{n + 1}")
    assert log_in(Client(), "alice", "pw-for-tests").status_code == 429
    office = Client()
    office.force_login(world["coordinator"])
    page = office.get(reverse("tracker:lockout-list"))
    assert page.status_code == 200 and "alice" in page.content.decode()
    with caplog.at_level(logging.WARNING, logger="tracker.security"):
        office.post(reverse("tracker:lockout-lift"), {"username": "alice"})
    lifted = [r for r in caplog.records if getattr(r, "action", "") == "lockout_lift"]
    assert lifted and lifted[0].target == "alice" and lifted[0].actor_id == world["coordinator"].pk
    assert log_in(Client(), "alice", "pw-for-tests").status_code == 302


def test_another_districts_office_cannot_see_or_lift_it(client, world):
    for n in range(LIMIT):
        log_in(Client(), "alice", ip=f"198.51.100.{n + 1}")
    other = Client()
    other.force_login(world["coordinator_2"])
    assert "alice" not in other.get(reverse("tracker:lockout-list")).content.decode()
    other.post(reverse("tracker:lockout-lift"), {"username": "alice"})
    assert log_in(Client(), "alice", "pw-for-tests").status_code == 429
    reporter = Client()
    reporter.force_login(world["reporter"])
    assert reporter.get(reverse("tracker:lockout-list")).status_code == 403
    assert reporter.post(reverse("tracker:lockout-lift"), {"username": "x"}).status_code == 403


def test_password_reset_is_rate_limited_per_address_and_per_email(client):
    make_user("jill")
    url = reverse("password_reset")
    for n in range(settings.TRACKER_PASSWORD_RATE):
        assert (
            client.post(
                url, {"email": "jill@example.invalid"}, REMOTE_ADDR=f"10.0.0.{n}"
            ).status_code
            == 302
        )
    # The same e-mail address from yet another address: refused.
    refused = client.post(url, {"email": "jill@example.invalid"}, REMOTE_ADDR="10.0.1.1")
    assert refused.status_code == 429
    assert "操作过于频繁" in refused.content.decode()


def test_password_change_is_rate_limited_per_user(client):
    user = make_user("kim")
    client.force_login(user)
    url = reverse("password_change")
    wrong = {
        "old_password": "nope",
        "new_password1": "a-Long-pass-1",
        "new_password2": "a-Long-pass-1",
    }
    for n in range(settings.TRACKER_PASSWORD_RATE):
        assert client.post(url, wrong, REMOTE_ADDR=f"10.1.0.{n}").status_code == 200
    assert client.post(url, wrong, REMOTE_ADDR="10.1.9.9").status_code == 429


def test_reset_pages_are_the_apps_own_in_its_language(client):
    for name in ["password_reset", "password_reset_done", "password_reset_complete"]:
        html = client.get(reverse(name)).content.decode()
        assert "Django" not in html and "站点管理" not in html, name
        assert 'lang="zh-hans"' in html or "zh-hans" in html
    assert "找回密码" in client.get(reverse("password_reset")).content.decode()
    english = client.get(reverse("password_reset"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "找回密码" not in english


def test_csrf_failure_page_is_the_apps_own(client):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and "CSRF verification failed" not in html
    english = strict.post(reverse("login"), {"username": "a"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "页面已过期" not in english.content.decode()


@pytest.mark.parametrize("size", [1, 8])
def test_the_lockout_page_has_a_fixed_query_count(client, world, size, django_assert_num_queries):
    people = [make_user(f"p{size}_{n}", role="reporter", units=[world["sfj"]]) for n in range(size)]
    for person in people:
        for n in range(2):
            log_in(Client(), person.username, ip=f"198.51.100.{n + 1}")
    client.force_login(world["admin"])
    # session, user, unread messages (the menu), the accounts, the addresses
    with django_assert_num_queries(5):
        page = client.get(reverse("tracker:lockout-list"))
    assert page.content.decode().count('name="ip_address" value="198.51.100.') == 2
    assert all(person.username in page.content.decode() for person in people)
