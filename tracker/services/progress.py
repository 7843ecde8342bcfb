"""Progress updates: a unit submits (with evidence), the coordinator approves or returns."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..evidence import CheckedFile, check_upload
from ..models import Decision, Evidence, Item, ProgressUpdate, Review, Status, Unit, UpdateState
from .errors import Conflict, WorkflowError
from .items import lock_item, save_item


@dataclass(frozen=True)
class EvidenceFile:
    upload: UploadedFile
    description: str


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
    at: datetime,
) -> None:
    """Store the files and links, dated `at`: summaries "as of" a date count evidence
    uploaded by then, so an update placed in the past never has evidence from the future."""
    for entry in files:
        checked: CheckedFile = check_upload(entry.upload)
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


def _check_closure_request(*, requests_closure: bool, has_evidence: bool) -> None:
    if requests_closure and not has_evidence:
        raise WorkflowError(_("申请销号必须附佐证材料(文件或链接)。"))


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
    if locked.status == Status.CLOSED:
        raise WorkflowError(_("该事项已销号,不能再填报进展。"))
    _check_closure_request(requests_closure=requests_closure, has_evidence=bool(files or links))
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
    update._history_user, update._history_date = author, at
    update.save()
    _attach_evidence(update=update, by=author, files=list(files), links=list(links), at=at)
    if requests_closure and locked.status != Status.AWAITING_CLOSURE:
        locked.status = Status.AWAITING_CLOSURE
        save_item(locked, by=author, at=at, reason="closure-requested")
    return update


@transaction.atomic
def update_revise(
    *,
    update: ProgressUpdate,
    author: AbstractBaseUser,
    expected_version: int | None,
    reported_on: date,
    text: str,
    percent: int | None,
    requests_closure: bool,
    files: list[EvidenceFile] = (),
    links: list[EvidenceLink] = (),
    at: datetime | None = None,
) -> ProgressUpdate:
    """A unit revises its update (after a return, or before review) and resubmits it."""
    at = at or timezone.now()
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(_("该进展已被修改或审核,请刷新页面后再提交。"))
    if locked.state == UpdateState.APPROVED:
        raise WorkflowError(_("已通过的进展不能修改。"))
    item = lock_item(item_id=locked.item_id, expected_version=None)
    if item.status == Status.CLOSED:
        raise WorkflowError(_("该事项已销号,不能再修改进展。"))
    has_evidence = bool(files or links) or locked.evidence.exists()
    _check_closure_request(requests_closure=requests_closure, has_evidence=has_evidence)
    locked.reported_on = reported_on
    locked.text = text
    locked.percent = percent
    locked.requests_closure = requests_closure
    locked.state = UpdateState.SUBMITTED
    locked.submitted_at = at
    locked.version += 1
    locked._history_user, locked._history_date = author, at
    locked.save()
    _attach_evidence(update=locked, by=author, files=list(files), links=list(links), at=at)
    if requests_closure and item.status != Status.AWAITING_CLOSURE:
        item.status = Status.AWAITING_CLOSURE
        save_item(item, by=author, at=at, reason="closure-requested")
    else:
        _release_closure_if_none_pending(item=item, by=author, at=at)
    return locked


@transaction.atomic
def update_review(
    *,
    update: ProgressUpdate,
    reviewer: AbstractBaseUser,
    decision: str,
    comment: str = "",
    expected_version: int | None = None,
    at: datetime | None = None,
) -> ProgressUpdate:
    """Approve (counts from now on; closes the item if closure was asked) or return."""
    at = at or timezone.now()
    comment = comment.strip()
    locked = ProgressUpdate.objects.select_for_update().get(pk=update.pk)
    if locked.state != UpdateState.SUBMITTED:
        raise Conflict(
            _("该进展已被审核(%(state)s),无需重复审核。") % {"state": locked.get_state_display()}
        )
    if expected_version is not None and locked.version != expected_version:
        raise Conflict(_("填报单位刚刚修改了这条进展,请刷新页面查看后再审核。"))
    if decision == Decision.RETURN and not comment:
        raise WorkflowError(_("退回时必须填写审核意见。"))
    if decision not in Decision.values:
        raise WorkflowError(_("未知的审核结果。"))
    Review.objects.create(
        update=locked, reviewer=reviewer, decision=decision, comment=comment, created_at=at
    )
    locked.state = UpdateState.APPROVED if decision == Decision.APPROVE else UpdateState.RETURNED
    locked.reviewed_by = reviewer
    locked.reviewed_at = at
    locked.review_comment = comment
    locked.version += 1
    locked._history_user, locked._history_date = reviewer, at
    locked.save()
    item = lock_item(item_id=locked.item_id, expected_version=None)
    if item.status == Status.CLOSED:
        return locked  # a late update is recorded; a closed item stays as it was closed
    if decision == Decision.APPROVE:
        _apply_approved(item=item, update=locked, reviewer=reviewer, at=at)
    else:
        _release_closure_if_none_pending(item=item, by=reviewer, at=at)
    return locked


def _release_closure_if_none_pending(*, item: Item, by, at: datetime) -> None:
    """待销号 lasts while some submitted update of the item still asks for closure."""
    if item.status != Status.AWAITING_CLOSURE:
        return
    pending = ProgressUpdate.objects.filter(
        item=item, state=UpdateState.SUBMITTED, requests_closure=True
    )
    if not pending.exists():
        item.status = Status.IN_PROGRESS
        save_item(item, by=by, at=at, reason="closure-withdrawn")


def _apply_approved(*, item: Item, update: ProgressUpdate, reviewer, at: datetime) -> None:
    newest = item.last_approved_on is None or update.reported_on >= item.last_approved_on
    if newest:
        item.last_approved_on = update.reported_on
        if update.percent is not None:  # an older report never rolls the figure back
            item.percent = update.percent
    if update.requests_closure:
        item.status = Status.CLOSED
        item.closed_on = timezone.localdate(at)
        item.percent = 100
    elif item.status == Status.NOT_STARTED:
        item.status = Status.IN_PROGRESS
    save_item(item, by=reviewer, at=at, reason="update-approved")
