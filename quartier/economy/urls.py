"""URLs of the local economy, one `economy:` namespace built from one list per area:
employers (with their contacts and services), business events, vacant units,
vacancies (with the inbox of reported ones and the job search import), placements and
stabilisation check-ins. The public vacancy report form is on
settings.PUBLIC_URL_NAMES; everything else needs a login."""

from django.urls import path

from quartier.economy.views import advice, employers, placements
from quartier.economy.views import events as event_views
from quartier.economy.views import units as unit_views
from quartier.economy.views import vacancies as vacancy_views
from quartier.economy.views import vacancy_reports as vacancy_report_views

app_name = "economy"

employer_patterns = [
    path("betriebe/", employers.employer_list, name="employer_list"),
    path("betriebe/neu/", employers.employer_create, name="employer_create"),
    path("betriebe/<int:employer_pk>/", employers.employer_detail, name="employer_detail"),
    path("betriebe/<int:employer_pk>/bearbeiten/", employers.employer_edit, name="employer_edit"),
    path("betriebe/<int:employer_pk>/groesse/", employers.employer_size, name="employer_size"),
    path(
        "betriebe/<int:employer_pk>/ansprechpersonen/neu/",
        employers.contact_person_create,
        name="contact_person_create",
    ),
    path(
        "betriebe/<int:employer_pk>/ansprechpersonen/<int:person_pk>/",
        employers.contact_person_edit,
        name="contact_person_edit",
    ),
    path(
        "betriebe/<int:employer_pk>/kontakte/neu/",
        employers.employer_contact_create,
        name="employer_contact_create",
    ),
    path(
        "betriebe/<int:employer_pk>/leistungen/neu/",
        advice.service_create,
        name="employer_service_create",
    ),
    path(
        "betriebe/<int:employer_pk>/leistungen/<int:service_pk>/",
        advice.service_edit,
        name="employer_service_edit",
    ),
    path(
        "betriebe/<int:employer_pk>/leistungen/<int:service_pk>/loeschen/",
        advice.service_delete,
        name="employer_service_delete",
    ),
]

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

vacancy_patterns = [
    path("stellen/", vacancy_views.vacancy_list, name="vacancy_list"),
    path("stellen/neu/", vacancy_views.vacancy_create, name="vacancy_create"),
    path("stellen/import/", vacancy_views.vacancy_import, name="vacancy_import"),
    path("stellen/gemeldet/", vacancy_report_views.vacancy_inbox, name="vacancy_inbox"),
    path(
        "stellen/gemeldet/<int:vacancy_pk>/bestaetigen/",
        vacancy_report_views.vacancy_report_confirm,
        name="vacancy_report_confirm",
    ),
    path(
        "stellen/gemeldet/<int:vacancy_pk>/ablehnen/",
        vacancy_report_views.vacancy_report_reject,
        name="vacancy_report_reject",
    ),
    path("stellen/<int:vacancy_pk>/", vacancy_views.vacancy_detail, name="vacancy_detail"),
    path("stellen/<int:vacancy_pk>/bearbeiten/", vacancy_views.vacancy_edit, name="vacancy_edit"),
    path("stellen/<int:vacancy_pk>/status/", vacancy_views.vacancy_status, name="vacancy_status"),
    # Public: employers report a vacancy without an account (settings.PUBLIC_URL_NAMES).
    path(
        "stelle-melden/<slug:project_slug>/",
        vacancy_report_views.vacancy_report,
        name="vacancy_report",
    ),
    path(
        "stelle-melden/<slug:project_slug>/danke/",
        vacancy_report_views.vacancy_report_thanks,
        name="vacancy_report_thanks",
    ),
]

placement_patterns = [
    path(
        "faelle/<int:case_pk>/vermittlung/neu/",
        placements.placement_create,
        name="placement_create",
    ),
    path("vermittlungen/<int:placement_pk>/", placements.placement_detail, name="placement_detail"),
    path(
        "vermittlungen/<int:placement_pk>/bearbeiten/",
        placements.placement_edit,
        name="placement_edit",
    ),
    path("vermittlungen/<int:placement_pk>/ende/", placements.placement_end, name="placement_end"),
    path(
        "vermittlungen/<int:placement_pk>/nachbetreuung/<int:check_pk>/",
        placements.check_record,
        name="check_record",
    ),
    path(
        "projekte/<slug:project_slug>/vermittlung/",
        placements.economy_settings,
        name="economy_settings",
    ),
]

urlpatterns = [
    *employer_patterns,
    *event_patterns,
    *unit_patterns,
    *vacancy_patterns,
    *placement_patterns,
]
