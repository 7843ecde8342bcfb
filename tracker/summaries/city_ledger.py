"""The city's ledger: every district's tracked items in one workbook, district and year first.

Rows stream from one query (figures.item_rows over several reports) into a
write-only workbook, so memory stays flat at 160 000 rows.
"""

from collections.abc import Iterator
from typing import IO

from openpyxl import Workbook

from ..models import Report
from .figures import Scope
from .ledger import HEADERS, ledger_lines, neutralise

CITY_HEADERS = ["区县", "报告", *HEADERS]


def city_lines(scope: Scope) -> Iterator[list]:
    """The ledger's rows of every report in `scope.reports`, each with its district."""
    reports = {
        report.pk: report
        for report in Report.objects.filter(pk__in=scope.reports.values("pk"))
        .select_related("jurisdiction", "jurisdiction__parent")
        .defer("source_text")
    }
    for row, line in ledger_lines(scope, with_rows=True):
        report = reports[row.report_id]
        district = report.jurisdiction.district or report.jurisdiction
        yield [str(district), f"{report.year}年度 {report.issuer}", *line]


def write_city_xlsx(scope: Scope, stream: IO[bytes], *, on_row=None) -> None:
    """`on_row`: called after each row (a background export's progress)."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("全市整改台账")
    sheet.freeze_panes = "A2"
    sheet.append(CITY_HEADERS)
    for line in city_lines(scope):
        sheet.append([neutralise(value) for value in line])
        if on_row is not None:
            on_row()
    workbook.save(stream)
