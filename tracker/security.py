"""Who is asking: the client address behind the reverse proxy, for log-in rate limiting."""

from django.conf import settings


def client_ip(request) -> str:
    """REMOTE_ADDR, or the proxy's X-Real-IP when the connection comes from a trusted proxy.

    Behind nginx every REMOTE_ADDR is the proxy's, which would turn the
    per-address lockout into one lock for everybody. The header is read only
    when the peer is one of TRACKER_TRUSTED_PROXIES (DJANGO_TRUSTED_PROXIES):
    a client that reaches gunicorn directly cannot choose its own address.
    """
    peer = request.META.get("REMOTE_ADDR", "")
    if peer and peer in settings.TRACKER_TRUSTED_PROXIES:
        forwarded = request.META.get("HTTP_X_REAL_IP", "").strip()
        if forwarded:
            return forwarded
    return peer
