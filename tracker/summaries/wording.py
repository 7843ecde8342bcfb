"""Chinese wording shared by the written summary, the draft and the ledger.

These are Chinese government documents: they stay in Chinese whatever language
the reader's pages are in, so every label put into them is resolved with
`in_document_language` (docs/I18N.md).
"""

import re
from datetime import date

from django.conf import settings

from ..i18n import in_document_language as zh
from ..models import Kind, Light, Status, chinese_numeral
from .rows import ItemRow

SENTENCE_END = re.compile(r"(?<=[。!?!?;;])")
TRAILING = "。;;,,、 \n\t"


def cn_date(day: date | None) -> str:
    """2026年3月5日 (official documents write dates this way)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "—"


def ordinal(n: int) -> str:
    """(一), (二) …: the numbering of a report's sub-sections."""
    return f"({chinese_numeral(n)})"


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def sentences(text: str) -> list[str]:
    """Split a unit's text into sentences without their final punctuation."""
    parts = (part.strip().rstrip(TRAILING) for part in SENTENCE_END.split(text or ""))
    return [part for part in parts if part]


def count_phrase(pairs: list[tuple[str, int]]) -> str:
    """已销号1项、推进中7项 (zero counts left out)."""
    return "、".join(f"{zh(label)}{n}项" for label, n in pairs if n)


def totals_sentence(tally, *, on: date) -> str:
    """The summary's first sentence: tracked items by kind and status, closed, overdue."""
    kinds = count_phrase(
        [
            (Kind.SHORTFALL.label, tally.by_kind[Kind.SHORTFALL]),
            (Kind.TASK.label, tally.by_kind[Kind.TASK]),
        ]
    )
    still_open = count_phrase(
        [(label, n) for value, label, n in tally.statuses if value != Status.CLOSED]
    )
    text = f"截至{cn_date(on)},共跟踪整改事项{tally.tracked}项"
    if kinds:
        text += f"({kinds})"
    text += f",已销号{tally.closed}项,未销号{tally.open}项"
    if still_open:
        text += f"(其中{still_open})"
    text += f";逾期未完成{tally.overdue}项"
    if tally.due_soon:
        text += f",另有{tally.due_soon}项将在{settings.TRACKER_DUE_SOON_DAYS}日内到期"
    return text + "。"


def lights_sentence(tally) -> str:
    lights = "、".join(f"{zh(label)}{n}项" for _value, label, n in tally.lights)
    return f"预警情况:{lights}。"


def facts(row: ItemRow) -> str:
    """牵头单位…;配合单位…;完成时限…;状态…;预警…;佐证材料n份。"""
    parts = [f"牵头单位:{row.lead_unit or '未明确'}"]
    if row.supporting:
        parts.append(f"配合单位:{'、'.join(row.supporting)}")
    parts.append(f"完成时限:{iso(row.due_on) or '未定'}")
    status = row.status_label
    if row.status == Status.CLOSED and row.closed_on:
        status += f"({iso(row.closed_on)})"
    parts.append(f"状态:{status}")
    if row.light:
        warning = row.light_label + ("(已逾期)" if row.light == Light.RED else "")
        parts.append(f"预警:{warning}")
    parts.append(f"佐证材料:{row.evidence_count}份")
    return ";".join(parts) + "。"


def progress_line(row: ItemRow) -> str:
    if row.latest is None:
        return "最新进展:暂无经审核通过的进展。"
    text = row.latest.text.strip()
    if text and text[-1] not in "。!?.!?":
        text += "。"
    return f"最新进展({iso(row.latest.reported_on)}):{text}"


def measures_cell(row: ItemRow) -> str:
    """The ledger's 整改措施/关联任务: a shortfall's causes and tasks, a task's targets."""
    if row.kind == Kind.SHORTFALL:
        lines = []
        causes = row.linked_of(Kind.CAUSE)
        tasks = row.linked_of(Kind.TASK)
        if causes:
            lines.append("原因:" + ";".join(f"{c.label} {c.title}" for c in causes))
        if tasks:
            lines.append("整改任务:" + ";".join(f"{t.label} {t.title}" for t in tasks))
        return "\n".join(lines)
    return "针对:" + ";".join(f"{t.label} {t.title}" for t in row.linked) if row.linked else ""
