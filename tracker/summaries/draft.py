"""A draft of next year's report, in the report's own voice, every sentence traceable.

The report on year Y is followed by the report on Y+1, laid out as the genre
lays it out (see fixtures/demo_district2/report.txt):

一、Y+1年推进法治政府建设的主要举措和成效: prose from the approved progress of
    the tasks (closed first) and of the closed shortfalls, and from the
    indicators measured after year Y;
二、Y+1年推进法治政府建设存在的不足和原因: the shortfalls still open, each
    with what was done and what is still missing ("尽管…,但…"), and its causes
    as the report gave them (repeats named as such when lineage is known);
三、Y+2年推进法治政府建设的主要安排: the tasks still open (carried on) and, for
    each open shortfall no open task addresses, a new task to set.

Every sentence ends with its sources: 〔进展#12;佐证#31、#32〕 for what an approved
update and its evidence say, 〔指标#4〕 for a measurement, 〔2021年度报告·原因二〕
for the report's own text, 〔台账·任务六〕 for what the ledger records. A numbered
source list closes the draft. Only approved updates are used, and only evidence
counted by then. Units' own wording is put in the report's voice: demo markers,
requests to the office (申请销号 …) and stray spaces are dropped.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import CharField, OuterRef, Subquery
from django.db.models.functions import Cast

from ..models import (
    FATE_KINDS,
    Indicator,
    ItemLineage,
    Kind,
    LineageKind,
    Measurement,
    Status,
    chinese_numeral,
    label_for,
)
from . import figures
from .citations import Paragraph, Ref, Section, Sentence, Source, Sources
from .figures import Scope
from .rows import ItemRow, ProgressDetail
from .sql import joined, split
from .voice import voiced
from .wording import cn_date, iso, ordinal

# ---------------------------------------------------------------------------
# Lineage across years.
#
# The draft names repeated shortfalls (屡查屡犯) and carried-over or continued
# tasks (结转, 延续) from the links the import made (tracker/lineage.py).
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DraftLineage:
    """What the draft may say about items across years, keyed by the item's id.

    `repeats`: a shortfall → the earlier one it repeats, as the draft names it
    ("2020年度报告不足二"). `carried_over`: a task → the earlier item it continues."""

    repeats: dict[int, str] = field(default_factory=dict)
    carried_over: dict[int, str] = field(default_factory=dict)


def draft_lineage(scope: Scope) -> DraftLineage:
    """Repeats and carry-overs of the scope's items from earlier years (one query),
    as decided by the end of an "as of" day."""
    links = ItemLineage.objects.into(scope.report).filter(
        kind__in=(LineageKind.REPEAT, LineageKind.CONTINUATION, *FATE_KINDS),
        decided_at__lte=scope.as_of.moment,
    )
    found = DraftLineage()
    for successor, kind, year, earlier_kind, number in links.order_by(
        "successor_id", "predecessor__report__year", "predecessor__sequence"
    ).values_list(
        "successor_id",
        "kind",
        "predecessor__report__year",
        "predecessor__kind",
        "predecessor__number",
    ):
        name = f"{year}年度报告{label_for(earlier_kind, number)}"
        into = found.repeats if kind == LineageKind.REPEAT else found.carried_over
        into.setdefault(successor, name)
    return found


@dataclass(frozen=True)
class NewMeasurement:
    """An indicator measured after the report's year, with the value before it."""

    id: int
    name: str
    unit: str
    higher_is_better: bool
    value: Decimal
    measured_on: date
    source: str
    before: Decimal | None
    target: Decimal | None
    target_on: date | None
    item_ids: frozenset[int]


@dataclass
class Draft:
    scope: Scope
    sections: list[Section]
    sources: list[Source]

    @property
    def year(self) -> int:
        """The year the drafted report covers: the year after the tracked report's."""
        return self.scope.report.year + 1

    @property
    def title(self) -> str:
        return f"{self.scope.report.issuer}关于{self.year}年法治政府建设情况的报告(草稿)"

    @property
    def note(self) -> str:
        return (
            f"本稿根据截至{cn_date(self.scope.on)}经审核通过的进展、佐证材料、指标和台账自动生成,"
            "每句末尾〔〕内注明出处,定稿前请核实、润色。"
        )

    # The two parts the earlier draft had, for readers of the old shape.
    @property
    def achievements(self) -> list[Paragraph]:
        return self.sections[0].paragraphs

    @property
    def shortfalls(self) -> list[Paragraph]:
        return self.sections[1].paragraphs

    @property
    def plans(self) -> list[Paragraph]:
        return self.sections[2].paragraphs


# ---------------------------------------------------------------------------
# Writing.
# ---------------------------------------------------------------------------


