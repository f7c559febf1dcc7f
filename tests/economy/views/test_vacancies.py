"""The vacancy pages: list, new, page, edit, status and the job search import."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.core.models import Role
from quartier.economy.models import JobImportRun, ReviewStatus, Vacancy, VacancySource
from tests.economy.ba_server import answer, ba_server_fixture  # noqa: F401
from tests.economy.factories_vacancies import (
    SkillFactory,
    VacancyEmployerFactory,
    VacancyFactory,
    VacancySkillFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON)


def test_list_searches_and_filters(world, login, liaison):
    employer = VacancyEmployerFactory(project=world.project, name="Gärtnerei Grün")
    VacancyFactory(project=world.project, title="Gärtner", employer=employer)
    VacancyFactory(project=world.project, title="Koch", kind="apprenticeship")
    VacancyFactory(project=world.project, title="Gemeldet", review_status=ReviewStatus.TO_CHECK)
    VacancyFactory(project=world.project, organisation=world.org_b, title="Fremd")
    VacancyFactory(project=world.other_project, title="Anderes Projekt")
    client = login(liaison)
    page = client.get(reverse("economy:vacancy_list")).content.decode()
    assert "Gärtner" in page
    assert "Koch" in page
    assert "Gemeldet" not in page
    assert "Fremd" not in page
    assert "Anderes Projekt" not in page
    found = client.get(reverse("economy:vacancy_list"), {"q": "grün"}).content.decode()
    assert "Gärtner" in found
    assert "Koch" not in found
    kind = client.get(reverse("economy:vacancy_list"), {"kind": "apprenticeship"})
    assert "Koch" in kind.content.decode()
    assert "Gärtner" not in kind.content.decode()
    nothing = client.get(reverse("economy:vacancy_list"), {"q": "zzz"}).content.decode()
    assert "No vacancy matches" in nothing


def test_empty_list_says_what_to_do(world, login, liaison):
    page = login(liaison).get(reverse("economy:vacancy_list")).content.decode()
    assert "No vacancies yet" in page
    assert reverse("economy:vacancy_create") in page


def test_list_paginates(world, login, liaison):
    for _ in range(30):
        VacancyFactory(project=world.project)
    page = login(liaison).get(reverse("economy:vacancy_list"), {"page": 2})
    assert page.status_code == 200
    assert "30 vacancies" in page.content.decode()


def test_navigation_shows_vacancies(world, login, liaison):
    page = login(liaison).get(reverse("core:home")).content.decode()
    assert reverse("economy:vacancy_list") in page


def test_case_worker_sees_but_does_not_change(world, login):
    worker = world.member(Role.CASE_WORKER)
    vacancy = VacancyFactory(project=world.project)
    client = login(worker)
    assert client.get(reverse("economy:vacancy_detail", args=[vacancy.pk])).status_code == 200
    assert client.get(reverse("economy:vacancy_edit", args=[vacancy.pk])).status_code == 403
    assert client.get(reverse("economy:vacancy_create")).status_code == 403


def test_foreign_vacancy_is_404(world, login, liaison):
    foreign = VacancyFactory(project=world.other_project)
    client = login(liaison)
    for name in ("economy:vacancy_detail", "economy:vacancy_edit"):
        assert client.get(reverse(name, args=[foreign.pk])).status_code == 404


def test_create_with_skills(world, login, liaison):
    employer = VacancyEmployerFactory(project=world.project)
    care, talk = SkillFactory(name="Pflege"), SkillFactory(name="Kommunikation")
    client = login(liaison)
    response = client.post(
        reverse("economy:vacancy_create"),
        {
            "owner": f"{world.project.pk}-{world.org_a.pk}",
            "kind": "job",
            "title": "Pflegehelfer",
            "employer": employer.pk,
            "hours_per_week": "30",
            "places": "2",
            "postcode": "44649",
            "essential_skills": [care.pk],
            "optional_skills": [talk.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()
    vacancy = Vacancy.objects.get()
    assert vacancy.source == VacancySource.OWN
    assert vacancy.hours_per_week == Decimal("30")
    assert {(n.skill.name, n.essential) for n in vacancy.skill_needs.all()} == {
        ("Pflege", True),
        ("Kommunikation", False),
    }
    page = client.get(response.url).content.decode()
    assert "Pflege" in page
    assert employer.name in page


def test_create_refuses_a_skill_both_ways_and_a_foreign_employer(world, login, liaison):
    skill = SkillFactory()
    foreign = VacancyEmployerFactory(project=world.other_project)
    response = login(liaison).post(
        reverse("economy:vacancy_create"),
        {
            "owner": f"{world.project.pk}-{world.org_a.pk}",
            "kind": "job",
            "title": "X",
            "places": "1",
            "employer": foreign.pk,
            "essential_skills": [skill.pk],
            "optional_skills": [skill.pk],
        },
    )
    assert response.status_code == 200
    assert "either essential or optional" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_edit_and_stale_edit(world, login, liaison):
    vacancy = VacancyFactory(project=world.project, title="Alt")
    need = VacancySkillFactory(vacancy=vacancy)
    client = login(liaison)
    url = reverse("economy:vacancy_edit", args=[vacancy.pk])
    data = {"kind": "job", "title": "Neu", "places": "1", "expected_version": vacancy.version}
    data["essential_skills"] = [need.skill_id]
    assert client.post(url, data).status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.title == "Neu"
    stale = client.post(url, data | {"title": "Später"})
    assert stale.status_code == 200
    vacancy.refresh_from_db()
    assert vacancy.title == "Neu"


def test_status_change(world, login, liaison):
    vacancy = VacancyFactory(project=world.project)
    client = login(liaison)
    url = reverse("economy:vacancy_status", args=[vacancy.pk])
    client.post(url, {"status": "filled", "expected_version": vacancy.version})
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"
    client.post(url, {"status": "expired", "expected_version": vacancy.version})
    vacancy.refresh_from_db()
    assert vacancy.status == "filled"


def test_ba_vacancy_page_names_the_source(world, login, liaison):
    vacancy = VacancyFactory(
        project=world.project,
        source=VacancySource.BA,
        ba_refnr="10000-1-S",
        external_url="https://www.arbeitsagentur.de/jobsuche/jobdetail/10000-1-S",
    )
    page = login(liaison).get(reverse("economy:vacancy_detail", args=[vacancy.pk]))
    text = page.content.decode()
    assert "comes from the job search of the Bundesagentur für Arbeit" in text
    assert 'href="https://www.arbeitsagentur.de/jobsuche/jobdetail/10000-1-S"' in text


def test_import_button_runs_and_shows_runs(world, login, liaison, ba_server):
    ba_server.on_page(1, answer("v6_page1.json"))
    client = login(liaison)
    page = client.get(reverse("economy:vacancy_import"))
    assert page.status_code == 200
    response = client.post(
        reverse("economy:vacancy_import"),
        {"project": world.project.pk, "postcode": "07747", "radius": "5", "kind": "job"},
        follow=True,
    )
    text = response.content.decode()
    assert "2 vacancies found, 2 new" in text
    assert JobImportRun.objects.get().status == JobImportRun.Status.DONE
    assert Vacancy.objects.filter(source=VacancySource.BA).count() == 2


def test_import_failure_is_a_clear_message(world, login, liaison, ba_server):
    ba_server.on_page(1, answer("error_500.html", 500))
    response = login(liaison).post(
        reverse("economy:vacancy_import"),
        {"project": world.project.pk, "postcode": "07747", "radius": "5"},
        follow=True,
    )
    assert "The import failed" in response.content.decode()
    assert not Vacancy.objects.exists()


def test_import_needs_the_inbox_role(world, login):
    coach = world.member(Role.JOB_COACH)
    assert login(coach).get(reverse("economy:vacancy_import")).status_code == 403


def test_list_queries_do_not_grow_with_rows(world, login, liaison, django_assert_max_num_queries):
    client = login(liaison)
    for _ in range(3):
        VacancyFactory(
            project=world.project, employer=VacancyEmployerFactory(project=world.project)
        )
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("economy:vacancy_list"))
    for _ in range(10):
        VacancyFactory(
            project=world.project, employer=VacancyEmployerFactory(project=world.project)
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("economy:vacancy_list"))
