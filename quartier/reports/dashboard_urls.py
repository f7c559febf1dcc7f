"""URLs of the project dashboard, the district profiles and the participant list export."""

from django.urls import path

from quartier.reports import views

app_name = "reports_dashboard"

urlpatterns = [
    path("auswertung/", views.report_list, name="report_list"),
    path("projekte/<slug:slug>/auswertung/", views.dashboard, name="dashboard"),
    path(
        "projekte/<slug:slug>/auswertung/stadtteil/<slug:district_slug>/",
        views.district_profile,
        name="district_profile",
    ),
    path(
        "projekte/<slug:slug>/auswertung/teilnehmendenliste.<str:file_format>",
        views.participant_list_export,
        name="participant_list",
    ),
]
