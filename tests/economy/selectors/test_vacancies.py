"""Selectors of vacancies: scoping, the inbox, the start page part, import defaults."""

import pytest

from quartier.core.models import Role
from quartier.economy.models import EconomySettings, ReviewStatus
from quartier.economy.selectors import vacancies as selectors
from tests.economy.factories_vacancies import VacancyFactory

pytestmark = pytest.mark.django_db


def test_visible_per_tenant(world, platform_admin):
    own = VacancyFactory(project=world.project)
    partner = VacancyFactory(project=world.project, organisation=world.org_b)
    worker = world.member(Role.CASE_WORKER)
    network = world.member(Role.NETWORK_COACH)
    assert list(selectors.vacancies_visible_to(worker)) == [own]
    assert not selectors.vacancies_visible_to(network).exists()
    assert set(selectors.vacancies_visible_to(platform_admin)) == {own, partner}


def test_inbox_is_project_wide_for_inbox_roles(world):
    reported = VacancyFactory(project=world.project, review_status=ReviewStatus.TO_CHECK)
    VacancyFactory(project=world.other_project, review_status=ReviewStatus.TO_CHECK)
    liaison_b = world.member(Role.EMPLOYER_LIAISON, organisation=world.org_b)
    coach = world.member(Role.JOB_COACH)
    assert list(selectors.reports_to_check(user=liaison_b)) == [reported]
    assert not selectors.reports_to_check(user=coach).exists()
    part = selectors.reports_to_check_part(user=liaison_b)
    assert part["vacancy_reports"]["count"] == 1
    assert part["vacancy_reports"]["oldest"] == [reported]


def test_start_page_part_is_registered_for_inbox_roles():
    from quartier.core.start_page import start_page_parts

    paths = {part.path for part in start_page_parts([Role.EMPLOYER_LIAISON])}
    assert "quartier.economy.selectors.vacancies.reports_to_check_part" in paths
    assert "quartier.economy.selectors.vacancies.reports_to_check_part" not in {
        part.path for part in start_page_parts([Role.CASE_WORKER])
    }


def test_import_defaults(world):
    assert selectors.default_import_query(world.project) == {
        "postcode": world.org_a.postcode,
        "radius": 10,
        "kind": "",
    }
    EconomySettings.objects.create(
        project=world.project, ba_search={"postcode": "07747", "radius": 15, "kinds": ["job"]}
    )
    assert selectors.default_import_query(world.project) == {
        "postcode": "07747",
        "radius": 15,
        "kind": "job",
    }
