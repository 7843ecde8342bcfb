"""What every page's top bar needs, decided by tracker.permissions and the person's choices."""

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import large_type, permissions


def navigation(request: HttpRequest) -> dict:
    """`nav`: the sections the user may open (lazy: pages without the top bar pay nothing);
    `large_type`: 长者模式 on or off (from the session: no query)."""
    return {
        "nav": SimpleLazyObject(lambda: permissions.navigation(request.user)),
        "large_type": large_type.is_on(request),
    }
