"""Structured logs: one line of JSON per event, each carrying the request it belongs to.

- `tracker.request`: one line per request (request id, user id, method, path, status,
  duration in ms), written by RequestLogMiddleware.
- `django.request` / `django.security`: Django's own error lines (a 500 with its
  traceback, a refused host, a CSRF failure), always on, with the request id too.
- `tracker.workflow`: one line per recorded change (every history record the
  services write: assignment, progress, review, closure, urging, units …).
- `tracker.*`: the app's other loggers (notices, follow-up, lock-outs).

settings.LOGGING sends them all to standard error (gunicorn passes it on to its
error log or the journal; docs/PRODUCTION.md, "Logs").
"""

import contextvars
import json
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")
user_id_var: contextvars.ContextVar[int | None] = contextvars.ContextVar("user_id", default=None)

# Attributes every LogRecord has; anything else passed in `extra` goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}
_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestContextFilter(logging.Filter):
    """Put the current request's id and user id on every record logged while serving it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id_var.get()
        if getattr(record, "user_id", None) is None:
            record.user_id = user_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the request's ids, any
    `extra` fields, and the traceback (as one string) when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key in _STANDARD or key.startswith("_") or key in ("request", "server_time"):
                continue
            entry[key] = (
                value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
            )
        request = getattr(record, "request", None)
        if request is not None and "path" not in entry:
            entry["path"] = getattr(request, "path", "")
            entry["method"] = getattr(request, "method", "")
        if record.exc_info:
            entry["traceback"] = "".join(traceback.format_exception(*record.exc_info))
        elif record.stack_info:
            entry["traceback"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False, default=str)


request_log = logging.getLogger("tracker.request")


class RequestLogMiddleware:
    """Give each request an id (the proxy's X-Request-ID when it is a plain token, else a
    new one), send it back as X-Request-ID, and log the request when it ends.

    First in MIDDLEWARE, so that the line is written for every response, 500s included
    (Django's exception handling turns them into responses inside this middleware).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = offered if _SAFE_ID.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        user_token = user_id_var.set(None)
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            user = getattr(request, "user", None)
            user_id = user.pk if user is not None and user.is_authenticated else None
            status = response.status_code
            request_log.log(
                logging.ERROR if status >= 500 else logging.INFO,
                "%s %s %s",
                request.method,
                request.path,
                status,
                extra={
                    "request_id": request_id,
                    "user_id": user_id,
                    "method": request.method,
                    "path": request.path,
                    "status": status,
                    "duration_ms": round((time.monotonic() - started) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(id_token)
            user_id_var.reset(user_token)


class UserContextMiddleware:
    """After authentication: the user's id for every line logged during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(user.pk)
        return self.get_response(request)


workflow_log = logging.getLogger("tracker.workflow")


def log_history_record(sender, instance, history_instance, **kwargs) -> None:
    """Every change the services record (simple_history) is also one log line."""
    user = getattr(history_instance, "history_user", None)
    action = {"+": "create", "~": "change", "-": "delete"}.get(
        history_instance.history_type, history_instance.history_type
    )
    workflow_log.info(
        "%s %s %s",
        action,
        instance._meta.label,
        instance.pk,
        extra={
            "action": action,
            "model": instance._meta.label,
            "object_id": instance.pk,
            "actor_id": getattr(user, "pk", None),
            "reason": history_instance.history_change_reason or "",
        },
    )


def quiet_workflow_log(handle):
    """For commands that load data in bulk (demo, generated data, a restore): their
    thousands of history records are not workflow actions anyone took. Decorates a
    command's handle(); the level is restored when it ends."""
    import functools

    @functools.wraps(handle)
    def quiet(*args, **kwargs):
        level = workflow_log.level
        workflow_log.setLevel(logging.WARNING)
        try:
            return handle(*args, **kwargs)
        finally:
            workflow_log.setLevel(level)

    return quiet
