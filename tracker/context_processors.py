"""What every page's top bar needs, decided by tracker.permissions."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import permissions


def navigation(request: HttpRequest) -> dict:
    """`nav`: the sections the user may open (lazy: pages without the top bar pay nothing)."""
    return {"nav": SimpleLazyObject(lambda: permissions.navigation(request.user))}
