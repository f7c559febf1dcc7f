"""`seed_demo --vacancies N`: N open, confirmed vacancies over the demo projects, with
coordinates, fields and skills, and the demo postcode centres."""

from io import StringIO

from django.core.management import call_command

from quartier.economy.models import Vacancy, VacancySkill
from quartier.matching.models import PostcodeArea


def test_seed_demo_makes_n_open_vacancies(db):
    call_command("seed_demo", "--participants", "0", "--vacancies", "40", stdout=StringIO())
    # The N come on top of the demo's own, reported and imported vacancies, at the
    # benchmark's "Demo-Betrieb" employers.
    vacancies = Vacancy.objects.filter(employer__name__startswith="Demo-Betrieb ")
    assert vacancies.count() == 40
    assert Vacancy.objects.count() > 40
    assert set(vacancies.values_list("status", "review_status")) == {("open", "confirmed")}
    assert vacancies.values("project").distinct().count() == 5
    assert vacancies.filter(latitude__isnull=False).count() > 30
    assert vacancies.exclude(occupational_field="").exists()
    assert VacancySkill.objects.exists()
    assert PostcodeArea.objects.filter(postcode="07747").exists()
