"""The report, the organisations it names, and who works for which unit."""

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from ..years import FIRST_YEAR, LAST_YEAR
from .choices import UnitKind
from .jurisdiction import Jurisdiction


class Report(models.Model):
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发文机关"), max_length=100)
    # The jurisdiction whose government issued the report; its offices see it.
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("辖区"), on_delete=models.PROTECT, related_name="reports"
    )
    year = models.PositiveSmallIntegerField(_("报告年度"))
    signed_on = models.DateField(_("成文日期"), null=True, blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    source_text = models.TextField(_("报告原文"))
    # Last year's report of the same jurisdiction, linked on import: its items
    # are the predecessors of this one's (ItemLineage).
    previous = models.OneToOneField(
        "self",
        verbose_name=_("上一年度报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="following",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("法治政府建设情况报告")
        verbose_name_plural = pgettext_lazy("plural", "法治政府建设情况报告")
        ordering = ["-year", "issuer"]
        constraints = [
            # A government issues one such report per year: importing it again
            # must update or be refused, never create a second copy.
            models.UniqueConstraint(fields=["issuer", "year"], name="report_one_per_issuer_year"),
            # A year outside tracker.years' range is a typo (see there).
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR, year__lte=LAST_YEAR),
                name="report_year_plausible",
            ),
            # A report cannot follow itself (years and jurisdiction are checked in clean()).
            models.CheckConstraint(
                condition=~Q(previous=F("pk")), name="report_previous_not_itself"
            ),
            # A report is published after it is signed, never before.
            models.CheckConstraint(
                condition=Q(signed_on__isnull=True)
                | Q(published_on__isnull=True)
                | Q(published_on__gte=F("signed_on")),
                name="report_published_after_signed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        previous = self.previous
        if previous is not None and (
            previous.jurisdiction_id != self.jurisdiction_id or previous.year >= self.year
        ):
            raise ValidationError({"previous": _("上一年度报告必须属于同一辖区,且年度更早。")})


def pinyin_key(text: str) -> str:
    """A name's sort key in 汉语拼音 (区司法局 → "qu si fa ju"): Chinese is listed
    alphabetically by pinyin, not by the code points of its characters."""
    from pypinyin import lazy_pinyin

    return " ".join(lazy_pinyin(text))[:200]


class UnitQuerySet(models.QuerySet):
    def within(self, jurisdiction: Jurisdiction) -> "UnitQuerySet":
        """Units of a jurisdiction and of those below it (a district's units and townships)."""
        return self.filter(jurisdiction__path__startswith=jurisdiction.path)

    def in_order(self) -> "UnitQuerySet":
        """The order every list of units follows: the number the coordinator gave a unit
        (units without one after), then the unit's kind (党委机构, 政府, 政府部门 …, as
        UnitKind lists them), then the pinyin of its short name."""
        kind_rank = Case(
            *[When(kind=kind, then=Value(rank)) for rank, kind in enumerate(UnitKind.values)],
            default=Value(len(UnitKind.values)),
            output_field=models.IntegerField(),
        )
        return self.order_by(
            F("sort_order").asc(nulls_last=True), kind_rank, "pinyin", "name", "pk"
        )


class Unit(models.Model):
    name = models.CharField(_("单位名称"), max_length=100)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("辖区"), on_delete=models.PROTECT, related_name="units"
    )
    short_name = models.CharField(_("简称"), max_length=40, blank=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind, default=UnitKind.OTHER)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    email = models.EmailField(_("单位邮箱"), blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("排序号"),
        null=True,
        blank=True,
        help_text=_("数字小的排在前面;不填的排在有排序号的单位之后,再按单位类型和简称的拼音排列。"),
    )
    # Kept by the pre_save receiver below (fixtures and every save): see pinyin_key.
    pinyin = models.CharField(_("简称拼音"), max_length=200, blank=True, editable=False)
    named_in_report = models.BooleanField(
        _("报告中提及"),
        default=False,
        help_text=_("报告原文提到的单位;否则为演示或手工添加的单位。"),
    )
    history = HistoricalRecords()
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = pgettext_lazy("plural", "单位")
        ordering = ["name"]
        constraints = [
            # "区司法局" exists in every district: a name is unique within its jurisdiction.
            models.UniqueConstraint(
                fields=["jurisdiction", "name"],
                name="unit_unique_name",
                violation_error_message=_("本辖区已有同名的单位。"),
            ),
            # A unit cannot be its own parent (longer cycles are refused in clean()).
            models.CheckConstraint(condition=~Q(parent=F("pk")), name="unit_not_own_parent"),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        seen, node = {self.pk}, self.parent
        while node is not None:
            if node.pk in seen:
                raise ValidationError({"parent": _("上级单位不能形成循环。")})
            seen.add(node.pk)
            node = node.parent


@receiver(pre_save, sender=Unit, dispatch_uid="tracker-unit-pinyin")
def unit_pinyin(sender, instance: Unit, **kwargs) -> None:
    """Keep a unit's pinyin sort key with its names (loaddata's raw saves included)."""
    instance.pinyin = pinyin_key(instance.short_name or instance.name)


class Membership(models.Model):
    """A reporter works for a unit; a reporter may belong to several units."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="memberships"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("单位成员")
        verbose_name_plural = pgettext_lazy("plural", "单位成员")
        constraints = [
            # Listing a person twice in one unit would double their reminders.
            models.UniqueConstraint(fields=["user", "unit"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.unit}"
