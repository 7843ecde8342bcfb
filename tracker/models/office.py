"""What the coordinating office and each person choose: office switches, e-mail habits,
and the one-time keys that make a form posted twice count once."""

from django.conf import settings
from django.core.validators import MaxValueValidator
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


class ScoringRuleQuerySet(models.QuerySet):
    def governing(self, jurisdiction_id: int) -> "ScoringRule":
        """The rule in force in a jurisdiction: its own, else the nearest one above it
        (a city's rule serves its districts until a district sets its own), else the
        defaults (unsaved). One query, with the jurisdiction's path as a subquery."""
        from django.db.models import F, Subquery
        from django.db.models.functions import Length
        from django.db.models.lookups import StartsWith

        from .jurisdiction import Jurisdiction

        path = Jurisdiction.objects.filter(pk=jurisdiction_id).values("path")[:1]
        found = (
            self.filter(StartsWith(Subquery(path), F("jurisdiction__path")))
            .order_by(Length("jurisdiction__path").desc())
            .first()
        )
        return found or ScoringRule(jurisdiction_id=jurisdiction_id)


class ScoringRule(models.Model):
    """How the coordinating office scores units (考核): a base, points added for items
    closed on time and for timely progress reports, points taken off for overdue items,
    returned updates and notices left unacknowledged. One per jurisdiction."""

    jurisdiction = models.ForeignKey(
        "tracker.Jurisdiction",
        verbose_name=_("辖区"),
        on_delete=models.CASCADE,
        related_name="scoring_rules",
    )
    base = models.PositiveSmallIntegerField(
        _("基础分"),
        default=100,
        validators=[MaxValueValidator(1000)],
        help_text=_("每个单位的起始得分。"),
    )
    closed_on_time = models.PositiveSmallIntegerField(
        _("按时销号加分(每项)"),
        default=5,
        validators=[MaxValueValidator(100)],
        help_text=_("牵头事项在完成时限内销号的,每项加分。"),
    )
    timely_report = models.PositiveSmallIntegerField(
        _("按时报送加分(每条)"),
        default=1,
        validators=[MaxValueValidator(100)],
        help_text=_("在完成时限前报送并经审核通过的进展,每条加分。"),
    )
    overdue = models.PositiveSmallIntegerField(
        _("逾期扣分(每项)"),
        default=5,
        validators=[MaxValueValidator(100)],
        help_text=_("牵头事项逾期未销号的,每项扣分。"),
    )
    returned = models.PositiveSmallIntegerField(
        _("进展退回扣分(每次)"),
        default=2,
        validators=[MaxValueValidator(100)],
        help_text=_("报送的进展被督办退回的,每次扣分。"),
    )
    unacknowledged = models.PositiveSmallIntegerField(
        _("未签收扣分(每件)"),
        default=2,
        validators=[MaxValueValidator(100)],
        help_text=_("分配或催办超过签收期限仍未签收的,每件扣分。"),
    )
    history = HistoricalRecords()
    objects = ScoringRuleQuerySet.as_manager()

    POINT_FIELDS = ("closed_on_time", "timely_report", "overdue", "returned", "unacknowledged")

    class Meta:
        verbose_name = _("考核评分规则")
        verbose_name_plural = pgettext_lazy("plural", "考核评分规则")
        constraints = [
            # A jurisdiction is scored by one rule: two would leave the ranking ambiguous.
            models.UniqueConstraint(
                fields=["jurisdiction"], name="scoring_rule_one_per_jurisdiction"
            ),
            # A base above 1000 or a point above 100 is a typo, not a policy.
            models.CheckConstraint(
                condition=models.Q(base__lte=1000)
                & models.Q(closed_on_time__lte=100)
                & models.Q(timely_report__lte=100)
                & models.Q(overdue__lte=100)
                & models.Q(returned__lte=100)
                & models.Q(unacknowledged__lte=100),
                name="scoring_rule_points_bounded",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.jurisdiction} {_('考核评分规则')}"
