"""Shared helpers for the importer tests: the sample reports (the seed report is tracker.seed)."""

import io
import json
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent / "import_reports"


def sample_names() -> list[str]:
    return sorted(path.stem for path in SAMPLES.glob("*.json"))


def expected(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def docx_bytes(text: str) -> bytes:
    """A Word file with one paragraph per blank-line-separated block of `text`."""
    import docx

    document = docx.Document()
    for paragraph in text.split("\n\n"):
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def sample_upload(name: str) -> tuple[bytes, str]:
    """The bytes and file name a user would upload for sample `name`.

    `NAME.docx.txt` holds the text of a Word sample: the .docx is built here,
    so the repository carries no binary fixture.
    """
    word_source = SAMPLES / f"{name}.docx.txt"
    if word_source.is_file():
        return docx_bytes(word_source.read_text(encoding="utf-8")), f"{name}.docx"
    return (SAMPLES / f"{name}.txt").read_bytes(), f"{name}.txt"
