"""URLs of the local economy, one `economy:` namespace built from one list per area:
employers (with their contacts and services), business events, vacant units,
vacancies (with the inbox of reported ones and the job search import), placements and
stabilisation check-ins. The public vacancy report form is on
settings.PUBLIC_URL_NAMES; everything else needs a login."""

from django.urls import path

from quartier.economy.views import vacancies as vacancy_views
from quartier.economy.views import vacancy_reports as vacancy_report_views

app_name = "economy"

employer_patterns = []

event_patterns = []

unit_patterns = []

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

placement_patterns = []

urlpatterns = [
    *employer_patterns,
    *event_patterns,
    *unit_patterns,
    *vacancy_patterns,
    *placement_patterns,
]
