"""The CSRF failure page in the app's own template and language (Django's is English)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    # Django has already logged the reason (django.security.csrf); the page tells the
    # user what to do, not why the check failed.
    return render(request, "403_csrf.html", status=403)
