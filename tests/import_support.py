"""Shared helpers for the importer tests: the sample reports (the seed report is tracker.seed)."""

import json
from pathlib import Path

from tracker.importer.writers import report_docx

SAMPLES = Path(__file__).resolve().parent / "import_reports"


def sample_names() -> list[str]:
    return sorted(path.stem for path in SAMPLES.glob("*.json"))


def expected(name: str) -> dict:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def sample_upload(name: str) -> tuple[bytes, str]:
    """The bytes and file name a user would upload for sample `name`.

    `NAME.docx.txt` holds the text of a Word sample: the .docx is built here,
    so the repository carries no binary fixture.
    """
    word_source = SAMPLES / f"{name}.docx.txt"
    if word_source.is_file():
        return report_docx(word_source.read_text(encoding="utf-8")), f"{name}.docx"
    return (SAMPLES / f"{name}.txt").read_bytes(), f"{name}.txt"
