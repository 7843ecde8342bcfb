from .choices import (
    AWAITING_STATES,
    DECIDED_STATES,
    REVISABLE_STATES,
    TRACKED_KINDS,
    AckReason,
    Decision,
    EmailMode,
    ExtensionState,
    Kind,
    Light,
    LinkKind,
    MessageKind,
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
    open_q,
    overdue_q,
)
from .jurisdiction import Jurisdiction, JurisdictionLevel
from .lights import LightReason, ack_since, explain, light_expression, reason_expression
from .notice import Acknowledgement, Message
from .office import FormSubmission, OfficeSettings, UserPreference
from .progress import Evidence, ProgressUpdate
from .report import Membership, Report, Unit

__all__ = [
    "AWAITING_STATES",
    "DECIDED_STATES",
    "REVISABLE_STATES",
    "TRACKED_KINDS",
    "AckReason",
    "Acknowledgement",
    "Decision",
    "EmailMode",
    "Evidence",
    "ExtensionRequest",
    "ExtensionState",
    "FormSubmission",
    "ImportDraft",
    "Indicator",
    "Item",
    "ItemLink",
    "Jurisdiction",
    "JurisdictionLevel",
    "Kind",
    "Light",
    "LightReason",
    "LinkKind",
    "Measurement",
    "Membership",
    "Message",
    "MessageKind",
    "OfficeSettings",
    "ProgressUpdate",
    "Reminder",
    "ReminderKind",
    "Report",
    "Status",
    "Unit",
    "UnitKind",
    "UpdateState",
    "UserPreference",
    "ack_since",
    "chinese_numeral",
    "due_soon_q",
    "explain",
    "label_for",
    "light_expression",
    "open_q",
    "overdue_q",
    "reason_expression",
]
