"""Score the pairing of a follow-on report with last year's against expected pairs.

Run: python scripts/continuity_accuracy.py [FOLDER ...] [--threshold T] [--margin M] [-v]
(default: tests/continuity_reports, on which THRESHOLD and MARGIN were tuned, and
tests/continuity_reports_holdout, written after they were fixed)

Each `NAME.txt` there is a follow-on report (the same issuer a year later);
`NAME.json` names the previous report's file (`previous`, relative to the
repository) and the expected pairs, numbered from 1 in each report's order:
`repeats` [new shortfall, previous shortfall] and `continues` [new task,
previous task]. For each report and in total it prints how many pairs were
proposed, how many of them are right (precision) and how many of the
expected pairs were found (recall). Used for the figures in docs/CONTINUITY.md.
"""

import argparse
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "continuity-accuracy-only")

from tracker.importer import parse_report, read_report
from tracker.importer.continuity import MARGIN, THRESHOLD, propose

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = [ROOT / "tests/continuity_reports", ROOT / "tests/continuity_reports_holdout"]


def parsed(path: Path):
    return parse_report(read_report(path.read_bytes(), path.name))


def found_pairs(new, old, *, threshold: float, margin: float) -> dict[str, set]:
    """The proposals for one follow-on report, as sets of (new, previous) numbers."""
    proposals = propose(new, old, threshold=threshold, margin=margin)
    return {key: {(p.new, p.old) for p in pairs} for key, pairs in proposals.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("folders", nargs="*", default=[str(path) for path in DEFAULT])
    parser.add_argument("--threshold", type=float, default=THRESHOLD)
    parser.add_argument("--margin", type=float, default=MARGIN)
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    overall = {"proposed": 0, "right": 0, "expected": 0}
    for folder in args.folders:
        totals = score_folder(Path(folder), args)
        for key in overall:
            overall[key] += totals[key]
    if len(args.folders) > 1:
        line("all", overall, args)


def line(name: str, counts: dict, args) -> None:
    precision = counts["right"] / counts["proposed"] if counts["proposed"] else 1.0
    recall = counts["right"] / counts["expected"] if counts["expected"] else 1.0
    print(
        f"{name:20} proposed {counts['proposed']:2}  right {counts['right']:2}  "
        f"expected {counts['expected']:2}  precision {precision:.3f}  recall {recall:.3f}"
        f"  (threshold {args.threshold}, margin {args.margin})"
    )


def score_folder(folder: Path, args) -> dict:
    totals = {"proposed": 0, "right": 0, "expected": 0}
    for spec in sorted(folder.glob("*.json")):
        expected_spec = json.loads(spec.read_text(encoding="utf-8"))
        new = parsed(spec.with_suffix(".txt"))
        old = parsed(ROOT / expected_spec["previous"])
        got = found_pairs(new, old, threshold=args.threshold, margin=args.margin)
        counts = {"proposed": 0, "right": 0, "expected": 0}
        for key in ("repeats", "continues"):
            expected = {tuple(pair) for pair in expected_spec[key]}
            counts["proposed"] += len(got[key])
            counts["right"] += len(got[key] & expected)
            counts["expected"] += len(expected)
            if args.verbose:
                for pair in sorted(got[key] - expected):
                    print(f"  {spec.stem} {key}: wrong pair {pair}")
                for pair in sorted(expected - got[key]):
                    print(f"  {spec.stem} {key}: missed {pair}")
        for key in totals:
            totals[key] += counts[key]
        print(
            f"{spec.stem:20} proposed {counts['proposed']:2}  right {counts['right']:2}  "
            f"expected {counts['expected']:2}"
        )
    line(folder.name, totals, args)
    return totals


if __name__ == "__main__":
    main()
