"""Production settings pass `check --deploy`; headers, rate limiting and sessions are set."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import make_user

ROOT = Path(__file__).resolve().parents[1]


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "tracker.example.gov.cn",
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_HTTPS", None)  # the test run serves plain HTTP; production must not
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set for the browser tests' live server only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_settings_refuse_to_start_without_a_secret_key_when_debug_is_off():
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_no_inline_script_in_pages(client):
    import io

    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="coordinator"))
    for url in ["/", "/items/", "/items/13/", "/reports/1/", "/reviews/"]:
        html = client.get(url).content.decode()
        assert "<script>" not in html and " on" + "click=" not in html, url


@pytest.mark.django_db
def test_login_is_rate_limited(client):
    make_user("dora")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "dora", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "dora", "password": "pw-for-tests"})
    assert response.status_code == 429
    assert "登录尝试次数过多" in response.content.decode()


@pytest.mark.django_db
def test_a_good_login_still_works(client):
    make_user("erin")
    response = client.post(reverse("login"), {"username": "erin", "password": "pw-for-tests"})
    assert response.status_code == 302


def test_sessions_expire_and_passwords_are_validated():
    assert settings.SESSION_COOKIE_AGE <= 12 * 3600
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE
    assert len(settings.AUTH_PASSWORD_VALIDATORS) >= 4


def test_rate_limit_reads_the_real_client_only_from_a_trusted_proxy(rf, settings):
    from tracker.security import client_ip

    settings.TRACKER_TRUSTED_PROXIES = []
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(request) == "10.0.0.1"  # a client cannot forge its address
    settings.TRACKER_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request) == "203.0.113.9"  # nginx at 10.0.0.1 says who it is
    direct = rf.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_REAL_IP="203.0.113.9")
    assert client_ip(direct) == "198.51.100.7"  # straight to gunicorn: the header is ignored


def test_offline_commands_run_without_a_secret_key():
    """makemigrations in a fresh checkout needs no key; serving still does (test above)."""
    env = {**os.environ, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
