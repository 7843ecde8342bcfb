"""A draft of next year's report sections, every sentence traceable to its sources.

一、主要举措和成效 is drafted from the items closed by the date (tasks and
shortfalls) and their approved updates; 二、存在的不足 from the items still
open (overdue first). Every sentence ends with a reference: 〔进展#12;佐证#31、#32〕
for what an approved update and its evidence say, 〔台账·任务六〕 for what the
ledger itself records (deadline, status). A numbered source list closes the
draft. Only approved updates are used, and only evidence counted by then.
"""

from dataclasses import dataclass, field

from ..models import Kind, Light
from . import figures
from .figures import Scope
from .rows import ItemRow, ProgressDetail
from .wording import cn_date, iso, ordinal, sentences


@dataclass(frozen=True)
class Ref:
    item_id: int
    item_label: str
    updates: tuple[int, ...] = ()
    evidence: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        parts = []
        if self.updates:
            parts.append("进展" + "、".join(f"#{pk}" for pk in self.updates))
        if self.evidence:
            parts.append("佐证" + "、".join(f"#{pk}" for pk in self.evidence))
        return "〔" + (";".join(parts) or f"台账·{self.item_label}") + "〕"


@dataclass(frozen=True)
class Sentence:
    text: str  # without its final 。
    ref: Ref

    def __str__(self) -> str:
        return f"{self.text}{self.ref.text}。"


@dataclass
class Paragraph:
    heading: str
    row: ItemRow
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(str(s) for s in self.sentences)


@dataclass(frozen=True)
class Source:
    number: int
    row: ItemRow
    update: ProgressDetail | None  # None: the ledger's own record of the item
    on: object

    @property
    def name(self) -> str:
        return f"进展#{self.update.id}" if self.update else f"台账·{self.row.label}"

    @property
    def detail(self) -> str:
        row, update = self.row, self.update
        item = f"{row.label} {row.title}"
        if update is None:
            return (
                f"{item}。截至{iso(self.on)}的台账记录:牵头单位{row.lead_unit or '未明确'},"
                f"完成时限{iso(row.due_on) or '未定'},状态{row.status_label}。"
            )
        evidence = ";".join(f"佐证#{e.id} {e.description}" for e in update.evidence)
        line = f"{item}。{update.unit}报送,进展日期{iso(update.reported_on)}:{update.text.strip()}"
        return line + (f"({evidence})" if evidence else "(无佐证材料)")

    @property
    def text(self) -> str:
        return f"{self.name}:{self.detail}"


@dataclass
class Draft:
    scope: Scope
    achievements: list[Paragraph]
    shortfalls: list[Paragraph]
    sources: list[Source]

    @property
    def title(self) -> str:
        return f"{self.scope.report.issuer}关于{self.scope.report.year + 1}年法治政府建设情况的报告(部分章节草稿)"

    @property
    def note(self) -> str:
        return (
            f"本稿根据截至{cn_date(self.scope.on)}经审核通过的进展和佐证材料自动生成,"
            "每句末尾〔〕内注明出处,定稿前请核实、润色。"
        )


def _update_ref(row: ItemRow, update: ProgressDetail) -> Ref:
    return Ref(row.id, row.label, (update.id,), tuple(e.id for e in update.evidence))


def _update_sentences(row: ItemRow, update: ProgressDetail) -> list[Sentence]:
    ref = _update_ref(row, update)
    parts = sentences(update.text)
    if not parts:
        return []
    parts[0] = f"{cn_date(update.reported_on)},{parts[0]}"
    return [Sentence(part, ref) for part in parts]


def _achievement(n: int, row: ItemRow, updates: list[ProgressDetail]) -> Paragraph:
    paragraph = Paragraph(f"{ordinal(n)}{row.title}", row)
    units = row.lead_unit or "相关单位"
    if row.supporting:
        units += f"牵头、{'、'.join(row.supporting)}配合"
    else:
        units += "牵头"
    opening = f"该项工作由{units},于{cn_date(row.closed_on)}完成整改并销号"
    ref = _update_ref(row, updates[-1]) if updates else Ref(row.id, row.label)
    paragraph.sentences.append(Sentence(opening, ref))
    for update in updates:
        paragraph.sentences += _update_sentences(row, update)
    return paragraph


def _shortfall(n: int, row: ItemRow, updates: list[ProgressDetail], on) -> Paragraph:
    paragraph = Paragraph(f"{ordinal(n)}{row.title}", row)
    opening = f"该项工作由{row.lead_unit or '相关单位'}牵头"
    if row.due_on:
        opening += f",完成时限为{cn_date(row.due_on)}"
    if row.light == Light.RED:
        opening += f",截至{cn_date(on)}已逾期{(on - row.due_on).days}天"
    opening += f",目前{row.status_label}"
    if row.percent:
        opening += f",完成约{row.percent}%"
    paragraph.sentences.append(Sentence(opening, Ref(row.id, row.label)))
    if updates:
        paragraph.sentences += _update_sentences(row, updates[-1])
    else:
        text = f"截至{cn_date(on)}尚无经审核通过的进展"
        paragraph.sentences.append(Sentence(text, Ref(row.id, row.label)))
    return paragraph


def next_year_draft(scope: Scope) -> Draft:
    """Three queries: the rows, the approved updates, their evidence."""
    rows = list(figures.item_rows(scope, detail=True, kinds=(Kind.SHORTFALL, Kind.TASK)))
    progress = figures.approved_progress(scope)
    closed = [row for row in rows if row.is_closed]
    still_open = sorted(
        (row for row in rows if not row.is_closed),
        key=lambda row: (not row.is_overdue, row.due_on if row.is_overdue else None, row.sequence),
    )
    draft = Draft(
        scope,
        achievements=[
            _achievement(n, row, progress.get(row.id, [])) for n, row in enumerate(closed, 1)
        ],
        shortfalls=[
            _shortfall(n, row, progress.get(row.id, []), scope.on)
            for n, row in enumerate(still_open, 1)
        ],
        sources=[],
    )
    draft.sources = _sources(draft, progress, scope.on)
    return draft


def _sources(draft: Draft, progress: dict, on) -> list[Source]:
    """Every reference once, numbered in order of first appearance."""
    found: dict[tuple, Source] = {}
    for paragraph in [*draft.achievements, *draft.shortfalls]:
        by_id = {u.id: u for u in progress.get(paragraph.row.id, [])}
        for sentence in paragraph.sentences:
            keys = [("update", pk) for pk in sentence.ref.updates] or [("ledger", paragraph.row.id)]
            for key in keys:
                if key not in found:
                    update = by_id.get(key[1]) if key[0] == "update" else None
                    found[key] = Source(len(found) + 1, paragraph.row, update, on)
    return list(found.values())


def draft_markdown(draft: Draft) -> str:
    out = [f"# {draft.title}", "", f"> {draft.note}", ""]
    for heading, paragraphs, empty in (
        ("一、主要举措和成效", draft.achievements, "截至该日尚无销号事项。"),
        ("二、存在的不足", draft.shortfalls, "截至该日事项均已销号。"),
    ):
        out += [f"## {heading}", ""]
        for paragraph in paragraphs:
            out += [f"**{paragraph.heading}。**{paragraph.text}", ""]
        if not paragraphs:
            out += [empty, ""]
    out += ["## 来源", ""]
    out += [f"{source.number}. {source.text}" for source in draft.sources]
    return "\n".join(out) + "\n"
