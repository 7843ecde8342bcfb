import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from tracker.models import Report
from tracker.summaries import ledger, word
from tracker.summaries.asof import AsOf
from tracker.summaries.bulletin import bulletin, bulletin_data, bulletin_markdown
from tracker.summaries.draft import draft_markdown, next_year_draft
from tracker.summaries.figures import Scope
from tracker.summaries.scoring import unit_scores
from tracker.summaries.serialize import figures_data
from tracker.summaries.status import status_summary, summary_markdown
from tracker.years import FIRST_DAY

TEXT_FORMATS = ("md", "json")
FILE_FORMATS = ("docx", "xlsx")


class Command(BaseCommand):
    help = (
        "Write the status summary of a report, for scheduled reports: Markdown (md) or the "
        "figures as JSON to stdout or a file, the Word summary (docx) or the Excel ledger (xlsx) "
        "to --output. With --as-of, the figures are those the dashboard showed at the end of "
        "that day, replayed from the recorded history. --document draft gives the draft of next "
        "year's report instead (md, docx); --document bulletin the bulletin (督查通报) for the "
        "period from --since (default: the first day of the quarter) to --as-of (md, docx, json)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--report", type=int, help="report id (default: the latest report)")
        parser.add_argument(
            "--as-of", dest="as_of", metavar="YYYY-MM-DD", help="as of the end of that day"
        )
        parser.add_argument(
            "--format", dest="fmt", choices=TEXT_FORMATS + FILE_FORMATS, default="md"
        )
        parser.add_argument(
            "--output", metavar="PATH", help="file to write (stdout if omitted; docx/xlsx need it)"
        )
        parser.add_argument(
            "--document",
            choices=("summary", "draft", "bulletin"),
            default="summary",
            help="the status summary (default), the draft of next year's report or the bulletin",
        )
        parser.add_argument(
            "--since",
            metavar="YYYY-MM-DD",
            help="bulletin: the first day of its period (default: the quarter's first day)",
        )

    def handle(
        self,
        *args,
        report=None,
        as_of=None,
        fmt="md",
        output=None,
        document="summary",
        since=None,
        **options,
    ):
        day = _parse_day(as_of)
        first = _parse_day(since, name="--since")
        if first is not None and document != "bulletin":
            raise CommandError("--since belongs to --document bulletin.")
        if first is not None and first > (day or timezone.localdate()):
            raise CommandError(f"--since {first} is after the bulletin's day.")
        if document == "bulletin" and fmt not in ("md", "docx", "json"):
            raise CommandError("--document bulletin is available as md, docx or json.")
        if fmt in FILE_FORMATS and not output:
            raise CommandError(f"--format {fmt} writes a binary file: give --output PATH.")
        if document == "draft" and fmt not in ("md", "docx"):
            raise CommandError("--document draft is available as md or docx only.")
        target = Path(output) if output else None
        if target is not None and not target.parent.is_dir():
            raise CommandError(f"--output: directory {target.parent} does not exist.")
        scope = Scope(report=_report(report), as_of=AsOf.of(day))

        if document == "bulletin":
            made = bulletin(scope, since=first)
            if fmt == "docx":
                target.write_bytes(word.bulletin_docx(made))
                self.stderr.write(f"wrote {target} ({scope.report}, as of {scope.on.isoformat()})")
                return
            if fmt == "json":
                text = json.dumps(bulletin_data(made), ensure_ascii=False, indent=2) + "\n"
            else:
                text = bulletin_markdown(made)
            self._emit(text, target, scope)
            return
        if fmt == "xlsx":
            with target.open("wb") as stream:
                ledger.write_xlsx(scope, stream, scores=unit_scores(scope))
        elif fmt == "docx":
            build = word.draft_docx if document == "draft" else word.summary_docx
            made = next_year_draft(scope) if document == "draft" else status_summary(scope)
            target.write_bytes(build(made))
        else:
            if fmt == "json":
                text = json.dumps(figures_data(scope), ensure_ascii=False, indent=2) + "\n"
            elif document == "draft":
                text = draft_markdown(next_year_draft(scope))
            else:
                text = summary_markdown(status_summary(scope))
            self._emit(text, target, scope)
            return
        self.stderr.write(f"wrote {target} ({scope.report}, as of {scope.on.isoformat()})")

    def _emit(self, text: str, target: Path | None, scope: Scope) -> None:
        if target is None:
            self.stdout.write(text, ending="")
            return
        target.write_text(text, encoding="utf-8")
        self.stderr.write(f"wrote {target} ({scope.report}, as of {scope.on.isoformat()})")


def _parse_day(value: str | None, *, name: str = "--as-of") -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"{name} must be a date YYYY-MM-DD, got {value!r}.") from error
    today = timezone.localdate()
    if day > today:
        raise CommandError(f"{name} {day} is in the future (today is {today}).")
    if day < FIRST_DAY:
        raise CommandError(
            f"{name} {day} is before {FIRST_DAY}; no report of this kind is that old."
        )
    return day


def _report(pk: int | None) -> Report:
    reports = Report.objects.defer("source_text").order_by("-year", "-pk")
    if pk is None:
        report = reports.first()
        if report is None:
            raise CommandError("No report is loaded: run `manage.py seed_report` first.")
        return report
    try:
        return reports.get(pk=pk)
    except Report.DoesNotExist as missing:
        known = ", ".join(f"{r.pk} ({r.year})" for r in reports) or "none"
        raise CommandError(f"--report {pk}: no such report. Reports: {known}.") from missing
