"""Images and PDFs open in the browser, sandboxed; thumbnails on the item page; the rest
downloads as before. Access is the download's."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.uploads import docx_bytes, png_bytes
from tracker.evidence import bytes_upload
from tracker.services.progress import EvidenceFile, update_submit

pytestmark = pytest.mark.django_db


def body(response) -> bytes:
    return b"".join(response.streaming_content)


@pytest.fixture
def photo(world, submitted):
    """A second version's worth of evidence on the same item: a photo and a Word file."""
    update = update_submit(
        item=submitted.item,
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text="现场照片",
        files=[
            EvidenceFile(bytes_upload(png_bytes(), "现场.png"), "现场照片"),
            EvidenceFile(bytes_upload(docx_bytes(), "方案.docx"), "方案"),
        ],
    )
    return {e.original_name: e for e in update.evidence.all()}


def test_an_image_is_served_inline_sandboxed_and_never_sniffed(client, world, photo):
    client.force_login(world["viewer"])
    response = client.get(reverse("tracker:evidence-view", args=[photo["现场.png"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = response["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy and "script" not in policy
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cache-Control"] == "private, no-store"
    assert body(response) == png_bytes()


def test_a_pdf_opens_inline_too(client, world, submitted):
    client.force_login(world["reporter"])
    evidence = submitted.evidence.get()
    response = client.get(reverse("tracker:evidence-view", args=[evidence.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    # Chromium's PDF viewer draws it under the sandbox (looked at: docs/ARCHITECTURE.md).
    assert "sandbox" in response["Content-Security-Policy"]


def test_other_types_only_download(client, world, photo):
    client.force_login(world["viewer"])
    word = photo["方案.docx"]
    assert client.get(reverse("tracker:evidence-view", args=[word.pk])).status_code == 404
    download = client.get(reverse("tracker:evidence-download", args=[word.pk]))
    assert download["Content-Disposition"].startswith("attachment")


def test_the_preview_is_refused_where_the_download_is(client, world, photo):
    client.force_login(world["other_reporter"])  # 市场监管局: not its item
    url = reverse("tracker:evidence-view", args=[photo["现场.png"].pk])
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_item_page_shows_thumbnails_and_preview_links(client, world, photo, submitted):
    client.force_login(world["viewer"])
    page = client.get(reverse("tracker:item-detail", args=[submitted.item_id])).content.decode()
    image = reverse("tracker:evidence-view", args=[photo["现场.png"].pk])
    pdf = reverse("tracker:evidence-view", args=[submitted.evidence.get().pk])
    assert f'<img src="{image}" alt="" loading="lazy"' in page
    assert f'<a href="{pdf}" target="_blank" rel="noopener"><span class="thumb-file"' in page
    word = reverse("tracker:evidence-view", args=[photo["方案.docx"].pk])
    assert word not in page  # no preview of a Word file
    assert reverse("tracker:evidence-download", args=[photo["方案.docx"].pk]) in page
