"""The figures as plain data, for the `summarize` command's JSON."""

from dataclasses import asdict
from decimal import Decimal

from . import figures
from .figures import Scope
from .rows import ItemRow
from .wording import iso


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _item(row: ItemRow) -> dict:
    return {
        "id": row.id,
        "label": row.label,
        "kind": row.kind,
        "title": row.title,
        "status": row.status,
        "light": row.light,
        "lead_unit": row.lead_unit,
        "supporting_units": row.supporting,
        "assignee": row.assignee,
        "start_on": iso(row.start_on) or None,
        "due_on": iso(row.due_on) or None,
        "closed_on": iso(row.closed_on) or None,
        "percent": row.percent,
        "latest_progress": (
            {
                "update": row.latest.id,
                "reported_on": iso(row.latest.reported_on),
                "text": row.latest.text,
            }
            if row.latest
            else None
        ),
        "evidence_count": row.evidence_count,
        "linked": [link.label for link in row.linked],
        "last_change": iso(row.last_change) or None,
    }


def report_data(report) -> dict:
    """Which report the figures are of (every JSON document opens with it)."""
    return {"id": report.pk, "title": report.title, "issuer": report.issuer, "year": report.year}


def tally_totals(tally: figures.Tally) -> dict:
    """The tally's totals, named as every JSON document names them."""
    return {
        "tracked": tally.tracked,
        "closed": tally.closed,
        "open": tally.open,
        "overdue": tally.overdue,
        "due_soon": tally.due_soon,
    }


def figures_data(scope: Scope) -> dict:
    """Dashboard figures plus every tracked item: the same numbers as every other summary."""
    board = figures.dashboard(scope)
    tally = board.tally
    return {
        "report": report_data(scope.report),
        "as_of": iso(scope.on),
        "from_history": scope.as_of.historical,
        "totals": tally_totals(tally),
        "by_kind": dict(tally.by_kind),
        "by_status": {value: n for value, _label, n in tally.statuses},
        "by_light": {value: n for value, _label, n in tally.lights},
        "units": [
            {
                "unit_id": u.unit_id,
                "name": u.name,
                "owed": u.owed,
                "closed": u.closed,
                "overdue": u.overdue,
            }
            for u in board.units
        ],
        "overdue": [row.label for row in board.overdue],
        "due_soon": [row.label for row in board.due_soon],
        "closed_series": [
            {**asdict(point), "month": point.month.strftime("%Y-%m")}
            for point in board.closed_series
        ],
        "indicators": [
            {
                "name": r.indicator.name,
                "unit_of_measure": r.indicator.unit_of_measure,
                "baseline": _number(r.indicator.baseline_value),
                "latest": _number(r.latest.value) if r.latest else None,
                "latest_on": iso(r.latest.measured_on) if r.latest else None,
                "target": _number(r.indicator.target_value),
                "progress_percent": r.progress,
            }
            for r in board.indicators
        ],
        "items": [_item(row) for row in figures.item_rows(scope, detail=True)],
    }
