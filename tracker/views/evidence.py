"""Evidence files are served only through these views, under the item's access rules."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
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


@login_required
@require_safe
def evidence_view(request: HttpRequest, pk: int) -> FileResponse:
    """An image or a PDF opened in the browser (and the item page's thumbnails); other
    types only download."""
    evidence = get_object_or_404(permissions.visible_evidence(request.user), pk=pk)
    if not evidence.preview:
        raise Http404
    return private_file(
        evidence.file,
        name=evidence.original_name,
        content_type=evidence.content_type,
        inline=True,
    )
