"""Urging (催办) and extension requests (延期申请)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import ExtensionState, ReminderKind
from .item import Item
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


class ExtensionRequest(models.Model):
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
    original_due_on = models.DateField(_("原完成时限"))
    requested_due_on = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
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

    class Meta:
        verbose_name = _("延期申请")
        verbose_name_plural = pgettext_lazy("plural", "延期申请")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # An extension moves a deadline later, never earlier.
            models.CheckConstraint(
                condition=Q(requested_due_on__gt=F("original_due_on")),
                name="extension_moves_later",
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
        ]

    def __str__(self) -> str:
        return f"{self.item.label} → {self.requested_due_on}"
