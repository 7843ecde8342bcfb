"""The bulletin (督查通报): what the coordinating office circulates each period.

As of a day, for a period ending that day (by default the quarter it falls in):
the totals; the progress approved in the period; every unit ranked by score
(summaries/scoring.py) with its breakdown; the overdue items with the urges
(催办) sent about them; the units praised (best scores without a fault, items
closed on time) and those criticised (overdue items, returned updates, notices
left unacknowledged); the office's requests. Five queries, whatever the number
of items: the rows, the period's approved updates, the urges, the rule, the
scores. The page, the Word document, Markdown and JSON read the same object.
"""

from dataclasses import dataclass
from datetime import date, datetime, time

from django.db.models import Count, Max, Q
from django.utils import timezone

from ..models import Reminder, label_for
from . import figures
from .asof import approved_updates
from .figures import Scope, Tally
from .rows import ItemRow
from .scoring import Scoring, UnitScore, unit_scores
from .serialize import report_data, tally_totals
from .sql import unit_name
from .wording import cn_date, iso, ordinal, sentences, totals_sentence

PROGRESS_LIMIT = 30  # progress lines a bulletin lists; the ledger has the rest
PRAISE_LIMIT = 5  # units praised at most
OVERDUE_HEADERS = ["序号", "事项", "牵头单位", "完成时限", "逾期天数", "催办次数", "最近催办"]
SCORE_HEADERS = ["名次", "单位", "得分", "按时销号", "按时报送", "逾期", "退回", "未签收"]
PARTS = (
    "一、总体情况",
    "二、本期工作进展",
    "三、考核排名",
    "四、逾期事项及催办情况",
    "五、表扬和批评",
    "六、工作要求",
)
NO_PROGRESS = "本期没有经审核通过的进展。"
PRAISE_LEAD, CRITICISM_LEAD = "(一)通报表扬。", "(二)通报批评。"
REQUESTS = (
    "被通报批评的单位要认真分析原因,逐项制定整改措施,在下一次报送进展时一并说明整改情况。",
    "逾期事项的牵头单位要倒排工期、压实责任,确需延期的,按程序提出延期申请并附佐证材料。",
    "各单位要及时签收督办事项,如实报送进展并上传佐证材料,配合单位要主动对接牵头单位,形成工作合力。",
)


def quarter_start(day: date) -> date:
    """The first day of the quarter `day` falls in: a bulletin's default period."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def office_name(jurisdiction) -> str:
    """The coordinating office that issues the bulletin: 蓟州区委依法治区办, 天津市委依法治市办."""
    name = jurisdiction.short_name or jurisdiction.name
    level = name[-1] if name[-1] in "区县市" else {"city": "市"}.get(jurisdiction.level, "区")
    return f"{name}委依法治{level}办"


@dataclass(frozen=True)
class PeriodUpdate:
    """One version approved in the period."""

    id: int
    item_id: int
    item_label: str
    item_title: str
    unit: str
    reported_on: date
    text: str

    @property
    def summary(self) -> str:
        """The version's first sentence (a bulletin names progress, the ledger details it)."""
        parts = sentences(self.text)
        return parts[0] if parts else ""

    @property
    def tail(self) -> str:
        """What follows the item's name in the bulletin's line."""
        return f":{self.unit}{cn_date(self.reported_on)}报送,{self.summary}。"


@dataclass(frozen=True)
class OverdueEntry:
    row: ItemRow
    days: int
    urges: int
    urges_in_period: int
    last_urged_on: date | None

    @property
    def cells(self) -> list[str]:
        """The table's cells after 序号 and 事项."""
        return [
            self.row.lead_unit or "未明确",
            iso(self.row.due_on),
            str(self.days),
            str(self.urges),
            iso(self.last_urged_on) or "未催办",
        ]


@dataclass(frozen=True)
class Mention:
    """A unit praised or criticised, and why."""

    unit: str
    reason: str

    @property
    def text(self) -> str:
        return f"{self.unit}({self.reason})"


