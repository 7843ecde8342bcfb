"""Charts drawn on the server as SVG: no JavaScript, no CDN.

Each chart is a <figure> whose <svg role="img"> carries a <title> and a
<desc>, followed by the same numbers as a table in the figcaption (visually
hidden; screen readers and printouts without graphics keep the figures).
Charts are page chrome: their words follow the reader's language.
"""

from dataclasses import dataclass
from unicodedata import east_asian_width

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from .rows import MonthPoint

COLOURS = {
    "red": "#d63333",
    "yellow": "#f0b400",
    "green": "#2e9d4a",
    "not_started": "#6c757d",
    "in_progress": "#0d6efd",
    "awaiting_closure": "#0dcaf0",
    "closed": "#198754",
    "on_hold": "#fd7e14",
}
DEFAULT_COLOUR = "#8b1a1a"


@dataclass(frozen=True)
class Bar:
    key: str
    label: str
    value: int


def _figure(chart_id: str, title: str, desc: str, svg_body: SafeString, head, rows, size) -> str:
    width, height = size
    table = format_html(
        '<table class="table table-sm"><thead><tr>{}</tr></thead><tbody>{}</tbody></table>',
        format_html_join("", "<th scope='col'>{}</th>", ((h,) for h in head)),
        format_html_join(
            "",
            "<tr>{}</tr>",
            ((format_html_join("", "<td>{}</td>", ((c,) for c in row)),) for row in rows),
        ),
    )
    return format_html(
        '<figure class="chart" id="{id}">'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>'
        '<figcaption><span class="chart-caption">{title}</span>'
        '<div class="visually-hidden">{table}</div></figcaption></figure>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=desc,
        body=svg_body,
        table=table,
    )


def _text_width(text: str) -> int:
    """Roughly how wide `text` is at the charts' 12px: full width for CJK, about half else."""
    return round(sum(12 if east_asian_width(ch) in "WF" else 6.6 for ch in str(text)))


def _count(label: str, n: int) -> str:
    return ngettext("%(label)s:%(n)d 项", "%(label)s:%(n)d 项", n) % {"label": label, "n": n}


def bar_chart(chart_id: str, title: str, bars: list[Bar], *, width: int = 380) -> str:
    """Horizontal bars, one per category, value written at the end of each bar."""
    # Room for the longest label: English labels ("Awaiting closure") run longer.
    label_w = max(84, max((_text_width(bar.label) for bar in bars), default=0) + 12)
    row_h = 28
    bar_w = width - label_w - 56
    height = row_h * len(bars) + 8
    peak = max((bar.value for bar in bars), default=0) or 1
    parts = []
    for i, bar in enumerate(bars):
        y = 4 + i * row_h
        length = round(bar.value / peak * bar_w)
        parts.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end" class="chart-label">{label}</text>'
                '<rect x="{x}" y="{y}" width="{len}" height="18" rx="2" fill="{fill}">'
                "<title>{count}</title></rect>"
                '<text x="{vx}" y="{ty}" class="chart-value">{value}</text>',
                lx=label_w - 6,
                ty=y + 14,
                label=bar.label,
                x=label_w,
                y=y,
                len=max(length, 1 if bar.value else 0),
                fill=COLOURS.get(bar.key, DEFAULT_COLOUR),
                value=bar.value,
                count=_count(bar.label, bar.value),
                vx=label_w + length + 6,
            )
        )
    desc = pgettext("separator between figures", ";").join(
        _count(bar.label, bar.value) for bar in bars
    )
    rows = [(bar.label, bar.value) for bar in bars]
    head = (_("类别"), _("数量"))
    return _figure(chart_id, title, desc, mark_safe("".join(parts)), head, rows, (width, height))


