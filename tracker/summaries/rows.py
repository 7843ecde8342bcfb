"""The rows summaries are made of: one item as it stood, its links, its progress."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils import translation

from ..i18n import DOCUMENT_LANGUAGE, in_document_language
from ..models import TRACKED_KINDS, Kind, Light, Status, explain, label_for


@dataclass(frozen=True)
class Linked:
    """An item a row is linked to: a shortfall's causes and tasks, a task's targets."""

    id: int
    kind: str
    number: int
    sequence: int
    title: str

    @property
    def label(self) -> str:
        return label_for(self.kind, self.number)


@dataclass(frozen=True)
class Progress:
    id: int
    reported_on: date
    text: str


@dataclass
class ItemRow:
    id: int
    kind: str
    number: int
    sequence: int
    title: str
    status: str
    light: str
    due_soon: bool
    lead_unit_id: int | None
    lead_unit: str
    start_on: date | None
    due_on: date | None
    closed_on: date | None
    percent: int
    last_approved_on: date | None = None
    report_id: int | None = None
    light_reason: str = ""
    ack_since: datetime | None = None
    light_on: date | None = None  # the day the light describes
    extensions: int = 0  # deadline extensions granted
    original_due_on: date | None = None  # the deadline before the first extension
    # Filled by item_rows(detail=True) only.
    text: str = ""
    supporting: list[str] = field(default_factory=list)
    assignee: str = ""
    latest: Progress | None = None
    evidence_count: int = 0
    linked: list[Linked] = field(default_factory=list)
    last_change: date | None = None

    @property
    def pk(self) -> int:
        return self.id

    @property
    def label(self) -> str:
        return label_for(self.kind, self.number)

    # The labels below go into documents (ledger, summary, draft), which stay in
    # Chinese whatever language the reader's pages are in (docs/I18N.md).
    @property
    def kind_label(self) -> str:
        return in_document_language(Kind(self.kind).label)

    @property
    def status_label(self) -> str:
        if self.status not in Status.values:
            return ""
        return in_document_language(Status(self.status).label)

    @property
    def light_label(self) -> str:
        return in_document_language(Light(self.light).label) if self.light in Light.values else ""

    @property
    def light_text(self) -> str:
        """Why the light shows, in words, in the reader's language (documents: light_words)."""
        return explain(self, on=self.light_on) if self.light_on else ""

    @property
    def light_words(self) -> str:
        """Why the light shows, in a document's words (Chinese)."""
        with translation.override(DOCUMENT_LANGUAGE):
            return self.light_text

    @property
    def is_tracked(self) -> bool:
        return self.kind in TRACKED_KINDS

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.light == Light.RED

    def linked_of(self, kind: str) -> list[Linked]:
        return [link for link in self.linked if link.kind == kind]


@dataclass
class UnitRow:
    """What one lead unit owes: items it leads, how many are closed, how many overdue."""

    unit_id: int | None
    name: str
    owed: int = 0
    closed: int = 0
    overdue: int = 0
    extensions: int = 0  # deadline extensions granted on the unit's items

    @property
    def open(self) -> int:
        return self.owed - self.closed

    @property
    def closed_percent(self) -> int:
        return round(self.closed * 100 / self.owed) if self.owed else 0


@dataclass(frozen=True)
class MonthPoint:
    month: date  # first day of the month
    closed: int
    cumulative: int


@dataclass(frozen=True)
class EvidenceRef:
    id: int
    description: str


@dataclass(frozen=True)
class ProgressDetail:
    """One approved update that counts, with the evidence that counts."""

    id: int
    item_id: int
    reported_on: date
    text: str
    unit: str
    evidence: tuple[EvidenceRef, ...]
