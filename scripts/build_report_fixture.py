"""Build fixtures/report_2021.json from the seed report text (fixtures/source/jizhou_2021.txt).

Run: python scripts/build_report_fixture.py [TEXT_FILE] > fixtures/report_2021.json
The fixture carries only what the report says: the report, its units and
bodies, its items (exact source text), the editorial links and its figures.
Demo owners, users and progress live in fixtures/demo_2021.json.
"""

import json
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from fixtures.seed_2021 import items as spec
from fixtures.seed_2021.indicators import INDICATORS
from tracker.seed import SEED_REPORT_PATH

TITLE = "天津市蓟州区人民政府关于2021年法治政府建设情况报告"
ISSUER = "天津市蓟州区人民政府"


def item_texts(source: str) -> list[tuple[int, str]]:
    """(start offset, text) of each item in spec.ITEMS, in order."""
    starts, cursor = [], 0
    for _kind, _n, _parent, _marker, start, _title, _end in spec.ITEMS:
        at = source.index(start, cursor)
        starts.append(at)
        cursor = at + len(start)
    found = []
    for i, (_kind, _n, _parent, marker, _start, _title, end) in enumerate(spec.ITEMS):
        begin = starts[i] + len(marker)
        if end == "line":
            stop = source.index("\n", begin)
        elif end is not None:
            stop = source.index(end, begin)
        else:
            stop = starts[i + 1]
        found.append((starts[i], source[begin:stop].rstrip()))
    return found


def build(source: str) -> list[dict]:
    objects: list[dict] = [
        # The issuer's place in the jurisdiction tree: 天津市 → 蓟州区.
        {
            "model": "tracker.jurisdiction",
            "pk": 1,
            "fields": {
                "name": "天津市",
                "short_name": "天津市",
                "level": "city",
                "parent": None,
                "path": "/1/",
            },
        },
        {
            "model": "tracker.jurisdiction",
            "pk": 2,
            "fields": {
                "name": "天津市蓟州区",
                "short_name": "蓟州区",
                "level": "district",
                "parent": 1,
                "path": "/1/2/",
            },
        },
        {
            "model": "tracker.report",
            "pk": 1,
            "fields": {
                "title": TITLE,
                "issuer": ISSUER,
                "jurisdiction": 2,
                "year": 2021,
                "signed_on": "2022-02-22",
                "published_on": "2022-03-18",
                "source_text": source,
                "created_at": "2022-03-18T02:16:00Z",
            },
        },
    ]
    unit_pk = {name: pk for pk, (name, *_rest) in enumerate(spec.UNITS, start=1)}
    for name, short, kind, parent in spec.UNITS:
        objects.append(
            {
                "model": "tracker.unit",
                "pk": unit_pk[name],
                "fields": {
                    "name": name,
                    "jurisdiction": 2,
                    "short_name": short,
                    "kind": kind,
                    "parent": unit_pk[parent] if parent else None,
                    "email": "",
                    "named_in_report": True,
                },
            }
        )
    item_pk: dict[tuple, int] = {}
    heading_pk: dict[int, int] = {}
    for seq, (row, (_at, text)) in enumerate(zip(spec.ITEMS, item_texts(source), strict=True), 1):
        kind, number, parent, marker, _start, title, _end = row
        key = (kind, (parent, number)) if kind == "measure" and parent else (kind, number)
        if kind == "measure" and parent is None:
            key = (kind, (number, None))
            heading_pk[number] = seq
        item_pk[key] = seq
        tracked = kind in ("shortfall", "task")
        objects.append(
            {
                "model": "tracker.item",
                "pk": seq,
                "fields": {
                    "report": 1,
                    "kind": kind,
                    "parent": heading_pk[parent] if parent else None,
                    "sequence": seq,
                    "number": number,
                    "marker": marker,
                    "title": title,
                    "text": text,
                    "lead_unit": None,
                    "supporting_units": [],
                    "assignee": None,
                    "start_on": None,
                    "due_on": None,
                    "status": "not_started" if tracked else "",
                    "percent": 0,
                    "closed_on": None,
                    "last_approved_on": None,
                    "version": 1,
                    "updated_at": "2022-03-18T02:16:00Z",
                },
            }
        )
    for pk, (kind, source_key, target_key) in enumerate(spec.LINKS, start=1):
        objects.append(
            {
                "model": "tracker.itemlink",
                "pk": pk,
                "fields": {
                    "source": item_pk[source_key],
                    "target": item_pk[target_key],
                    "kind": kind,
                },
            }
        )
    measurement_pk = 0
    for pk, row in enumerate(INDICATORS, start=1):
        baseline, target = row.get("baseline") or {}, row.get("target") or {}
        objects.append(
            {
                "model": "tracker.indicator",
                "pk": pk,
                "fields": {
                    "report": 1,
                    "items": sorted({item_pk[_item_key(ref)] for ref in row["items"]}),
                    "name": row["name"],
                    "unit_of_measure": row["unit_of_measure"],
                    "higher_is_better": row["higher_is_better"],
                    "baseline_value": baseline.get("value"),
                    "baseline_on": baseline.get("on"),
                    "baseline_source": baseline.get("source", ""),
                    "target_value": target.get("value"),
                    "target_on": target.get("on"),
                    "target_source": target.get("source", ""),
                },
            }
        )
        for point in row["measurements"]:
            measurement_pk += 1
            date.fromisoformat(point["on"])
            objects.append(
                {
                    "model": "tracker.measurement",
                    "pk": measurement_pk,
                    "fields": {
                        "indicator": pk,
                        "value": point["value"],
                        "measured_on": point["on"],
                        "source": point["source"],
                    },
                }
            )
    return objects


def _item_key(ref: tuple) -> tuple:
    kind, where = ref
    if kind == "measure":
        heading, sub = where
        return (kind, (heading, sub))
    return (kind, where)


def main() -> None:
    seed = Path(sys.argv[1]) if len(sys.argv) > 1 else SEED_REPORT_PATH
    source = seed.read_text(encoding="utf-8")
    json.dump(build(source), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