@dataclass
class Bulletin:
    scope: Scope
    since: date
    tally: Tally
    rows: list[ItemRow]
    progress: list[PeriodUpdate]
    closed_in_period: list[ItemRow]
    overdue: list[OverdueEntry]
    urges_in_period: int
    scoring: Scoring
    # Every version approved in the period (`progress` lists the first PROGRESS_LIMIT).
    progress_all: list[PeriodUpdate]

    @property
    def report(self):
        return self.scope.report

    @property
    def title(self) -> str:
        return f"关于{self.report.year}年度法治政府建设整改落实情况的督查通报"

    @property
    def issuer(self) -> str:
        return office_name(self.report.jurisdiction)

    @property
    def subtitle(self) -> str:
        return f"({cn_date(self.since)}至{cn_date(self.scope.on)})"

    @property
    def opening(self) -> str:
        return (
            f"为推动《{self.report.title}》确定的整改事项和工作安排落到实处,"
            f"现将{cn_date(self.since)}至{cn_date(self.scope.on)}各单位整改落实情况通报如下。"
        )

    @property
    def totals(self) -> str:
        return totals_sentence(self.tally, on=self.scope.on)

    @property
    def period_sentence(self) -> str:
        units = len({update.unit for update in self.progress_all})
        text = (
            f"本期各单位报送并经审核通过的进展{len(self.progress_all)}条(涉及{units}个单位),"
            f"销号{len(self.closed_in_period)}项;督办共催办{self.urges_in_period}次"
        )
        if self.overdue:
            text += f",截至{cn_date(self.scope.on)}仍有{len(self.overdue)}项逾期未完成"
        return text + "。"

    @property
    def progress_more(self) -> int:
        return len(self.progress_all) - len(self.progress)

    @property
    def scores(self) -> list[UnitScore]:
        return self.scoring.units

    @property
    def scored(self) -> list[UnitScore]:
        """Units whose score moved from the base (their breakdown is worth a line)."""
        return [row for row in self.scores if any(row.facts.values())]

    @property
    def lead_units(self) -> list[str]:
        """Every lead unit of the scope's tracked items, in the ranking's order."""
        leads = {row.lead_unit for row in self.rows if row.lead_unit}
        ranked = [row.name for row in self.scores if row.name in leads]
        return ranked + sorted(leads - set(ranked))

    @property
    def praised(self) -> list[Mention]:
        """The best scores above the base among units that closed or reported on time and
        have no overdue item and no notice left unacknowledged."""
        found = []
        for row in self.scores:
            if self._criticised(row) or row.score <= row.rule.base:
                continue
            if not (row.closed_on_time or row.timely_report):
                continue
            reasons = []
            if row.closed_on_time:
                reasons.append(f"按时销号{row.closed_on_time}项")
            if row.timely_report:
                reasons.append(f"按时报送进展{row.timely_report}条")
            found.append(Mention(row.name, "、".join(reasons) + f",得分{row.score}"))
        return found[:PRAISE_LIMIT]

    @property
    def criticised(self) -> list[Mention]:
        """Every unit with an overdue item or a notice left unacknowledged, or whose
        deductions (returned updates included) took it below the base; lowest score first."""
        found = []
        for row in sorted(self.scores, key=lambda r: (r.score, r.name)):
            if not self._criticised(row):
                continue
            reasons = []
            if row.overdue:
                reasons.append(f"逾期未销号{row.overdue}项")
            if row.returned:
                reasons.append(f"进展被退回{row.returned}次")
            if row.unacknowledged:
                reasons.append(f"逾期未签收{row.unacknowledged}件")
            found.append(Mention(row.name, "、".join(reasons) + f",得分{row.score}"))
        return found

    @staticmethod
    def _criticised(row: UnitScore) -> bool:
        return bool(row.overdue or row.unacknowledged or row.score < row.rule.base)

    @property
    def praise_text(self) -> str:
        if not self.praised:
            return "本期没有符合表扬条件的单位。"
        names = "、".join(m.text for m in self.praised)
        return f"对{names}予以通报表扬。"

    @property
    def criticism_text(self) -> str:
        if not self.criticised:
            return "本期没有需要通报批评的单位。"
        names = "、".join(m.text for m in self.criticised)
        return f"对{names}予以通报批评,请相关单位抓紧整改。"

    @property
    def requests(self) -> tuple[str, ...]:
        return REQUESTS

    # Fixed words of the document, here so that every renderer says the same.
    parts = PARTS
    no_progress = NO_PROGRESS
    praise_lead, criticism_lead = PRAISE_LEAD, CRITICISM_LEAD
    overdue_headers = OVERDUE_HEADERS

    @property
    def progress_more_text(self) -> str:
        return f"另有{self.progress_more}条进展,详见整改台账。" if self.progress_more else ""

    @property
    def no_overdue_text(self) -> str:
        return f"截至{cn_date(self.scope.on)},没有逾期事项。"

    @property
    def signed_on(self) -> str:
        return cn_date(self.scope.on)

    def progress_lines(self) -> list[str]:
        return [f"{u.item_label} {u.item_title}{u.tail}" for u in self.progress]

    def overdue_table(self) -> list[list[str]]:
        return [
            [str(n), f"{e.row.label} {e.row.title}", *e.cells]
            for n, e in enumerate(self.overdue, 1)
        ]

    def score_table(self) -> list[list[str]]:
        return [
            [
                str(r.rank), r.name, str(r.score), str(r.closed_on_time), str(r.timely_report),
                str(r.overdue), str(r.returned), str(r.unacknowledged),
            ]
            for r in self.scores
        ]  # fmt: skip


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def bulletin(scope: Scope, *, since: date | None = None) -> Bulletin:
    """The bulletin for the period from `since` (default: the quarter's first day) to the
    scope's day."""
    on = scope.on
    since = min(since or quarter_start(on), on)
    start = _start(since)
    rows = list(figures.item_rows(scope))
    item_ids = figures.records(scope).values("id")
    updates = (
        approved_updates(scope.as_of)
        .filter(reviewed_at__gte=start, item_id__in=item_ids)
        .annotate(unit_label=unit_name("unit__"))
        .order_by("item__sequence", "reported_on", "pk")
        .values_list(
            "pk", "item_id", "item__kind", "item__number", "item__title", "unit_label",
            "reported_on", "text",
        )
    )  # fmt: skip
    progress = [
        PeriodUpdate(pk, item_id, label_for(kind, number), title, unit, reported_on, text)
        for pk, item_id, kind, number, title, unit, reported_on, text in updates
    ]
    urges = {
        item_id: (n, in_period, last)
        for item_id, n, in_period, last in Reminder.objects.filter(
            item_id__in=item_ids, sent_at__lte=scope.as_of.moment
        )
        .order_by()
        .values("item_id")
        .annotate(
            n=Count("pk"), in_period=Count("pk", filter=Q(sent_at__gte=start)), last=Max("sent_at")
        )
        .values_list("item_id", "n", "in_period", "last")
    }
    overdue = []
    for row in sorted((r for r in rows if r.is_overdue), key=lambda r: (r.due_on, r.sequence)):
        n, in_period, last = urges.get(row.id, (0, 0, None))
        last_on = timezone.localdate(last) if last else None
        overdue.append(OverdueEntry(row, (on - row.due_on).days, n, in_period, last_on))
    made = Bulletin(
        scope=scope,
        since=since,
        tally=figures.tally(rows),
        rows=rows,
        progress=progress[:PROGRESS_LIMIT],
        closed_in_period=[
            r for r in rows if r.is_closed and r.closed_on and since <= r.closed_on <= on
        ],
        overdue=overdue,
        urges_in_period=sum(in_period for _n, in_period, _last in urges.values()),
        scoring=unit_scores(scope),
        progress_all=progress,
    )
    return made


