"""Shared helpers for the importer tests: the seed report and the sample reports."""

import json
import os
from pathlib import Path

import pytest

from tracker.importer.writers import report_docx

REPO_ROOT = Path(__file__).resolve().parents[1]
SAMPLES = Path(__file__).resolve().parent / "import_reports"
SEED_NAME = "000_650c11a8165dddab.txt"


def seed_path() -> Path:
    """TRACKER_SEED_DIR if set; else ../shared/seeds beside the checkout (as in CI)."""
    if os.environ.get("TRACKER_SEED_DIR"):
        return Path(os.environ["TRACKER_SEED_DIR"]) / SEED_NAME
    for folder in (REPO_ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if (folder / SEED_NAME).is_file():
            return folder / SEED_NAME
    pytest.fail(f"seed report {SEED_NAME} not found; set TRACKER_SEED_DIR")


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")


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
