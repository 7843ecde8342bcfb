"""Evidence uploads: type from the content, size limit, safe names, served as attachments."""

import hashlib
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.uploads import PDF, docx_bytes, png_bytes, xlsx_bytes
from tracker.models import Evidence, ProgressUpdate

pytestmark = pytest.mark.django_db


def post_with_file(client, item, upload, text="本次进展的详细说明"):
    return client.post(
        reverse("tracker:update-create", args=[item.pk]),
        {
            "reported_on": timezone.localdate().isoformat(),
            "text": text,
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-file": upload,
            "evidence-0-description": "材料",
        },
    )


@pytest.mark.parametrize(
    "name,data",
    [
        ("scan.pdf", PDF),
        ("photo.png", png_bytes()),
        ("plan.docx", docx_bytes()),
        ("table.xlsx", xlsx_bytes()),
        ("照片.JPG", b"\xff\xd8\xff\xe0" + b"0" * 100),
    ],
)
def test_allowed_types_are_accepted_and_recorded(client, world, name, data):
    client.force_login(world["reporter"])
    assert post_with_file(client, world["own"], SimpleUploadedFile(name, data)).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.size == len(data)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    assert evidence.uploaded_by == world["reporter"]
    assert evidence.original_name == name
    assert evidence.file.read() == data


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("virus.exe", b"MZ\x90\x00" + b"0" * 50, "类型不允许"),
        ("notes.txt", "一些文字".encode(), "类型不允许"),
        ("fake.pdf", png_bytes(), "内容与扩展名不符"),
        ("fake.docx", b"PK\x03\x04not really a zip", "内容与扩展名不符"),
        ("script.png", b"<script>alert(1)</script>", "内容与扩展名不符"),
        ("empty.pdf", b"", "空文件"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_typed_is_lost(client, world, name, data, message):
    client.force_login(world["reporter"])
    response = post_with_file(
        client, world["own"], SimpleUploadedFile(name, data), text="这段文字不能丢"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "这段文字不能丢" in html
    assert not ProgressUpdate.objects.exists() and not Evidence.objects.exists()


def test_oversized_file_is_refused(client, world, settings):
    settings.TRACKER_EVIDENCE_MAX_BYTES = 1000
    client.force_login(world["reporter"])
    response = post_with_file(
        client, world["own"], SimpleUploadedFile("big.pdf", PDF + b"0" * 2000)
    )
    assert "已停止接收" in response.content.decode()
    assert not Evidence.objects.exists()


def test_path_traversal_names_are_neutralised(client, world, settings):
    client.force_login(world["reporter"])
    post_with_file(client, world["own"], SimpleUploadedFile("../../../etc/passwd.pdf", PDF))
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.pdf"
    assert evidence.file.name.startswith("evidence/") and ".." not in evidence.file.name
    assert evidence.file.path.startswith(str(settings.MEDIA_ROOT))


def test_same_name_twice_never_overwrites(client, world):
    client.force_login(world["reporter"])
    post_with_file(client, world["own"], SimpleUploadedFile("a.pdf", PDF))
    post_with_file(client, world["own"], SimpleUploadedFile("a.pdf", PDF + b"%second"))
    first, second = Evidence.objects.order_by("pk")
    assert first.file.name != second.file.name
    assert first.file.read() == PDF


def test_download_is_an_attachment_with_nosniff(client, world):
    client.force_login(world["reporter"])
    post_with_file(client, world["own"], SimpleUploadedFile("方案 v1.pdf", PDF))
    response = client.get(reverse("tracker:evidence-download", args=[Evidence.objects.get().pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF


def test_too_many_files_at_once(client, world, settings):
    settings.TRACKER_EVIDENCE_MAX_FILES = 2
    client.force_login(world["reporter"])
    data = {
        "reported_on": timezone.localdate().isoformat(),
        "text": "x",
        "evidence-TOTAL_FORMS": "3",
        "evidence-INITIAL_FORMS": "0",
    }
    for n in range(3):
        data[f"evidence-{n}-file"] = SimpleUploadedFile(f"{n}.pdf", PDF)
        data[f"evidence-{n}-description"] = "材料"
    response = client.post(reverse("tracker:update-create", args=[world["own"].pk]), data)
    assert "最多上传 2 份" in response.content.decode()
    assert not Evidence.objects.exists()


def test_links_must_be_http(client, world):
    client.force_login(world["reporter"])
    response = client.post(
        reverse("tracker:update-create", args=[world["own"].pk]),
        {
            "reported_on": timezone.localdate().isoformat(),
            "text": "x",
            "evidence-TOTAL_FORMS": "1",
            "evidence-INITIAL_FORMS": "0",
            "evidence-0-url": "javascript:alert(1)",
            "evidence-0-description": "坏链接",
        },
    )
    assert "http://" in response.content.decode()
    assert not Evidence.objects.exists()


class StreamingBody(io.RawIOBase):
    """A multipart body with a `size`-byte PDF-looking file, produced on the fly."""

    def __init__(self, fields: dict, file_field: str, size: int, boundary: str = "BoUnDaRy"):
        head = "".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
            for k, v in fields.items()
        )
        head += f'--{boundary}\r\nContent-Disposition: form-data; name="{file_field}"; filename="huge.pdf"\r\n'
        head += "Content-Type: application/pdf\r\n\r\n"
        self.parts = [head.encode(), b"%PDF-", None, f"\r\n--{boundary}--\r\n".encode()]
        self.filler = size - 5
        self.length = len(self.parts[0]) + 5 + self.filler + len(self.parts[3])
        self.boundary = boundary

    def readable(self):
        return True

    def readinto(self, buffer):
        while self.parts:
            part = self.parts[0]
            if part is None:
                if self.filler <= 0:
                    self.parts.pop(0)
                    continue
                n = min(len(buffer), self.filler, 1024)
                buffer[:n] = (b"0" * 1023 + b"\n")[
                    :n
                ]  # binary files have line breaks here and there
                self.filler -= n
                return n
            if not part:
                self.parts.pop(0)
                continue
            n = min(len(buffer), len(part))
            buffer[:n] = part[:n]
            self.parts[0] = part[n:]
            return n
        return 0


def post_streaming(client, world, settings, size: int):
    """POST a `size`-byte file through the request handler, measuring Python's peak memory."""
    import tracemalloc

    from django.test.client import ClientHandler

    client.force_login(world["reporter"])
    fields = {
        "reported_on": timezone.localdate().isoformat(),
        "text": "文字要保留",
        "evidence-TOTAL_FORMS": "1",
        "evidence-INITIAL_FORMS": "0",
        "evidence-0-description": "大文件",
    }
    body = StreamingBody(fields, "evidence-0-file", size)
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": reverse("tracker:update-create", args=[world["own"].pk]),
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BufferedReader(body, buffer_size=64 * 1024),
        "wsgi.errors": io.StringIO(),
        "CONTENT_TYPE": f"multipart/form-data; boundary={body.boundary}",
        "CONTENT_LENGTH": str(body.length),
        "HTTP_COOKIE": "; ".join(f"{k}={v.value}" for k, v in client.cookies.items()),
    }
    tracemalloc.start()
    try:
        # Django's test handler: the real request/middleware/view path, with the
        # test's database connection kept open and CSRF checks off.
        response = ClientHandler(enforce_csrf_checks=False)(environ)
        html = response.content.decode()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    status = f"{response.status_code} {response.reason_phrase}"
    return status, html, peak, body


def test_a_200_mb_upload_is_refused_at_the_door(client, world, settings):
    status, html, peak, body = post_streaming(client, world, settings, 200 * 1024 * 1024)
    assert status.startswith("413")
    assert "上传内容过大" in html
    assert body.filler > 190 * 1024 * 1024, "the body was not read"
    assert peak < 10 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert not Evidence.objects.exists() and not ProgressUpdate.objects.exists()


def test_an_oversized_file_is_cut_off_while_streaming_and_typed_text_survives(
    client, world, settings
):
    settings.TRACKER_EVIDENCE_MAX_BYTES = 1024 * 1024
    status, html, peak, _body = post_streaming(client, world, settings, 60 * 1024 * 1024)
    assert status == "200 OK"
    assert "已停止接收" in html and "文字要保留" in html
    assert peak < 20 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB"
    assert not Evidence.objects.exists() and not ProgressUpdate.objects.exists()
