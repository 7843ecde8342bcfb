"""The report's figures: baselines, targets and measurements over time."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .item import Item
from .report import Report


class Indicator(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="indicators"
    )
    items = models.ManyToManyField(
        Item, verbose_name=_("相关事项"), blank=True, related_name="indicators"
    )
    name = models.CharField(_("指标名称"), max_length=120)
    unit_of_measure = models.CharField(_("计量单位"), max_length=30, blank=True)
    higher_is_better = models.BooleanField(_("数值越高越好"), default=True)
    baseline_value = models.DecimalField(
        _("基线值"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_on = models.DateField(_("基线日期"), null=True, blank=True)
    baseline_source = models.TextField(_("基线出处"), blank=True)
    target_value = models.DecimalField(
        _("目标值"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_on = models.DateField(_("目标日期"), null=True, blank=True)
    target_source = models.TextField(_("目标出处"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = pgettext_lazy("plural", "指标")
        ordering = ["report", "pk"]
        constraints = [
            # One name per report, so measurements attach to the right series.
            models.UniqueConstraint(fields=["report", "name"], name="indicator_unique_name"),
            # A target is set for a date after its baseline.
            models.CheckConstraint(
                condition=Q(baseline_on__isnull=True)
                | Q(target_on__isnull=True)
                | Q(target_on__gte=F("baseline_on")),
                name="indicator_target_after_baseline",
            ),
            # A value without its date cannot be placed on a timeline.
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_on__isnull=False),
                name="indicator_baseline_dated",
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_on__isnull=False),
                name="indicator_target_dated",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def progress_percent(self, latest) -> int | None:
        """How far `latest` has moved from the baseline toward the target, 0–100."""
        if latest is None or self.baseline_value is None or self.target_value is None:
            return None
        span = self.target_value - self.baseline_value
        if span == 0:
            return 100
        share = (latest - self.baseline_value) / span * 100
        return max(0, min(100, round(share)))


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.CASCADE, related_name="measurements"
    )
    value = models.DecimalField(_("数值"), max_digits=16, decimal_places=4)
    measured_on = models.DateField(_("日期"))
    source = models.TextField(_("出处"), help_text=_("数值所在的原文句子或材料。"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标实际值")
        verbose_name_plural = pgettext_lazy("plural", "指标实际值")
        ordering = ["indicator", "measured_on"]
        constraints = [
            # Two different values for the same day would make "latest" ambiguous.
            models.UniqueConstraint(
                fields=["indicator", "measured_on"], name="measurement_one_per_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value} ({self.measured_on})"
