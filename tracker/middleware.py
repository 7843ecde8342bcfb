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
