"""Items of a report (measures, shortfalls, causes, tasks) and the links between them."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q, Value
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from .choices import (
    FATE_KINDS,
    PAIRING_FOR,
    PAIRING_KINDS,
    TRACKED_KINDS,
    ClosureReason,
    Kind,
    LineageKind,
    LinkKind,
    Status,
    link_fits,
)
from .lights import ack_since, explain, light_expression, quiet_q, reason_expression
from .report import Report, Unit

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (enough for a report's lists)."""
    if n <= 0:
        return str(n)
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        head = "" if tens == 1 else CHINESE_DIGITS[tens]
        return f"{head}十{CHINESE_DIGITS[ones] if ones else ''}"
    return str(n)


# Item labels (不足二, 任务五, 举措(二)3) and their Chinese numerals are left
# untranslated on purpose: they quote how the report itself numbers its items,
# they appear in the Chinese documents the tracker writes, and staff cite them
# as printed. The English interface shows them as they are (docs/I18N.md).
LABEL_PREFIX = {Kind.SHORTFALL: "不足", Kind.CAUSE: "原因", Kind.TASK: "任务"}


def label_for(kind: str, number: int) -> str:
    """不足二, 原因三, 任务五: a top-level item's name in the report (not for measures)."""
    return f"{LABEL_PREFIX[kind]}{chinese_numeral(number)}"


def open_q() -> Q:
    """Tracked and not closed: what a unit still owes."""
    return Q(kind__in=TRACKED_KINDS) & ~Q(status=Status.CLOSED)


def overdue_q(*, on: date) -> Q:
    return open_q() & Q(due_on__lt=on)


def due_soon_q(*, on: date, days: int | None = None) -> Q:
    days = settings.TRACKER_DUE_SOON_DAYS if days is None else days
    return open_q() & Q(due_on__gte=on, due_on__lte=on + timedelta(days=days))


class ItemQuerySet(models.QuerySet):
    def tracked(self) -> "ItemQuerySet":
        return self.filter(kind__in=TRACKED_KINDS)

    def open(self) -> "ItemQuerySet":
        return self.filter(open_q())

    def overdue(self, *, on: date) -> "ItemQuerySet":
        return self.filter(overdue_q(on=on))

    def due_soon(self, *, on: date, days: int | None = None) -> "ItemQuerySet":
        return self.filter(due_soon_q(on=on, days=days))

    def stale(self, *, on: date, days: int | None = None) -> "ItemQuerySet":
        """Open items without an approved update (or, lacking one, a start) for `days`."""
        return self.filter(open_q() & quiet_q(on=on, days=days))

    def with_light(self, *, on: date) -> "ItemQuerySet":
        """Annotate `light`, `light_reason` and `ack_since` (models/lights.py), `on` as today.

        `light_on` keeps the day, so `Item.light_text` explains it as of that day.
        """
        return self.annotate(
            light=light_expression(on=on),
            light_reason=reason_expression(on=on),
            ack_since=ack_since(on=on),
            light_on=Value(on, output_field=models.DateField()),
        )

    def involving_units(self, unit_ids) -> "ItemQuerySet":
        """Items a set of units lead or support (one query, no duplicates).

        The keys come from a UNION of two index lookups (led, supported): an OR
        of the two conditions would make the database scan every item.
        """
        led = Item.objects.filter(lead_unit_id__in=unit_ids).order_by().values("pk")
        supported = Item.supporting_units.through.objects.filter(unit_id__in=unit_ids).values(
            "item_id"
        )
        return self.filter(pk__in=led.union(supported, all=True))


