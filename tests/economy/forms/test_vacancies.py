"""Forms of the vacancy pages."""

import pytest

from quartier.core.models import Project
from quartier.economy.forms.vacancies import JobImportForm, VacancyFilterForm

pytestmark = pytest.mark.django_db


def test_filter_form_ignores_invalid_values():
    assert VacancyFilterForm({"kind": "nonsense", "q": "x"}).filters() == {"query": ""}
    assert VacancyFilterForm({"kind": "job", "q": " koch "}).filters()["query"] == "koch"


def test_import_form_checks_postcode_and_radius(world):
    projects = Project.objects.filter(pk=world.project.pk)
    form = JobImportForm(
        {"project": world.project.pk, "postcode": "4464", "radius": "500"}, projects=projects
    )
    assert not form.is_valid()
    assert set(form.errors) == {"postcode", "radius"}
    ok = JobImportForm(
        {"project": world.project.pk, "postcode": "07747", "radius": "10", "kind": "internship"},
        projects=projects,
    )
    assert ok.is_valid(), ok.errors