# Where an open shortfall without approved progress stands, in the report's words.
STANDING = {
    Status.NOT_STARTED: "这一问题的整改尚未取得实质性进展",
    Status.ON_HOLD: "这一问题的整改尚未取得实质性进展",
    Status.IN_PROGRESS: "整改工作仍在推进,成效尚不明显",
    Status.AWAITING_CLOSURE: "整改工作已基本完成,成效有待检验",
}


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class Writer:
    def __init__(self, scope: Scope, rows: list[ItemRow], progress, measurements, lineage):
        self.scope, self.on = scope, scope.on
        self.report = scope.report
        self.rows = rows
        self.by_id = {row.id: row for row in rows}
        self.progress: dict[int, list[ProgressDetail]] = progress
        self.measurements: list[NewMeasurement] = measurements
        self.lineage: DraftLineage = lineage
        self.sources = Sources()

    # References -----------------------------------------------------------

    def update_ref(self, row: ItemRow, update: ProgressDetail) -> Ref:
        evidence = ";".join(f"佐证#{e.id} {e.description}" for e in update.evidence)
        detail = (
            f"{row.label} {row.title}。{update.unit}报送,进展日期{iso(update.reported_on)}:"
            f"{update.text.strip()}" + (f"({evidence})" if evidence else "(无佐证材料)")
        )
        name = self.sources.cite(("update", update.id), f"进展#{update.id}", detail, row.id)
        return Ref(row.id, (name,), (update.id,), tuple(e.id for e in update.evidence))

    def ledger_ref(self, row: ItemRow) -> Ref:
        detail = (
            f"{row.label} {row.title}。截至{iso(self.on)}的台账记录:牵头单位"
            f"{row.lead_unit or '未明确'},完成时限{iso(row.due_on) or '未定'},状态{row.status_label}。"
        )
        return Ref(
            row.id, (self.sources.cite(("ledger", row.id), f"台账·{row.label}", detail, row.id),)
        )

    def report_ref(self, rows: list[ItemRow]) -> Ref:
        names = []
        for row in rows:
            name = f"{self.report.year}年度报告·{row.label}"
            names.append(self.sources.cite(("report", row.id), name, row.text.strip(), row.id))
        return Ref(rows[0].id if rows else None, tuple(names))

    def totals_ref(self, tally) -> Ref:
        detail = (
            f"截至{iso(self.on)}的台账统计:跟踪事项{tally.tracked}项,已销号{tally.closed}项,"
            f"未销号{tally.open}项,逾期{tally.overdue}项。"
        )
        return Ref(None, (self.sources.cite(("totals",), "台账", detail),))

    def measurement_ref(self, m: NewMeasurement) -> Ref:
        detail = (
            f"指标“{m.name}”{iso(m.measured_on)}的数值{_number(m.value)}{m.unit}。出处:{m.source}"
        )
        return Ref(None, (self.sources.cite(("measurement", m.id), f"指标#{m.id}", detail),))

    # Part one --------------------------------------------------------------

    def achievements(self, tally) -> Section:
        year = self.report.year
        if not tally.closed:
            standing = f"尚无完成整改的事项,{tally.open}项正在推进"
        elif not tally.open:
            standing = f"已全部完成整改({tally.closed}项)"
        else:
            standing = f"已完成整改{tally.closed}项,其余{tally.open}项正在推进"
        intro = Sentence(
            f"{year}年度报告确定的{tally.by_kind[Kind.SHORTFALL]}项存在的不足和"
            f"{tally.by_kind[Kind.TASK]}项主要安排,截至{cn_date(self.on)}{standing}",
            self.totals_ref(tally),
        )
        chosen = [row for row in self.rows if self._achieved(row)]
        chosen.sort(key=lambda row: (not row.is_closed, row.sequence))
        paragraphs, placed = [], set()
        for n, row in enumerate(chosen, 1):
            heading = row.title if row.kind == Kind.TASK else f"着力解决{row.title}的问题"
            paragraph = Paragraph(f"{ordinal(n)}{heading}", row.id)
            for update in self.progress.get(row.id, []):
                ref = self.update_ref(row, update)
                paragraph.sentences += [Sentence(text, ref) for text in voiced(update.text)]
            for m in self.measurements:
                if row.id in m.item_ids and m.id not in placed:
                    paragraph.sentences.append(self.indicator_sentence(m))
                    placed.add(m.id)
            if paragraph.sentences:
                paragraphs.append(paragraph)
        rest = [m for m in self.measurements if m.id not in placed]
        if rest:
            paragraph = Paragraph(f"{ordinal(len(paragraphs) + 1)}主要指标持续向好", None)
            paragraph.sentences = [self.indicator_sentence(m) for m in rest]
            paragraphs.append(paragraph)
        for n, paragraph in enumerate(paragraphs, 1):  # renumber after dropping empty ones
            paragraph.heading = ordinal(n) + paragraph.heading.split(")", 1)[1]
        return Section(
            f"一、{self.report.year + 1}年推进法治政府建设的主要举措和成效",
            intro,
            paragraphs,
            "截至该日尚无经审核通过的进展。",
        )

    def _achieved(self, row: ItemRow) -> bool:
        """Part one tells of the tasks with approved progress and of the closed shortfalls."""
        if row.kind == Kind.TASK:
            return bool(self.progress.get(row.id))
        return row.kind == Kind.SHORTFALL and row.is_closed

    def indicator_sentence(self, m: NewMeasurement) -> Sentence:
        value = f"{_number(m.value)}{m.unit}"
        if m.before is None or m.before == m.value:
            text = f"{m.name}达到{value}"
        else:
            rose = m.value > m.before
            verb = "提高" if rose else "降低"
            if rose != m.higher_is_better:
                verb = "增加" if rose else "减少"
            text = f"{m.name}由{_number(m.before)}{m.unit}{verb}到{value}"
        if m.target is not None:
            reached = m.value >= m.target if m.higher_is_better else m.value <= m.target
            goal = f"{m.target_on.year}年" if m.target_on else ""
            text += f",已实现{goal}目标" if reached else f",{goal}目标为{_number(m.target)}{m.unit}"
        return Sentence(text, self.measurement_ref(m))

    # Part two --------------------------------------------------------------

    def shortfalls(self, tally) -> Section:
        still_open = [r for r in self.rows if r.kind == Kind.SHORTFALL and not r.is_closed]
        still_open.sort(key=lambda row: (not row.is_overdue, row.sequence))
        paragraphs = []
        for n, row in enumerate(still_open, 1):
            paragraph = Paragraph(f"{chinese_numeral(n)}是{row.title}", row.id)
            updates = self.progress.get(row.id, [])
            done = voiced(updates[-1].text) if updates else []
            if done:
                paragraph.sentences.append(
                    Sentence(
                        f"尽管{done[0]},但这一问题尚未从根本上解决",
                        self.update_ref(row, updates[-1]),
                    )
                )
            else:
                paragraph.sentences.append(Sentence(STANDING[row.status], self.ledger_ref(row)))
            if row.is_overdue:
                paragraph.sentences.append(
                    Sentence("整改进度滞后于计划安排,未能按期完成", self.ledger_ref(row))
                )
            earlier = self.lineage.repeats.get(row.id)
            if earlier:
                paragraph.sentences.append(
                    Sentence(
                        f"这一问题在{earlier}中已经指出,属于连续出现的问题", Ref(row.id, (earlier,))
                    )
                )
            causes = [self.by_id[c.id] for c in row.linked_of(Kind.CAUSE) if c.id in self.by_id]
            if causes:
                reasons = ";".join(cause.title for cause in causes)
                paragraph.sentences.append(
                    Sentence(f"究其原因,主要是{reasons}", self.report_ref(causes))
                )
            paragraphs.append(paragraph)
        intro = None
        if paragraphs:
            intro = Sentence(
                "取得成绩的同时,我们也清醒地看到,法治政府建设工作中还存在一些不足",
                self.totals_ref(tally),
            )
        return Section(
            f"二、{self.report.year + 1}年推进法治政府建设存在的不足和原因",
            intro,
            paragraphs,
            "截至该日存在的不足均已整改销号。",
        )

    # Part three ------------------------------------------------------------

    def plans(self) -> Section:
        next_year = self.report.year + 2
        paragraphs = []
        open_tasks = [r for r in self.rows if r.kind == Kind.TASK and not r.is_closed]
        covered = set()
        for row in open_tasks:
            covered |= {t.id for t in row.linked}
            paragraph = Paragraph(f"{chinese_numeral(len(paragraphs) + 1)}是{row.title}", row.id)
            earlier = self.lineage.carried_over.get(row.id)
            if earlier:
                paragraph.sentences.append(
                    Sentence(f"这项工作延续{earlier}的部署", Ref(row.id, (earlier,)))
                )
            updates = self.progress.get(row.id, [])
            done = voiced(updates[-1].text) if updates else []
            if done:
                paragraph.sentences.append(
                    Sentence(
                        f"在{done[0]}的基础上,{next_year}年继续抓好落实",
                        self.update_ref(row, updates[-1]),
                    )
                )
            else:
                paragraph.sentences.append(
                    Sentence(
                        f"{self.report.year}年部署的这项工作尚未完成,{next_year}年继续推进",
                        self.ledger_ref(row),
                    )
                )
            if row.is_overdue:
                text = "倒排工期、压实责任,加快推进,尽早完成"
            elif row.due_on:
                text = f"力争于{cn_date(row.due_on)}前全面完成"
            else:
                text = "明确完成时限,确保按期完成"
            paragraph.sentences.append(Sentence(text, self.ledger_ref(row)))
            paragraphs.append(paragraph)
        # An open shortfall that no open task addresses (nor its causes) needs a new task.
        for row in self.rows:
            if row.kind != Kind.SHORTFALL or row.is_closed:
                continue
            causes = {c.id for c in row.linked_of(Kind.CAUSE)}
            if row.id in covered or causes & covered:
                continue
            paragraph = Paragraph(
                f"{chinese_numeral(len(paragraphs) + 1)}是着力解决{row.title}的问题", row.id
            )
            paragraph.sentences.append(
                Sentence(
                    f"针对这一问题,研究制定新的整改措施,明确牵头单位和完成时限,{next_year}年抓好落实",
                    self.ledger_ref(row),
                )
            )
            cause_rows = [self.by_id[c] for c in causes if c in self.by_id]
            if cause_rows:
                reasons = "、".join(f"“{c.title}”" for c in cause_rows)
                paragraph.sentences.append(
                    Sentence(f"重点从解决{reasons}入手", self.report_ref(cause_rows))
                )
            paragraphs.append(paragraph)
        return Section(
            f"三、{next_year}年推进法治政府建设的主要安排",
            None,
            paragraphs,
            "截至该日各项安排均已完成。",
        )


