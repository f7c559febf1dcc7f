"""URLs of the local economy, one `economy:` namespace built from one list per area:
employers (with their contacts and services), business events, vacant units,
vacancies (with the inbox of reported ones and the job search import), placements and
stabilisation check-ins. The public vacancy report form is on
settings.PUBLIC_URL_NAMES; everything else needs a login."""

from django.urls import path

from quartier.economy.views import placements

app_name = "economy"

employer_patterns = []

event_patterns = []

unit_patterns = []

vacancy_patterns = []

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
