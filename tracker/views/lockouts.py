"""Log-in lock-outs (django-axes): the office or an administrator sees who is locked
out and lifts it before the cool-off ends; every lift is logged."""

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from .. import permissions

log = logging.getLogger("tracker.security")


def _recent(attempts):
    since = timezone.now() - timezone.timedelta(hours=settings.AXES_COOLOFF_TIME)
    return attempts.filter(attempt_time__gte=since)


@login_required
@require_safe
def lockout_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_lift_lockouts(request.user):
        raise PermissionDenied
    accounts = (
        _recent(permissions.lockout_attempts(request.user))
        .values("username")
        .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
        .order_by("-last")
    )
    addresses = []
    if request.user.is_superuser:  # an address may be anybody's: administrators only
        addresses = (
            _recent(permissions.lockout_attempts(request.user))
            .values("ip_address")
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .order_by("-last")
        )
    return render(
        request,
        "tracker/lockout_list.html",
        {"accounts": accounts, "addresses": addresses, "limit": settings.AXES_FAILURE_LIMIT},
    )


@login_required
@require_POST
def lockout_lift(request: HttpRequest) -> HttpResponse:
    if not permissions.can_lift_lockouts(request.user):
        raise PermissionDenied
    username = request.POST.get("username", "")
    address = request.POST.get("ip_address", "")
    attempts = permissions.lockout_attempts(request.user)
    if username:
        deleted, _rows = attempts.filter(username=username).delete()
        target = username
    elif address and request.user.is_superuser:
        deleted, _rows = attempts.filter(ip_address=address).delete()
        target = address
    else:  # nothing named (or an address, which only an administrator may clear)
        return redirect("tracker:lockout-list")
    log.warning(
        "lock-out lifted for %s",
        target,
        extra={
            "action": "lockout_lift",
            "target": target,
            "records": deleted,
            "actor_id": request.user.pk,
        },
    )
    if deleted:
        messages.success(request, _("已解除“%(name)s”的登录锁定。") % {"name": target})
    return redirect("tracker:lockout-list")
