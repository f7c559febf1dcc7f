"""URLs of the ESF Plus indicators page and the indicator report for funders."""

from django.urls import path

from quartier.reports import views

app_name = "reports_indicators"

urlpatterns = [
    path("projekte/<slug:slug>/indikatoren/", views.indicators, name="indicators"),
    path(
        "projekte/<slug:slug>/indikatoren/bericht.<str:file_format>",
        views.indicator_report_download,
        name="indicator_report",
    ),
]
