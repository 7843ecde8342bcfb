"""Every summary URL: log-in required, GET only, bad parameters never a 500, units kept apart."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "summary", "draft"]
DOWNLOADS = ["ledger-xlsx", "ledger-csv", "summary-docx", "draft-docx", "draft-md"]
PATHS = {
    "dashboard": "/dashboard/",
    "ledger-xlsx": "/summaries/ledger.xlsx",
    "ledger-csv": "/summaries/ledger.csv",
    "summary": "/summaries/status/",
    "summary-docx": "/summaries/status.docx",
    "draft": "/summaries/draft/",
    "draft-docx": "/summaries/draft.docx",
    "draft-md": "/summaries/draft.md",
}


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def text_of(name: str, content: bytes) -> str:
    """Everything a person would read in a download, as one string."""
    if name == "ledger-xlsx":
        sheet = load_workbook(io.BytesIO(content)).active
        return "\n".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
    if name.endswith("docx"):
        document = Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("name", PAGES + DOWNLOADS)
def test_url_names_and_paths(name):
    assert reverse(f"tracker:{name}") == PATHS[name]


@pytest.mark.parametrize("name", PAGES + DOWNLOADS)
def test_anonymous_users_are_sent_to_log_in(client, world, name):
    response = client.get(PATHS[name])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", PAGES + DOWNLOADS)
def test_post_is_refused(client, world, name):
    client.force_login(world["coordinator"])
    assert client.post(PATHS[name]).status_code == 405


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("as_of", ["yesterday", "2026-02-30", "9999-12-31", "1-1-1", "'; --"])
def test_pages_explain_a_bad_date(client, world, name, as_of):
    client.force_login(world["viewer"])
    response = client.get(PATHS[name], {"as_of": as_of})
    assert response.status_code == 200
    assert response.context["form"].errors["as_of"]


@pytest.mark.parametrize("name", DOWNLOADS)
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "2026/13/01"}, "截至日期格式不正确"),
        ({"as_of": "2999-01-01"}, "不能晚于今天"),
        ({"report": "999999"}, "没有这份报告"),
        ({"report": "x"}, "没有这份报告"),
    ],
)
def test_downloads_refuse_bad_parameters_with_400(client, world, name, params, message):
    client.force_login(world["viewer"])
    response = client.get(PATHS[name], params)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize("name", DOWNLOADS)
def test_reporters_download_only_their_units_items(client, world, name):
    client.force_login(world["reporter"])
    response = client.get(PATHS[name], {"report": world["report"].pk})
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    text = text_of(name, body(response))
    assert "市场监管局牵头的任务" not in text
    if name.startswith(("ledger", "summary")):
        assert "司法局牵头的任务" in text and "司法局配合的任务" in text


@pytest.mark.parametrize("name", PAGES)
def test_reporter_pages_leave_other_units_items_out(client, world, name):
    client.force_login(world["reporter"])
    response = client.get(PATHS[name], {"report": world["report"].pk})
    assert response.status_code == 200
    assert "市场监管局牵头的任务" not in response.content.decode()


def test_nav_links_for_every_signed_in_user(client, world):
    for role in ("reporter", "viewer", "coordinator"):
        client.force_login(world[role])
        html = client.get("/").content.decode()
        assert 'href="/dashboard/">仪表盘<' in html
        assert 'href="/summaries/status/">汇总报告<' in html