def new_measurements(scope: Scope) -> list[NewMeasurement]:
    """Indicators of the report measured after its year (up to the day), each with the
    value it had before (the last one in the report's year, else the baseline). One query."""
    report = scope.report
    year_end = date(report.year, 12, 31)
    before = Measurement.objects.filter(
        indicator_id=OuterRef("indicator_id"), measured_on__lte=year_end
    ).order_by("-measured_on", "-pk")
    items = Indicator.items.through.objects.filter(indicator_id=OuterRef("indicator_id"))
    rows = (
        Measurement.objects.filter(
            indicator__report_id=report.pk, measured_on__gt=year_end, measured_on__lte=scope.on
        )
        .annotate(
            before=Subquery(before.values("value")[:1]),
            item_keys=joined(items, Cast("item_id", CharField())),
        )
        .order_by("indicator_id", "-measured_on", "-pk")
        .values(
            "pk", "indicator_id", "indicator__name", "indicator__unit_of_measure",
            "indicator__higher_is_better", "value", "measured_on", "source", "before",
            "indicator__baseline_value", "indicator__target_value", "indicator__target_on",
            "item_keys",
        )
    )  # fmt: skip
    found, seen = [], set()
    for v in rows:
        if v["indicator_id"] in seen:  # the latest measurement of each indicator
            continue
        seen.add(v["indicator_id"])
        before_value = v["before"] if v["before"] is not None else v["indicator__baseline_value"]
        found.append(
            NewMeasurement(
                v["pk"], v["indicator__name"], v["indicator__unit_of_measure"],
                v["indicator__higher_is_better"], v["value"], v["measured_on"], v["source"],
                before_value, v["indicator__target_value"], v["indicator__target_on"],
                frozenset(int(key) for key in split(v["item_keys"])),
            )
        )  # fmt: skip
    return found


def next_year_draft(scope: Scope) -> Draft:
    """Five queries: the rows, the approved updates, their evidence, the new measurements
    and the links to earlier years."""
    rows = list(
        figures.item_rows(scope, detail=True, kinds=(Kind.SHORTFALL, Kind.CAUSE, Kind.TASK))
    )
    progress = figures.approved_progress(scope)
    writer = Writer(scope, rows, progress, new_measurements(scope), draft_lineage(scope))
    tally = figures.tally(rows)
    sections = [writer.achievements(tally), writer.shortfalls(tally), writer.plans()]
    return Draft(scope, sections, writer.sources.listed)


def draft_markdown(draft: Draft) -> str:
    out = [f"# {draft.title}", "", f"> {draft.note}", ""]
    for section in draft.sections:
        out += [f"## {section.heading}", ""]
        if section.intro is not None:
            out += [f"{section.intro}", ""]
        for paragraph in section.paragraphs:
            out += [f"**{paragraph.heading}。**{paragraph.text}", ""]
        if not section.paragraphs:
            out += [section.empty, ""]
    out += ["## 来源", ""]
    out += [f"{source.number}. {source.text}" for source in draft.sources]
    return "\n".join(out) + "\n"
