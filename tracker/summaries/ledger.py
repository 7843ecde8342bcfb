"""The rectification ledger (整改台账): one row per tracked item, as .xlsx or CSV.

Rows are streamed from one query (figures.item_rows) into openpyxl's
write-only workbook or a CSV generator, so memory stays flat however many
items there are. Text that a spreadsheet would read as a formula (= + - @,
tab, CR) is written with a leading apostrophe, in both formats.
"""

import csv
from collections.abc import Iterator
from datetime import date
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from ..models import TRACKED_KINDS
from ..text import plain_text
from .figures import Scope, item_rows
from .wording import iso, measures_cell

HEADERS = [
    "序号",
    "编号",
    "类别",
    "问题/任务",
    "整改措施/关联任务",
    "牵头单位",
    "配合单位",
    "责任人",
    "完成时限",
    "最新进展",
    "状态",
    "完成百分比",
    "预警",
    "佐证材料数",
    "最近更新",
    "预警原因",
    "延期次数",
    "原定时限",
]
# Column widths in Excel's units (a digit; a Chinese character takes two).
WIDTHS = [5, 8, 11, 24, 32, 13, 16, 11, 11, 44, 8, 7, 6, 7, 11, 16, 6, 11]
LINE_HEIGHT = 17  # points: an 11-point Chinese line (Chinese faces stand taller than Latin)
CENTRED = {"序号", "编号", "状态", "完成百分比", "预警", "佐证材料数", "延期次数"}
DATES = {"完成时限", "最近更新", "原定时限"}
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = '0"%"'  # 60 shows as 60%, and the CSV says 60
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def neutralise(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe; characters
    a workbook cannot hold (from text stored before they were refused) are dropped."""
    if isinstance(value, str):
        value = plain_text(value)
        if value.startswith(FORMULA_STARTS):
            return "'" + value
    return value


def ledger_lines(scope: Scope, *, kinds=TRACKED_KINDS, with_rows: bool = False) -> Iterator:
    """The ledger's rows as Python values (dates stay dates), in report order (or the
    list's order, for the item list's export); with `with_rows`, each as (the item's
    row, the line)."""
    for n, row in enumerate(item_rows(scope, detail=True, kinds=kinds), 1):
        latest = f"{iso(row.latest.reported_on)}:{row.latest.text}" if row.latest else ""
        line = [
            n,
            row.label,
            row.kind_label,
            row.title,
            measures_cell(row),
            row.lead_unit,
            "、".join(row.supporting),
            row.assignee,
            row.due_on,
            latest,
            row.status_label,
            row.percent if row.is_tracked else None,
            row.light_label,
            row.evidence_count,
            row.last_change,
            row.light_words,
            row.extensions,
            row.original_due_on,
        ]
        yield (row, line) if with_rows else line


def title(scope: Scope) -> str:
    """2021年度法治政府建设整改台账(截至 2026-03-31); without a year for several reports."""
    year = f"{scope.report.year}年度" if scope.report is not None else ""
    return f"{year}法治政府建设整改台账(截至 {scope.on.isoformat()})"


def unit_conditions(scope: Scope) -> list[str]:
    """The ledger's note of the dashboard's unit, if one was chosen."""
    return [f"牵头或配合单位:{scope.unit}"] if scope.unit is not None else []


def write_xlsx(
    scope: Scope,
    stream: IO[bytes],
    *,
    kinds=TRACKED_KINDS,
    conditions=(),
    scores=None,
    on_row=None,
) -> None:
    """The ledger as a workbook: a title row (and under it, in the same cell, the
    `conditions` a list was filtered by), the header with an autofilter, frozen and
    printed on every page, then one row per item. With `scores` (scoring.Scoring), a
    second sheet, 考核评分: each unit's rank, score and the facts behind it. `on_row`:
    called after each row (a background export's progress)."""
    workbook = Workbook(write_only=True)
    heading = title(scope)
    workbook.properties.title = heading
    sheet = workbook.create_sheet("整改台账")
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.oddFooter.center.text = "第 &P 页,共 &N 页"
    for column, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = get_column_letter(len(HEADERS))

    lines = [heading, *conditions]
    top = WriteOnlyCell(sheet, value="\n".join(lines))
    top.font = Font(bold=True, size=16)
    top.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[1].height = 30 + 18 * len(conditions)
    sheet.append([top])
    sheet.merged_cells.add(f"A1:{last}1")

    thin = Side(style="thin", color="A0A0A0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centred = Alignment(wrap_text=True, vertical="top", horizontal="center")
    header_fill = PatternFill("solid", fgColor="F2DCDB")
    header = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = border
        header.append(cell)
    sheet.row_dimensions[2].height = 2 * LINE_HEIGHT  # 完成百分比, 佐证材料数 take two lines
    sheet.append(header)

    # One styled cell per column, reused for every row: the write-only sheet writes a
    # row out as soon as it is appended, so only the values change from row to row.
    cells = []
    for name in HEADERS:
        cell = WriteOnlyCell(sheet)
        cell.alignment = centred if name in CENTRED else wrap
        cell.border = border
        if name in DATES:
            cell.number_format = DATE_FORMAT
        elif name == "完成百分比":
            cell.number_format = PERCENT_FORMAT
        cells.append(cell)
    count = 0
    for line in ledger_lines(scope, kinds=kinds):
        for cell, value in zip(cells, line, strict=True):
            cell.value = neutralise(value)
        row = 3 + count
        # Spreadsheets do not size a row to its wrapped text by themselves.
        sheet.row_dimensions[row].height = LINE_HEIGHT * _lines_needed(line)
        sheet.append(cells)
        del sheet.row_dimensions[row]  # written: memory stays flat
        count += 1
        if on_row is not None:
            on_row()
    # Written after the rows, so the filter's range can cover them all.
    sheet.auto_filter.ref = f"A2:{last}{2 + count}"
    if scores is not None:
        _scores_sheet(workbook, scores, border=border, fill=header_fill)
    workbook.save(stream)


SCORE_HEADERS = [
    "名次",
    "单位",
    "得分",
    "按时销号",
    "按时报送",
    "逾期未销号",
    "进展被退回",
    "逾期未签收",
    "得分构成",
]
SCORE_WIDTHS = [6, 20, 7, 9, 9, 10, 10, 10, 60]


def _scores_sheet(workbook, scores, *, border, fill) -> None:
    """考核评分: the units ranked by score as of the ledger's day, the rule under the title."""
    from .scoring import FACTS

    sheet = workbook.create_sheet("考核评分")
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "1:2"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"
    for column, width in enumerate(SCORE_WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    scope = scores.scope
    year = f"{scope.report.year}年度" if scope.report is not None else ""
    top = WriteOnlyCell(
        sheet, value=f"{year}单位考核评分(截至 {scope.on.isoformat()})\n{scores.rule_text}"
    )
    top.font = Font(bold=True, size=14)
    top.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet.row_dimensions[1].height = 54
    sheet.append([top])
    sheet.merged_cells.add(f"A1:{get_column_letter(len(SCORE_HEADERS))}1")
    header = []
    for text in SCORE_HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cell.fill = fill
        cell.border = border
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        header.append(cell)
    sheet.append(header)
    for row in scores.units:
        values = [row.rank, row.name, row.score, *(row.count(name) for name, _l, _s in FACTS)]
        values.append(row.breakdown_text)
        cells = []
        for value in values:
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.border = border
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cells.append(cell)
        sheet.append(cells)
    sheet.auto_filter.ref = f"A2:{get_column_letter(len(SCORE_HEADERS))}{2 + len(scores.units)}"


def _lines_needed(line: list) -> int:
    """How many lines the tallest cell of a row wraps to, at the columns' widths."""
    tallest = 1
    for value, width in zip(line, WIDTHS, strict=True):
        if not isinstance(value, str):
            continue
        lines = 0
        for paragraph in value.split("\n"):
            units = sum(1 if ord(ch) < 0x2E80 else 2 for ch in paragraph)
            lines += max(1, -(-units // (width * 0.85)))  # fonts run wider than a digit
        tallest = max(tallest, lines)
    return min(int(tallest), 15)  # Excel's rows stop at 409 points


def csv_chunks(scope: Scope, *, kinds=TRACKED_KINDS) -> Iterator[str]:
    """The ledger as UTF-8 CSV text with a BOM first, so Excel reads the Chinese right
    (the header and the rows only: a CSV is read by programs)."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    yield BOM + writer.writerow(HEADERS)
    for line in ledger_lines(scope, kinds=kinds):
        yield writer.writerow([_csv_value(value) for value in line])


def _csv_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return neutralise(value)
