"""Progress updates: a unit submits (with evidence), revises by new versions; the
coordinator approves or returns each version."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..evidence import CheckedFile, check_upload
from ..models import (
    AWAITING_STATES,
    Decision,
    Evidence,
    Item,
    ProgressUpdate,
    Status,
    Unit,
    UpdateState,
)
from .errors import Conflict, WorkflowError
from .followup import extensions_settle_on_closure
from .items import lock_item, save_item


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
        evidence.file.save(f"upload.{checked.extension}", entry.upload, save=False)
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


def _ask_closure(*, item: Item, by, at: datetime) -> None:
    if item.status != Status.AWAITING_CLOSURE:
        item.status = Status.AWAITING_CLOSURE
        save_item(item, by=by, at=at, reason="closure-requested")


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
    update = ProgressUpdate(
        item=locked,
        unit=unit,
        author=author,
        reported_on=reported_on,
        text=text,
        percent=percent,
        requests_closure=requests_closure,
        submitted_at=at,
    )
    _save_version(update, by=author, at=at)
    _attach_evidence(update=update, by=author, files=list(files), links=list(links), at=at)
    if requests_closure:
        _ask_closure(item=locked, by=author, at=at)
    return update


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
    new = ProgressUpdate(
        item=item,
        unit=old.unit,
        author=author,
        revises=old,
        revision=old.revision + 1,
        reported_on=reported_on,
        text=text,
        percent=percent,
        requests_closure=requests_closure,
        submitted_at=at,
    )
    _save_version(new, by=author, at=at)
    _attach_evidence(update=new, by=author, files=list(files), links=list(links), keep=kept, at=at)
    if requests_closure:
        _ask_closure(item=item, by=author, at=at)
    else:
        _release_closure_if_none_pending(item=item, by=author, at=at)
    return new


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
    comment = comment.strip()
    if decision not in Decision.values:
        raise WorkflowError(_("未知的审核结果。"))
    if decision == Decision.RETURN and not comment:
        raise WorkflowError(_("退回时必须填写审核意见,告诉填报单位需要修改什么。"), field="comment")
    item = lock_item(item_id=update.item_id, expected_version=None)
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.state == UpdateState.WITHDRAWN:
        raise Conflict(_("填报单位已修改这条进展并提交了新版本,请审核新版本。"))
    if locked.state != UpdateState.SUBMITTED:
        raise Conflict(
            _("该进展已被审核(%(state)s),无需重复审核。") % {"state": locked.get_state_display()}
        )
    locked.decide(approve=decision == Decision.APPROVE, by=reviewer, at=at, comment=comment)
    _save_version(locked, by=reviewer, at=at)
    if decision == Decision.RETURN:
        _release_closure_if_none_pending(item=item, by=reviewer, at=at)
        return locked
    changed = item.record_approval(
        reported_on=locked.reported_on,
        percent=locked.percent,
        closes=locked.requests_closure,
        on=timezone.localdate(at),
    )
    if changed:  # a late update on a closed item is recorded; the item stays as closed
        save_item(item, by=reviewer, at=at, reason="update-approved")
        if item.status == Status.CLOSED:
            extensions_settle_on_closure(item=item, by=reviewer, at=at)
    return locked


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
