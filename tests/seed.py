"""Where the seed report lives: ../shared/seeds beside the checkout (as in CI)."""

import os
from pathlib import Path

SEED_NAME = "000_650c11a8165dddab.txt"
REPO_ROOT = Path(__file__).resolve().parents[1]


def seed_path() -> Path:
    if os.environ.get("TRACKER_SEED_DIR"):
        return Path(os.environ["TRACKER_SEED_DIR"]) / SEED_NAME
    return REPO_ROOT.parent / "shared" / "seeds" / SEED_NAME


def seed_text() -> str:
    return seed_path().read_text(encoding="utf-8")
