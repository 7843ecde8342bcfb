"""The written status summary, laid out as the report is laid out.

一、总体情况 (totals); 二、存在的不足整改情况 (each shortfall with its causes,
the tasks addressing it, their units, latest approved progress, status and
evidence); 三、尚未完成的下一年度安排 (every task not closed); 附表 (one row per
tracked item). The same structure feeds the printable page, the Word document
and the Markdown of the `summarize` command.
"""

from dataclasses import dataclass, field

from ..lineage import previous_endings
from ..models import Kind
from . import figures
from .figures import Scope, Tally
from .rows import ItemRow
from .wording import (
    cn_date,
    facts,
    iso,
    lights_sentence,
    ordinal,
    progress_line,
    totals_sentence,
)

TABLE_HEADERS = ["序号", "事项", "牵头单位", "完成时限", "状态", "预警", "最新进展", "佐证材料"]


@dataclass
class Entry:
    """One tracked item with its sentences, ready for any renderer."""

    row: ItemRow
    facts: str
    progress: str

    @classmethod
    def of(cls, row: ItemRow) -> "Entry":
        return cls(row, facts(row), progress_line(row))

    @property
    def heading(self) -> str:
        return f"{self.row.label} {self.row.title}"


@dataclass
class Section:
    shortfall: Entry
    causes: list[ItemRow]
    tasks: list[Entry]

    @property
    def causes_text(self) -> str:
        if not self.causes:
            return "原因:报告未列明。"
        return "原因:" + ";".join(f"{c.label} {c.title}" for c in self.causes) + "。"


@dataclass
class StatusSummary:
    scope: Scope
    tally: Tally
    sections: list[Section]
    open_tasks: list[Entry]
    rows: list[ItemRow]
    # How each of last year's items ended (lineage.previous_endings); [] without one.
    previous: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{self.scope.report.year}年度法治政府建设情况报告整改落实情况"

    @property
    def subtitle(self) -> str:
        return f"(截至{cn_date(self.scope.on)})"

    @property
    def totals(self) -> str:
        return totals_sentence(self.tally, on=self.scope.on)

    @property
    def lights(self) -> str:
        return lights_sentence(self.tally)

    @property
    def headers(self) -> list[str]:
        return TABLE_HEADERS

    def table(self) -> list[list[str]]:
        """The 附表 rows, as text, in report order."""
        lines = []
        for n, row in enumerate(self.rows, 1):
            progress = f"{iso(row.latest.reported_on)} {row.latest.text}" if row.latest else "暂无"
            lines.append(
                [
                    str(n),
                    f"{row.label} {row.title}",
                    row.lead_unit or "—",
                    iso(row.due_on) or "—",
                    row.status_label,
                    row.light_label,
                    progress,
                    str(row.evidence_count),
                ]
            )
        return lines


def status_summary(scope: Scope) -> StatusSummary:
    """One query for the rows (shortfalls, causes, tasks); links come with them."""
    rows = list(
        figures.item_rows(scope, detail=True, kinds=(Kind.SHORTFALL, Kind.CAUSE, Kind.TASK))
    )
    by_id = {row.id: row for row in rows}
    tracked = [row for row in rows if row.is_tracked]
    entries = {row.id: Entry.of(row) for row in tracked}
    sections = [
        Section(
            shortfall=entries[row.id],
            causes=[by_id[c.id] for c in row.linked_of(Kind.CAUSE) if c.id in by_id],
            tasks=[entries[t.id] for t in row.linked_of(Kind.TASK) if t.id in entries],
        )
        for row in tracked
        if row.kind == Kind.SHORTFALL
    ]
    open_tasks = [entries[r.id] for r in tracked if r.kind == Kind.TASK and not r.is_closed]
    previous = previous_endings(scope.report, as_of=scope.as_of, items=scope.items)
    return StatusSummary(scope, figures.tally(tracked), sections, open_tasks, tracked, previous)


def summary_markdown(summary: StatusSummary) -> str:
    report = summary.scope.report
    out = [f"# {summary.title}", "", f"{report.issuer} {summary.subtitle}", ""]
    out += ["## 一、总体情况", "", summary.totals, "", summary.lights, ""]
    if summary.previous:
        out += ["上一年度报告所列事项的结果:", ""] + [f"- {line}" for line in summary.previous]
        out.append("")
    out += ["## 二、存在的不足整改情况", ""]
    for n, section in enumerate(summary.sections, 1):
        out += [f"### {ordinal(n)}{section.shortfall.heading}", ""]
        out += [
            section.causes_text,
            "",
            section.shortfall.facts,
            "",
            section.shortfall.progress,
            "",
        ]
        if not section.tasks:
            out += ["整改任务:无。", ""]
        for task in section.tasks:
            out += [f"- 整改任务 **{task.heading}**:{task.facts}{task.progress}"]
        out.append("")
    out += ["## 三、尚未完成的下一年度安排", ""]
    for n, task in enumerate(summary.open_tasks, 1):
        out += [f"### {ordinal(n)}{task.heading}", "", task.facts, "", task.progress, ""]
    if not summary.open_tasks:
        out += ["下一年度安排已全部销号。", ""]
    out += ["## 附表 整改事项明细", ""]
    out += ["| " + " | ".join(TABLE_HEADERS) + " |", "|" + "---|" * len(TABLE_HEADERS)]
    for line in summary.table():
        cells = (cell.replace("|", "\\|").replace("\n", " ") for cell in line)
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out) + "\n"
