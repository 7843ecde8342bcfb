"""The coordinator imports a report: upload or paste → correct the parse → confirm."""

from datetime import date

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .. import permissions
from ..importer import ReportImportError, parse_report, read_report, suggest_links
from ..importer import draft as drafts
from ..importer.messages import localize
from ..importer.service import report_import
from ..models import ImportDraft

KIND_LABELS = [
    ("measure", gettext_lazy("主要举措和成效")),
    ("shortfall", gettext_lazy("存在的不足")),
    ("cause", gettext_lazy("原因")),
    ("task", gettext_lazy("下一年度安排")),
]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("报告文件"),
        required=False,
        help_text=gettext_lazy("纯文本(.txt,UTF-8 或 GB18030)或 Word(.docx)。"),
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


def _require_importer(request: HttpRequest) -> None:
    if not permissions.can_import(request.user):
        raise PermissionDenied


@login_required
def import_start(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = ImportForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        oversized=getattr(request, "oversized_upload", None),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = ImportDraft.objects.create(
            created_by=request.user,
            filename=data["filename"],
            source_text=data["source"],
            data=drafts.draft_from_parsed(data["parsed"], data["source"]),
        )
        return redirect("tracker:import-preview", pk=draft.pk)
    return render(request, "tracker/import_start.html", {"form": form})


def _apply_header(request: HttpRequest, data: dict) -> list[str]:
    errors = []
    year = request.POST.get("year", "").strip()
    header = {
        "title": request.POST.get("title", "").strip()[:200],
        "issuer": request.POST.get("issuer", "").strip()[:100],
    }
    try:
        header["year"] = int(year) if year else None
    except ValueError:
        errors.append(_("年度必须是四位数字。"))
    else:
        if header["year"] is not None and not 2000 <= header["year"] <= 2100:
            errors.append(_("报告年度应在 2000 至 2100 年之间。"))
    for key in ("signed", "published"):
        value = request.POST.get(key, "").strip()
        try:
            header[key] = date.fromisoformat(value).isoformat() if value else None
        except ValueError:
            errors.append(_("日期格式应为 YYYY-MM-DD。"))
    drafts.set_header(data, **{k: v for k, v in header.items() if k != "year" or not errors})
    for row in data["items"]:
        title = request.POST.get(f"title-{row['kind']}-{row['number']}")
        if title is not None and title.strip():
            row["title"] = " ".join(title.split())[:200]
    return errors


def _apply_action(request: HttpRequest, draft: ImportDraft) -> None:
    data = draft.data
    if "merge" in request.POST:
        kind, number = request.POST["merge"].split(":")
        drafts.merge_with_next(data, draft.source_text, kind, int(number))
        messages.info(request, _("已合并;关联已按新的编号重新建议。"))
    elif "split" in request.POST:
        kind, number = request.POST["split"].split(":")
        at = request.POST.get(f"split-{kind}-{number}", "")
        drafts.split_at(data, draft.source_text, kind, int(number), at)
        messages.info(request, _("已拆分;关联已按新的编号重新建议。"))
    elif "links-submitted" in request.POST:
        allowed = drafts.allowed_link_keys(data)
        data["links"] = [key for key in request.POST.getlist("link") if key in allowed]


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    draft = get_object_or_404(ImportDraft, pk=pk, created_by=request.user, report__isnull=True)
    errors: list[str] = []
    if request.method == "POST":
        errors = _apply_header(request, draft.data)
        try:
            _apply_action(request, draft)
        except (ReportImportError, ValueError) as error:
            errors.append(localize(str(error)))
        draft.save(update_fields=["data"])
        if "confirm" in request.POST and not errors:
            try:
                parsed = drafts.parsed_from_draft(draft.data)
                report = report_import(
                    parsed=parsed,
                    source_text=draft.source_text,
                    links=drafts.chosen_links(draft.data, parsed),
                )
            except ReportImportError as error:
                errors.append(localize(str(error)))
            else:
                draft.report = report
                draft.save(update_fields=["report"])
                count = report.items.count()
                messages.success(
                    request,
                    ngettext(
                        "已导入“%(title)s”,共 %(n)d 项。", "已导入“%(title)s”,共 %(n)d 项。", count
                    )
                    % {"title": report.title, "n": count},
                )
                return redirect("tracker:report-detail", pk=report.pk)
        if not errors and "confirm" not in request.POST:
            return redirect(reverse("tracker:import-preview", args=[draft.pk]))
    return render(request, "tracker/import_preview.html", _preview_context(draft, errors))


def _preview_context(draft: ImportDraft, errors: list[str]) -> dict:
    data = draft.data
    parsed = drafts.parsed_from_draft(data)
    suggestions = suggest_links(parsed)
    chosen = {drafts.link_key(link) for link in drafts.chosen_links(data, parsed)}
    best = {}
    for s in suggestions:
        best.setdefault((s.source_kind, s.source_number, s.target_kind, s.target_number), s)
    shortfalls, causes = drafts.items_of(data, "shortfall"), drafts.items_of(data, "cause")

    def options(source: dict, kind: str, targets: list[dict]) -> list[dict]:
        rows = []
        for target in targets:
            key = f"{kind}:{source['kind']}:{source['number']}:{target['kind']}:{target['number']}"
            hint = best.get((source["kind"], source["number"], target["kind"], target["number"]))
            rows.append({"key": key, "target": target, "checked": key in chosen, "hint": hint})
        return rows

    link_rows = [{"source": c, "options": options(c, "explains", shortfalls)} for c in causes]
    link_rows += [
        {"source": t, "options": options(t, "addresses", shortfalls + causes)}
        for t in drafts.items_of(data, "task")
    ]
    return {
        "draft": draft,
        "data": data,
        # Stored in Chinese, as the importer wrote them; shown in the reader's language.
        "warnings": [localize(warning) for warning in data["warnings"]],
        "errors": errors,
        "parts": [(kind, label, drafts.items_of(data, kind)) for kind, label in KIND_LABELS],
        "link_rows": link_rows,
    }
