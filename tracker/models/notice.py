"""签收 (a unit confirms it has received an assignment or an urge) and in-app messages."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import AckReason, MessageKind
from .item import Item
from .report import Unit


class AcknowledgementQuerySet(models.QuerySet):
    def pending(self, *, at: datetime | None = None) -> "AcknowledgementQuerySet":
        """Not yet acknowledged (at `at`: asked by then and not acknowledged by then)."""
        if at is None:
            return self.filter(acknowledged_at__isnull=True)
        return self.filter(
            Q(acknowledged_at__isnull=True) | Q(acknowledged_at__gt=at), created_at__lte=at
        )


class Acknowledgement(models.Model):
    """A unit is asked to confirm it has seen an assignment or an urge (待签收 → 已签收)."""

    item = models.ForeignKey(
        Item, verbose_name=_("事项"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    reason = models.CharField(_("事由"), max_length=20, choices=AckReason)
    reminder = models.OneToOneField(
        "tracker.Reminder",
        verbose_name=_("催办记录"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="acknowledgement",
    )
    created_at = models.DateTimeField(_("下发时间"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("下发人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acknowledged_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("签收人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acknowledgements",
    )
    # The office recorded it for a unit that confirmed another way (a call), 代签收.
    on_behalf = models.BooleanField(_("代签收"), default=False)
    history = HistoricalRecords()
    objects = AcknowledgementQuerySet.as_manager()

    class Meta:
        verbose_name = _("签收记录")
        verbose_name_plural = pgettext_lazy("plural", "签收记录")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["item", "acknowledged_at", "created_at"], name="ack_item_pending"),
            models.Index(fields=["unit", "acknowledged_at"], name="ack_unit_pending"),
        ]
        constraints = [
            # One open assignment notice per unit and item: reassigning does not pile them up.
            models.UniqueConstraint(
                fields=["item", "unit"],
                condition=Q(acknowledged_at__isnull=True, reason=AckReason.ASSIGNED),
                name="ack_one_open_assignment",
            ),
            # An urge is acknowledged through its own notice; an assignment has no urge.
            models.CheckConstraint(
                condition=Q(reason=AckReason.URGED, reminder__isnull=False)
                | Q(reason=AckReason.ASSIGNED, reminder__isnull=True),
                name="ack_urge_has_reminder",
            ),
            models.CheckConstraint(
                condition=Q(acknowledged_at__isnull=True, acknowledged_by__isnull=True)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="ack_acknowledged_has_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.item.label} → {self.unit}"

    @property
    def is_pending(self) -> bool:
        return self.acknowledged_at is None


class MessageQuerySet(models.QuerySet):
    def unread(self) -> "MessageQuerySet":
        return self.filter(read_at__isnull=True)

    def to_email(self) -> "MessageQuerySet":
        """Not e-mailed yet (the recipient's e-mail choice decides when, or whether)."""
        return self.filter(emailed_at__isnull=True)


class Message(models.Model):
    """A line on someone's 消息 page: what happened to an item they answer for."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("收件人"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    kind = models.CharField(_("类型"), max_length=30, choices=MessageKind)
    item = models.ForeignKey(
        Item, verbose_name=_("事项"), null=True, blank=True, on_delete=models.CASCADE
    )
    text = models.TextField(_("内容"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示系统自动发出。"),
    )
    created_at = models.DateTimeField(_("时间"))
    read_at = models.DateTimeField(_("已读时间"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    # Set when the recipient chose no e-mail or has no address: nothing to send, ever.
    email_skipped = models.BooleanField(_("无需发邮件"), default=False)
    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = pgettext_lazy("plural", "站内消息")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="message_unread"),
            models.Index(fields=["recipient", "-created_at"], name="message_inbox"),
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(emailed_at__isnull=True, email_skipped=False),
                name="message_to_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient}"
