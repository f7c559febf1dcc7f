"""URLs of intake, participant data, consents, first contacts and the request inbox."""

from django.urls import path

from quartier.participants import inbox_views, views

app_name = "participants"

urlpatterns = [
    path("teilnehmende/aufnahme/", views.intake, name="intake"),
    path("teilnehmende/<int:pk>/bearbeiten/", views.participant_edit, name="participant_edit"),
    path("teilnehmende/<int:pk>/einwilligungen/neu/", views.consent_create, name="consent_create"),
    path("einwilligungen/<int:pk>/widerrufen/", views.consent_withdraw, name="consent_withdraw"),
    path("projekte/<slug:slug>/einwilligungstexte/", views.consent_texts, name="consent_texts"),
    path("erstkontakte/", views.first_contact_list, name="first_contact_list"),
    path("erstkontakte/<int:pk>/", views.first_contact_edit, name="first_contact_edit"),
    path("anfragen/<int:pk>/zuweisen/", inbox_views.request_assign, name="request_assign"),
    path("anfragen/<int:pk>/schritt/", inbox_views.request_step, name="request_step"),
    path("anfragen/<int:pk>/schliessen/", inbox_views.request_close, name="request_close"),
]
