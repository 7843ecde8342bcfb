"""Security headers the app adds to every response."""

from django.conf import settings


class ContentSecurityPolicyMiddleware:
    """Send the Content-Security-Policy from settings (no inline script is ever allowed)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(
            f"{key} {value}" for key, value in settings.CONTENT_SECURITY_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", self.policy)
        return response


class RequestSizeLimitMiddleware:
    """Refuse (413) a request body larger than TRACKER_MAX_REQUEST_BYTES before reading any of it.

    Per-file limits are enforced while streaming (tracker.uploads); this cap
    stops absurd bodies at the door, whatever the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.TRACKER_MAX_REQUEST_BYTES:
            from django.shortcuts import render

            limit = settings.TRACKER_MAX_REQUEST_BYTES
            response = render(request, "413.html", {"limit": limit}, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)
