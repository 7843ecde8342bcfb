"""Parse a 法治政府建设情况报告 into measures, shortfalls, causes and tasks.

Matching runs on a same-length shadow of the text (normalize.py); every item
text is cut from the input exactly as given, from just after its numbering
marker to the end of its last paragraph, trailing spaces removed.
"""

from ..years import plausible_year
from . import messages
from .errors import ReportImportError
from .frontmatter import (
    find_title,
    is_furniture,
    page_end,
    published_date,
    source_issuer,
    title_issuer,
    year_from_opening,
    year_from_title,
)
from .items import RawItem, split_items
from .messages import NO_PARTS, PART_NAMES, say
from .normalize import Line, shadow, split_lines
from .numbering import ITEM_STYLES, Marker, Style
from .parsed import CAUSE, MEASURE, SHORTFALL, TASK, ParsedItem, ParsedReport
from .sections import INTRO, LEADER, OTHER, UNKNOWN, Section, split_sections
from .shortfall_causes import split_inline_cause
from .signature import (
    find_signature,
    header_date,
    header_issuer,
    is_attachment_line,
    is_sign_off,
)
from .titles import lead_phrase


class _Builder:
    """Collects items, numbering each kind's list in order of appearance."""

    def __init__(self, text: str, norm: str):
        self.text, self.norm = text, norm
        self.report = ParsedReport(title="", issuer="", year=None)
        self.heading_number: int | None = None

    def add(self, kind: str, raw: RawItem, *, cause_of: int | None = None) -> ParsedItem:
        items = self._list(kind)
        marker = self.text[raw.marker.start : raw.marker.end].strip() if raw.marker else ""
        # The remains of a damaged marker stay in the text, not in the title.
        skip = raw.marker.remains if raw.marker else 0
        original = self.text[raw.start : raw.end]
        item = ParsedItem(
            kind=kind,
            number=len(items) + 1,
            marker=marker,
            title=lead_phrase(
                self.norm[raw.start : raw.end],
                original,
                skip=skip,
                first_clause=kind in (SHORTFALL, CAUSE),
            ),
            text=original,
            start=raw.start,
            cause_of=cause_of,
        )
        if kind == MEASURE:
            if raw.level == 0:
                self.heading_number = item.number
            else:
                item.parent = self.heading_number
        items.append(item)
        return item

    def _list(self, kind: str) -> list[ParsedItem]:
        return {
            MEASURE: self.report.measures,
            SHORTFALL: self.report.shortfalls,
            CAUSE: self.report.causes,
            TASK: self.report.tasks,
        }[kind]

    def unplaced(self, start: int, end: int) -> None:
        fragment = self.text[start:end].strip()
        if fragment:
            self.report.unplaced.append(fragment)


def parse_report(text: str) -> ParsedReport:
    """Parse the report text; raise ReportImportError when it is not such a report."""
    if not text.strip():
        raise ReportImportError(messages.EMPTY)
    norm = shadow(text)
    lines = [line for line in split_lines(norm) if not is_furniture(line)]
    builder = _Builder(text, norm)
    title_lines, title_pos = find_title(lines)
    lines = lines[: page_end(lines, title_pos)]
    body = _body(lines[title_pos + 1 :], norm, builder.report)
    for section in split_sections(norm, body):
        _parse_section(builder, section)
    report = builder.report
    if not report.shortfalls and not report.tasks:
        raise ReportImportError(NO_PARTS)
    report.causes.sort(key=lambda item: item.start)
    for number, cause in enumerate(report.causes, start=1):
        cause.number = number
    title = "".join(text[line.start : line.end] for line in title_lines)
    _describe(report, norm, lines, title, "".join(line.text for line in title_lines))
    return report


def _body(lines: list[Line], norm: str, report: ParsedReport) -> list[Line]:
    """The lines between the title and the signature block or attachment list.

    The sign-off formula ("特此报告。") is left out with the signature.
    """
    sections = split_sections(norm, lines)
    first_heading = next((s.heading_line for s in sections if s.heading_line), None)
    if first_heading is None:
        return lines
    after = next(pos for pos, line in enumerate(lines) if line is first_heading)
    signature = find_signature(lines, after)
    end = signature.position if signature else len(lines)
    for pos in range(after + 1, end):
        if is_attachment_line(lines[pos].text):
            end = pos
            break
    if signature:
        report.issuer, report.signed = signature.issuer, signature.signed
    report.signed = report.signed or header_date(lines, after)
    report.issuer = report.issuer or header_issuer(lines, after)
    return [line for line in lines[:end] if not is_sign_off(line.text)]


def _parse_section(builder: _Builder, section: Section) -> None:
    """Split one part into items, or record why its content is left out."""
    if section.kind == INTRO:
        return
    if section.kind in (LEADER, OTHER, UNKNOWN):
        if section.lines:
            builder.report.warnings.append(
                say(messages.IGNORED_PART, heading=section.heading, n=len(section.lines))
            )
        return
    styles = (*ITEM_STYLES, Style.SIDE) if section.kind == CAUSE else ITEM_STYLES
    result = split_items(builder.norm, section.lines, nested=section.kind == MEASURE, styles=styles)
    if section.label and len(result.items) == 1 and result.items[0].marker is None:
        # "究其原因,主要是…": one cause in prose, its label printed where a number would be.
        result.items[0].marker = Marker(Style.SHI, 0, *section.label)
        result.warnings.remove(messages.NO_NUMBERING)
    for warning in result.warnings:
        builder.report.warnings.append(
            say(messages.IN_PART, part=PART_NAMES[section.kind], warning=warning)
        )
    for start, end in result.unplaced:
        builder.unplaced(start, end)
    for raw in result.items:
        if section.kind != SHORTFALL:
            builder.add(section.kind, raw)
            continue
        cause = split_inline_cause(builder.norm, raw)
        shortfall = builder.add(SHORTFALL, raw)
        if cause is not None:
            builder.add(CAUSE, cause, cause_of=shortfall.number)


def _describe(
    report: ParsedReport, norm: str, lines: list[Line], title: str, title_norm: str
) -> None:
    """Fill in title, issuer, year and dates, warning where a guess was needed.

    `title` is as printed; `title_norm` is its shadow, which the patterns read.
    The issuer is the signature's, else the one the title names, else the web
    page's 来源 (which often names the office that posted it, not the issuer).
    """
    report.title = title or "法治政府建设情况报告"
    if not title:
        report.warnings.append(messages.NO_TITLE)
    all_lines = split_lines(norm)
    report.issuer = report.issuer or title_issuer(title_norm) or source_issuer(all_lines)
    if not report.issuer:
        report.warnings.append(messages.NO_ISSUER)
    report.year = year_from_title(title_norm) or year_from_opening(lines)
    if report.year is None and report.signed:
        report.year = report.signed.year - 1
        report.warnings.append(say(messages.YEAR_FROM_SIGNED, year=report.year))
    if report.year is not None and not plausible_year(report.year):
        report.warnings.append(say(messages.UNLIKELY_YEAR, year=report.year))
        report.year = None
    if report.year is None:
        report.warnings.append(messages.NO_YEAR)
    report.published = published_date(all_lines)
    if report.published and report.signed and report.published < report.signed:
        report.warnings.append(messages.PUBLISHED_BEFORE_SIGNED)
        report.published = None
