"""Checking uploaded evidence: type from the content, size, a safe name, a checksum.

A file is accepted only when its bytes say it is one of the allowed types and
its name's extension agrees; the user's file name is kept for display only.
"""

import hashlib
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# extension → (content type, family); the content sniffers below must agree.
ALLOWED_TYPES: dict[str, tuple[str, str]] = {
    "pdf": ("application/pdf", "PDF"),
    "doc": ("application/msword", "Word"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xls": ("application/vnd.ms-excel", "Excel"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "png": ("image/png", "image"),
    "jpg": ("image/jpeg", "image"),
    "jpeg": ("image/jpeg", "image"),
    "gif": ("image/gif", "image"),
    "webp": ("image/webp", "image"),
}

# Types a browser shows by itself, with no script and no markup of the uploader's, so
# they may be opened inline (views/evidence.py: evidence_view). Never HTML or SVG.
PREVIEW_TYPES: dict[str, str] = {
    "image/png": "image",
    "image/jpeg": "image",
    "image/gif": "image",
    "image/webp": "image",
    "application/pdf": "pdf",
}

OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")


@dataclass(frozen=True)
class CheckedFile:
    name: str
    extension: str
    content_type: str
    size: int
    sha256: str


NAME_MAX = 150


def safe_display_name(name: str) -> str:
    """The last path component of whatever the browser sent, without control or
    direction characters (U+202E would show "exe.pdf" as "fdp.exe"), at most NAME_MAX
    characters: a long name loses the end of its stem, never its extension."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    cleaned = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*')
    cleaned = cleaned.strip(" .") or "file"
    if len(cleaned) > NAME_MAX:
        suffix = PurePosixPath(cleaned).suffix
        if not 1 < len(suffix) <= 10:
            suffix = ""
        cleaned = cleaned[: NAME_MAX - len(suffix)].rstrip(" .") + suffix
    return cleaned


def sniff_extension(head: bytes, upload: UploadedFile) -> str | None:
    """The extension the content really has, or None when it is none we accept."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(OLE_MAGIC):
        return "ole"  # legacy .doc or .xls; the name decides which
    if head.startswith(b"PK\x03\x04"):
        return _sniff_ooxml(upload)
    return None


def _sniff_ooxml(upload: UploadedFile) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None


def check_upload(upload: UploadedFile) -> CheckedFile:
    """Validate one uploaded file; raise ValidationError with a message for the user."""
    name = safe_display_name(upload.name or "")
    limit = settings.TRACKER_EVIDENCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("文件“%(name)s”过大(%(size)s),单个文件不能超过 %(limit)s。")
            % {"name": name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    if not upload.size:
        raise ValidationError(_("文件“%(name)s”是空文件。") % {"name": name})
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("文件“%(name)s”的类型不允许。可上传 PDF、Word、Excel 或图片(PNG、JPG、GIF、WebP)。")
            % {"name": name}
        )
    upload.seek(0)
    head = upload.read(64)
    upload.seek(0)
    real = sniff_extension(head, upload)
    agrees = (
        real == extension
        or (real == "jpg" and extension == "jpeg")
        or (real == "ole" and extension in ("doc", "xls"))
    )
    if not agrees:
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名不符(不是真正的 %(ext)s 文件),请检查后重新上传。")
            % {"name": name, "ext": extension.upper()}
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(
        name=name,
        extension=extension,
        content_type=ALLOWED_TYPES[extension][0],
        size=upload.size,
        sha256=digest.hexdigest(),
    )


def bytes_upload(data: bytes, name: str):
    """An in-memory upload, for demo data and tests."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)
