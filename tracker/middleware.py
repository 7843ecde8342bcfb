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


class CleanInputMiddleware:
    """Every query parameter and form field without NUL and other control characters.

    PostgreSQL refuses NUL in any string (a 500 on `?status__exact=%00` in the
    admin, or in a draft's JSON), and Word/Excel refuse the other C0 controls:
    the rule's one home is tracker.text.plain_text, applied here to keys and
    values of GET and POST before any view, form, filter or admin list sees them.
    Placed after CsrfViewMiddleware, which has parsed the POST body already.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _cleaned(request.GET)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method == "POST":
            request.POST = _cleaned(request.POST)
        return None


def _cleaned(query):
    from django.http import QueryDict

    from .text import plain_text

    if not any(_dirty(key) or any(_dirty(v) for v in values) for key, values in query.lists()):
        return query
    cleaned = QueryDict(mutable=True)
    for key, values in query.lists():
        cleaned.setlist(plain_text(key), [plain_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


def _dirty(value: str) -> bool:
    from .text import plain_text

    return plain_text(value) != value


class NoStoreMiddleware:
    """Pages for a signed-in user are never stored by a browser or a proxy (a shared
    computer's back button, a proxy's cache): Cache-Control: no-store on every
    response to an authenticated request that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            from django.utils.cache import add_never_cache_headers, patch_cache_control

            if "Cache-Control" in response:
                patch_cache_control(response, no_store=True, private=True)
            else:
                add_never_cache_headers(response)
        return response
