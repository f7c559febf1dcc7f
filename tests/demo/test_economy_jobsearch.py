"""The demo's job search import: the recorded answer around Jena-Lobeda through the real
importer."""

import pytest

from quartier.demo.economy.jobsearch import seed_ba_vacancies
from quartier.economy.models import Employer, Vacancy, VacancySource

pytestmark = pytest.mark.django_db


def test_seed_ba_vacancies(world):
    run = seed_ba_vacancies(world.project, world.org_a)
    assert (run.seen, run.created) == (8, 8)
    vacancies = Vacancy.objects.filter(project=world.project, source=VacancySource.BA)
    assert vacancies.count() == 8
    assert set(vacancies.values_list("postcode", flat=True)) <= {"07745", "07747", "07751"}
    fields = set(vacancies.values_list("occupational_field", flat=True))
    assert {"care", "hotel_catering", "retail", "crafts", "gardening_landscaping"} <= fields
    assert vacancies.filter(latitude__isnull=True).count() == 1
    assert Employer.objects.filter(project=world.project).count() == 8
    again = seed_ba_vacancies(world.project, world.org_a)
    assert (again.created, again.updated) == (0, 8)
