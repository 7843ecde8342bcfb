"""Save a parsed report: the Report, its Items in order, and the accepted links."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tracker.models import TRACKED_KINDS, Item, ItemLink, Kind, Report, Status
from tracker.services.lineage import ContinuityPlan, report_continue

from ..years import plausible_year
from . import messages
from .errors import ReportImportError
from .links import LinkSuggestion
from .messages import DUPLICATE, NO_JURISDICTION
from .parsed import ParsedItem, ParsedReport

TITLE_MAX = Item._meta.get_field("title").max_length
MARKER_MAX = Item._meta.get_field("marker").max_length


def _item_number(item: ParsedItem, parsed: ParsedReport) -> int:
    """The number stored on the Item: within its heading for sub-measures, else flat."""
    if item.kind != Kind.MEASURE:
        return item.number
    siblings = [m for m in parsed.measures if m.parent == item.parent]
    return siblings.index(item) + 1


def _check_reportable(parsed: ParsedReport, published_on: date | None) -> None:
    """Refuse, with the user's words, what the database constraints would refuse."""
    if parsed.year is None:
        raise ReportImportError(messages.CANNOT_SAVE_WITHOUT_YEAR, field="year")
    if not plausible_year(parsed.year):
        raise ReportImportError(messages.year_out_of_range(), field="year")
    if not parsed.issuer:
        raise ReportImportError(messages.CANNOT_SAVE_WITHOUT_ISSUER, field="issuer")
    if published_on and parsed.signed and published_on < parsed.signed:
        raise ReportImportError(messages.PUBLISHED_BEFORE_SIGNED_REFUSED, field="published")
    if Report.objects.filter(issuer=parsed.issuer, year=parsed.year).exists():
        raise ReportImportError(DUPLICATE)


@transaction.atomic
def report_import(
    *,
    parsed: ParsedReport,
    source_text: str,
    jurisdiction,
    links: list[LinkSuggestion] | None = None,
    published_on: date | None = None,
    continuity: ContinuityPlan | None = None,
    by=None,
) -> Report:
    """Create the report, its items (in order of appearance) and the given links.

    Tracked kinds (shortfalls, tasks) start as 未启动; measures and causes carry
    no status. A report with the same issuer and year is refused, never doubled.
    `continuity` (a services.lineage.ContinuityPlan) links it to last year's
    report in the same transaction, recorded as decided by `by`.
    """
    published_on = published_on or parsed.published
    _check_reportable(parsed, published_on)
    if jurisdiction is None:
        raise ReportImportError(NO_JURISDICTION, field="jurisdiction")
    try:
        with transaction.atomic():
            report = Report.objects.create(
                title=parsed.title[: Report._meta.get_field("title").max_length],
                issuer=parsed.issuer,
                jurisdiction=jurisdiction,
                year=parsed.year,
                signed_on=parsed.signed,
                published_on=published_on,
                source_text=source_text,
            )
    except IntegrityError as error:
        # Only a concurrent import of the same report gets past the check above.
        if Report.objects.filter(issuer=parsed.issuer, year=parsed.year).exists():
            raise ReportImportError(DUPLICATE) from error
        raise
    saved = _create_items(report, parsed)
    _create_links(saved, links or [])
    if continuity is not None:
        report_continue(report=report, plan=continuity, by=by)
    return report


def _create_items(report: Report, parsed: ParsedReport) -> dict[tuple[str, int], Item]:
    saved: dict[tuple[str, int], Item] = {}
    for sequence, item in enumerate(parsed.items(), start=1):
        parent = saved[(Kind.MEASURE, item.parent)] if item.parent else None
        saved[(item.kind, item.number)] = Item.objects.create(
            report=report,
            kind=item.kind,
            parent=parent,
            sequence=sequence,
            number=_item_number(item, parsed),
            marker=item.marker[:MARKER_MAX],
            title=item.title[:TITLE_MAX],
            text=item.text,
            status=Status.NOT_STARTED if item.kind in TRACKED_KINDS else "",
        )
    return saved


def _create_links(saved: dict[tuple[str, int], Item], links: list[LinkSuggestion]) -> None:
    for link in links:
        source = saved.get((link.source_kind, link.source_number))
        target = saved.get((link.target_kind, link.target_number))
        if source is None or target is None:
            raise ReportImportError(messages.DANGLING_LINK)
        candidate = ItemLink(source=source, target=target, kind=link.kind)
        try:
            candidate.full_clean(validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            raise ReportImportError(messages.LINK_NOT_ALLOWED) from error
        ItemLink.objects.get_or_create(source=source, target=target, kind=link.kind)
