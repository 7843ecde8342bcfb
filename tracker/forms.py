"""Forms for the coordinator's and the units' daily work (crispy-forms, Bootstrap 5)."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .evidence import check_upload
from .models import Decision, Evidence, Item, Status, Unit
from .text import plain_text
from .years import FIRST_DAY, LAST_DAY

DATE_FORMAT = "%Y-%m-%d"  # what <input type="date"> sends
DATE = forms.DateInput(attrs={"type": "date"}, format=DATE_FORMAT)


def optional_date(label, *, invalid, help_text="", attrs=None) -> forms.DateField:
    """A date the user may leave empty, entered in <input type="date">; `invalid` says
    in the user's words what a malformed one should look like."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=[DATE_FORMAT],
        widget=forms.DateInput(attrs={"type": "date", **(attrs or {})}, format=DATE_FORMAT),
        help_text=help_text,
        error_messages={"invalid": invalid},
    )


class PlainTextField(forms.CharField):
    """Free text as users paste it, made safe for Word/Excel exports and PostgreSQL."""

    def to_python(self, value):
        return plain_text(super().to_python(value))


def helper(*, tag: bool = False) -> FormHelper:
    h = FormHelper()
    h.form_tag = tag
    h.disable_csrf = True
    return h


def bootstrap_widgets(form, *, small: bool = False) -> None:
    """Bootstrap's classes on a form's widgets, for forms rendered field by field."""
    size = " form-select-sm" if small else ""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, (forms.CheckboxInput, forms.CheckboxSelectMultiple)):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select" + size
        else:
            widget.attrs["class"] = "form-control" + size.replace("select", "control")


class SearchableCheckboxes(forms.CheckboxSelectMultiple):
    """Check boxes that static/tracker/choices.js gives a search box (the page works
    without it: a plain list). Each unit is found by its names or their pinyin, whole
    or by initials: "sfj", "sifa" and "司法" all find 区司法局."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        unit = getattr(value, "instance", None)
        words = [str(label)]
        if isinstance(unit, Unit):
            syllables = unit.pinyin.split()
            words += [unit.name, "".join(syllables), "".join(s[:1] for s in syllables)]
        option["attrs"]["data-choice-search"] = " ".join(words).lower()
        option["attrs"]["data-choice-label"] = _("查找单位")
        return option


class PersonChoiceField(forms.ModelChoiceField):
    """People by name, with the log-in name to tell namesakes apart."""

    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name}({user.get_username()})" if name else user.get_username()


class VersionedForm(forms.Form):
    """Carries the version of the record the form was drawn from (optimistic lock)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class AssignForm(VersionedForm):
    lead_unit = forms.ModelChoiceField(Unit.objects.in_order(), label=_("牵头单位"), required=False)
    supporting_units = forms.ModelMultipleChoiceField(
        Unit.objects.in_order(),
        label=_("配合单位"),
        required=False,
        widget=SearchableCheckboxes,
        help_text=_("勾选一个或多个单位;可输入名称或拼音首字母查找。"),
    )
    # Someone of the lead unit: the service (item_assign) checks it and says so here.
    assignee = PersonChoiceField(
        get_user_model()
        .objects.filter(is_active=True, memberships__isnull=False)
        .distinct()
        .order_by("username"),
        label=_("责任人"),
        required=False,
        help_text=_("应为牵头单位的人员。"),
    )
    start_on = forms.DateField(label=_("开始日期"), required=False, widget=DATE)
    due_on = forms.DateField(label=_("完成时限"), required=False, widget=DATE)
    # Needed when the deadline moves later (the service records it as an extension).
    due_change_reason = PlainTextField(
        label=_("延期理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("完成时限延后时必填,将记录为一次延期。"),
    )
    status = forms.ChoiceField(label=_("状态"), choices=Status.choices)

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.helper = helper()
        # The units (and their people) of the report's jurisdiction and those below it.
        units = Unit.objects.within(item.report.jurisdiction).in_order()
        self.fields["lead_unit"].queryset = units
        self.fields["supporting_units"].queryset = units
        self.fields["assignee"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, memberships__unit__in=units)
            .distinct()
            .order_by("username")
        )
        if item.status != Status.CLOSED:
            self.fields["status"].choices = [c for c in Status.choices if c[0] != Status.CLOSED]

    def clean(self):
        data = super().clean()
        start, due = data.get("start_on"), data.get("due_on")
        if start and due and due < start:
            self.add_error("due_on", _("完成时限不能早于开始日期。"))
        return data


class EvidenceChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, evidence):
        return f"{evidence.description}({evidence.original_name or evidence.url})"


