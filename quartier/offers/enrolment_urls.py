"""URLs of the offers app: enrolments and the attendance register."""

from django.urls import path

from quartier.offers.views import enrolments as views
from quartier.offers.views import register

app_name = "offers_enrolment"

urlpatterns = [
    path("angebote/<int:pk>/teilnehmende/", views.offer_participants, name="offer_participants"),
    path("angebote/<int:pk>/teilnehmende/neu/", views.enrol_from_offer, name="enrol_from_offer"),
    path("faelle/<int:pk>/angebote/neu/", views.enrol_from_case, name="enrol_from_case"),
    path("teilnahmen/<int:pk>/beenden/", views.enrolment_end, name="enrolment_end"),
    path("teilnahmen/<int:pk>/bearbeiten/", views.enrolment_change, name="enrolment_change"),
    path("angebote/<int:pk>/anwesenheit/", register.register_start, name="register_start"),
    path("angebote/<int:pk>/anwesenheit/<str:day>/", register.register, name="register"),
    path(
        "angebote/<int:pk>/anwesenheit/<str:day>/zeile/<int:enrolment>/",
        register.register_row,
        name="register_row",
    ),
]
