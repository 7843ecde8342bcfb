"""Indicators per report with baselines, targets and measurements over time."""

from datetime import date, timedelta
from decimal import Decimal

from ..models import Indicator, Measurement
from . import words
from .world import World

METRICS = ["覆盖率", "办结率", "纠错率", "培训人次", "案件数", "满意度", "公开率", "审查件数"]


def make_indicators(world: World) -> None:
    rng, today = world.rng, world.today
    tracked_by_report: dict[int, list] = {}
    for item in world.tracked:
        tracked_by_report.setdefault(item.report_id, []).append(item)
    reports = world.reports
    per_report = [world.volumes.indicators // len(reports)] * len(reports)
    for n in range(world.volumes.indicators % len(reports)):
        per_report[n] += 1
    indicators, links = [], []
    for report, count in zip(reports, per_report, strict=True):
        names: set[str] = set()
        for n in range(count):
            name = f"{rng.choice(words.TOPICS)}{rng.choice(METRICS)}"
            name = name if name not in names else f"{name}{n + 1}"
            names.add(name)
            baseline_on = date(report.year, 12, 31)
            has_baseline = rng.random() < 0.9
            baseline = _value(rng.uniform(5, 80))
            higher = rng.random() < 0.8
            target = _value(
                float(baseline) * (rng.uniform(1.1, 2.0) if higher else rng.uniform(0.3, 0.9))
            )
            indicator = Indicator(
                report=report,
                name=name,
                unit_of_measure=rng.choice(["%", "件", "人次", "个"]),
                higher_is_better=higher,
                baseline_value=baseline if has_baseline else None,
                baseline_on=baseline_on if has_baseline else None,
                baseline_source="报告原文(生成数据)" if has_baseline else "",
                target_value=target,
                target_on=date(report.year + rng.randint(1, 3), 12, 31),
                target_source="下一年度主要安排(生成数据)",
            )
            indicators.append(indicator)
            items = tracked_by_report.get(report.pk, [])
            links.append(rng.sample(items, min(len(items), rng.randint(1, 2))))
    world.save(Indicator, indicators)
    measurements, through_rows = [], []
    through = Indicator.items.through
    for indicator, items in zip(indicators, links, strict=True):
        through_rows += [through(indicator_id=indicator.pk, item_id=item.pk) for item in items]
        start, points = date(indicator.target_on.year - 3, 12, 31), rng.randint(0, 6)
        begin = float(indicator.baseline_value or indicator.target_value / 2)
        for k in range(1, points + 1):
            day = start + timedelta(days=91 * k)
            if day > today:
                break
            share = k / (points + 1)
            value = begin + (float(indicator.target_value) - begin) * share * rng.uniform(0.7, 1.1)
            measurements.append(
                Measurement(
                    indicator_id=indicator.pk,
                    value=_value(value),
                    measured_on=day,
                    source="季度工作报告(生成数据)",
                )
            )
    world.save(through, through_rows)
    world.save(Measurement, measurements)


def _value(x: float) -> Decimal:
    return Decimal(str(round(x, 2)))
