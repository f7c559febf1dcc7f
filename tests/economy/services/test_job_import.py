"""The import from the Bundesagentur's job search (services.job_import), against
recorded answers served by a local HTTP server."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.economy.models import (
    EconomySettings,
    Employer,
    JobImportRun,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from quartier.economy.services import job_import
from tests.economy.ba_server import Answer, answer, ba_server_fixture, recording  # noqa: F401
from tests.economy.factories_vacancies import VacancyEmployerFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def _two_pages(server):
    server.on_page(1, answer("v4_page1.json"))
    server.on_page(2, answer("v4_page2.json"))


def _run(world, **kwargs):
    return job_import.job_import_run(
        project=world.project, postcode="44649", radius=10, kinds=["job"], **kwargs
    )


def test_import_creates_vacancies_once_and_employers(world, ba_server):
    _two_pages(ba_server)
    run = _run(world)
    assert run.status == JobImportRun.Status.DONE, run.error
    assert (run.pages, run.seen, run.created, run.updated) == (2, 4, 4, 0)
    vacancies = Vacancy.objects.filter(project=world.project)
    assert vacancies.count() == 4
    care = vacancies.get(ba_refnr="10000-1201234567-S")
    assert care.source == VacancySource.BA
    assert care.organisation == world.org_a
    assert care.postcode == "01067"
    assert care.title == "Pflegehelfer (m/w/d) in Teilzeit"
    assert vacancies.get(ba_refnr="10000-1201234568-S").title == "Koch/Köchin"
    assert vacancies.get(ba_refnr="10000-1201234568-S").latitude is None
    # "…GmbH" and "…gmbh" with the same postcode are one employer.
    assert run.employers_created == 3
    assert Employer.objects.filter(project=world.project).count() == 3
    retail = vacancies.get(ba_refnr="10000-1201234569-S")
    assert retail.employer == care.employer


def test_second_run_updates_instead_of_duplicating(world, ba_server):
    _two_pages(ba_server)
    _run(world)
    run = _run(world)
    assert (run.created, run.updated, run.employers_created) == (0, 4, 0)
    assert Vacancy.objects.filter(project=world.project).count() == 4


def test_existing_employer_is_linked(world, ba_server):
    employer = VacancyEmployerFactory(
        project=world.project, name="Gasthaus zur Linde", postcode="44649"
    )
    _two_pages(ba_server)
    _run(world)
    assert Vacancy.objects.get(ba_refnr="10000-1201234568-S").employer == employer


def test_same_refnr_in_another_project_is_its_own(world, ba_server):
    _two_pages(ba_server)
    _run(world)
    job_import.job_import_run(project=world.other_project, postcode="44649", kinds=["job"])
    assert Vacancy.objects.filter(ba_refnr="10000-1201234567-S").count() == 2


def test_unseen_vacancies_expire_after_n_runs(world, ba_server, settings):
    settings.QUARTIER_BA_EXPIRE_AFTER_RUNS = 2
    gone = VacancyFactory(
        project=world.project, source=VacancySource.BA, ba_refnr="1-OLD-S", kind="job"
    )
    other_kind = VacancyFactory(
        project=world.project, source=VacancySource.BA, ba_refnr="2-OLD-S", kind="internship"
    )
    own = VacancyFactory(project=world.project)
    _two_pages(ba_server)
    _run(world)
    gone.refresh_from_db()
    assert (gone.status, gone.missed_import_runs) == (VacancyStatus.OPEN, 1)
    run = _run(world)
    gone.refresh_from_db()
    assert gone.status == VacancyStatus.EXPIRED
    assert run.expired == 1
    other_kind.refresh_from_db()
    own.refresh_from_db()
    assert other_kind.status == own.status == VacancyStatus.OPEN
    assert other_kind.missed_import_runs == 0


def test_expired_vacancy_seen_again_opens(world, ba_server):
    vacancy = VacancyFactory(
        project=world.project,
        source=VacancySource.BA,
        ba_refnr="10000-1201234567-S",
        status=VacancyStatus.EXPIRED,
        missed_import_runs=3,
    )
    _two_pages(ba_server)
    _run(world)
    vacancy.refresh_from_db()
    assert (vacancy.status, vacancy.missed_import_runs) == (VacancyStatus.OPEN, 0)


@pytest.mark.parametrize(
    "page2",
    [
        answer("error_400.json", 400),
        answer("error_403.json", 403),
        answer("error_429.json", 429, **{"Retry-After": "0"}),
        answer("error_500.html", 500),
        answer("malformed.json"),
    ],
    ids=["400", "403", "429", "500", "malformed"],
)
def test_an_error_on_any_page_imports_nothing(world, ba_server, page2):
    ba_server.on_page(1, answer("v4_page1.json"))
    ba_server.on_page(2, page2)
    run = _run(world)
    assert run.status == JobImportRun.Status.FAILED
    assert "\n" not in run.error
    assert run.error
    assert run.finished_at is not None
    assert not Vacancy.objects.filter(project=world.project).exists()
    assert not Employer.objects.filter(project=world.project).exists()
    # A later run retries and imports.
    _two_pages(ba_server)
    assert _run(world).status == JobImportRun.Status.DONE
    assert Vacancy.objects.filter(project=world.project).count() == 4


def test_a_failed_write_rolls_back_and_is_recorded(world, ba_server, monkeypatch):
    _two_pages(ba_server)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(job_import, "_apply", broken)
    run = _run(world)
    assert run.status == JobImportRun.Status.FAILED
    assert "disk full" in run.error
    assert not Employer.objects.filter(project=world.project).exists()


def test_v6_answer_imports(world, ba_server):
    ba_server.on_page(1, answer("v6_page1.json"))
    run = _run(world)
    assert run.created == 2
    cafe = Vacancy.objects.get(ba_refnr="10001-1209876543-S")
    assert (cafe.postcode, cafe.employer.name) == ("07747", "Café am Markt")


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"postcode": "4464"}, "postcode"),
        ({"radius": 500}, "radius"),
        ({"kinds": ["work_trial"]}, "kind"),
    ],
)
def test_bad_query_is_refused(world, kwargs, field):
    data = {"project": world.project, "postcode": "44649", "radius": 10} | kwargs
    with pytest.raises(ValidationError) as raised:
        job_import.job_import_run(**data)
    assert field in raised.value.message_dict
    assert not JobImportRun.objects.exists()


def test_start_runs_the_task_for_the_liaisons_organisation(world, ba_server):
    liaison = world.member(Role.EMPLOYER_LIAISON, organisation=world.org_b)
    ba_server.on_page(1, answer("v6_page1.json"))
    run = job_import.job_import_start(
        actor=liaison, project=world.project, postcode="07747", radius=5, kind="job"
    )
    assert run.status == JobImportRun.Status.DONE
    assert run.started_by == liaison
    assert run.organisation == world.org_b
    assert ba_server.requests[0]["params"]["angebotsart"] == "1"
    assert Vacancy.objects.filter(organisation=world.org_b).count() == 2


def test_start_needs_the_import_permission(world):
    coach = world.member(Role.JOB_COACH)
    with pytest.raises(PermissionDenied):
        job_import.job_import_start(actor=coach, project=world.project, postcode="07747")


def test_daily_imports_per_project_with_a_search(world, ba_server):
    EconomySettings.objects.create(
        project=world.project, ba_search={"postcode": "07747", "radius": 5, "kinds": ["job"]}
    )
    EconomySettings.objects.create(project=world.other_project)
    ba_server.on_page(1, answer("v6_page1.json"))
    assert job_import.daily_job_imports() == {"done": 1, "failed": 0}
    assert JobImportRun.objects.get().project == world.project


def test_daily_import_failure_raises_after_recording(world, ba_server):
    EconomySettings.objects.create(project=world.project, ba_search={"postcode": "07747"})
    ba_server.on_page(1, answer("error_500.html", 500))
    with pytest.raises(job_import.JobImportsFailed):
        job_import.daily_job_imports()
    assert JobImportRun.objects.get().status == JobImportRun.Status.FAILED