def bulletin_markdown(made: Bulletin) -> str:
    out = [f"# {made.title}", "", f"{made.issuer} {made.subtitle}", "", made.opening, ""]
    out += [f"## {PARTS[0]}", "", made.totals, "", made.period_sentence, ""]
    out += [f"## {PARTS[1]}", ""]
    for n, line in enumerate(made.progress_lines(), 1):
        out.append(f"{ordinal(n)}{line}")
        out.append("")
    if not made.progress:
        out += [NO_PROGRESS, ""]
    if made.progress_more:
        out += [made.progress_more_text, ""]
    out += [f"## {PARTS[2]}", "", made.scoring.rule_text, ""]
    out += _md_table(SCORE_HEADERS, made.score_table())
    if made.scored:
        out += ["", "得分构成:", ""]
        out += [f"- {r.name}:{r.breakdown_text},得分{r.score}。" for r in made.scored]
    out += ["", f"## {PARTS[3]}", ""]
    if made.overdue:
        out += _md_table(OVERDUE_HEADERS, made.overdue_table())
    else:
        out += [made.no_overdue_text]
    out += ["", f"## {PARTS[4]}", "", f"{PRAISE_LEAD}{made.praise_text}", ""]
    out += [f"{CRITICISM_LEAD}{made.criticism_text}", ""]
    out += [f"## {PARTS[5]}", ""]
    out += [f"{ordinal(n)}{text}" + "\n" for n, text in enumerate(made.requests, 1)]
    out += [f"{made.issuer}", "", cn_date(made.scope.on)]
    return "\n".join(out) + "\n"


def _md_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        cells = (cell.replace("|", "\\|").replace("\n", " ") for cell in row)
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def bulletin_data(made: Bulletin) -> dict:
    """The bulletin as plain data (the `summarize` command's JSON)."""
    return {
        "document": "bulletin",
        "title": made.title,
        "issuer": made.issuer,
        "report": report_data(made.report),
        "since": iso(made.since),
        "as_of": iso(made.scope.on),
        "from_history": made.scope.as_of.historical,
        "totals": {
            **tally_totals(made.tally),
            "closed_in_period": len(made.closed_in_period),
            "progress_in_period": len(made.progress_all),
            "urges_in_period": made.urges_in_period,
        },
        "progress": [
            {
                "update": u.id,
                "item": u.item_label,
                "title": u.item_title,
                "unit": u.unit,
                "reported_on": iso(u.reported_on),
                "text": u.text,
            }
            for u in made.progress_all
        ],
        "closed_in_period": [row.label for row in made.closed_in_period],
        "rule": {
            "base": made.scoring.rule.base,
            **{name: getattr(made.scoring.rule, name) for name in made.scoring.rule.POINT_FIELDS},
        },
        "scores": [
            {"rank": r.rank, "unit_id": r.unit_id, "unit": r.name, "score": r.score, **r.facts}
            for r in made.scores
        ],
        "overdue": [
            {
                "item": e.row.label,
                "title": e.row.title,
                "lead_unit": e.row.lead_unit,
                "due_on": iso(e.row.due_on),
                "days_overdue": e.days,
                "urges": e.urges,
                "urges_in_period": e.urges_in_period,
                "last_urged_on": iso(e.last_urged_on) or None,
            }
            for e in made.overdue
        ],
        "lead_units": made.lead_units,
        "praised": [{"unit": m.unit, "reason": m.reason} for m in made.praised],
        "criticised": [{"unit": m.unit, "reason": m.reason} for m in made.criticised],
    }
