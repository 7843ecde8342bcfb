from .choices import (
    AWAITING_STATES,
    DECIDED_STATES,
    REVISABLE_STATES,
    TRACKED_KINDS,
    Decision,
    ExtensionState,
    Kind,
    Light,
    LinkKind,
    ReminderKind,
    Status,
    UnitKind,
    UpdateState,
)
from .followup import ExtensionRequest, Reminder
from .importing import ImportDraft
from .indicator import Indicator, Measurement
from .item import (
    Item,
    ItemLink,
    chinese_numeral,
    due_soon_q,
    label_for,
    light_expression,
    open_q,
    overdue_q,
)
from .progress import Evidence, ProgressUpdate
from .report import Membership, Report, Unit

__all__ = [
    "AWAITING_STATES",
    "DECIDED_STATES",
    "REVISABLE_STATES",
    "TRACKED_KINDS",
    "Decision",
    "Evidence",
    "ExtensionRequest",
    "ExtensionState",
    "ImportDraft",
    "Indicator",
    "Item",
    "ItemLink",
    "Kind",
    "Light",
    "LinkKind",
    "Measurement",
    "Membership",
    "ProgressUpdate",
    "Reminder",
    "ReminderKind",
    "Report",
    "Status",
    "Unit",
    "UnitKind",
    "UpdateState",
    "chinese_numeral",
    "due_soon_q",
    "label_for",
    "light_expression",
    "open_q",
    "overdue_q",
]
