"""Exports made in the background (the city's ledger, a district's ledger, the item list):
who asked, for what, how far it got, and the file when it is ready."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .progress import stored_name


class ExportKind(models.TextChoices):
    CITY_LEDGER = "city_ledger", _("全市整改台账")
    LEDGER = "ledger", _("整改台账")
    ITEM_LIST = "item_list", _("事项清单")


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


FINISHED_STATES = (ExportStatus.DONE, ExportStatus.FAILED)


def export_path(instance: "ExportJob", filename: str) -> str:
    return stored_name("exports", filename)


class ExportQuerySet(models.QuerySet):
    def unfinished(self):
        return self.exclude(status__in=FINISHED_STATES)


class ExportJob(models.Model):
    kind = models.CharField(_("导出内容"), max_length=20, choices=ExportKind)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("申请人"),
        on_delete=models.CASCADE,
        related_name="export_jobs",
    )
    # What to export (report, as_of, unit; the item list's query string), checked again
    # against the requester's rights when the job runs.
    params = models.JSONField(_("导出条件"), default=dict, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=ExportStatus, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("进度(%)"), default=0)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    file = models.FileField(_("文件"), upload_to=export_path, blank=True, max_length=200)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("后台导出")
        verbose_name_plural = pgettext_lazy("plural", "后台导出")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["requested_by", "-created_at"], name="export_by_user")]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_percent"),
            models.CheckConstraint(
                condition=Q(status__in=ExportStatus.values), name="export_status_known"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ExportKind.values), name="export_kind_known"
            ),
            # A finished export has a file or a reason why not.
            models.CheckConstraint(
                condition=~Q(status=ExportStatus.DONE) | ~Q(file=""),
                name="export_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED_STATES
