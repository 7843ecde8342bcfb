"""Progress updates from units (each version with its review) and their evidence."""

import uuid
from datetime import datetime
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import AWAITING_STATES, DECIDED_STATES, REVISABLE_STATES, Status, UpdateState
from .item import Item
from .report import Unit


class ProgressUpdateQuerySet(models.QuerySet):
    def approved(self) -> "ProgressUpdateQuerySet":
        return self.filter(state=UpdateState.APPROVED)

    def approved_by(self, moment: datetime) -> "ProgressUpdateQuerySet":
        """Versions approved by `moment`: what counted at that instant."""
        return self.filter(state=UpdateState.APPROVED, reviewed_at__lte=moment)

    def awaiting_review(self) -> "ProgressUpdateQuerySet":
        """What the office may still decide, oldest first (its queue and its count)."""
        return self._decidable(UpdateState.SUBMITTED).order_by("submitted_at", "pk")

    def awaiting_unit_check(self) -> "ProgressUpdateQuerySet":
        """Closure requests their units' leaders may still check."""
        return self._decidable(UpdateState.PENDING_UNIT)

    def _decidable(self, state: str) -> "ProgressUpdateQuerySet":
        # ProgressUpdate.awaits_decision in SQL: waiting in `state`, its item not closed.
        return self.filter(state=state).exclude(item__status=Status.CLOSED)

    def returned(self) -> "ProgressUpdateQuerySet":
        return self.filter(state=UpdateState.RETURNED)

    def current(self) -> "ProgressUpdateQuerySet":
        """The latest version of each update (none has replaced it)."""
        return self.filter(revised_by__isnull=True)


class ProgressUpdate(models.Model):
    """One version of a unit's progress report, with the decision taken on it.

    A version is never edited once submitted: revising makes a new version that
    `revises` it, so what was returned stays on record beside what replaced it.
    The decision (approve or return, by whom, when, why) is stored here and
    nowhere else; summaries live and "as of" a date read these same columns.
    """

    item = models.ForeignKey(
        Item, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="updates"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("填报单位"), on_delete=models.PROTECT, related_name="updates"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("填报人"),
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    revises = models.OneToOneField(
        "self",
        verbose_name=_("修改自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revised_by",
    )
    revision = models.PositiveSmallIntegerField(_("版本"), default=1)
    reported_on = models.DateField(_("进展日期"))
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成百分比"), null=True, blank=True)
    requests_closure = models.BooleanField(_("申请销号"), default=False)
    state = models.CharField(
        _("审核状态"), max_length=20, choices=UpdateState, default=UpdateState.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"))
    unit_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("单位审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="unit_reviewed_updates",
    )
    unit_reviewed_at = models.DateTimeField(_("单位审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed_updates",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)
    history = HistoricalRecords()
    objects = ProgressUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("进展情况")
        verbose_name_plural = pgettext_lazy("plural", "进展情况")
        ordering = ["-reported_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "submitted_at"], name="update_state_submitted"),
            models.Index(fields=["item", "state", "reported_on"], name="update_item_state_date"),
            models.Index(fields=["unit", "state"], name="update_unit_state"),
            # When a unit last reported: one probe per unit (the city's dashboard).
            models.Index(fields=["unit", "-submitted_at"], name="update_unit_submitted"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | Q(percent__lte=100),
                name="update_percent_at_most_100",
            ),
            # A unit must be told why its update came back.
            models.CheckConstraint(
                condition=~Q(state=UpdateState.RETURNED) | ~Q(review_comment=""),
                name="update_returned_has_comment",
            ),
            # A decision names who took it and when; an undecided version names nobody.
            models.CheckConstraint(
                condition=Q(
                    state__in=DECIDED_STATES, reviewed_by__isnull=False, reviewed_at__isnull=False
                )
                | (
                    ~Q(state__in=DECIDED_STATES)
                    & Q(reviewed_by__isnull=True, reviewed_at__isnull=True)
                ),
                name="update_decided_has_reviewer",
            ),
            # A first version revises nothing; a later one revises its predecessor.
            models.CheckConstraint(
                condition=Q(revises__isnull=True, revision=1)
                | Q(revises__isnull=False, revision__gt=1),
                name="update_revision_numbering",
            ),
            models.CheckConstraint(
                condition=~Q(revises=F("pk")), name="update_not_revising_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.label} {self.reported_on} ({self.get_state_display()})"

    @property
    def is_awaiting(self) -> bool:
        return self.state in AWAITING_STATES

    @property
    def is_revisable(self) -> bool:
        """Undecided or returned, and not yet replaced by a newer version.

        Lists that show many versions select_related("revised_by"), so this reads
        no row of its own there.
        """
        if self.state not in REVISABLE_STATES:
            return False
        try:
            self.revised_by  # noqa: B018 - the reverse one-to-one, cached when selected
        except ProgressUpdate.DoesNotExist:
            return True
        return False

    @property
    def review_ended(self) -> bool:
        """Left undecided when its item was closed (销号): nobody approves or returns it
        any more. It stays on record as it was and counts for nothing; should the office
        reopen the item, it waits again. Reads self.item (select it, or read the versions
        through item.updates)."""
        return self.is_awaiting and self.item.status == Status.CLOSED

    def awaits_decision(self, state: str) -> bool:
        """The version may be decided now by whoever decides in `state` (SUBMITTED: the
        office; PENDING_UNIT: its unit's leader). The one rule for the buttons (through
        permissions), the service, and (in SQL) the querysets awaiting_review and
        awaiting_unit_check."""
        return self.state == state and not self.review_ended

    def decide(self, *, approve: bool, by, at: datetime, comment: str = "") -> None:
        """Record the reviewer's decision on this version (not saved)."""
        self.state = UpdateState.APPROVED if approve else UpdateState.RETURNED
        self.reviewed_by = by
        self.reviewed_at = at
        self.review_comment = comment


def stored_name(folder: str, filename: str) -> str:
    """A fresh, safe storage name for an upload: the user's name is kept only for display."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    if not suffix[1:].isalnum():
        suffix = ""
    return f"{folder}/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    return stored_name("evidence", filename)


class Evidence(models.Model):
    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("进展"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to=evidence_path, blank=True, max_length=200)
    url = models.URLField(_("链接"), blank=True, max_length=500)
    description = models.CharField(_("说明"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    content_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("大小(字节)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT
    )
    uploaded_at = models.DateTimeField(_("上传时间"), default=timezone.now)
    # Kept from the version this one revises: the same stored file or link.
    carried_from = models.ForeignKey(
        "self",
        verbose_name=_("沿用自"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_to",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = pgettext_lazy("plural", "佐证材料")
        ordering = ["uploaded_at", "pk"]
        constraints = [
            # Each piece of evidence is exactly one thing: a stored file or a link.
            models.CheckConstraint(
                condition=(~Q(file="") & Q(url="")) | (Q(file="") & ~Q(url="")),
                name="evidence_file_xor_url",
            ),
            # A stored file always carries its checksum, so tampering shows.
            models.CheckConstraint(
                condition=Q(file="") | Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="evidence_file_has_sha256",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def preview(self) -> str:
        """ "image" or "pdf" when the file may be opened inline; "" when it downloads."""
        from ..evidence import PREVIEW_TYPES

        return PREVIEW_TYPES.get(self.content_type, "") if self.file else ""

    @property
    def is_image(self) -> bool:
        return self.preview == "image"
