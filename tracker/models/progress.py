"""Progress updates from units, their evidence, and the coordinator's reviews."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import Decision, UpdateState
from .item import Item
from .report import Unit


class ProgressUpdateQuerySet(models.QuerySet):
    def approved(self) -> "ProgressUpdateQuerySet":
        return self.filter(state=UpdateState.APPROVED)

    def awaiting_review(self) -> "ProgressUpdateQuerySet":
        return self.filter(state=UpdateState.SUBMITTED).order_by("submitted_at", "pk")

    def returned(self) -> "ProgressUpdateQuerySet":
        return self.filter(state=UpdateState.RETURNED)


class ProgressUpdate(models.Model):
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
    reported_on = models.DateField(_("进展日期"))
    text = models.TextField(_("进展情况"))
    percent = models.PositiveSmallIntegerField(_("完成百分比"), null=True, blank=True)
    requests_closure = models.BooleanField(_("申请销号"), default=False)
    state = models.CharField(
        _("审核状态"), max_length=20, choices=UpdateState, default=UpdateState.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"))
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
    version = models.PositiveIntegerField(default=1, editable=False)
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
            # A decided update names who decided and when.
            models.CheckConstraint(
                condition=Q(state=UpdateState.SUBMITTED)
                | Q(reviewed_by__isnull=False, reviewed_at__isnull=False),
                name="update_reviewed_has_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.label} {self.reported_on} ({self.get_state_display()})"


class Review(models.Model):
    """One decision on one submission; an update returned and resubmitted has several."""

    update = models.ForeignKey(
        ProgressUpdate, verbose_name=_("进展"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT
    )
    decision = models.CharField(_("审核结果"), max_length=20, choices=Decision)
    comment = models.TextField(_("审核意见"), blank=True)
    created_at = models.DateTimeField(_("审核时间"))

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = pgettext_lazy("plural", "审核记录")
        ordering = ["created_at", "pk"]
        constraints = [
            # Returning without a reason leaves the unit guessing.
            models.CheckConstraint(
                condition=~Q(decision=Decision.RETURN) | ~Q(comment=""),
                name="review_return_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_decision_display()} {self.update_id}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    """A fresh, safe name per file: the user's name is kept only in `original_name`."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    if not suffix[1:].isalnum():
        suffix = ""
    return f"evidence/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


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
