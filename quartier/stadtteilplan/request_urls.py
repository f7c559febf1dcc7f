"""Appointment requests from residents: per offer, or to the district's project."""

from django.urls import path

from quartier.stadtteilplan.views import requests

urlpatterns = [
    path("<slug:district>/anfrage/", requests.request_create, name="request"),
    path(
        "<slug:district>/angebote/<uuid:offer>/anfrage/",
        requests.request_create,
        name="offer_request",
    ),
    path("<slug:district>/anfrage/danke/", requests.request_thanks, name="request_thanks"),
]
