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
    # A path on this site only: redirect() would take any other word for a URL name.
    if (
        target.startswith("/")
        and not target.startswith("//")
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
    ):
        return target
    return None


# An upload opened in the browser is a sandboxed document that may load nothing and run
# nothing (a PDF viewer still draws it); the app's own CSP would allow its scripts.
INLINE_POLICY = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"


def content_disposition(name: str, *, inline: bool = False) -> str:
    """The original file name for the browser's save dialog: `filename*` (RFC 5987/6266,
    UTF-8, any script and direction) and an ASCII `filename` for old clients, with the
    same extension."""
    import unicodedata
    from pathlib import PurePosixPath
    from urllib.parse import quote

    suffix = PurePosixPath(name).suffix
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = "".join(ch for ch in ascii_name if ch.isprintable() and ch not in '"\\;')
    if not PurePosixPath(ascii_name).stem.strip(" ._-"):
        ascii_name = "file" + (suffix if suffix.isascii() else "")
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


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
    response = FileResponse(handle, content_type=content_type or "application/octet-stream")
    response["Content-Disposition"] = content_disposition(
        name or stored.name.rsplit("/", 1)[-1], inline=inline
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = INLINE_POLICY
        response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
