"""URLs of the case documents and the printable consent form and plan."""

from django.urls import path

from quartier.cases.views import documents as views

app_name = "documents"

urlpatterns = [
    path("faelle/<int:case_pk>/dokumente/", views.document_list, name="document_list"),
    path(
        "faelle/<int:case_pk>/dokumente/hochladen/",
        views.document_upload,
        name="document_upload",
    ),
    path(
        "faelle/<int:case_pk>/dokumente/<int:pk>/herunterladen/",
        views.document_download,
        name="document_download",
    ),
    path(
        "faelle/<int:case_pk>/dokumente/<int:pk>/loeschen/",
        views.document_delete,
        name="document_delete",
    ),
    path("faelle/<int:case_pk>/foerderplan.pdf", views.plan_pdf, name="plan_pdf"),
    path("teilnehmende/<int:pk>/einwilligung.pdf", views.consent_form_pdf, name="consent_form_pdf"),
]
