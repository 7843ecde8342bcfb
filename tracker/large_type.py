"""长者模式 (large type): a person's choice, kept on UserPreference and read from the session.

Every page draws the top bar in one mode or the other; reading the choice
from the database would add a query to every page, so the session carries
it: copied from the preference at log-in, and written to both when the
person switches.
"""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from .models import UserPreference

SESSION_KEY = "tracker_large_type"


def is_on(request: HttpRequest) -> bool:
    session = getattr(request, "session", None)
    return bool(session and session.get(SESSION_KEY, False))


def remember(request: HttpRequest, *, on: bool) -> None:
    """Switch large type on or off for this person, here and at their next log-in."""
    UserPreference.objects.update_or_create(user=request.user, defaults={"large_type": on})
    keep(request, on=on)


def keep(request: HttpRequest, *, on: bool) -> None:
    """Carry a stored choice in the session (see the module's docstring)."""
    request.session[SESSION_KEY] = on


@receiver(user_logged_in, dispatch_uid="tracker-large-type-at-log-in")
def restore_at_log_in(sender, request, user, **kwargs) -> None:
    if request is None or not hasattr(request, "session"):
        return
    stored = UserPreference.objects.filter(user=user).values_list("large_type", flat=True)
    keep(request, on=bool(stored.first()))