class Item(models.Model):
    report = models.ForeignKey(
        Report, verbose_name=_("报告"), on_delete=models.CASCADE, related_name="items"
    )
    kind = models.CharField(_("类别"), max_length=20, choices=Kind)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级举措"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    sequence = models.PositiveIntegerField(_("原文顺序"))
    number = models.PositiveSmallIntegerField(_("序号"))
    marker = models.CharField(
        _("原文编号"), max_length=16, blank=True, help_text=_("原文中的编号,如“一是”“(二)”“3.”。")
    )
    title = models.CharField(_("标题"), max_length=200)
    text = models.TextField(_("原文"))

    lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("牵头单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_items",
    )
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("配合单位"), blank=True, related_name="supported_items"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("责任人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_items",
    )
    start_on = models.DateField(_("开始日期"), null=True, blank=True)
    due_on = models.DateField(_("完成时限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status, blank=True, default="")
    percent = models.PositiveSmallIntegerField(_("完成百分比"), default=0)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    # Blank for the usual 销号; NEXT_YEAR when closed as 转入下一年度 on import.
    closure_reason = models.CharField(
        _("销号方式"), max_length=20, choices=ClosureReason, blank=True, default=""
    )
    # Denormalised from approved progress updates (set by the review service)
    # so that lists can filter and sort by staleness with an index.
    last_approved_on = models.DateField(_("最近通过的进展日期"), null=True, blank=True)
    # Optimistic lock: a form carries the version it was drawn from.
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[supporting_units], excluded_fields=["updated_at"])
    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("事项")
        verbose_name_plural = pgettext_lazy("plural", "事项")
        ordering = ["report", "sequence"]
        permissions = [
            ("view_all_items", _("可查看全部事项")),
            ("assign_item", _("可分配责任单位和时限")),
            ("review_update", _("可审核进展")),
            ("urge_unit", _("可催办")),
            ("import_report", _("可导入报告")),
            ("submit_update", _("可填报进展")),
            ("lead_unit", _("可作为单位负责人审核本单位销号申请")),
        ]
        indexes = [
            models.Index(fields=["kind", "status", "due_on"], name="item_kind_status_due"),
            models.Index(fields=["lead_unit", "status"], name="item_lead_status"),
            models.Index(fields=["due_on"], name="item_due"),
            # The item list's keys in report order: SQLite reads them from the
            # index alone instead of every item row (first page 5 ms → 1.6 ms).
            models.Index(fields=["kind", "report", "sequence"], name="item_kind_report_sequence"),
            # The city's figures per district and unit (tracker/summaries/city.py) from
            # the index alone, not the rows with their texts: every column they read.
            models.Index(
                fields=["report", "kind", "status", "due_on", "closed_on", "lead_unit", "id"],
                name="item_report_figures",
            ),
        ]
        constraints = [
            # The report's order of appearance identifies an item within its report.
            models.UniqueConstraint(fields=["report", "sequence"], name="item_unique_sequence"),
            # "不足三" must name one shortfall: numbers are unique in their list.
            models.UniqueConstraint(
                fields=["report", "kind", "number"],
                condition=Q(parent__isnull=True),
                name="item_unique_number_top",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=Q(parent__isnull=False),
                name="item_unique_number_nested",
            ),
            # Only the report's measures nest ((一) → 1. 2. 3.).
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(kind=Kind.MEASURE),
                name="item_only_measures_nest",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="item_number_positive"),
            models.CheckConstraint(condition=Q(percent__lte=100), name="item_percent_at_most_100"),
            # Owners, dates and status belong to tracked kinds only; measures and
            # causes are context and must not show up in anyone's to-do list.
            models.CheckConstraint(
                condition=Q(kind__in=TRACKED_KINDS, status__in=Status.values)
                | (
                    ~Q(kind__in=TRACKED_KINDS)
                    & Q(
                        status="",
                        lead_unit__isnull=True,
                        assignee__isnull=True,
                        start_on__isnull=True,
                        due_on__isnull=True,
                        percent=0,
                    )
                ),
                name="item_tracking_fields_on_tracked_kinds",
            ),
            # A deadline before the start date is a typing error.
            models.CheckConstraint(
                condition=Q(start_on__isnull=True)
                | Q(due_on__isnull=True)
                | Q(due_on__gte=F("start_on")),
                name="item_due_after_start",
            ),
            # 已销号 and a closing date go together, so "closed by" figures and
            # the closed-over-time chart can trust closed_on.
            models.CheckConstraint(
                condition=Q(status=Status.CLOSED, closed_on__isnull=False)
                | (~Q(status=Status.CLOSED) & Q(closed_on__isnull=True)),
                name="item_closed_has_date",
            ),
            # A way of closing belongs to closed items only.
            models.CheckConstraint(
                condition=Q(closure_reason="") | Q(status=Status.CLOSED),
                name="item_closure_reason_only_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tracker:item-detail", args=[self.pk])

    @property
    def is_tracked(self) -> bool:
        return self.kind in TRACKED_KINDS

    @property
    def is_open(self) -> bool:
        """Tracked and not closed: units still owe it, the office may still urge."""
        return self.is_tracked and self.status != Status.CLOSED

    @property
    def light_text(self) -> str:
        """Why the light shows, in words (on querysets annotated by with_light)."""
        return explain(self, on=self.light_on) if hasattr(self, "light_reason") else ""

    def responsible_unit_ids(self) -> set[int]:
        """The lead unit and the supporting units."""
        ids = set(self.supporting_units.values_list("pk", flat=True))
        if self.lead_unit_id is not None:
            ids.add(self.lead_unit_id)
        return ids

    @property
    def label(self) -> str:
        """How the report itself refers to the item: 不足二, 任务五, 举措(二)3.

        Chinese in every interface language: it quotes the report (see LABEL_PREFIX).
        """
        if self.kind == Kind.MEASURE:
            if self.parent_id:
                return f"举措({chinese_numeral(self.parent.number)}){self.number}"
            return f"举措({chinese_numeral(self.number)})"
        return label_for(self.kind, self.number)

    def record_approval(
        self, *, reported_on: date, percent: int | None, closes: bool, on: date
    ) -> bool:
        """The item as an approved progress update leaves it (not saved); False if unchanged.

        The newest report by date sets the figure (an older one approved late
        never rolls it back); a closure request closes the item at 100 %; a
        closed item stays as it was closed. The review service and the data
        generator both apply approvals through here.
        """
        if self.status == Status.CLOSED:
            return False
        if self.last_approved_on is None or reported_on >= self.last_approved_on:
            self.last_approved_on = reported_on
            if percent is not None:
                self.percent = percent
        if closes:
            self.status = Status.CLOSED
            self.closed_on = on
            self.percent = 100
        elif self.status == Status.NOT_STARTED:
            self.status = Status.IN_PROGRESS
        return True

    def clean(self) -> None:
        if self.parent_id and self.parent.report_id != self.report_id:
            raise ValidationError({"parent": _("上级举措必须属于同一份报告。")})


class ItemLink(models.Model):
    """Cause explains shortfall; task addresses shortfall or cause (choices.LINK_ENDS)."""

    source = models.ForeignKey(
        Item, verbose_name=_("来源事项"), on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        Item, verbose_name=_("目标事项"), on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("关系"), max_length=20, choices=LinkKind)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("事项关联")
        verbose_name_plural = pgettext_lazy("plural", "事项关联")
        ordering = ["source__sequence", "target__sequence"]
        constraints = [
            # The same link twice would double-count a task under its shortfall.
            models.UniqueConstraint(fields=["source", "target", "kind"], name="link_unique"),
            # An item cannot explain or address itself.
            models.CheckConstraint(condition=~Q(source=F("target")), name="link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.source.label} → {self.target.label}"

    def clean(self) -> None:
        # Kinds live on the linked rows, so these rules cannot be a CHECK
        # constraint; every write goes through this clean() (forms, services).
        if not (self.source_id and self.target_id and self.kind):
            return
        if not link_fits(self.kind, self.source.kind, self.target.kind):
            raise ValidationError(_("这种关联不成立:原因只能说明不足,任务只能针对不足或原因。"))
        if self.source.report_id != self.target.report_id:
            raise ValidationError(_("只能关联同一份报告中的事项。"))


class ItemLineageQuerySet(models.QuerySet):
    def into(self, report) -> "ItemLineageQuerySet":
        """Links whose successor is in `report` (what it carries on from the year before)."""
        return self.filter(successor__report=report)


class ItemLineage(models.Model):
    """An item of one year's report carries on an item of an earlier year's.

    Made on import: a repeated shortfall (屡查屡犯), a continued task, or the fate
    the coordinator chose for an unfinished item (结转 / 转入下一年度). Items of
    the previous report are never rewritten: their updates and reviews stay.
    """

    predecessor = models.ForeignKey(
        Item,
        verbose_name=_("上一年度事项"),
        on_delete=models.CASCADE,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        Item, verbose_name=_("后续事项"), on_delete=models.CASCADE, related_name="predecessor_links"
    )
    kind = models.CharField(_("衔接方式"), max_length=20, choices=LineageKind)
    # The pairing's similarity and the words both texts share (empty when chosen by hand).
    score = models.FloatField(_("相似度"), null=True, blank=True)
    shared = models.JSONField(_("共同词语"), default=list, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("确认人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("确认时间"))
    history = HistoricalRecords()
    objects = ItemLineageQuerySet.as_manager()

    class Meta:
        verbose_name = _("跨年度衔接")
        verbose_name_plural = pgettext_lazy("plural", "跨年度衔接")
        ordering = ["predecessor__report__year", "predecessor__sequence", "kind"]
        constraints = [
            # The same link twice would count a repeat twice.
            models.UniqueConstraint(
                fields=["predecessor", "successor", "kind"], name="lineage_unique"
            ),
            # An item cannot carry on itself.
            models.CheckConstraint(
                condition=~Q(predecessor=F("successor")), name="lineage_not_to_itself"
            ),
            # Pairing is one-to-one: a shortfall repeats one of last year's at most,
            # and is repeated by one of next year's at most (likewise tasks).
            models.UniqueConstraint(
                fields=["predecessor", "kind"],
                condition=Q(kind__in=PAIRING_KINDS),
                name="lineage_one_successor_per_pairing",
            ),
            models.UniqueConstraint(
                fields=["successor", "kind"],
                condition=Q(kind__in=PAIRING_KINDS),
                name="lineage_one_predecessor_per_pairing",
            ),
            # An unfinished item has one fate: carried over or closed into next year.
            models.UniqueConstraint(
                fields=["predecessor"],
                condition=Q(kind__in=FATE_KINDS),
                name="lineage_one_fate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.label} → {self.successor.label}"

    def clean(self) -> None:
        # The jurisdiction and year live on the items' reports, so these rules
        # cannot be a CHECK constraint; the import service runs this clean().
        if not (self.predecessor_id and self.successor_id and self.kind):
            return
        before, after = self.predecessor, self.successor
        if before.report.jurisdiction_id != after.report.jurisdiction_id:
            raise ValidationError(_("只能衔接同一辖区的报告中的事项。"))
        if before.report.year >= after.report.year:
            raise ValidationError(_("后续事项必须属于更晚年度的报告。"))
        if not (before.is_tracked and after.is_tracked):
            raise ValidationError(_("只有存在的不足和下一年度安排可以跨年度衔接。"))
        if self.kind in PAIRING_KINDS and not (
            before.kind == after.kind and PAIRING_FOR.get(after.kind) == self.kind
        ):
            raise ValidationError(_("屡查屡犯只在不足之间,延续任务只在任务之间。"))
