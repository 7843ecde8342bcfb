"""Progress updates: a unit submits (with evidence), revises by new versions; the
coordinator approves or returns each version."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from .. import permissions
from ..evidence import CheckedFile, check_upload
from ..files import files_follow_transaction, store_upload
from ..models import (
    AWAITING_STATES,
    Decision,
    Evidence,
    Item,
    MessageKind,
    OfficeSettings,
    ProgressUpdate,
    Status,
    Unit,
    UpdateState,
)
from .errors import Conflict, WorkflowError
from .followup import extensions_settle_on_closure, unit_people
from .items import lock_item, save_item
from .notices import notify


@dataclass(frozen=True)
class EvidenceFile:
    upload: UploadedFile
    description: str
    # The form's check of the same upload, so a file is sniffed and hashed once.
    checked: CheckedFile | None = None


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    description: str


def _attach_evidence(
    *,
    update: ProgressUpdate,
    by: AbstractBaseUser,
    files: list[EvidenceFile],
    links: list[EvidenceLink],
    keep: Iterable[Evidence] = (),
    at: datetime,
) -> None:
    """Store the files and links, dated `at`: summaries "as of" a date count evidence
    uploaded by then, so an update placed in the past never has evidence from the future.

    `keep`: evidence of the revised version carried over (the same file or link).
    """
    for kept in keep:
        copy = Evidence(
            update=update,
            file=kept.file.name,
            url=kept.url,
            description=kept.description,
            original_name=kept.original_name,
            content_type=kept.content_type,
            size=kept.size,
            sha256=kept.sha256,
            uploaded_by=kept.uploaded_by,
            uploaded_at=kept.uploaded_at,
            carried_from=kept,
        )
        copy._history_user, copy._history_date = by, at
        copy.save()
    for entry in files:
        checked = entry.checked or check_upload(entry.upload)
        evidence = Evidence(
            update=update,
            description=entry.description or checked.name,
            original_name=checked.name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
            uploaded_at=at,
        )
        # The storage picks a fresh random name; existing files are never overwritten.
        store_upload(evidence.file, f"upload.{checked.extension}", entry.upload)
        evidence._history_user, evidence._history_date = by, at
        evidence.save()
    for link in links:
        evidence = Evidence(
            update=update,
            url=link.url,
            description=link.description or link.url,
            uploaded_by=by,
            uploaded_at=at,
        )
        evidence._history_user, evidence._history_date = by, at
        evidence.save()


def check_closure_request(*, requests_closure: bool, evidence_count: int) -> None:
    """A closure request must carry evidence (the rule's one home)."""
    if requests_closure and not evidence_count:
        raise WorkflowError(_("申请销号必须附佐证材料(文件或链接)。"), field="requests_closure")


def _check_open(item: Item) -> None:
    if item.status == Status.CLOSED:
        raise WorkflowError(_("该事项已销号,不能再填报或修改进展。"))


def _save_version(update: ProgressUpdate, *, by, at: datetime) -> None:
    update._history_user, update._history_date = by, at
    update.save()


def _first_state(*, unit: Unit, requests_closure: bool) -> str:
    """Where a new version waits: with its unit's leader first when the office asks that
    closure requests be checked by the unit (and the unit has a leader), else the office."""
    if (
        requests_closure
        and OfficeSettings.current().unit_review_closure
        and permissions.unit_leaders(unit).exists()
    ):
        return UpdateState.PENDING_UNIT
    return UpdateState.SUBMITTED


def _ask_closure(*, item: Item, update: ProgressUpdate, by, at: datetime) -> None:
    """The item waits for closure (待销号); whoever checks the request next is told."""
    if item.status != Status.AWAITING_CLOSURE:
        item.status = Status.AWAITING_CLOSURE
        save_item(item, by=by, at=at, reason="closure-requested")
    if update.state == UpdateState.PENDING_UNIT:
        _tell_checkers(
            update, kind=MessageKind.UNIT_REVIEW, who=permissions.unit_leaders(update.unit)
        )
    else:
        _tell_checkers(update, kind=MessageKind.SUBMITTED, who=_office(update))


def _office(update: ProgressUpdate):
    """The coordinating office of the report's jurisdiction."""
    return permissions.coordinators(update.item.report.jurisdiction)


def _tell_checkers(update: ProgressUpdate, *, kind: str, who) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(unit)s申请“%(item)s”销号(第 %(n)d 版),请审核。") % {
            "unit": update.unit,
            "item": update.item,
            "n": update.revision,
        }
    notify(kind=kind, item=update.item, recipients=who, text=text, actor=update.author,
           at=update.submitted_at)  # fmt: skip


