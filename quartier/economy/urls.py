"""URLs of the local economy, one `economy:` namespace built from one list per area:
employers (with their contacts and services), business events, vacant units,
vacancies (with the inbox of reported ones and the job search import), placements and
stabilisation check-ins. The public vacancy report form is on
settings.PUBLIC_URL_NAMES; everything else needs a login."""

app_name = "economy"

employer_patterns = []

event_patterns = []

unit_patterns = []

vacancy_patterns = []

placement_patterns = []

urlpatterns = [
    *employer_patterns,
    *event_patterns,
    *unit_patterns,
    *vacancy_patterns,
    *placement_patterns,
]
