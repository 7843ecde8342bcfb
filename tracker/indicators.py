"""Indicator rows for pages and summaries: baseline → latest → target."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, QuerySet

from .models import Indicator, Measurement


@dataclass
class IndicatorRow:
    indicator: Indicator
    latest: Measurement | None
    progress: int | None


def indicator_rows(indicators: QuerySet, *, on: date | None = None) -> list[IndicatorRow]:
    """Two queries: indicators, and their measurements newest first (up to `on` if given)."""
    rows = []
    measurements = Measurement.objects.order_by("-measured_on")
    if on is not None:
        measurements = measurements.filter(measured_on__lte=on)
    for indicator in indicators.prefetch_related(Prefetch("measurements", queryset=measurements)):
        points = list(indicator.measurements.all())
        latest = points[0] if points else None
        value = latest.value if latest else indicator.baseline_value
        rows.append(IndicatorRow(indicator, latest, indicator.progress_percent(value)))
    return rows
