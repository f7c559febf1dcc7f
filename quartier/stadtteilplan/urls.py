"""URLs of the public offer map (namespace "stadtteilplan"): no login, no cookies but
the language choice. Each area keeps its own module."""

from django.urls import include, path

app_name = "stadtteilplan"

urlpatterns = [
    path("", include("quartier.stadtteilplan.page_urls")),
    path("", include("quartier.stadtteilplan.request_urls")),
    path("", include("quartier.stadtteilplan.feed_urls")),
]
