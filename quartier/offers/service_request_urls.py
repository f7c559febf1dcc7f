"""URLs of the offers app: service requests (Anfragen an Praxisprojekte)."""

from django.urls import path

from quartier.offers.views import service_requests as views

app_name = "offers_service_request"

urlpatterns = [
    path("anfragen/", views.service_request_list, name="service_request_list"),
    path(
        "angebote/<int:offer_pk>/anfragen/",
        views.offer_service_requests,
        name="offer_service_requests",
    ),
    path(
        "angebote/<int:offer_pk>/anfragen/neu/",
        views.service_request_create,
        name="service_request_create",
    ),
    path("anfragen/<int:pk>/", views.service_request_detail, name="service_request_detail"),
    path(
        "anfragen/<int:pk>/planen/", views.service_request_schedule, name="service_request_schedule"
    ),
    path("anfragen/<int:pk>/erledigt/", views.service_request_done, name="service_request_done"),
    path("anfragen/<int:pk>/absagen/", views.service_request_cancel, name="service_request_cancel"),
]
