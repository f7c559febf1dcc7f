"""URLs of the case file."""

from django.urls import path

from quartier.cases.views import case as views

app_name = "cases"

urlpatterns = [
    path("faelle/", views.case_list, name="case_list"),
    path("faelle/export.csv", views.case_list_export, {"file_format": "csv"}, name="case_list_csv"),
    path(
        "faelle/export.xlsx", views.case_list_export, {"file_format": "xlsx"}, name="case_list_xlsx"
    ),
    path("mein-tag/", views.my_day, name="my_day"),
    path("faelle/<int:pk>/", views.case_detail, name="case_detail"),
    path("faelle/<int:pk>/bearbeiten/", views.case_edit, name="case_edit"),
    path("faelle/<int:pk>/potenzialanalysen/", views.assessment_list, name="assessment_list"),
    path(
        "faelle/<int:pk>/potenzialanalysen/neu/",
        views.assessment_create,
        name="assessment_create",
    ),
    path(
        "faelle/<int:pk>/potenzialanalysen/<int:assessment_pk>/bearbeiten/",
        views.assessment_edit,
        name="assessment_edit",
    ),
    path("faelle/<int:pk>/foerderplan/", views.plan_edit, name="plan_edit"),
    path("faelle/<int:pk>/kontakte/", views.contact_list, name="contact_list"),
    path("faelle/<int:pk>/kontakte/neu/", views.contact_create, name="contact_create"),
    path("faelle/<int:pk>/wiedervorlagen/neu/", views.follow_up_create, name="follow_up_create"),
    path("wiedervorlagen/<int:pk>/erledigt/", views.follow_up_toggle, name="follow_up_toggle"),
    path("faelle/<int:pk>/austritt/", views.case_exit, name="case_exit"),
    path("faelle/<int:pk>/austritt/zuruecknehmen/", views.case_exit_undo, name="case_exit_undo"),
    path("faelle/<int:pk>/nachbefragung/", views.followup_6m, name="followup_6m"),
]
