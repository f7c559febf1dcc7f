"""URLs of the reports app (namespace "reports"): the project dashboard, the district
profiles and the participant list export; the ESF Plus indicators page and the indicator
report for funders."""

from django.urls import path

from quartier.reports.views import pages

app_name = "reports"

dashboard_patterns = [
    path("auswertung/", pages.report_list, name="report_list"),
    path("projekte/<slug:slug>/auswertung/", pages.dashboard, name="dashboard"),
    path(
        "projekte/<slug:slug>/auswertung/stadtteil/<slug:district_slug>/",
        pages.district_profile,
        name="district_profile",
    ),
    path(
        "projekte/<slug:slug>/auswertung/teilnehmendenliste.<str:file_format>",
        pages.participant_list_export,
        name="participant_list",
    ),
]

indicator_patterns = [
    path("projekte/<slug:slug>/indikatoren/", pages.indicators, name="indicators"),
    path(
        "projekte/<slug:slug>/indikatoren/bericht.<str:file_format>",
        pages.indicator_report_download,
        name="indicator_report",
    ),
]

urlpatterns = indicator_patterns + dashboard_patterns
