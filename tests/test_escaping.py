"""Hostile text stored through the forms comes back inert on every page and in every export."""

import csv
import io
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tracker.models import Decision
from tracker.services.items import item_assign
from tracker.services.progress import EvidenceLink, update_review, update_submit

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('xss')</script>"
IMG = '"><img src=x onerror=alert(1)>'
FORMULAS = ['=HYPERLINK("http://evil","点我")', "+SUM(1,2)", "-2+3", "@cmd"]


@pytest.fixture
def hostile(world):
    item = world["own"]
    item.title = f"{FORMULAS[0]}{SCRIPT}"
    item.text = f"{IMG} 原文"
    item.save()
    world["sfj"].name = f"{FORMULAS[1]}单位{SCRIPT}"
    world["sfj"].short_name = f"{FORMULAS[3]}司法局"
    world["sfj"].save()
    item_assign(
        item=item,
        by=world["coordinator"],
        lead_unit=world["sfj"],
        supporting_units=[],
        assignee=world["reporter"],
        start_on=timezone.localdate(),
        due_on=timezone.localdate(),
        status="in_progress",
    )
    update = update_submit(
        item=item,
        unit=world["sfj"],
        author=world["reporter"],
        reported_on=timezone.localdate(),
        text=f"{FORMULAS[2]} {SCRIPT}",
        links=[EvidenceLink("https://example.gov.cn/a", f"{FORMULAS[0]}{IMG}")],
    )
    update_review(
        update=update, reviewer=world["coordinator"], decision=Decision.APPROVE, comment=SCRIPT
    )
    return world


def test_every_page_escapes_stored_text(client, hostile):
    client.force_login(hostile["coordinator"])
    item = hostile["own"]
    pages = [
        reverse("tracker:home"),
        reverse("tracker:item-list"),
        reverse("tracker:item-detail", args=[item.pk]),
        reverse("tracker:report-detail", args=[item.report_id]),
        reverse("tracker:review-queue"),
        reverse("tracker:dashboard"),
        reverse("tracker:summary"),
        reverse("tracker:draft"),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert SCRIPT not in html and "<img src=x" not in html, url
    item_page = client.get(pages[2]).content.decode()
    assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in item_page


def cells_of_xlsx(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None]


def test_no_formula_injection_in_ledger_exports(client, hostile):
    client.force_login(hostile["coordinator"])
    response = client.get(reverse("tracker:ledger-xlsx"))
    xlsx = b"".join(response.streaming_content) if response.streaming else response.content
    cells = cells_of_xlsx(xlsx)
    csv_response = client.get(reverse("tracker:ledger-csv"))
    raw = (
        b"".join(csv_response.streaming_content) if csv_response.streaming else csv_response.content
    )
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    csv_cells = [cell for row in rows for cell in row]
    for values in (cells, csv_cells):
        assert any("HYPERLINK" in v for v in values), "the hostile text is exported"
        for value in values:
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r")), value
        assert any(v.startswith("'=HYPERLINK") for v in values)


def test_word_and_markdown_carry_the_text_as_text(client, hostile):
    client.force_login(hostile["coordinator"])
    response = client.get(reverse("tracker:summary-docx"))
    docx = b"".join(response.streaming_content) if response.streaming else response.content
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document = archive.read("word/document.xml").decode()
    assert "<script>" not in document and "&lt;script&gt;" in document
    assert (
        "<w:fldSimple" not in document and "w:instrText" not in document
    )  # no Word fields from user text