@files_follow_transaction
@transaction.atomic
def update_submit(
    *,
    item: Item,
    unit: Unit,
    author: AbstractBaseUser,
    reported_on: date,
    text: str,
    percent: int | None = None,
    requests_closure: bool = False,
    files: list[EvidenceFile] = (),
    links: list[EvidenceLink] = (),
    at: datetime | None = None,
) -> ProgressUpdate:
    """Record a unit's progress as 待审核; a closure request marks the item 待销号."""
    at = at or timezone.now()
    locked = lock_item(item_id=item.pk, expected_version=None)
    _check_open(locked)
    check_closure_request(requests_closure=requests_closure, evidence_count=len(files) + len(links))
    return _new_version(
        ProgressUpdate(item=locked, unit=unit, author=author, reported_on=reported_on, text=text,
                       percent=percent, requests_closure=requests_closure),
        files=files, links=links, keep=(), at=at,
    )  # fmt: skip


def _new_version(version: ProgressUpdate, *, files, links, keep, at: datetime) -> ProgressUpdate:
    """Save a first or revised version with its evidence; the item waits for closure or
    no longer does, as the version asks."""
    version.state = _first_state(unit=version.unit, requests_closure=version.requests_closure)
    version.submitted_at = at
    _save_version(version, by=version.author, at=at)
    _attach_evidence(
        update=version, by=version.author, files=list(files), links=list(links), keep=keep, at=at
    )
    if version.requests_closure:
        _ask_closure(item=version.item, update=version, by=version.author, at=at)
    else:
        _release_closure_if_none_pending(item=version.item, by=version.author, at=at)
    return version


@files_follow_transaction
@transaction.atomic
def update_revise(
    *,
    update: ProgressUpdate,
    author: AbstractBaseUser,
    reported_on: date,
    text: str,
    percent: int | None,
    requests_closure: bool,
    keep: Iterable[Evidence] | None = None,
    files: list[EvidenceFile] = (),
    links: list[EvidenceLink] = (),
    at: datetime | None = None,
) -> ProgressUpdate:
    """A unit replaces its update (returned, or not yet reviewed) with a new version.

    The old version stays as it was: returned, or 已撤回 if nobody had reviewed it.
    `keep`: which of the old version's evidence the new one carries (None: all).
    """
    at = at or timezone.now()
    item = lock_item(item_id=update.item_id, expected_version=None)
    old = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if not old.is_revisable:
        raise Conflict(_("该进展已被审核或已有新版本,请刷新页面后再提交。"))
    _check_open(item)
    previous = list(old.evidence.all())
    kept = previous if keep is None else [e for e in previous if e in set(keep)]
    check_closure_request(
        requests_closure=requests_closure, evidence_count=len(kept) + len(files) + len(links)
    )
    if old.is_awaiting:
        old.state = UpdateState.WITHDRAWN
        _save_version(old, by=author, at=at)
    return _new_version(
        ProgressUpdate(item=item, unit=old.unit, author=author, revises=old,
                       revision=old.revision + 1, reported_on=reported_on, text=text,
                       percent=percent, requests_closure=requests_closure),
        files=files, links=links, keep=kept, at=at,
    )  # fmt: skip


def _lock_for_decision(update: ProgressUpdate, *, approve: bool, comment: str, waits: str):
    """The item and the version, locked, once the decision may be taken: a return says
    why, and the version still waits in state `waits` (else it was decided meanwhile) on
    an item not closed since (ProgressUpdate.awaits_decision)."""
    if not approve and not comment:
        raise WorkflowError(_("退回时必须填写审核意见,告诉填报单位需要修改什么。"), field="comment")
    item = lock_item(item_id=update.item_id, expected_version=None)
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    locked.item = item  # the locked row, as the rule below reads it
    if locked.state == UpdateState.WITHDRAWN:
        raise Conflict(_("填报单位已修改这条进展并提交了新版本,请审核新版本。"))
    if locked.state == UpdateState.PENDING_UNIT != waits:
        raise WorkflowError(_("该销号申请正等待填报单位负责人审核,审核通过后再由督办审核。"))
    if locked.state != waits:
        raise Conflict(
            _("该进展已被审核(%(state)s),无需重复审核。") % {"state": locked.get_state_display()}
        )
    if not locked.awaits_decision(waits):  # left undecided when the item was closed
        raise WorkflowError(_("该事项已销号,这一版进展不再审核。"))
    return item, locked


