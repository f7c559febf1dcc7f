"""URLs of the participants app (namespace `participants:`): intake and participant data,
consents, first contacts, the request inbox, and the participant-list import and export."""

from django.urls import path

from quartier.participants.views import consents, imports, inbox, participants

app_name = "participants"

participant_patterns = [
    path("teilnehmende/aufnahme/", participants.intake, name="intake"),
    path(
        "teilnehmende/<int:participant_pk>/bearbeiten/",
        participants.participant_edit,
        name="participant_edit",
    ),
]

consent_patterns = [
    path(
        "teilnehmende/<int:participant_pk>/einwilligungen/neu/",
        consents.consent_create,
        name="consent_create",
    ),
    path(
        "einwilligungen/<int:consent_pk>/widerrufen/",
        consents.consent_withdraw,
        name="consent_withdraw",
    ),
    path("projekte/<slug:slug>/einwilligungstexte/", consents.consent_texts, name="consent_texts"),
]

first_contact_patterns = [
    path("erstkontakte/", participants.first_contact_list, name="first_contact_list"),
    path(
        "erstkontakte/<int:first_contact_pk>/",
        participants.first_contact_edit,
        name="first_contact_edit",
    ),
]

inbox_patterns = [
    path("anfragen/<int:first_contact_pk>/zuweisen/", inbox.request_assign, name="request_assign"),
    path("anfragen/<int:first_contact_pk>/schritt/", inbox.request_step, name="request_step"),
    path("anfragen/<int:first_contact_pk>/schliessen/", inbox.request_close, name="request_close"),
]

_IMPORT = "projekte/<slug:slug>/teilnehmende/import/"

import_patterns = [
    path(_IMPORT, imports.import_upload, name="import_upload"),
    path(f"{_IMPORT}export/<str:file_format>/", imports.export, name="export"),
    path(f"{_IMPORT}laeufe/<int:job_pk>/", imports.import_job, name="import_job"),
    path(f"{_IMPORT}<slug:token>/", imports.import_preview, name="import_preview"),
    path(f"{_IMPORT}<slug:token>/importieren/", imports.import_confirm, name="import_confirm"),
    path(f"{_IMPORT}<slug:token>/verwerfen/", imports.import_cancel, name="import_cancel"),
]

urlpatterns = [
    *participant_patterns,
    *consent_patterns,
    *first_contact_patterns,
    *inbox_patterns,
    *import_patterns,
]
