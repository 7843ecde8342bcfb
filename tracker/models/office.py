"""What the coordinating office and each person choose: office switches, e-mail habits,
and the one-time keys that make a form posted twice count once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import EmailMode


class OfficeSettings(models.Model):
    """The coordinating office's switches (one row)."""

    unit_review_closure = models.BooleanField(
        _("销号申请先经单位负责人审核"),
        default=False,
        help_text=_("开启后,填报单位的销号申请先由本单位负责人审核通过,再交督办审核。"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("督办设置")
        verbose_name_plural = pgettext_lazy("plural", "督办设置")

    def __str__(self) -> str:
        return str(_("督办设置"))

    @classmethod
    def current(cls) -> "OfficeSettings":
        """The switches in force (the defaults until the office saves them)."""
        return cls.objects.filter(pk=1).first() or cls(pk=1)


class UserPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="preference",
    )
    email_mode = models.CharField(
        _("邮件提醒"), max_length=10, choices=EmailMode, default=EmailMode.DIGEST
    )
    # Read from the session on every page (tracker.large_type), stored here to follow the
    # person from one log-in and one computer to the next.
    large_type = models.BooleanField(
        _("长者模式"),
        default=False,
        help_text=_("大字号、醒目的按钮和焦点框、更强的对比度。"),
    )

    class Meta:
        verbose_name = _("个人设置")
        verbose_name_plural = pgettext_lazy("plural", "个人设置")

    def __str__(self) -> str:
        return str(self.user)


class FormSubmission(models.Model):
    """A one-time key a form carried: a second post with the same key stores nothing."""

    key = models.CharField(_("表单标识"), max_length=64)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    # Where the first post led, so a repeat lands on the same page.
    outcome_url = models.CharField(_("结果页面"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("表单提交记录")
        verbose_name_plural = pgettext_lazy("plural", "表单提交记录")
        constraints = [
            # The second of two posts of one form fails here, inside its own transaction.
            models.UniqueConstraint(fields=["user", "key"], name="form_submission_once"),
        ]

    def __str__(self) -> str:
        return self.key
