"""The vacancies API: list, create, read, change; 404 for foreign ids, 409 for stale
versions, 422 with field messages."""

import pytest

from quartier.core.models import Role
from quartier.economy.models import ReviewStatus, Vacancy
from tests.economy.factories_vacancies import SkillFactory, VacancyEmployerFactory, VacancyFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/vacancies/"


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON)


def test_create_list_get_patch(world, api_as, liaison):
    client = api_as(liaison)
    employer = VacancyEmployerFactory(project=world.project)
    skill = SkillFactory()
    created = client.post(
        URL,
        {
            "project": world.project.slug,
            "title": "Gärtner",
            "employer": employer.pk,
            "hours_per_week": "25.5",
            "essential_skills": [skill.pk],
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organisation"] == world.org_a.slug
    assert body["essential_skills"] == [skill.pk]
    assert body["source"] == "own"
    listed = client.get(URL, {"search": "gärt"}).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    one = client.get(f"{URL}{body['id']}/")
    assert one.json()["title"] == "Gärtner"
    changed = client.patch(
        f"{URL}{body['id']}/",
        {"version": body["version"], "title": "Landschaftsgärtner", "status": "filled"},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Landschaftsgärtner"
    assert changed.json()["status"] == "filled"
    stale = client.patch(f"{URL}{body['id']}/", {"version": body["version"], "title": "X"})
    assert stale.status_code == 409
    assert "title" in stale.json()["changed"]


def test_unconfirmed_and_foreign_are_not_listed(world, api_as, liaison):
    VacancyFactory(project=world.project, review_status=ReviewStatus.TO_CHECK)
    VacancyFactory(project=world.other_project)
    assert api_as(liaison).get(URL).json()["count"] == 0


def test_foreign_ids_are_404(world, api_as, liaison):
    client = api_as(liaison)
    foreign = VacancyFactory(project=world.other_project)
    assert client.get(f"{URL}{foreign.pk}/").status_code == 404
    assert client.patch(f"{URL}{foreign.pk}/", {"version": 1, "title": "X"}).status_code == 404
    foreign_employer = VacancyEmployerFactory(project=world.other_project)
    created = client.post(
        URL, {"project": world.project.slug, "title": "X", "employer": foreign_employer.pk}
    )
    assert created.status_code == 404
    assert client.post(URL, {"project": world.other_project.slug, "title": "X"}).status_code == 404
    assert not Vacancy.objects.filter(project=world.project).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"postcode": "123"}, "postcode"),
        ({"kind": "astronaut"}, "kind"),
        ({"latitude": "50.1"}, "longitude"),
        ({"essential_skills": [999999]}, "essential_skills"),
        ({"unknown": 1}, None),
    ],
)
def test_bad_input_is_422(world, api_as, liaison, overrides, field):
    body = {"project": world.project.slug, "title": "X"} | overrides
    response = api_as(liaison).post(URL, body)
    assert response.status_code == 422, response.content
    if field:
        assert field in response.json()["fields"]


def test_case_worker_reads_but_may_not_write(world, api_as):
    worker = world.member(Role.CASE_WORKER)
    vacancy = VacancyFactory(project=world.project)
    client = api_as(worker)
    assert client.get(f"{URL}{vacancy.pk}/").status_code == 200
    assert client.patch(f"{URL}{vacancy.pk}/", {"version": 1, "title": "X"}).status_code == 403
    assert client.post(URL, {"project": world.project.slug, "title": "X"}).status_code == 403


def test_status_expired_is_refused(world, api_as, liaison):
    vacancy = VacancyFactory(project=world.project)
    response = api_as(liaison).patch(
        f"{URL}{vacancy.pk}/", {"version": vacancy.version, "status": "expired"}
    )
    assert response.status_code == 422
