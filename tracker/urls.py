from django.urls import path

from .views import assignment, evidence, home, importing, items, progress, reports, summaries, units

app_name = "tracker"
urlpatterns = [
    path("", home.home, name="home"),
    path("items/", items.item_list, name="item-list"),
    path("items/<int:pk>/", items.item_detail, name="item-detail"),
    path("items/<int:pk>/assign/", assignment.item_assign_view, name="item-assign"),
    path("items/<int:pk>/urge/", assignment.item_urge_view, name="item-urge"),
    path("items/<int:pk>/extension/", assignment.extension_create, name="extension-create"),
    path("items/<int:pk>/updates/new/", progress.update_create, name="update-create"),
    path("updates/<int:pk>/revise/", progress.update_revise_view, name="update-revise"),
    path("updates/<int:pk>/review/", progress.update_review_view, name="update-review"),
    path("reviews/", progress.review_queue, name="review-queue"),
    path("extensions/<int:pk>/decide/", assignment.extension_decide_view, name="extension-decide"),
    path("evidence/<int:pk>/", evidence.evidence_download, name="evidence-download"),
    path("reports/", reports.report_list, name="report-list"),
    path("reports/<int:pk>/", reports.report_detail, name="report-detail"),
    path("reports/<int:pk>/source/", reports.report_source, name="report-source"),
    path("reports/import/", importing.import_start, name="import-start"),
    path("reports/import/<int:pk>/", importing.import_preview, name="import-preview"),
    path("units/", units.unit_list, name="unit-list"),
    path("units/new/", units.unit_create, name="unit-create"),
    path("dashboard/", summaries.dashboard, name="dashboard"),
    path("summaries/ledger.xlsx", summaries.ledger_xlsx, name="ledger-xlsx"),
    path("summaries/ledger.csv", summaries.ledger_csv, name="ledger-csv"),
    path("summaries/status/", summaries.summary_page, name="summary"),
    path("summaries/status.docx", summaries.summary_docx, name="summary-docx"),
    path("summaries/draft/", summaries.draft_page, name="draft"),
    path("summaries/draft.docx", summaries.draft_docx, name="draft-docx"),
    path("summaries/draft.md", summaries.draft_md, name="draft-md"),
]
