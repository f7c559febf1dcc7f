"""URLs of the reports app: each area keeps its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("quartier.reports.indicator_urls")),
    path("", include("quartier.reports.dashboard_urls")),
]
