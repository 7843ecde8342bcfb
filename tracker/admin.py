"""Admin for IT (administrators): every model, Chinese labels, filters, search, inlines."""

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Acknowledgement,
    Evidence,
    ExtensionRequest,
    Indicator,
    Item,
    ItemLineage,
    ItemLink,
    Measurement,
    Membership,
    Message,
    OfficeSettings,
    ProgressUpdate,
    Reminder,
    Report,
    Unit,
)
from .text import id_param


class _IdsOnly:
    """An autocomplete that shows only well-formed ids again: a posted "²" or a
    20-digit number re-rendered with the form's error made Django's widget query with
    it (a 500). The form itself refuses such a value with its own message."""

    def optgroups(self, name, value, attr=None):
        value = [v for v in value if v in (None, "") or id_param(str(v)) is not None]
        return super().optgroups(name, value, attr)


class SafeAutocompleteSelect(_IdsOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_IdsOnly, AutocompleteSelectMultiple):
    pass


class SafeIds:
    """Every admin and inline here: autocompletes that take any posted text."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        widget = getattr(field, "widget", None)
        for candidate in (widget, getattr(widget, "widget", None)):
            if type(candidate) is AutocompleteSelect:
                candidate.__class__ = SafeAutocompleteSelect
            elif type(candidate) is AutocompleteSelectMultiple:
                candidate.__class__ = SafeAutocompleteSelectMultiple
        return field


admin.site.site_header = _("法治政府建设整改台账 · 后台管理")
admin.site.site_title = _("整改台账后台")
admin.site.index_title = _("数据管理")


@admin.register(Report)
class ReportAdmin(SafeIds, SimpleHistoryAdmin):
    list_display = ["title", "issuer", "year", "signed_on", "published_on"]
    list_filter = ["year"]
    search_fields = ["title", "issuer"]
    readonly_fields = ["source_text", "created_at"]


class MembershipInline(SafeIds, admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Unit)
class UnitAdmin(SafeIds, SimpleHistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "named_in_report"]
    list_filter = ["kind", "named_in_report"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


class OutgoingLinkInline(SafeIds, admin.TabularInline):
    model = ItemLink
    fk_name = "source"
    extra = 0
    verbose_name = _("关联(本事项 → 其他事项)")
    verbose_name_plural = _("关联(本事项 → 其他事项)")
    autocomplete_fields = ["target"]


class IncomingLinkInline(SafeIds, admin.TabularInline):
    model = ItemLink
    fk_name = "target"
    extra = 0
    verbose_name = _("关联(其他事项 → 本事项)")
    verbose_name_plural = _("关联(其他事项 → 本事项)")
    autocomplete_fields = ["source"]


class IndicatorLinkForm(forms.ModelForm):
    class Meta:
        # The auto-created through model's field has no Chinese name of its own.
        labels = {"indicator": _("指标")}


class IndicatorInline(SafeIds, admin.TabularInline):
    model = Indicator.items.through
    form = IndicatorLinkForm
    extra = 0
    verbose_name = _("相关指标")
    verbose_name_plural = _("相关指标")
    autocomplete_fields = ["indicator"]


@admin.register(Item)
class ItemAdmin(SafeIds, SimpleHistoryAdmin):
    list_display = ["__str__", "kind", "report", "lead_unit", "due_on", "status", "percent"]
    list_filter = ["kind", "status", "report", "lead_unit"]
    search_fields = ["title", "text"]
    list_select_related = ["report", "lead_unit", "parent"]
    autocomplete_fields = ["lead_unit", "supporting_units", "assignee", "parent"]
    readonly_fields = ["text", "version_number", "last_approved_on", "updated_at"]
    inlines = [OutgoingLinkInline, IncomingLinkInline, IndicatorInline]

    @admin.display(description=_("版本"))
    def version_number(self, item: Item) -> int:
        """The optimistic-lock counter, labelled (the field itself has no verbose name)."""
        return item.version


@admin.register(ItemLink)
class ItemLinkAdmin(SafeIds, SimpleHistoryAdmin):
    list_display = ["source", "kind", "target"]
    list_filter = ["kind"]
    autocomplete_fields = ["source", "target"]
    list_select_related = ["source", "target", "source__parent", "target__parent"]


class MeasurementInline(SafeIds, admin.TabularInline):
    model = Measurement
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(SafeIds, SimpleHistoryAdmin):
    list_display = ["name", "unit_of_measure", "baseline_value", "target_value", "report"]
    list_filter = ["report", "higher_is_better"]
    search_fields = ["name", "baseline_source"]
    autocomplete_fields = ["items"]
    inlines = [MeasurementInline]


class AppendOnly:
    """The workflow's trail (progress versions, decisions, evidence, urges, extensions):
    readable here, never added, changed or deleted by hand, whoever signs in.
    Corrections go through the workflow, which records who did what."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class EvidenceInline(SafeIds, AppendOnly, admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["description", "original_name", "url", "size", "sha256", "uploaded_by", "uploaded_at"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SafeIds, AppendOnly, SimpleHistoryAdmin):
    list_display = [
        "item",
        "revision",
        "unit",
        "author",
        "reported_on",
        "state",
        "requests_closure",
    ]
    list_filter = ["state", "requests_closure", "unit"]
    search_fields = ["text", "item__title"]
    list_select_related = ["item", "item__parent", "unit", "author"]
    inlines = [EvidenceInline]


@admin.register(Evidence)
class EvidenceAdmin(SafeIds, AppendOnly, SimpleHistoryAdmin):
    list_display = ["description", "original_name", "size", "uploaded_by", "uploaded_at"]
    search_fields = ["description", "original_name", "sha256"]


@admin.register(ItemLineage)
class ItemLineageAdmin(AppendOnly, SimpleHistoryAdmin):
    """Links across years are made by the import (its preview records who decided)."""

    list_display = ["predecessor", "kind", "successor", "score", "decided_by", "decided_at"]
    list_filter = ["kind"]
    list_select_related = ["predecessor", "successor", "decided_by"]


@admin.register(Reminder)
class ReminderAdmin(SafeIds, AppendOnly, admin.ModelAdmin):
    list_display = ["item", "unit", "kind", "sent_by", "sent_at", "recipients"]
    list_filter = ["kind"]
    list_select_related = ["item", "item__parent", "unit", "sent_by"]


@admin.register(ExtensionRequest)
class ExtensionRequestAdmin(SafeIds, AppendOnly, admin.ModelAdmin):
    list_display = ["item", "unit", "original_due_on", "requested_due_on", "state"]
    list_filter = ["state"]
    list_select_related = ["item", "item__parent", "unit"]


@admin.register(Acknowledgement)
class AcknowledgementAdmin(SafeIds, AppendOnly, SimpleHistoryAdmin):
    list_display = ["item", "unit", "reason", "created_at", "acknowledged_by", "acknowledged_at"]
    list_filter = ["reason"]
    list_select_related = ["item", "item__parent", "unit", "acknowledged_by"]


@admin.register(Message)
class MessageAdmin(SafeIds, AppendOnly, admin.ModelAdmin):
    list_display = ["recipient", "kind", "item", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient", "item", "item__parent"]


@admin.register(OfficeSettings)
class OfficeSettingsAdmin(SafeIds, SimpleHistoryAdmin):
    """One row, saved from the office's own settings page (督办设置)."""

    list_display = ["__str__", "unit_review_closure"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(SafeIds, SimpleHistoryAdmin):
    list_display = ["user", "unit"]
    list_filter = ["unit"]
    search_fields = ["user__username", "unit__name"]
    autocomplete_fields = ["user", "unit"]
