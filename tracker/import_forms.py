"""Forms of the report import: the upload, and the preview's corrections.

The preview is one HTML form holding several Django forms, one per section of
the page: the report's header, one form per draft item (its title, its kind
and its buttons), the "add from the source" form, and the link choices.
They are valid together or not at all, so a correction is never half applied;
a new section of the preview is one more form in DraftForms.sections.
"""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .forms import PlainTextField, optional_date
from .import_continuity import Continuity, ContinuityForm
from .importer import ReportImportError, parse_report, read_report, suggest_links
from .importer import draft as drafts
from .importer import messages as importer_messages
from .importer.linkkey import LinkKey
from .importer.messages import localize
from .models import ImportDraft, Item, Kind, Report
from .years import plausible_year


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("报告文件"),
        required=False,
        help_text=gettext_lazy(
            "Word(.docx)、PDF(带文字,非扫描件)、网页(.html,浏览器“另存为”)"
            "或纯文本(.txt,UTF-8 或 GB18030)。"
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".docx,.pdf,.html,.htm,.mhtml,.mht,.txt,text/plain,application/pdf"}
        ),
    )
    text = forms.CharField(
        label=gettext_lazy("或粘贴报告全文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def __init__(self, *args, oversized: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.oversized = oversized

    def clean(self):
        data = super().clean()
        if self.oversized:
            limit = settings.TRACKER_IMPORT_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(_("文件过大(超过 %(n)d MB)。") % {"n": limit})
        if self.errors.get("file"):
            return data  # the field already says what is wrong (e.g. an empty file)
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if upload and text:
            raise forms.ValidationError(_("请只选择一种方式:上传文件或粘贴全文。"))
        if not upload and not text:
            raise forms.ValidationError(_("请上传报告文件或粘贴报告全文。"))
        limit = settings.TRACKER_IMPORT_MAX_BYTES
        try:
            if upload:
                data["source"] = read_report(upload.read(limit + 1), upload.name, max_bytes=limit)
                data["filename"] = upload.name[:200]
            else:
                data["source"] = read_report(text.encode("utf-8"), "pasted.txt", max_bytes=limit)
                data["filename"] = ""
            data["parsed"] = parse_report(data["source"])
        except ReportImportError as error:
            raise forms.ValidationError(localize(str(error))) from error
        return data


SMALL = {"class": "form-control-sm"}
TITLE_REQUIRED = {"required": gettext_lazy("标题不能为空。")}


def _date_field(label: str) -> forms.DateField:
    return optional_date(label, invalid=gettext_lazy("日期格式应为 YYYY-MM-DD。"), attrs=SMALL)


class DraftHeaderForm(forms.Form):
    """The report's own fields. A draft may lack year or issuer; confirming needs them."""

    title = PlainTextField(
        label=gettext_lazy("标题"),
        max_length=_max_length(Report, "title"),
        widget=forms.TextInput(attrs=SMALL),
        error_messages=TITLE_REQUIRED,
    )
    issuer = PlainTextField(
        label=gettext_lazy("发文机关"),
        max_length=_max_length(Report, "issuer"),
        required=False,
        widget=forms.TextInput(attrs=SMALL),
    )
    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", **SMALL}),
        error_messages={"invalid": gettext_lazy("年度必须是四位数字。")},
    )
    signed = _date_field(gettext_lazy("成文日期"))
    published = _date_field(gettext_lazy("发布日期"))

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is not None and not plausible_year(year):
            raise ValidationError(localize(importer_messages.year_out_of_range()))
        return year


class JurisdictionForm(forms.Form):
    """Whose report it is (matched from the issuer; the coordinator may correct it)."""

    jurisdiction = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("所属辖区"),
        required=False,
        empty_label=gettext_lazy("请选择"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, data=None, *, choices, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["jurisdiction"].queryset = choices


class ItemAction(models.TextChoices):
    """What a button on one item does; the button sends its value as the item's `action`."""

    MERGE = "merge", gettext_lazy("与下一项合并")
    SPLIT = "split", gettext_lazy("拆分")
    DELETE = "delete", gettext_lazy("删除")
    UP = "up", gettext_lazy("上移")
    DOWN = "down", gettext_lazy("下移")


STEPS = {ItemAction.UP: -1, ItemAction.DOWN: 1}


def _kind_field(label: str, *, required: bool) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=Kind.choices,
        required=required,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )


class DraftItemForm(forms.Form):
    """One item of the draft: its title and its actions.

    `start` (the item's offset in the source) names the item, checked against
    the draft, so a page drawn before another change cannot edit the wrong one.
    A new per-item action is an ItemAction, the fields it needs, a check in
    clean() and a branch in apply().
    """

    start = forms.IntegerField(widget=forms.HiddenInput)
    title = PlainTextField(
        label=gettext_lazy("标题"),
        max_length=_max_length(Item, "title"),
        error_messages=TITLE_REQUIRED,
    )
    # Not required: a page that does not send it leaves the kind as it is.
    kind = _kind_field(gettext_lazy("类别"), required=False)
    split_at = PlainTextField(label=gettext_lazy("拆分位置"), required=False)
    action = forms.ChoiceField(choices=ItemAction.choices, required=False)

    def __init__(self, *args, draft: dict, row: dict | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft, self.row = draft, row

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean(self):
        data = super().clean()
        if "start" not in data:
            return data
        if self.row is None or data["start"] != self.row["start"]:
            raise ValidationError(localize(importer_messages.ITEM_NOT_FOUND))
        action = data.get("action")
        try:
            if action == ItemAction.MERGE:
                drafts.next_of(self.draft, self.row)
            elif action == ItemAction.SPLIT:
                drafts.split_offset(self.row, data.get("split_at", ""))
            elif action in STEPS:
                drafts.neighbour(self.draft, self.row, STEPS[action])
        except ReportImportError as error:
            field = "split_at" if data["action"] == ItemAction.SPLIT else "action"
            self.add_error(field, localize(str(error)))
        return data

    def apply(self, source: str) -> str | None:
        """Carry out this item's action on the draft; what to tell the coordinator."""
        action, start = self.cleaned_data["action"], self.cleaned_data["start"]
        if action == ItemAction.MERGE:
            drafts.merge_with_next(self.draft, source, start)
            return _("已合并;关联已按新的编号重新建议。")
        if action == ItemAction.SPLIT:
            drafts.split_at(self.draft, source, start, self.cleaned_data["split_at"])
            return _("已拆分;关联已按新的编号重新建议。")
        if action == ItemAction.DELETE:
            drafts.delete(self.draft, start)
            return _("已删除;该段原文在右侧不再标出,可重新选中添加。")
        if action in STEPS:
            drafts.move(self.draft, start, STEPS[action])
            return _("已移动;关联已按新的编号重新建议。")
        return None


class BaseDraftItemFormSet(forms.BaseFormSet):
    """A form per draft item, part by part in the report's order."""

    def __init__(self, *args, draft: dict, **kwargs):
        self.draft = draft
        self.rows = drafts.items_by_part(draft)
        initial = [
            {"start": row["start"], "title": row["title"], "kind": row["kind"]} for row in self.rows
        ]
        super().__init__(*args, initial=initial, prefix="items", **kwargs)

    def get_form_kwargs(self, index):
        row = self.rows[index] if index < len(self.rows) else None
        return {"draft": self.draft, "row": row}

    def clean(self):
        if self.total_form_count() != len(self.rows):  # drawn before a merge or split
            raise ValidationError(localize(importer_messages.ITEM_NOT_FOUND))

    def pressed(self) -> DraftItemForm | None:
        """The item whose button was pressed, if any (a browser sends one button)."""
        return next((form for form in self.forms if form.cleaned_data.get("action")), None)


DraftItemFormSet = forms.formset_factory(DraftItemForm, formset=BaseDraftItemFormSet, extra=0)


class AddItemForm(forms.Form):
    """Make a span of the source an item: the span the coordinator selected on the page.

    The page's script fills `start` and `end` (offsets in the source) and
    `quote` (the selected words). Without the script, the words pasted in
    `quote` are looked up in the source. Acts only when its button ("add") is
    pressed.
    """

    kind = _kind_field(gettext_lazy("添加为"), required=True)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    quote = PlainTextField(
        label=gettext_lazy("选中的原文"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control form-control-sm"}),
    )

    def __init__(self, *args, source: str, pressed: bool, **kwargs):
        super().__init__(*args, prefix="add", initial={"kind": Kind.CAUSE}, **kwargs)
        self.source, self.pressed = source, pressed
        if not pressed:
            self.fields["kind"].required = False

    def clean(self):
        data = super().clean()
        if not self.pressed or self.errors:
            return data
        try:
            data["span"] = self._span(data.get("start"), data.get("end"), data.get("quote") or "")
        except ReportImportError as error:
            raise ValidationError(localize(str(error))) from error
        return data

    def _span(self, start: int | None, end: int | None, quote: str) -> tuple[int, int]:
        """The selected offsets when they hold the quoted words, else where the words are."""
        words = quote.strip()
        if start is not None and end is not None:
            chosen = self.source[start:end]
            if not words or " ".join(chosen.split()) == " ".join(words.split()):
                return drafts.selection(self.source, start, end)
        found = self.source.find(words) if words else -1
        if found < 0:
            raise ReportImportError(importer_messages.BAD_SELECTION)
        return drafts.selection(self.source, found, found + len(words))

    def apply(self, draft: dict) -> str | None:
        if not self.pressed:
            return None
        start, end = self.cleaned_data["span"]
        drafts.add_item(draft, self.source, start, end, self.cleaned_data["kind"])
        return _("已添加;关联已按新的编号重新建议。")


class DraftLinksForm(forms.Form):
    """The links to create, among those the pairing rule allows between the draft's items."""

    links = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": gettext_lazy("所选关联不在可选范围内,请刷新页面后重新勾选。")
        },
    )

    def __init__(self, *args, offers: list[drafts.LinkOffer], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["links"].choices = [
            (offer.key.encode(), offer.target["title"]) for offer in offers
        ]

    def clean_links(self) -> list[LinkKey]:
        return [LinkKey.decode(value) for value in self.cleaned_data["links"]]


class DraftForms:
    """The preview's forms, bound to one draft: valid together, applied together."""

    def __init__(self, draft: ImportDraft, data=None):
        self.draft = draft
        self.suggestions = suggest_links(drafts.parsed_from_draft(draft.data))
        self.offers = drafts.link_offers(draft.data)
        chosen = drafts.chosen_links(draft.data, self.suggestions)
        self.header = DraftHeaderForm(data, initial={key: draft.data[key] for key in drafts.HEADER})
        self.items = DraftItemFormSet(data, draft=draft.data)
        self.add = AddItemForm(
            data, source=draft.source_text, pressed=data is not None and "add" in data
        )
        self.links = DraftLinksForm(
            data,
            offers=self.offers,
            initial={"links": [LinkKey.of(link).encode() for link in chosen]},
        )
        self.continuity = Continuity(draft)
        self.lineage = ContinuityForm(data, continuity=self.continuity, draft_data=draft.data)
        self.sections = [self.header, self.items, self.add, self.links, self.lineage]

    def is_valid(self) -> bool:
        return all([section.is_valid() for section in self.sections])

    def apply(self) -> str | None:
        """Write the corrections into the draft (not saved); what to tell the coordinator.

        Fields first (header, titles, links), then the one button pressed, then
        the kinds of the items still there (a deleted item has none to change).
        """
        data = self.draft.data
        drafts.set_header(data, **self.header.cleaned_data)
        drafts.set_titles(
            data, {f.cleaned_data["start"]: f.cleaned_data["title"] for f in self.items}
        )
        drafts.set_links(data, self.links.cleaned_data["links"])
        self.lineage.apply(data)
        pressed = self.items.pressed()
        done = pressed.apply(self.draft.source_text) if pressed else self.add.apply(data)
        remaining = {row["start"] for row in data["items"]}
        retyped = drafts.set_kinds(
            data,
            {
                f.cleaned_data["start"]: f.cleaned_data.get("kind")
                for f in self.items
                if f.cleaned_data["start"] in remaining
            },
        )
        if done is None and retyped:
            return _("已更改类别;关联已按新的编号重新建议。")
        return done

    def add_import_error(self, error: ReportImportError) -> None:
        """Show the importer's refusal at the header field it names, or above the form."""
        field = error.field if error.field in self.header.fields else None
        self.header.add_error(field, localize(str(error)))
