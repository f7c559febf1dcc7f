"""URLs of the local economy, one `economy:` namespace built from one list per area:
employers (with their contacts and services), business events, vacant units,
vacancies (with the inbox of reported ones and the job search import), placements and
stabilisation check-ins. The public vacancy report form is on
settings.PUBLIC_URL_NAMES; everything else needs a login."""

from django.urls import path

from quartier.economy.views import events as event_views
from quartier.economy.views import units as unit_views

app_name = "economy"

employer_patterns = []

event_patterns = [
    path("wirtschaft/veranstaltungen/", event_views.event_list, name="event_list"),
    path("wirtschaft/veranstaltungen/neu/", event_views.event_create, name="event_create"),
    path(
        "wirtschaft/veranstaltungen/<int:event_pk>/",
        event_views.event_detail,
        name="event_detail",
    ),
    path(
        "wirtschaft/veranstaltungen/<int:event_pk>/bearbeiten/",
        event_views.event_edit,
        name="event_edit",
    ),
    path(
        "wirtschaft/veranstaltungen/<int:event_pk>/loeschen/",
        event_views.event_delete,
        name="event_delete",
    ),
    path(
        "wirtschaft/veranstaltungen/<int:event_pk>/einladen/",
        event_views.event_invite,
        name="event_invite",
    ),
    path(
        "wirtschaft/veranstaltungen/<int:event_pk>/teilnahme/",
        event_views.event_attendance,
        name="event_attendance",
    ),
    path(
        "wirtschaft/veranstaltungen/<int:event_pk>/einladungen/<int:invitation_pk>/entfernen/",
        event_views.invitation_delete,
        name="event_invitation_delete",
    ),
    path(
        "wirtschaft/veranstaltungen/<int:event_pk>/aufgaben/",
        event_views.event_task_create,
        name="event_task_create",
    ),
    path(
        "wirtschaft/veranstaltungen/aufgaben/<int:task_pk>/erledigt/",
        event_views.event_task_done,
        name="event_task_done",
    ),
]

unit_patterns = [
    path("wirtschaft/leerstand/", unit_views.unit_list, name="unit_list"),
    path("wirtschaft/leerstand/neu/", unit_views.unit_create, name="unit_create"),
    path("wirtschaft/leerstand/<int:unit_pk>/", unit_views.unit_detail, name="unit_detail"),
    path("wirtschaft/leerstand/<int:unit_pk>/bearbeiten/", unit_views.unit_edit, name="unit_edit"),
    path("wirtschaft/leerstand/<int:unit_pk>/status/", unit_views.unit_status, name="unit_status"),
    path(
        "wirtschaft/leerstand/<int:unit_pk>/loeschen/", unit_views.unit_delete, name="unit_delete"
    ),
]

vacancy_patterns = []

placement_patterns = []

urlpatterns = [
    *employer_patterns,
    *event_patterns,
    *unit_patterns,
    *vacancy_patterns,
    *placement_patterns,
]