class ProgressForm(forms.Form):
    reported_on = forms.DateField(label=_("进展日期"), widget=DATE)
    text = PlainTextField(
        label=_("进展情况"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写明做了什么、取得了什么成效、下一步打算。"),
    )
    percent = forms.IntegerField(
        label=_("完成百分比"),
        required=False,
        min_value=0,
        max_value=100,
        help_text=_("可选,0 到 100。"),
    )
    requests_closure = forms.BooleanField(
        label=_("申请销号"),
        required=False,
        help_text=_("任务已全部完成时勾选;申请销号必须附佐证材料。"),
    )
    keep = EvidenceChoiceField(
        Evidence.objects.none(),
        label=_("沿用上一版的佐证材料"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("取消勾选的材料不随新版本提交,仍保留在上一版中。"),
    )

    def __init__(self, *args, previous=None, **kwargs):
        """`previous`: the version being revised; its evidence may be kept."""
        super().__init__(*args, **kwargs)
        self.helper = helper()
        self.fields["reported_on"].initial = timezone.localdate
        if previous is None:
            del self.fields["keep"]
        else:
            evidence = previous.evidence.order_by("pk")
            self.fields["keep"].queryset = evidence
            self.fields["keep"].initial = list(evidence)
            if not self.fields["keep"].initial:
                del self.fields["keep"]

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(_("请填写进展情况。"))
        return text

    def clean_reported_on(self):
        value = self.cleaned_data["reported_on"]
        if value > timezone.localdate():
            raise ValidationError(_("进展日期不能晚于今天。"))
        if value < FIRST_DAY:
            raise ValidationError(_("进展日期不正确。"))
        return value


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("文件"), required=False)
    url = PlainTextField(label=_("或链接"), required=False, max_length=500)
    description = PlainTextField(label=_("说明"), required=False, max_length=200)

    checked = None  # the upload's CheckedFile once valid: the service stores it as checked

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            self.checked = check_upload(upload)
        return upload

    def clean_url(self):
        url = self.cleaned_data.get("url", "").strip()
        if url:
            URLValidator(
                schemes=["http", "https"],
                message=_("请输入以 http:// 或 https:// 开头的有效链接。"),
            )(url)
        return url

    def clean(self):
        data = super().clean()
        if data.get("file") and data.get("url"):
            raise ValidationError(_("每行只填一项:上传文件或填写链接。"))
        if data.get("url") and not data.get("description", "").strip():
            self.add_error("description", _("请为链接写一句说明。"))
        return data

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not data.get("file") and not data.get("url")


class BaseEvidenceFormSet(forms.BaseFormSet):
    def clean(self):
        super().clean()
        filled = [f for f in self.forms if getattr(f, "cleaned_data", None) and not f.is_blank]
        if len(filled) > settings.TRACKER_EVIDENCE_MAX_FILES:
            limit = settings.TRACKER_EVIDENCE_MAX_FILES
            raise ValidationError(
                ngettext(
                    "一次最多上传 %(n)d 份佐证材料。", "一次最多上传 %(n)d 份佐证材料。", limit
                )
                % {"n": limit}
            )


EvidenceFormSet = forms.formset_factory(
    EvidenceForm, formset=BaseEvidenceFormSet, extra=3, max_num=10, absolute_max=20
)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.HiddenInput)
    comment = PlainTextField(
        label=_("审核意见"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("退回时必填。"),
    )


class UrgeForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label=_("催办单位"))
    # Required by the service (item_urge), which says so at this field.
    message = PlainTextField(
        label=_("催办内容"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.helper = helper()


class ExtensionForm(forms.Form):
    requested_due_on = forms.DateField(label=_("申请延至"), widget=DATE)
    # Later than the deadline, and with a reason: the service (extension_request) checks
    # both and says so at these fields.
    reason = PlainTextField(
        label=_("延期理由"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attachment = forms.FileField(
        label=_("延期申请表"),
        required=False,
        help_text=_("可选:单位盖章的延期申请表(PDF、Word 或图片)。"),
    )
    checked = None  # the attachment's CheckedFile once valid

    def __init__(self, *args, item: Item, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.helper = helper()

    def clean_requested_due_on(self):
        value = self.cleaned_data["requested_due_on"]
        if value > LAST_DAY:
            raise ValidationError(_("日期不正确。"))
        return value

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            self.checked = check_upload(upload)
        return upload


class ExtensionDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        choices=[("1", _("同意")), ("0", _("不同意"))],
        coerce=lambda v: v == "1",
        widget=forms.HiddenInput,
    )
    # Empty: the date the unit asked for; the office may grant another.
    due_on = forms.DateField(label=_("批准延至"), required=False, widget=DATE)
    # Required to refuse: the service (extension_decide) says so at this field.
    comment = PlainTextField(label=_("审批意见"), required=False, max_length=2000)
