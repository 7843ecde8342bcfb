"""A report being imported: the parse, corrected by the coordinator before it is saved."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ImportDraftQuerySet(models.QuerySet):
    def unfinished(self, user) -> "ImportDraftQuerySet":
        """The drafts `user` started and has not yet imported (each importer sees only theirs)."""
        return self.filter(created_by=user, report__isnull=True)


class ImportDraft(models.Model):
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导入人"), on_delete=models.CASCADE
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    source_text = models.TextField(_("报告原文"))
    # The parse as tracker.importer.draft shapes it: header, items, chosen links.
    data = models.JSONField(_("解析结果"))
    # Whose report it is: matched from the issuer, or chosen in the preview.
    jurisdiction = models.ForeignKey(
        "tracker.Jurisdiction",
        verbose_name=_("辖区"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    report = models.ForeignKey(
        "tracker.Report",
        verbose_name=_("导入后的报告"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )

    objects = ImportDraftQuerySet.as_manager()

    class Meta:
        verbose_name = _("报告导入草稿")
        verbose_name_plural = pgettext_lazy("plural", "报告导入草稿")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.data.get("title") or self.filename or str(self.pk)
