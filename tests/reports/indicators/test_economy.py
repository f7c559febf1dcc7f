"""EECO19, the supported SMEs (INDICATORS.md section 2, entity indicator): each SME of
the project once per period, only for company-aimed support, by the size declared on
the support's day."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.reports.indicators import indicator_report
from quartier.reports.indicators.economy import eeco19
from tests.factories import ProjectFactory
from tests.reports.factories_economy import (
    declare,
    employer,
    event,
    invite,
    placement,
    service,
)

pytestmark = pytest.mark.django_db

FIRST, LAST = date(2024, 1, 1), date(2024, 12, 31)
DAY = date(2024, 5, 15)


@pytest.fixture
def project():
    return ProjectFactory(start_date=date(2024, 1, 1), end_date=date(2026, 12, 31))


def count(project, date_from=FIRST, date_to=LAST) -> int:
    return eeco19(project=project, date_from=date_from, date_to=date_to)


def test_an_sme_with_two_company_services_counts_once(project):
    firm = employer(project, "small")
    service(firm, DAY)
    service(firm, date(2024, 9, 1), kind="diversity_management")
    assert count(project) == 1


@pytest.mark.parametrize("size", ["micro", "small", "medium"])
def test_every_sme_size_counts(project, size):
    service(employer(project, size), DAY)
    assert count(project) == 1


def test_a_large_company_never_counts(project):
    firm = employer(project, "large")
    service(firm, DAY)
    invite(event(project, DAY), firm)
    assert count(project) == 0


def test_a_person_aimed_service_does_not_count(project):
    service(employer(project, "micro"), DAY, aim="person")
    assert count(project) == 0


def test_a_placement_alone_does_not_count(project):
    placement(project, DAY, employer=employer(project, "small"))
    assert count(project) == 0


def test_the_size_declared_on_the_day_of_the_support_counts(project):
    firm = employer(project, "small")  # the latest declaration, current
    declare(firm, date(2023, 6, 1), "large")
    declare(firm, date(2024, 7, 1), "small")
    service(firm, date(2024, 3, 1))  # large then
    assert count(project) == 0
    service(firm, date(2024, 8, 1))  # small then
    assert count(project) == 1
    # A period before the change: large.
    assert count(project, date(2024, 1, 1), date(2024, 6, 30)) == 0


def test_a_company_grown_large_still_counts_for_the_time_it_was_small(project):
    firm = employer(project, "large")
    declare(firm, date(2024, 1, 1), "medium")
    declare(firm, date(2024, 10, 1), "large")
    service(firm, date(2024, 4, 1))
    assert count(project) == 1
    service(firm, date(2025, 2, 1))
    assert count(project, date(2025, 1, 1), date(2025, 12, 31)) == 0


def test_without_a_declaration_before_the_day_the_current_size_counts(project):
    firm = employer(project, "micro")
    declare(firm, date(2024, 11, 1), "large")  # after the service: not in force
    firm.size_class = "micro"
    firm.save()
    service(firm, DAY)
    assert count(project) == 1


def test_a_service_outside_the_period_does_not_count(project):
    firm = employer(project, "small")
    service(firm, date(2023, 12, 31))
    service(firm, date(2025, 1, 1))
    assert count(project) == 0
    assert count(project, date(2025, 1, 1), date(2025, 1, 1)) == 1


def test_attending_an_event_that_supports_companies_counts(project):
    invite(event(project, DAY, supports=True), employer(project, "medium"))
    assert count(project) == 1


def test_an_event_without_the_flag_does_not_count(project):
    invite(event(project, DAY, supports=False), employer(project, "medium"))
    assert count(project) == 0


def test_invited_but_absent_does_not_count(project):
    invite(event(project, DAY), employer(project, "small"), attended=False)
    assert count(project) == 0


def test_an_event_outside_the_period_does_not_count(project):
    invite(event(project, date(2025, 3, 1)), employer(project, "small"))
    assert count(project) == 0


def test_a_service_and_an_event_of_one_sme_count_once(project):
    firm = employer(project, "small")
    service(firm, DAY)
    invite(event(project, DAY), firm)
    assert count(project) == 1


def test_an_unknown_size_never_counts(project):
    firm = employer(project, "")
    service(firm, DAY)
    invite(event(project, DAY), firm)
    assert count(project) == 0


def test_another_projects_employers_do_not_count(project):
    other = ProjectFactory()
    firm = employer(other, "small")
    service(firm, DAY)
    invite(event(other, DAY), firm)
    assert count(project) == 0
    assert count(other) == 1


def test_open_period_counts_all_time(project):
    service(employer(project, "small"), date(2020, 1, 1))
    assert count(project, None, None) == 1


def test_in_the_report_eeco19_has_only_a_total_and_follows_the_result_indicators(project):
    service(employer(project, "small"), DAY)
    service(employer(project, "micro"), DAY)
    service(employer(project, "large"), DAY)
    report = indicator_report(project=project, date_from=FIRST, date_to=LAST)
    assert report.indicators["EECO19"] == {"total": 2}
    assert list(report.as_json()["indicators"])[-2:] == ["EECR06", "EECO19"]
    assert report.as_json()["indicators"]["EECO19"] == {"total": 2}


def test_the_report_counts_only_in_the_funded_period(project):
    service(employer(project, "small"), date(2023, 6, 1))  # before the funded start
    report = indicator_report(project=project, date_from=None, date_to=None)
    assert report.indicators["EECO19"] == {"total": 0}
    report = indicator_report(
        project=project, date_from=date(2020, 1, 1), date_to=date(2023, 12, 31)
    )
    assert report.indicators["EECO19"] == {"total": 0}


def test_evaluators_see_small_counts_suppressed(project):
    for _ in range(3):
        service(employer(project, "small"), DAY)
    report = indicator_report(project=project, date_from=FIRST, date_to=LAST).suppressed(5)
    assert report.indicators["EECO19"] == {"total": "<5"}
    assert report.as_json()["indicators"]["EECO19"] == {"total": "<5"}


def test_eeco19_takes_one_query_whatever_the_number_of_employers(project):
    for number in range(15):
        firm = employer(project, "small")
        declare(firm, date(2024, 1, number + 1), "micro")
        service(firm, DAY)
        invite(event(project, DAY), firm)
    with CaptureQueriesContext(connection) as queries:
        assert count(project) == 15
    assert len(queries) == 1
