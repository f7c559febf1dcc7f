"""Reported vacancies (services.vacancy_reports): the public report, confirm, reject."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.economy.models import Employer, ReviewStatus, VacancySource, VacancyStatus
from quartier.economy.services import vacancy_reports as services
from tests.economy.factories_vacancies import VacancyEmployerFactory

pytestmark = pytest.mark.django_db


def _report(project, **changes):
    data = {
        "project": project,
        "company": "Malerbetrieb Bunt",
        "postcode": "07747",
        "city": "Jena",
        "contact_name": "Herr Bunt",
        "email": "bunt@example.org",
        "title": "Praktikum Maler",
        "kind": "internship",
    } | changes
    return services.vacancy_report_create(**data)


def test_report_creates_a_new_employer_once(world):
    first = _report(world.project)
    second = _report(world.project, company="Malerbetrieb BUNT GmbH", title="Helfer")
    assert first.source == VacancySource.EMPLOYER_REPORT
    assert first.employer == second.employer
    assert Employer.objects.get().review_status == ReviewStatus.TO_CHECK


def test_rejected_employer_is_not_reused(world):
    VacancyEmployerFactory(
        project=world.project,
        name="Malerbetrieb Bunt",
        postcode="07747",
        review_status=ReviewStatus.REJECTED,
    )
    assert _report(world.project).employer.review_status == ReviewStatus.TO_CHECK


def test_kind_must_be_reportable(world):
    with pytest.raises(ValidationError):
        _report(world.project, kind="self_employment")


def test_confirm_and_reject_need_the_inbox_role(world):
    vacancy = _report(world.project)
    coach = world.member(Role.JOB_COACH)
    with pytest.raises(PermissionDenied):
        services.vacancy_report_confirm(
            actor=coach, vacancy=vacancy, expected_version=vacancy.version
        )
    lead_b = world.member(Role.PROJECT_LEAD, organisation=world.org_b)
    services.vacancy_report_confirm(actor=lead_b, vacancy=vacancy, expected_version=vacancy.version)
    assert vacancy.review_status == ReviewStatus.CONFIRMED
    assert vacancy.status == VacancyStatus.OPEN
    with pytest.raises(ValidationError):
        services.vacancy_report_confirm(
            actor=lead_b, vacancy=vacancy, expected_version=vacancy.version
        )


def test_confirm_with_a_foreign_employer_is_refused(world):
    vacancy = _report(world.project)
    liaison = world.member(Role.EMPLOYER_LIAISON)
    foreign = VacancyEmployerFactory(project=world.other_project)
    with pytest.raises(ValidationError):
        services.vacancy_report_confirm(
            actor=liaison, vacancy=vacancy, expected_version=vacancy.version, employer=foreign
        )


def test_new_employer_used_by_another_report_stays_to_check(world):
    first = _report(world.project)
    _report(world.project, title="Zweite Stelle")
    liaison = world.member(Role.EMPLOYER_LIAISON)
    services.vacancy_report_reject(
        actor=liaison, vacancy=first, expected_version=first.version, reason="Dublette"
    )
    assert Employer.objects.get().review_status == ReviewStatus.TO_CHECK


def test_reject_needs_a_reason(world):
    vacancy = _report(world.project)
    liaison = world.member(Role.EMPLOYER_LIAISON)
    with pytest.raises(ValidationError):
        services.vacancy_report_reject(
            actor=liaison, vacancy=vacancy, expected_version=vacancy.version, reason=" "
        )
