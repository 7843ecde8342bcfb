"""A cache-based limit on how often a form may be posted (password change and reset).

Counted per key in Django's cache (local memory on one server; Redis, shared by every
app server, when REDIS_URL is set): a fixed window of TRACKER_PASSWORD_RATE_WINDOW
seconds, at most TRACKER_PASSWORD_RATE posts per key. Over the limit: 429 with the
app's own page, and one warning in the log.
"""

import hashlib
import logging
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .security import client_ip

log = logging.getLogger("tracker.ratelimit")


def _over_limit(scope: str, key: str) -> bool:
    digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}"
    window = settings.TRACKER_PASSWORD_RATE_WINDOW
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > settings.TRACKER_PASSWORD_RATE


def password_rate_limited(scope: str) -> Callable:
    """Limit the POSTs to a view per client address, per signed-in user, and per e-mail
    address typed into the form (a reset request), each on its own counter."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def limited(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method == "POST":
                keys = [f"ip:{client_ip(request)}"]
                if request.user.is_authenticated:
                    keys.append(f"user:{request.user.pk}")
                email = request.POST.get("email", "").strip().lower()
                if email:
                    keys.append(f"email:{email}")
                # Every counter counts (no short-circuit), so that changing address
                # does not reset the per-user or per-e-mail one.
                if any([_over_limit(scope, key) for key in keys]):
                    log.warning(
                        "rate limit: %s", scope, extra={"scope": scope, "ip": client_ip(request)}
                    )
                    return render(request, "registration/too_many_requests.html", status=429)
            return view(request, *args, **kwargs)

        return limited

    return decorator
