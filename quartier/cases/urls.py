"""URLs of the case file: cases and the forms around them, and the case documents with
the printable consent form and plan. One namespace, `cases:`."""

from django.urls import path

from quartier.cases.views import assessments, cases, contacts, documents, exits, follow_ups, plans

app_name = "cases"

case_patterns = [
    path("faelle/", cases.case_list, name="case_list"),
    path("faelle/export.csv", cases.case_list_export, {"file_format": "csv"}, name="case_list_csv"),
    path(
        "faelle/export.xlsx", cases.case_list_export, {"file_format": "xlsx"}, name="case_list_xlsx"
    ),
    path("mein-tag/", cases.my_day, name="my_day"),
    path("faelle/<int:case_pk>/", cases.case_detail, name="case_detail"),
    path("faelle/<int:case_pk>/bearbeiten/", cases.case_edit, name="case_edit"),
]

assessment_patterns = [
    path(
        "faelle/<int:case_pk>/potenzialanalysen/",
        assessments.assessment_list,
        name="assessment_list",
    ),
    path(
        "faelle/<int:case_pk>/potenzialanalysen/neu/",
        assessments.assessment_create,
        name="assessment_create",
    ),
    path(
        "faelle/<int:case_pk>/potenzialanalysen/<int:assessment_pk>/bearbeiten/",
        assessments.assessment_edit,
        name="assessment_edit",
    ),
]

plan_patterns = [
    path("faelle/<int:case_pk>/foerderplan/", plans.plan_edit, name="plan_edit"),
]

contact_patterns = [
    path("faelle/<int:case_pk>/kontakte/", contacts.contact_list, name="contact_list"),
    path("faelle/<int:case_pk>/kontakte/neu/", contacts.contact_create, name="contact_create"),
]

follow_up_patterns = [
    path(
        "faelle/<int:case_pk>/wiedervorlagen/neu/",
        follow_ups.follow_up_create,
        name="follow_up_create",
    ),
    path(
        "wiedervorlagen/<int:follow_up_pk>/erledigt/",
        follow_ups.follow_up_toggle,
        name="follow_up_toggle",
    ),
]

exit_patterns = [
    path("faelle/<int:case_pk>/austritt/", exits.case_exit, name="case_exit"),
    path(
        "faelle/<int:case_pk>/austritt/zuruecknehmen/", exits.case_exit_undo, name="case_exit_undo"
    ),
    path("faelle/<int:case_pk>/nachbefragung/", exits.six_month_survey, name="six_month_survey"),
]

document_patterns = [
    path("faelle/<int:case_pk>/dokumente/", documents.document_list, name="document_list"),
    path(
        "faelle/<int:case_pk>/dokumente/hochladen/",
        documents.document_upload,
        name="document_upload",
    ),
    path(
        "faelle/<int:case_pk>/dokumente/<int:document_pk>/herunterladen/",
        documents.document_download,
        name="document_download",
    ),
    path(
        "faelle/<int:case_pk>/dokumente/<int:document_pk>/loeschen/",
        documents.document_delete,
        name="document_delete",
    ),
    path("faelle/<int:case_pk>/foerderplan.pdf", documents.plan_pdf, name="plan_pdf"),
    path(
        "teilnehmende/<int:participant_pk>/einwilligung.pdf",
        documents.consent_form_pdf,
        name="consent_form_pdf",
    ),
]

urlpatterns = [
    *case_patterns,
    *assessment_patterns,
    *plan_patterns,
    *contact_patterns,
    *follow_up_patterns,
    *exit_patterns,
    *document_patterns,
]
