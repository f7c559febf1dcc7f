"""Writes of vacancies (services.vacancies)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.core.services import ConcurrentEditError
from quartier.economy.models import ReviewStatus, VacancyStatus
from quartier.economy.services import vacancies as services
from tests.economy.factories_vacancies import SkillFactory, VacancyEmployerFactory, VacancyFactory

pytestmark = pytest.mark.django_db


def test_create_with_skills_and_an_employer(world):
    coach = world.member(Role.JOB_COACH)
    employer = VacancyEmployerFactory(project=world.project)
    a, b = SkillFactory(), SkillFactory()
    vacancy = services.vacancy_create(
        actor=coach,
        project=world.project,
        organisation=world.org_a,
        title="Koch",
        employer=employer,
        essential_skills=[a],
        optional_skills=[b, a],
    )
    assert {(n.skill, n.essential) for n in vacancy.skill_needs.all()} == {(a, True), (b, False)}


def test_create_needs_a_role_in_the_organisation(world):
    coach = world.member(Role.JOB_COACH)
    with pytest.raises(PermissionDenied):
        services.vacancy_create(
            actor=coach, project=world.project, organisation=world.org_b, title="X"
        )
    worker = world.member(Role.CASE_WORKER)
    with pytest.raises(PermissionDenied):
        services.vacancy_create(
            actor=worker, project=world.project, organisation=world.org_a, title="X"
        )


def test_employer_of_another_project_is_refused(world):
    coach = world.member(Role.JOB_COACH)
    foreign = VacancyEmployerFactory(project=world.other_project)
    with pytest.raises(ValidationError) as raised:
        services.vacancy_create(
            actor=coach,
            project=world.project,
            organisation=world.org_a,
            title="X",
            employer=foreign,
        )
    assert "employer" in raised.value.message_dict


def test_update_replaces_skills_and_checks_the_version(world):
    coach = world.member(Role.JOB_COACH)
    a, b = SkillFactory(), SkillFactory()
    vacancy = services.vacancy_create(
        actor=coach,
        project=world.project,
        organisation=world.org_a,
        title="X",
        essential_skills=[a],
    )
    version = vacancy.version
    services.vacancy_update(
        actor=coach,
        vacancy=vacancy,
        expected_version=version,
        title="Y",
        essential_skills=[],
        optional_skills=[a, b],
    )
    assert {(n.skill, n.essential) for n in vacancy.skill_needs.all()} == {(a, False), (b, False)}
    with pytest.raises(ConcurrentEditError):
        services.vacancy_update(actor=coach, vacancy=vacancy, expected_version=version, title="Z")


def test_status_changes(world):
    coach = world.member(Role.JOB_COACH)
    vacancy = VacancyFactory(project=world.project)
    services.vacancy_set_status(
        actor=coach, vacancy=vacancy, status="closed", expected_version=vacancy.version
    )
    assert vacancy.status == VacancyStatus.CLOSED
    with pytest.raises(ValidationError):
        services.vacancy_set_status(
            actor=coach, vacancy=vacancy, status="expired", expected_version=vacancy.version
        )
    reported = VacancyFactory(project=world.project, review_status=ReviewStatus.TO_CHECK)
    with pytest.raises(ValidationError):
        services.vacancy_set_status(
            actor=coach, vacancy=reported, status="filled", expected_version=reported.version
        )
    other = world.member(Role.JOB_COACH, organisation=world.org_b)
    with pytest.raises(PermissionDenied):
        services.vacancy_set_status(
            actor=other, vacancy=vacancy, status="open", expected_version=vacancy.version
        )
