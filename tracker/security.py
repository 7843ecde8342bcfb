"""Who is asking: the client address behind the reverse proxy, for log-in rate limiting."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or nginx's X-Real-IP when DJANGO_BEHIND_PROXY says a proxy sets it.

    Behind nginx every REMOTE_ADDR is the proxy's, which would turn the
    per-address lockout into a per-user-name one that anyone could trigger.
    The header is trusted only when configured, since clients can forge it.
    """
    if settings.TRACKER_BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")
