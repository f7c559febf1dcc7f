"""URLs of matching, in the `matching:` namespace."""

from django.urls import path

from quartier.matching import views

app_name = "matching"

match_patterns = [
    path("faelle/<int:case_pk>/passende-stellen/", views.case_matches, name="case_matches"),
    path(
        "faelle/<int:case_pk>/passende-stellen/entscheiden/",
        views.suggestion_decide,
        name="suggestion_decide",
    ),
    path(
        "stellen/<int:vacancy_pk>/passende-personen/",
        views.vacancy_matches,
        name="vacancy_matches",
    ),
    path("projekte/<slug:project_slug>/passung/", views.weights, name="weights"),
]

urlpatterns = [*match_patterns]
