"""Import a 法治政府建设情况报告: read the file, parse it, suggest links, save it.

Plain Python except `service.py`, which writes through the Django models,
and `draft.py`, which reads the link pairing rule from tracker.models.choices.

Conventions the rest of the project relies on:

- An item's `text` is an exact substring of the parsed text: from just after
  its numbering marker (一是, (一), 1., 1、, 第一, …) to the end of its last
  paragraph, trailing spaces removed, with the original separators between
  its paragraphs. Items written inline in one paragraph ("一是…;二是…") end
  just before the next marker, so they keep their own 。 or ;.
- A marker whose numeral was lost ("是公职律师…") is recognised only where the
  count skips a number; its marker is "" and its remains stay in the text.
- A cause written under its shortfall ("原因分析:…") is a cause whose marker
  is that label and whose `cause_of` is the shortfall's number.
- Nothing is dropped silently: text inside a part that belongs to no item is
  in `unplaced` (lead-ins ending with a colon excepted); parts that hold no
  items (第一责任人, 其他需要报告的情况) are skipped with a warning.
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