def closed_chart(chart_id: str, title: str, series: list[MonthPoint]) -> str:
    """Closed items per month (columns) and their running total (line), on one scale."""
    width, height, left, bottom, top = 560, 220, 36, 30, 14
    plot_w, plot_h = width - left - 10, height - bottom - top
    peak = max((p.cumulative for p in series), default=0) or 1
    step = plot_w / max(len(series), 1)

    def y(value: int) -> float:
        return round(top + plot_h - value / peak * plot_h, 1)

    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="chart-axis" stroke="#adb5bd"/>',
            left,
            top + plot_h,
            width - 10,
            top + plot_h,
        ),
        format_html('<text x="{}" y="{}" class="chart-value">{}</text>', 2, top + 4, peak),
        format_html('<text x="{}" y="{}" class="chart-value">0</text>', 2, top + plot_h),
    ]
    points = []
    for i, point in enumerate(series):
        x = left + i * step
        centre = round(x + step / 2, 1)
        label = f"{point.month:%Y-%m}"
        if point.closed:
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="#9fd3ae">'
                    "<title>{}</title></rect>",
                    round(x + step * 0.2, 1),
                    y(point.closed),
                    round(step * 0.6, 1),
                    round(top + plot_h - y(point.closed), 1),
                    ngettext(
                        "%(month)s:当月销号 %(n)d 项", "%(month)s:当月销号 %(n)d 项", point.closed
                    )
                    % {"month": label, "n": point.closed},
                )
            )
        points.append(f"{centre},{y(point.cumulative)}")
        if len(series) <= 12 or i % max(1, len(series) // 8) == 0 or i == len(series) - 1:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" class="chart-tick">{}</text>',
                    centre,
                    height - 10,
                    label,
                )
            )
    parts.append(
        format_html(
            '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
            " ".join(points),
            COLOURS["closed"],
        )
    )
    for point, xy in zip(series, points, strict=True):
        cx, cy = xy.split(",")
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="3" fill="{}"><title>{}</title></circle>',
                cx,
                cy,
                COLOURS["closed"],
                ngettext(
                    "%(month)s:累计销号 %(n)d 项", "%(month)s:累计销号 %(n)d 项", point.cumulative
                )
                % {"month": f"{point.month:%Y-%m}", "n": point.cumulative},
            )
        )
    last = series[-1] if series else None
    desc = (
        ngettext(
            "自 %(start)s 至 %(end)s 累计销号 %(n)d 项",
            "自 %(start)s 至 %(end)s 累计销号 %(n)d 项",
            last.cumulative,
        )
        % {"start": f"{series[0].month:%Y-%m}", "end": f"{last.month:%Y-%m}", "n": last.cumulative}
        if last
        else _("尚无销号事项")
    )
    rows = [(f"{p.month:%Y-%m}", p.closed, p.cumulative) for p in series]
    return _figure(
        chart_id,
        title,
        desc,
        mark_safe("".join(parts)),
        (_("月份"), _("当月销号"), _("累计销号")),
        rows,
        (width, height),
    )


def progress_bar(percent: int, label: str) -> str:
    """A small bar for an indicator's progress toward its target."""
    width = round(max(0, min(100, percent)) * 1.2)
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 160 16" width="160" height="16" '
        'role="img" aria-label="{label}"><title>{label}</title>'
        '<rect x="0" y="2" width="120" height="12" rx="3" fill="#e9ecef"/>'
        '<rect x="0" y="2" width="{w}" height="12" rx="3" fill="{fill}"/>'
        '<text x="126" y="13" class="chart-value">{p}%</text></svg>',
        label=label,
        w=width,
        fill=COLOURS["closed"],
        p=percent,
    )


def _target_label(row) -> str:
    return _("%(name)s:完成目标的 %(percent)s%%") % {
        "name": row.indicator.name,
        "percent": row.progress,
    }


def dashboard_charts(dashboard) -> dict[str, str]:
    """The dashboard's three charts, from its already computed figures."""
    tally = dashboard.tally
    return {
        "status": bar_chart(
            "chart-status", _("按状态统计"), [Bar(v, label, n) for v, label, n in tally.statuses]
        ),
        "light": bar_chart(
            "chart-light",
            _("按预警灯统计"),
            [Bar(v, label, n) for v, label, n in tally.lights],
            width=300,
        ),
        "closed": closed_chart("chart-closed", _("销号事项累计趋势"), dashboard.closed_series),
        # Indicators with a target get a bar; the rest are baselines only.
        "targets": [
            (row, progress_bar(row.progress, _target_label(row)))
            for row in dashboard.indicators
            if row.progress is not None
        ],
        "baselines": [row for row in dashboard.indicators if row.progress is None],
    }
