"""Urging (催办) and extension requests (延期申请)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import ExtensionState, ReminderKind
from .item import Item
from .progress import stored_name
from .report import Unit


class Reminder(models.Model):
    item = models.ForeignKey(
        Item, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="reminders"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("被催办单位"), on_delete=models.CASCADE)
    kind = models.CharField(_("类型"), max_length=20, choices=ReminderKind)
    message = models.TextField(_("催办内容"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("催办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("为空表示系统自动提醒。"),
    )
    sent_at = models.DateTimeField(_("催办时间"))
    period = models.CharField(_("提醒周期"), max_length=20, blank=True)
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("催办记录")
        verbose_name_plural = pgettext_lazy("plural", "催办记录")
        ordering = ["-sent_at", "-pk"]
        constraints = [
            # Automatic reminders go out once per item, kind and period, even if
            # cron runs the command twice.
            models.UniqueConstraint(
                fields=["item", "unit", "kind", "period"],
                condition=~Q(kind=ReminderKind.MANUAL),
                name="reminder_once_per_period",
            ),
            # A manual urge has a person behind it.
            models.CheckConstraint(
                condition=~Q(kind=ReminderKind.MANUAL) | Q(sent_by__isnull=False),
                name="reminder_manual_has_sender",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item.label} → {self.unit}"


def extension_attachment_path(instance: "ExtensionRequest", filename: str) -> str:
    return stored_name("extensions", filename)


class ExtensionRequest(models.Model):
    """A deadline moved later: asked by a unit and decided by the office, or decided by the
    office itself when it moves a deadline (office_initiated). The date before is kept."""

    item = models.ForeignKey(
        Item, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="extension_requests"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("申请单位"), on_delete=models.PROTECT)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.PROTECT,
        related_name="extension_requests",
    )
    requested_at = models.DateTimeField(_("申请时间"))
    office_initiated = models.BooleanField(
        _("督办直接调整"), default=False, help_text=_("由督办在分配责任时直接延后完成时限。")
    )
    original_due_on = models.DateField(_("原完成时限"))
    requested_due_on = models.DateField(_("申请延至"))
    granted_due_on = models.DateField(_("批准延至"), null=True, blank=True)
    reason = models.TextField(_("延期理由"))
    # The unit's signed 延期申请表, checked and stored like evidence.
    attachment = models.FileField(
        _("延期申请表"), upload_to=extension_attachment_path, blank=True, max_length=200
    )
    attachment_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    attachment_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    attachment_size = models.PositiveBigIntegerField(_("大小(字节)"), default=0)
    attachment_sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    state = models.CharField(
        _("审批状态"), max_length=20, choices=ExtensionState, default=ExtensionState.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="extension_decisions",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = pgettext_lazy("plural", "延期申请")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["item", "state"], name="extension_item_state"),
        ]
        constraints = [
            # An extension moves a deadline later, never earlier.
            models.CheckConstraint(
                condition=Q(requested_due_on__gt=F("original_due_on")),
                name="extension_moves_later",
            ),
            # A grant names the date granted, which may differ from the one asked, but is
            # later than the deadline it replaces; no other state names one.
            models.CheckConstraint(
                condition=Q(state=ExtensionState.GRANTED, granted_due_on__gt=F("original_due_on"))
                | (~Q(state=ExtensionState.GRANTED) & Q(granted_due_on__isnull=True)),
                name="extension_grant_has_later_date",
            ),
            # One open request per item at a time, so decisions cannot cross.
            models.UniqueConstraint(
                fields=["item"],
                condition=Q(state=ExtensionState.PENDING),
                name="extension_one_pending_per_item",
            ),
            models.CheckConstraint(
                condition=Q(state=ExtensionState.PENDING)
                | Q(decided_by__isnull=False, decided_at__isnull=False),
                name="extension_decided_has_decider",
            ),
            # A stored attachment always carries its checksum, so tampering shows.
            models.CheckConstraint(
                condition=Q(attachment="") | Q(attachment_sha256__regex=r"^[0-9a-f]{64}$"),
                name="extension_attachment_has_sha256",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.label} → {self.granted_due_on or self.requested_due_on}"

    @property
    def is_pending(self) -> bool:
        return self.state == ExtensionState.PENDING


class OfficeUrge(models.Model):
    """The city's office urges a district's coordinating office (not one item: its work)."""

    jurisdiction = models.ForeignKey(
        "tracker.Jurisdiction",
        verbose_name=_("被催办辖区"),
        on_delete=models.CASCADE,
        related_name="office_urges",
    )
    message = models.TextField(_("催办内容"))
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("催办人"), on_delete=models.PROTECT
    )
    sent_at = models.DateTimeField(_("催办时间"))
    recipients = models.PositiveIntegerField(_("收件人数"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("督办催办")
        verbose_name_plural = pgettext_lazy("plural", "督办催办")
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {self.sent_at:%Y-%m-%d}"
