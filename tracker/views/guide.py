"""使用说明: one page per role, open to everyone signed in (a leader may read the units' page)."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from .. import permissions
from ..evidence import ALLOWED_TYPES
from ..models import LightReason, Status, UpdateState

# Page name → its title, in the order the pages are listed.
ROLES = {
    "coordinator": _("督办(依法治区办)"),
    "reporter": _("单位填报人"),
    "leader": _("单位负责人"),
    "viewer": _("领导查阅"),
}


def role_of(user) -> str:
    """The help page written for this user's role."""
    if permissions.can_review(user) or permissions.can_assign(user):
        return "coordinator"
    if permissions.is_unit_leader(user):
        return "leader"
    if permissions.is_reporter(user):
        return "reporter"
    return "viewer"


@login_required
@require_safe
def help_index(request: HttpRequest) -> HttpResponse:
    return redirect("tracker:help-role", role=role_of(request.user))


@login_required
@require_safe
def help_role(request: HttpRequest, role: str) -> HttpResponse:
    if role not in ROLES:
        raise Http404
    families = sorted({family for _content_type, family in ALLOWED_TYPES.values()})
    return render(
        request,
        f"tracker/help/{role}.html",
        {
            "role": role,
            "roles": ROLES.items(),
            "statuses": Status,
            "states": UpdateState,
            "reasons": LightReason,
            "file_families": families,
            "max_bytes": settings.TRACKER_EVIDENCE_MAX_BYTES,
            "max_files": settings.TRACKER_EVIDENCE_MAX_FILES,
        },
    )
