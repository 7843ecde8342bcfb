"""The item list's filters (django-filter)."""

import django_filters
from django import forms
from django.db import models
from django.db.models import Q
from django.forms.utils import flatatt
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .forms import bootstrap_widgets
from .i18n import DOCUMENT_LANGUAGE
from .models import Item, Kind, Light, Report, Status, Unit

ALL_KINDS = "all"


class ManyOptionsSelect(forms.Select):
    """A Select that renders its options in Python, not one template each.

    Django renders every <option> through a template include, and builds a
    dict of a dozen keys per option first; for the unit list (hundreds of units)
    that was the largest cost of the item list page. Flat choices are written
    straight from (value, label) pairs; the markup is Django's own, whitespace
    aside (tests/test_item_list.py compares them).
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        choices = [choice for choice in self.choices]  # list() would COUNT(*) first
        if any(isinstance(label, (list, tuple)) for _value, label in choices):
            return super().render(name, value, attrs, renderer)  # option groups: Django's way
        chosen, found, options = set(widget["value"]), False, []
        for option_value, label in choices:
            option_value = "" if option_value is None else str(option_value)
            selected = not found and option_value in chosen
            found = found or selected
            options.append(
                f'<option value="{escape(option_value)}"{" selected" if selected else ""}>'
                f"{escape(label)}</option>"
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            flatatt(widget["attrs"]),
            mark_safe("".join(options)),  # every value and label escaped above
        )


SORTS = {
    "sequence": ("report", "sequence"),
    "due": ("due_on", "sequence"),
    "-due": ("-due_on", "sequence"),
    "status": ("status", "sequence"),
    "unit": ("lead_unit__name", "sequence"),
    "updated": ("-updated_at", "pk"),
}


class ItemFilter(django_filters.FilterSet):
    """Filters for the item list; without a kind it shows the tracked items only."""

    q = django_filters.CharFilter(method="search", label=_("搜索"))
    report = django_filters.ModelChoiceFilter(
        queryset=Report.objects.defer("source_text"),
        label=_("报告"),
        empty_label=_("全部报告"),
        widget=ManyOptionsSelect,
    )
    kind = django_filters.ChoiceFilter(
        choices=[*Kind.choices, (ALL_KINDS, _("全部类别(含举措、原因)"))],
        method="by_kind",
        widget=ManyOptionsSelect,
        label=_("类别"),
        empty_label=_("整改事项(不足和安排)"),
    )
    status = django_filters.ChoiceFilter(
        choices=Status.choices,
        widget=ManyOptionsSelect,
        label=_("状态"),
        empty_label=_("全部状态"),
    )
    unit = django_filters.ModelChoiceFilter(
        queryset=Unit.objects.all(),
        widget=ManyOptionsSelect,
        method="by_unit",
        label=_("责任单位"),
        empty_label=_("全部单位"),
    )
    light = django_filters.ChoiceFilter(
        choices=Light.choices,
        method="by_light",
        widget=ManyOptionsSelect,
        label=_("预警"),
        empty_label=_("全部"),
    )
    overdue = django_filters.BooleanFilter(
        method="by_overdue", label=_("仅看逾期"), widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        choices=[
            ("sequence", _("原文顺序")),
            ("due", _("完成时限(早→晚)")),
            ("-due", _("完成时限(晚→早)")),
            ("status", _("状态")),
            ("unit", _("牵头单位")),
            ("updated", _("最近更新")),
        ],
        method="by_sort",
        widget=ManyOptionsSelect,
        label=_("排序"),
        empty_label=None,
    )

    class Meta:
        model = Item
        fields = ["q", "report", "kind", "status", "unit", "light", "overdue", "sort"]

    def search(self, queryset, name, value):
        value = value.strip()[:100]
        if not value:
            return queryset
        # Chinese has no letter case: for a term without cased letters a plain
        # LIKE finds the same items, and PostgreSQL then skips UPPER() on every
        # item's text (three times faster at 10 000 items).
        lookup = "icontains" if value.lower() != value.upper() else "contains"
        return queryset.filter(Q(**{f"title__{lookup}": value}) | Q(**{f"text__{lookup}": value}))

    def by_kind(self, queryset, name, value):
        return queryset if value == ALL_KINDS else queryset.filter(kind=value)

    def by_unit(self, queryset, name, unit):
        if unit is None:
            return queryset
        return queryset.involving_units([unit.pk])

    def by_light(self, queryset, name, value):
        return queryset.filter(light=value) if value else queryset

    def by_overdue(self, queryset, name, value):
        return queryset.overdue(on=timezone.localdate()) if value else queryset

    def by_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["sequence"]))


def style_filter_form(form) -> None:
    """Bootstrap classes on the filter widgets (small, inline)."""
    bootstrap_widgets(form, small=True)


def described(filterset: ItemFilter) -> list[str]:
    """The filters a valid form applies, in the documents' language (Chinese), for the
    export's title: 筛选条件:状态 推进中;预警 红灯."""
    parts = []
    with translation.override(DOCUMENT_LANGUAGE):
        for name, value in filterset.form.cleaned_data.items():
            if value in (None, "", False) or (name == "sort" and value == "sequence"):
                continue
            field = filterset.form.fields[name]
            if name == "overdue":
                parts.append(str(field.label))
                continue
            choices = getattr(field, "choices", None)
            if choices is not None and not isinstance(value, models.Model):
                value = dict(choices).get(value, value)  # (a model's choices are a query)
            parts.append(f"{field.label} {value}")
    return ["筛选条件:" + ";".join(parts)] if parts else []
