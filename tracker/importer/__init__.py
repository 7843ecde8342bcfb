"""Import a 法治政府建设情况报告: read the file, parse it, suggest links, save it.

Plain Python except `service.py`, which writes through the Django models.
"""

from .errors import ReportImportError
from .links import LinkSuggestion, suggest_links
from .parsed import ParsedItem, ParsedReport
from .parser import parse_report
from .readers import read_report, read_report_file

__all__ = [
    "LinkSuggestion",
    "ParsedItem",
    "ParsedReport",
    "ReportImportError",
    "parse_report",
    "read_report",
    "read_report_file",
    "suggest_links",
]
