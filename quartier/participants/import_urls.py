"""URLs of the participant list import and export (project leads)."""

from django.urls import path

from quartier.participants import import_views as views

app_name = "participant_import"

_BASE = "projekte/<slug:slug>/teilnehmende/import/"

urlpatterns = [
    path(_BASE, views.import_upload, name="import_upload"),
    path(f"{_BASE}export/<str:file_format>/", views.export, name="export"),
    path(f"{_BASE}laeufe/<int:pk>/", views.import_job, name="import_job"),
    path(f"{_BASE}<slug:token>/", views.import_preview, name="import_preview"),
    path(f"{_BASE}<slug:token>/importieren/", views.import_confirm, name="import_confirm"),
    path(f"{_BASE}<slug:token>/verwerfen/", views.import_cancel, name="import_cancel"),
]
