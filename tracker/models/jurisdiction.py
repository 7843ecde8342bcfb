"""The jurisdiction tree: 市 → 区/县 → 乡镇/街道. Reports and units belong to one; people see
the jurisdictions of their units and everything below them."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords


class JurisdictionLevel(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区/县")
    TOWNSHIP = "township", _("乡镇/街道")


class JurisdictionQuerySet(models.QuerySet):
    def within(self, roots) -> "JurisdictionQuerySet":
        """The `roots` and every jurisdiction below them (by their materialised paths)."""
        paths = Q(pk__in=[])
        for root in roots:
            paths |= Q(path__startswith=root.path)
        return self.filter(paths)

    def districts(self) -> "JurisdictionQuerySet":
        return self.filter(level=JurisdictionLevel.DISTRICT)


class Jurisdiction(models.Model):
    name = models.CharField(_("名称"), max_length=100, help_text=_("如“天津市蓟州区”。"))
    short_name = models.CharField(_("简称"), max_length=40, blank=True, help_text=_("如“蓟州区”。"))
    level = models.CharField(_("层级"), max_length=20, choices=JurisdictionLevel)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # "/1/4/" for 天津市 (1) → 蓟州区 (4): a subtree is a prefix, found by one index range.
    path = models.CharField(_("路径"), max_length=200, editable=False, db_index=True)
    history = HistoricalRecords()
    objects = JurisdictionQuerySet.as_manager()

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = pgettext_lazy("plural", "辖区")
        ordering = ["path"]
        constraints = [
            # Two districts of one city never share a name; cities are unique by name.
            models.UniqueConstraint(fields=["parent", "name"], name="jurisdiction_unique_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="jurisdiction_unique_root"
            ),
            # Only a city stands at the top of the tree.
            models.CheckConstraint(
                condition=Q(parent__isnull=True, level=JurisdictionLevel.CITY)
                | Q(parent__isnull=False) & ~Q(level=JurisdictionLevel.CITY),
                name="jurisdiction_city_is_root",
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("pk")), name="jurisdiction_not_own_parent"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        path = f"{self.parent.path if self.parent_id else '/'}{self.pk}/"  # needs the key
        if path != self.path:
            old, self.path = self.path, path
            type(self).objects.filter(pk=self.pk).update(path=path)
            if old:  # moved: its subtree moves with it
                for below in type(self).objects.filter(path__startswith=old).exclude(pk=self.pk):
                    below.path = path + below.path[len(old) :]
                    type(self).objects.filter(pk=below.pk).update(path=below.path)

    @property
    def district(self) -> "Jurisdiction | None":
        """The district this jurisdiction is or lies in (None for a city)."""
        node = self
        while node is not None and node.level != JurisdictionLevel.DISTRICT:
            node = node.parent
        return node
