"""The coordinator imports a report: upload or paste → correct the parse → confirm."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from .. import permissions
from ..import_continuity import Continuity
from ..import_forms import DraftForms, ImportForm, ItemAction, JurisdictionForm
from ..importer import LinkSuggestion, ReportImportError, suggest_links
from ..importer import draft as drafts
from ..importer.linkkey import LinkKey
from ..importer.messages import localize
from ..importer.segments import source_segments
from ..importer.service import report_import
from ..jurisdictions import match_issuer
from ..models import ImportDraft, Kind, Report

PART_LABELS = {
    "measure": gettext_lazy("主要举措和成效"),
    "shortfall": gettext_lazy("存在的不足"),
    "cause": gettext_lazy("原因"),
    "task": gettext_lazy("下一年度安排"),
}


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
            data=drafts.draft_from_parsed(data["parsed"]),
            jurisdiction=match_issuer(
                data["parsed"].issuer, permissions.visible_jurisdictions(request.user)
            ),
        )
        return redirect("tracker:import-preview", pk=draft.pk)
    drafts_left = ImportDraft.objects.unfinished(request.user).only(
        "pk", "created_at", "filename", "data"
    )
    return render(request, "tracker/import_start.html", {"form": form, "drafts": drafts_left})


@login_required
@require_POST
def import_draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Throw away an unfinished draft (the page's button sends `confirm`)."""
    _require_importer(request)
    draft = get_object_or_404(ImportDraft.objects.unfinished(request.user), pk=pk)
    if request.POST.get("confirm") == "1":
        draft.delete()
        messages.success(request, _("已删除草稿“%(name)s”。") % {"name": draft})
    return redirect("tracker:import-start")


@login_required
def import_preview(request: HttpRequest, pk: int) -> HttpResponse:
    _require_importer(request)
    draft = get_object_or_404(ImportDraft.objects.unfinished(request.user), pk=pk)
    posted = request.POST if request.method == "POST" else None
    forms = DraftForms(draft, posted)
    place = JurisdictionForm(
        posted,
        choices=permissions.visible_jurisdictions(request.user),
        initial={"jurisdiction": draft.jurisdiction_id},
    )
    if request.method == "POST" and place.is_valid() & forms.is_valid():
        done = forms.apply()
        draft.jurisdiction = place.cleaned_data["jurisdiction"]
        draft.save(update_fields=["data", "jurisdiction"])
        if done:
            messages.info(request, done)
        elif "save" in request.POST:
            messages.success(request, _("已保存修改。"))
        if "confirm" not in request.POST:
            return redirect("tracker:import-preview", pk=draft.pk)
        try:
            report = _confirm(draft, by=request.user)
        except ReportImportError as error:
            if error.field == "jurisdiction":
                place.add_error("jurisdiction", localize(str(error)))
            else:
                forms.add_import_error(error)
        else:
            count = report.items.count()
            messages.success(
                request,
                ngettext(
                    "已导入“%(title)s”,共 %(n)d 项。", "已导入“%(title)s”,共 %(n)d 项。", count
                )
                % {"title": report.title, "n": count},
            )
            return redirect("tracker:report-detail", pk=report.pk)
    return render(request, "tracker/import_preview.html", {**_page(draft, forms), "place": place})


@transaction.atomic
def _confirm(draft: ImportDraft, *, by) -> Report:
    """Save the corrected draft as a report and mark the draft used, in one transaction
    (with the links to last year's report and the fates of its unfinished items)."""
    parsed = drafts.parsed_from_draft(draft.data)
    report = report_import(
        parsed=parsed,
        source_text=draft.source_text,
        links=drafts.chosen_links(draft.data, suggest_links(parsed)),
        jurisdiction=draft.jurisdiction,
        continuity=Continuity(draft).plan(draft.data),
        by=by,
    )
    draft.report = report
    draft.save(update_fields=["report"])
    return report


def _page(draft: ImportDraft, forms: DraftForms) -> dict:
    item_forms = list(forms.items)
    return {
        "draft": draft,
        "data": draft.data,
        # Stored in Chinese, as the importer wrote them; shown in the reader's language.
        "warnings": [localize(warning) for warning in draft.data["warnings"]],
        "forms": forms,
        "Action": ItemAction,
        "Kind": Kind,
        "parts": [
            (label, [form for form in item_forms if form.row and form.row["kind"] == kind])
            for kind, label in PART_LABELS.items()
        ],
        "link_rows": _link_rows(forms),
        "source": source_segments(draft.source_text, draft.data["items"]),
    }


def _link_rows(forms: DraftForms) -> list[dict]:
    """The link choices source by source, each with the parser's score where it has one."""
    hints: dict[LinkKey, LinkSuggestion] = {}
    for suggestion in forms.suggestions:  # best first for each source
        hints.setdefault(LinkKey.of(suggestion), suggestion)
    checked = set(forms.links["links"].value())
    rows = []
    for _start, group in groupby(forms.offers, key=lambda offer: offer.source["start"]):
        offers = list(group)
        options = [
            {
                "value": offer.key.encode(),
                "target": offer.target,
                "checked": offer.key.encode() in checked,
                "hint": hints.get(offer.key),
            }
            for offer in offers
        ]
        rows.append({"source": offers[0].source, "options": options})
    return rows
