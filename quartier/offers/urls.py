"""URLs of the offers app: each area keeps its own module (catalogue, enrolments and
attendance, certificates, service requests)."""

from django.urls import include, path

urlpatterns = [
    path("", include("quartier.offers.catalogue_urls")),
    path("", include("quartier.offers.enrolment_urls")),
    path("", include("quartier.offers.certificate_urls")),
    path("", include("quartier.offers.service_request_urls")),
]
