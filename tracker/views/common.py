"""Small helpers every view module shares."""

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from ..services import WorkflowError


def show_error(form, error: WorkflowError) -> None:
    """Put a service's refusal on the form, at its field when the form has that field."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def flash_form_errors(request: HttpRequest, form) -> None:
    """A form posted from another page (buttons on a list): its errors as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


def safe_next(request: HttpRequest) -> str | None:
    """The `next` page posted with a form, if it is on this site."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return None


# An upload opened in the browser is a sandboxed document that may load nothing and run
# nothing (a PDF viewer still draws it); the app's own CSP would allow its scripts.
INLINE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def private_file(stored, *, name: str, content_type: str, inline: bool = False) -> FileResponse:
    """A stored upload served as an attachment that no browser renders or sniffs
    (404 when there is none, or it went missing). `inline`: shown in the browser
    instead, as a sandboxed document (for types the caller has checked are safe)."""
    if not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=not inline,
        filename=name or stored.name.rsplit("/", 1)[-1],
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = INLINE_POLICY
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
