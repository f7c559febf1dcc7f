"""URLs of the offers app: catalogues."""

from django.urls import path

from quartier.offers.views import catalogue as views

app_name = "offers_catalogue"

urlpatterns = [
    path("angebote/", views.offer_list, name="offer_list"),
    path("angebote/neu/", views.offer_create, name="offer_create"),
    path("angebote/orte/", views.location_list, name="location_list"),
    path("angebote/orte/neu/", views.location_create, name="location_create"),
    path("angebote/orte/<int:pk>/bearbeiten/", views.location_edit, name="location_edit"),
    path("angebote/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("angebote/<int:pk>/bearbeiten/", views.offer_edit, name="offer_edit"),
    path("angebote/<int:pk>/kalender.ics", views.offer_ical, name="offer_ical"),
    path("angebote/<int:pk>/termine/neu/", views.schedule_create, name="schedule_create"),
    path("angebote/<int:pk>/termine/<int:schedule_pk>/", views.schedule_edit, name="schedule_edit"),
    path(
        "angebote/<int:pk>/termine/<int:schedule_pk>/loeschen/",
        views.schedule_delete,
        name="schedule_delete",
    ),
    path(
        "angebote/<int:pk>/uebersetzungen/<slug:language>/",
        views.translation_edit,
        name="translation_edit",
    ),
    path(
        "angebote/<int:pk>/uebersetzungen/<slug:language>/loeschen/",
        views.translation_delete,
        name="translation_delete",
    ),
]
