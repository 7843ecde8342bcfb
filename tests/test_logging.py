"""Every error leaves a trace: one JSON line per request, a 500 with its traceback and
the request's id, every workflow action, and mail to ADMINS when they are set."""

import io
import json
import logging

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the console handler writes (the one gunicorn's stderr receives), as dicts."""
    stream = io.StringIO()
    handlers = {
        handler
        for name in ("tracker", "django.request", "django.security")
        for handler in logging.getLogger(name).handlers
        if isinstance(handler, logging.StreamHandler)
        and not hasattr(handler, "baseFilename")
        and type(handler) is logging.StreamHandler
    }
    old = [(handler, handler.setStream(stream)) for handler in handlers]
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines() if line]
    for handler, previous in old:
        handler.setStream(previous)


def boom(*args, **kwargs):
    raise RuntimeError("boom: a fault nobody expected")


def test_a_500_is_logged_with_its_traceback_and_request_id(world, monkeypatch, log_lines):
    monkeypatch.setattr("tracker.permissions.visible_reports", boom)
    client = Client(raise_request_exception=False)
    client.force_login(world["coordinator"])
    response = client.get(reverse("tracker:report-list"), HTTP_X_REQUEST_ID="probe-42")
    assert response.status_code == 500
    assert response["X-Request-ID"] == "probe-42"
    lines = log_lines()
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["level"] == "ERROR" and error["request_id"] == "probe-42"
    assert "RuntimeError: boom" in error["traceback"] and "visible_reports" not in error["message"]
    assert error["user_id"] == world["coordinator"].pk
    request = next(line for line in lines if line["logger"] == "tracker.request")
    assert request["status"] == 500 and request["request_id"] == "probe-42"
    assert request["path"] == reverse("tracker:report-list")
    assert request["user_id"] == world["coordinator"].pk
    assert isinstance(request["duration_ms"], float)


def test_every_request_gets_a_fresh_id_when_none_or_a_forged_one_is_offered(client, log_lines):
    first = client.get(reverse("login"))
    forged = client.get(reverse("login"), HTTP_X_REQUEST_ID='x"\n{"level": "fake"}')
    assert first["X-Request-ID"] != forged["X-Request-ID"]
    assert len(forged["X-Request-ID"]) == 32 and "\n" not in forged["X-Request-ID"]
    ids = [line["request_id"] for line in log_lines() if line["logger"] == "tracker.request"]
    assert ids == [first["X-Request-ID"], forged["X-Request-ID"]]


def test_a_500_mails_the_admins_when_they_are_set(world, monkeypatch, settings):
    settings.ADMINS = [("Ops", "ops@example.invalid")]
    monkeypatch.setattr("tracker.permissions.visible_reports", boom)
    client = Client(raise_request_exception=False)
    client.force_login(world["coordinator"])
    client.get(reverse("tracker:report-list"))
    assert len(mail.outbox) == 1 and "ops@example.invalid" in mail.outbox[0].to
    assert "RuntimeError" in mail.outbox[0].body


def test_security_events_are_logged(client, log_lines):
    Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x"})
    lines = log_lines()
    assert any(
        line["logger"].startswith("django.security") and "CSRF" in line["message"] for line in lines
    )


def test_every_workflow_action_is_logged(world, log_lines):
    from django.utils import timezone

    from tracker.services.progress import update_review, update_submit

    update = update_submit(
        item=world["own"],
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="进展(演示)",
    )
    update_review(update=update, reviewer=world["coordinator"], decision="approve")
    actions = [line for line in log_lines() if line["logger"] == "tracker.workflow"]
    models = {line["model"] for line in actions}
    assert "tracker.ProgressUpdate" in models
    assert {world["reporter"].pk, world["coordinator"].pk} <= {line["actor_id"] for line in actions}
