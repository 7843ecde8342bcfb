"""Score the report parser against hand-written expected parses.

Run: python scripts/importer_accuracy.py [FOLDER ...]
(default: tests/import_reports and tests/import_reports_blind)

For each report it prints, out of the expected items: how many the parser got
with the right kind, number and exact text; how many of those also have the
right title; how many are right in every field (marker, parent, the shortfall
a cause explains); how many parsed items have no expected twin; the header
fields (title, issuer, year, signed) right out of 4; and whether `unplaced`
matches. Used to record the before/after figures in docs/IMPORTER.md.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
# The importer's messages are gettext strings: they need settings, not a database.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "importer-accuracy-only")

from tracker.importer import ReportImportError, parse_report, read_report
from tracker.importer.writers import report_docx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [
    ROOT / "tests/import_reports",
    ROOT / "tests/import_reports_blind",
    ROOT / "tests/import_reports_office",
]
KINDS = ("measures", "shortfalls", "causes", "tasks")
HEADER = ("title", "issuer", "year", "signed")


def report_text(source: Path) -> str:
    """The text a user's upload would give: `X.docx.txt` is read back through a .docx."""
    if source.name.endswith(".docx.txt"):
        return read_report(report_docx(source.read_text(encoding="utf-8")), "x.docx")
    return read_report(source.read_bytes(), source.name)


def score(expected: dict, got: dict) -> dict[str, int]:
    """Counts of right items, titles, whole items, extra items, header fields."""
    counts = {"items": 0, "text": 0, "title": 0, "full": 0, "extra": 0}
    for kind in KINDS:
        parsed = {item["number"]: item for item in got.get(kind, [])}
        counts["items"] += len(expected[kind])
        counts["extra"] += max(0, len(parsed) - len(expected[kind]))
        for item in expected[kind]:
            twin = parsed.get(item["number"])
            if twin is None or twin["text"] != item["text"]:
                continue
            counts["text"] += 1
            counts["title"] += twin["title"] == item["title"]
            counts["full"] += twin == item
    counts["header"] = sum(got.get(key) == expected[key] for key in HEADER)
    counts["unplaced"] = int(got.get("unplaced") == expected["unplaced"])
    return counts


def run(folder: Path) -> dict[str, int]:
    total: dict[str, int] = {}
    print(f"\n{folder.relative_to(ROOT)}")
    print("report                 text      title     full      extra header unplaced")
    for expected_path in sorted(folder.glob("*.json")):
        stem = expected_path.name.removesuffix(".json")
        source = next(p for p in folder.glob(f"{stem}.*") if p.suffix != ".json")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        try:
            got = parse_report(report_text(source)).to_json()
        except ReportImportError as error:
            got = {"error": str(error)}
        counts = score(expected, got)
        for key, value in counts.items():
            total[key] = total.get(key, 0) + value
        _row(stem, counts)
    total["reports"] = len(list(folder.glob("*.json")))
    _row("TOTAL", total, reports=total["reports"])
    return total


def _row(name: str, c: dict[str, int], reports: int = 1) -> None:
    n = c["items"]
    print(
        f"{name:<22} {c['text']:>3}/{n:<3}   {c['title']:>3}/{n:<3}   {c['full']:>3}/{n:<3}"
        f"   {c['extra']:>3}   {c['header']:>2}/{4 * reports:<3} {c['unplaced']}/{reports}"
    )


if __name__ == "__main__":
    for path in [Path(arg).resolve() for arg in sys.argv[1:]] or DEFAULT:
        run(path)
