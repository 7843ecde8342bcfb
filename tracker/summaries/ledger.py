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

from ..text import plain_text
from .figures import Scope, item_rows
from .wording import cn_date, iso, measures_cell

HEADERS = [
    "序号",
    "类别",
    "问题/任务",
    "整改措施/关联任务",
    "牵头单位",
    "配合单位",
    "责任人",
    "完成时限",
    "最新进展",
    "状态",
    "预警",
    "佐证材料数",
    "最近更新",
    "预警原因",
    "延期次数",
    "原定时限",
]
WIDTHS = [6, 12, 36, 44, 14, 22, 12, 12, 60, 9, 7, 10, 12, 18, 8, 12]
DATE_FORMAT = "yyyy-mm-dd"
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


def ledger_lines(scope: Scope, *, with_rows: bool = False) -> Iterator[list]:
    """The ledger's rows as Python values (dates stay dates), in report order
    (with `with_rows`: each as (the item's row, the line))."""
    for n, row in enumerate(item_rows(scope, detail=True), 1):
        latest = f"{iso(row.latest.reported_on)}:{row.latest.text}" if row.latest else ""
        line = [
            n,
            row.kind_label,
            row.title,
            measures_cell(row),
            row.lead_unit,
            "、".join(row.supporting),
            row.assignee,
            row.due_on,
            latest,
            row.status_label,
            row.light_label,
            row.evidence_count,
            row.last_change,
            row.light_words,
            row.extensions,
            row.original_due_on,
        ]
        yield (row, line) if with_rows else line


def sheet_title(scope: Scope) -> str:
    return f"{scope.report.year}年度整改台账(截至{cn_date(scope.on)})"


def write_xlsx(scope: Scope, stream: IO[bytes]) -> None:
    workbook = Workbook(write_only=True)
    workbook.properties.title = sheet_title(scope)
    sheet = workbook.create_sheet("整改台账")
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for column, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(column)].width = width

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
    sheet.append(header)

    # One styled cell per column, reused for every row: the write-only sheet writes a
    # row out as soon as it is appended, so only the values change from row to row.
    cells = []
    for column in range(len(HEADERS)):
        cell = WriteOnlyCell(sheet)
        cell.alignment = centred if column in (0, 9, 10, 11) else wrap
        cell.border = border
        if HEADERS[column] in ("完成时限", "最近更新"):
            cell.number_format = DATE_FORMAT
        cells.append(cell)
    for line in ledger_lines(scope):
        for cell, value in zip(cells, line, strict=True):
            cell.value = neutralise(value)
        sheet.append(cells)
    workbook.save(stream)


def csv_chunks(scope: Scope) -> Iterator[str]:
    """The ledger as UTF-8 CSV text with a BOM first, so Excel reads the Chinese right."""

    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    yield BOM + writer.writerow(HEADERS)
    for line in ledger_lines(scope):
        yield writer.writerow([_csv_value(value) for value in line])


def _csv_value(value):
    if isinstance(value, date):
        return value.isoformat()
    if value is None:
        return ""
    return neutralise(value)
