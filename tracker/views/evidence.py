"""Evidence files are served only through this view, under the item's access rules."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from .. import permissions
from .common import private_file


@login_required
@require_safe
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(permissions.visible_evidence(request.user), pk=pk)
    return private_file(
        evidence.file, name=evidence.original_name, content_type=evidence.content_type
    )