@transaction.atomic
def update_review(
    *,
    update: ProgressUpdate,
    reviewer: AbstractBaseUser,
    decision: str,
    comment: str = "",
    at: datetime | None = None,
) -> ProgressUpdate:
    """Approve (counts from now on; closes the item if closure was asked) or return."""
    at = at or timezone.now()
    if decision not in Decision.values:
        raise WorkflowError(_("未知的审核结果。"))
    approve, comment = decision == Decision.APPROVE, comment.strip()
    item, locked = _lock_for_decision(
        update, approve=approve, comment=comment, waits=UpdateState.SUBMITTED
    )
    locked.decide(approve=approve, by=reviewer, at=at, comment=comment)
    _save_version(locked, by=reviewer, at=at)
    if not approve:
        _release_closure_if_none_pending(item=item, by=reviewer, at=at)
        _tell_unit(locked, kind=MessageKind.RETURNED, by=reviewer)
        return locked
    changed = item.record_approval(
        reported_on=locked.reported_on,
        percent=locked.percent,
        closes=locked.requests_closure,
        on=timezone.localdate(at),
    )
    if changed:  # always here: no version of a closed item is decided (_lock_for_decision)
        save_item(item, by=reviewer, at=at, reason="update-approved")
    closed = changed and item.status == Status.CLOSED
    if closed:
        extensions_settle_on_closure(item=item, by=reviewer, at=at)
    _tell_unit(locked, kind=MessageKind.CLOSED if closed else MessageKind.APPROVED, by=reviewer)
    return locked


@transaction.atomic
def update_unit_review(
    *,
    update: ProgressUpdate,
    leader: AbstractBaseUser,
    approve: bool,
    comment: str = "",
    at: datetime | None = None,
) -> ProgressUpdate:
    """The unit's leader checks its closure request: passed on to the office, or returned."""
    at = at or timezone.now()
    comment = comment.strip()
    item, locked = _lock_for_decision(
        update, approve=approve, comment=comment, waits=UpdateState.PENDING_UNIT
    )
    if approve:
        locked.state = UpdateState.SUBMITTED
        locked.unit_reviewed_by, locked.unit_reviewed_at = leader, at
        _save_version(locked, by=leader, at=at)
        _tell_checkers(locked, kind=MessageKind.SUBMITTED, who=_office(locked))
        return locked
    locked.decide(approve=False, by=leader, at=at, comment=comment)
    _save_version(locked, by=leader, at=at)
    _release_closure_if_none_pending(item=item, by=leader, at=at)
    _tell_unit(locked, kind=MessageKind.RETURNED, by=leader)
    return locked


OUTCOME_TEXT = {
    MessageKind.RETURNED: gettext_noop("“%(item)s”的进展(第 %(n)d 版)被退回:%(comment)s"),
    MessageKind.APPROVED: gettext_noop("“%(item)s”的进展(第 %(n)d 版)已审核通过。"),
    MessageKind.CLOSED: gettext_noop("“%(item)s”已销号。"),
}


def _tell_unit(update: ProgressUpdate, *, kind: str, by) -> None:
    """The reporting unit hears the decision; a closure reaches every unit on the item."""
    item = update.item
    with translation.override(settings.LANGUAGE_CODE):
        text = _(OUTCOME_TEXT[kind]) % {
            "item": item,
            "n": update.revision,
            "comment": update.review_comment,
        }
    units = [update.unit]
    if kind == MessageKind.CLOSED:
        units = list(Unit.objects.filter(pk__in=item.responsible_unit_ids() | {update.unit_id}))
    people = [update.author]
    for unit in units:
        people += unit_people(unit, escalate=kind == MessageKind.CLOSED)
    notify(kind=kind, item=item, recipients=people, text=text, actor=by, at=update.reviewed_at)


def _release_closure_if_none_pending(*, item: Item, by, at: datetime) -> None:
    """待销号 lasts while some undecided version of the item still asks for closure."""
    if item.status != Status.AWAITING_CLOSURE:
        return
    pending = ProgressUpdate.objects.filter(
        item=item, state__in=AWAITING_STATES, requests_closure=True
    )
    if not pending.exists():
        item.status = Status.IN_PROGRESS
        save_item(item, by=by, at=at, reason="closure-withdrawn")
