"""What changed from one version of a progress update to the next.

Read on the item page from rows the timeline already fetched (the version,
the one it revises and both evidence lists), so it costs no query.
"""

from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from .models import Evidence, ProgressUpdate

SAME, ADDED, REMOVED = "same", "added", "removed"


@dataclass
class VersionChanges:
    previous: ProgressUpdate
    text: list[tuple[str, str]] = field(default_factory=list)  # (SAME|ADDED|REMOVED, segment)
    fields: list[str] = field(default_factory=list)
    kept: list[Evidence] = field(default_factory=list)
    added: list[Evidence] = field(default_factory=list)
    dropped: list[Evidence] = field(default_factory=list)

    @property
    def text_changed(self) -> bool:
        return any(op != SAME for op, _segment in self.text)


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Character runs kept, removed and added (Chinese has no spaces to split words on)."""
    runs: list[tuple[str, str]] = []
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append((SAME, old[a1:a2]))
            continue
        if a2 > a1:
            runs.append((REMOVED, old[a1:a2]))
        if b2 > b1:
            runs.append((ADDED, new[b1:b2]))
    return runs


def _value(value) -> str:
    return "—" if value in (None, "") else str(value)


def version_changes(update: ProgressUpdate) -> VersionChanges | None:
    """The changes against the version this one revises; None for a first version."""
    previous = update.revises
    if previous is None:
        return None
    changes = VersionChanges(previous=previous, text=text_diff(previous.text, update.text))
    if previous.reported_on != update.reported_on:
        changes.fields.append(
            _("进展日期:%(a)s → %(b)s") % {"a": previous.reported_on, "b": update.reported_on}
        )
    if previous.percent != update.percent:
        changes.fields.append(
            _("完成百分比:%(a)s → %(b)s")
            % {"a": _value(previous.percent), "b": _value(update.percent)}
        )
    if previous.requests_closure != update.requests_closure:
        changes.fields.append(_("改为申请销号") if update.requests_closure else _("不再申请销号"))
    carried = set()
    for evidence in update.evidence.all():
        if evidence.carried_from_id:
            carried.add(evidence.carried_from_id)
            changes.kept.append(evidence)
        else:
            changes.added.append(evidence)
    changes.dropped = [e for e in previous.evidence.all() if e.pk not in carried]
    return changes
