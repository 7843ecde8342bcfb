"""The GET parameters every summary takes: report, as_of and (dashboard) unit."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..forms import optional_date
from ..models import Report, Unit
from ..years import FIRST_DAY


def latest_report(reports=None, *, home=None) -> Report | None:
    """The latest of `reports` (default: all), those of the `home` jurisdictions first:
    a district's people open on their district's report, whatever others imported."""
    reports = (Report.objects.all() if reports is None else reports).defer("source_text")
    newest = reports.order_by("-year", "-pk")
    if home is not None:
        own = newest.filter(jurisdiction__in=home).first()
        if own is not None:
            return own
    return newest.first()


class SummaryForm(forms.Form):
    report = forms.ModelChoiceField(
        label=_("报告"),
        queryset=Report.objects.defer("source_text").order_by("-year", "-pk"),
        required=False,
        # Empty means the latest report (and spares the select a second query).
        empty_label=_("最新的报告"),
        error_messages={"invalid_choice": _("没有这份报告,请从列表中选择。")},
    )
    as_of = optional_date(
        _("截至日期"),
        help_text=_("留空表示当前;选择过去的日期可查看当日的数据。"),
        invalid=_("截至日期格式不正确,应为“年-月-日”,例如 2026-03-31。"),
    )
    unit = forms.ModelChoiceField(
        label=_("单位"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("全部单位"),
        error_messages={"invalid_choice": _("没有这个单位,或您无权查看该单位。")},
    )

    since = optional_date(
        _("通报期间自"),
        help_text=_("留空表示截至日期所在季度的第一天。"),
        invalid=_("日期格式不正确,应为“年-月-日”,例如 2026-01-01。"),
    )

    def __init__(self, data=None, *, reports=None, home=None, units=None, with_since=False):
        """`reports`: those the reader may open (default: all); `home`: the reader's own
        jurisdictions, whose latest report is the default; `units`: the units a reader
        may filter by (None drops the unit field); `with_since`: the start of a
        bulletin's period."""
        super().__init__(data)
        self.reports, self.home = reports, home
        if not with_since:
            del self.fields["since"]
        if reports is not None:
            self.fields["report"].queryset = reports.defer("source_text").order_by("-year", "-pk")
        if units is None:
            del self.fields["unit"]
        else:
            self.fields["unit"].queryset = units.in_order()
        for field in self.fields.values():
            choice = isinstance(field, forms.ModelChoiceField)
            field.widget.attrs["class"] = (
                "form-select form-select-sm" if choice else "form-control form-control-sm"
            )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        today = timezone.localdate()
        if day and day > today:
            raise forms.ValidationError(
                _("截至日期不能晚于今天(%(today)s)。"), params={"today": today.isoformat()}
            )
        if day and day < FIRST_DAY:
            raise forms.ValidationError(
                _("截至日期不能早于 %(earliest)s。"), params={"earliest": FIRST_DAY.isoformat()}
            )
        return day

    def clean(self):
        data = super().clean()
        since, day = data.get("since"), data.get("as_of") or timezone.localdate()
        if since and since > day:
            self.add_error("since", _("通报期间的开始日期不能晚于截至日期。"))
        if since and since < FIRST_DAY:
            self.add_error(
                "since", _("日期不能早于 %(earliest)s。") % {"earliest": FIRST_DAY.isoformat()}
            )
        return data

    def clean_report(self):
        report = self.cleaned_data["report"] or latest_report(self.reports, home=self.home)
        if report is None:
            raise forms.ValidationError(_("尚未导入任何报告。"))
        return report

    def error_text(self) -> str:
        return " ".join(str(error) for errors in self.errors.values() for error in errors)
