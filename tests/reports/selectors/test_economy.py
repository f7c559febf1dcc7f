"""The dashboard's local-economy figures (`reports.selectors.economy`) from real rows:
employers supported by size class, services by kind and aim, events and attendance,
vacant units let, placements by contract and their stabilisation at 1/3/6 months."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.reports.selectors.economy import local_economy
from quartier.reports.selectors.scope import ReportScope
from tests.factories import DistrictFactory, ProjectFactory
from tests.reports.factories_economy import (
    change,
    check,
    declare,
    employer,
    event,
    invite,
    placement,
    service,
    unit,
)

pytestmark = pytest.mark.django_db

DAY = date(2025, 4, 1)


@pytest.fixture
def project():
    return ProjectFactory(start_date=date(2024, 1, 1), end_date=date(2027, 12, 31))


def year(project, **options) -> ReportScope:
    return ReportScope(
        project=project, date_from=date(2025, 1, 1), date_to=date(2025, 12, 31), **options
    )


def by(rows, key: str, value: str = "count") -> dict:
    return {getattr(row, key): getattr(row, value) for row in rows}


def test_employers_supported_by_size_class_each_once(project):
    small = employer(project, "small")
    service(small, DAY)
    service(small, date(2025, 5, 1))
    large = employer(project, "large")
    service(large, DAY)
    unknown = employer(project, "")
    invite(event(project, DAY, supports=True), unknown)
    service(employer(project, "micro"), DAY, aim="person")  # not company-aimed
    invite(event(project, DAY, supports=False), employer(project, "micro"))  # no support
    service(employer(project, "medium"), date(2024, 12, 31))  # before the period
    service(employer(ProjectFactory(), "small"), DAY)  # another project
    economy = local_economy(year(project))
    assert by(economy.employers, "size") == {
        "micro": 0, "small": 1, "medium": 0, "large": 1, "": 1
    }  # fmt: skip
    assert economy.employers_supported == 3
    assert economy.smes == 1  # EECO19: the small one


def test_size_class_is_the_one_declared_at_the_periods_end(project):
    firm = employer(project, "large")  # current: grew in 2026
    declare(firm, date(2024, 1, 1), "small")
    declare(firm, date(2026, 3, 1), "large")
    service(firm, DAY)
    assert by(local_economy(year(project)).employers, "size")["small"] == 1


def test_services_by_kind_and_aim(project):
    firm = employer(project, "small")
    service(firm, DAY, kind="diversity_management")
    service(firm, DAY, kind="diversity_management")
    service(firm, DAY, kind="subsidy_help", aim="person")
    service(employer(project, "large"), DAY, kind="recruitment_support")
    service(firm, date(2026, 1, 5), kind="subsidy_help")  # after the period
    economy = local_economy(year(project))
    rows = {row.kind: (row.company, row.person, row.total) for row in economy.services}
    assert rows["diversity_management"] == (2, 0, 2)
    assert rows["subsidy_help"] == (0, 1, 1)
    assert rows["recruitment_support"] == (1, 0, 1)
    assert rows["business_advice"] == (0, 0, 0)
    assert (economy.services_company, economy.services_person) == (3, 1)


def test_events_and_attendance(project):
    fair = event(project, DAY, supports=False, kind="fair", other_guests=12)
    workshop = event(project, DAY, supports=True, kind="workshop")
    first, second, absent = (employer(project, "small") for _ in range(3))
    invite(fair, first, attendees=3)
    invite(fair, second, attendees=2)
    invite(fair, absent, attended=False)
    invite(workshop, first, attendees=1)
    event(project, date(2024, 6, 1), kind="fair")  # before the period
    events = local_economy(year(project)).events
    rows = {row.kind: row for row in events.rows}
    assert (rows["fair"].events, rows["fair"].companies, rows["fair"].people) == (1, 2, 5)
    assert rows["fair"].guests == 12
    assert rows["fair"].supporting == 0
    assert (rows["workshop"].supporting, rows["workshop"].companies) == (1, 1)
    assert (events.events, events.supporting, events.companies, events.people) == (2, 1, 3, 6)
    assert events.distinct_companies == 2


def test_units_let_in_the_period(project):
    by_change = unit(project, "let", let_on=date(2025, 6, 1))
    change(by_change, "in_talks", date(2025, 3, 1))
    change(by_change, "let", date(2025, 6, 1))
    unit(project, "let", let_on=date(2025, 8, 1))  # let_on alone
    earlier = unit(project, "let", let_on=date(2024, 5, 1))  # let before the period
    change(earlier, "let", date(2024, 5, 1))
    unit(project, "vacant")
    unit(project, "in_talks")
    units = local_economy(year(project)).units
    assert units.let_in_period == 2
    assert (units.vacant, units.in_talks, units.let) == (1, 1, 3)


def test_placements_by_contract_kind_in_the_period(project):
    placement(project, DAY)
    placement(project, DAY)
    placement(project, DAY, contract_kind="mini_job")
    placement(project, date(2024, 11, 1), contract_kind="apprenticeship")  # before
    placement(ProjectFactory(), DAY)  # another project
    economy = local_economy(year(project))
    counts = by(economy.placements, "kind")
    assert counts["insured_employment"] == 2
    assert counts["mini_job"] == 1
    assert counts["apprenticeship"] == 0
    assert economy.placements_total == 3


def test_stabilisation_results_at_one_three_and_six_months(project):
    stable = placement(project, DAY)
    check(stable, 1, "stable")
    check(stable, 1, "stable", with_whom="employer")
    check(stable, 3, "stable")
    check(stable, 6, "due")
    risky = placement(project, DAY)
    check(risky, 1, "stable")
    check(risky, 1, "at_risk", with_whom="employer")  # the worse one counts
    check(risky, 3, "ended")
    due = placement(project, DAY)
    check(due, 1, "due")
    check(due, 1, "due", with_whom="employer")
    old = placement(project, date(2024, 3, 1))  # started before the period
    check(old, 1, "ended")
    rows = {
        row.months: (row.stable, row.at_risk, row.ended, row.due)
        for row in local_economy(year(project)).stabilisation
    }
    assert rows == {1: (1, 1, 0, 1), 3: (1, 0, 1, 0), 6: (0, 0, 0, 1)}


def test_other_months_of_a_schedule_appear_too(project):
    check(placement(project, DAY), 12, "stable")
    months = [row.months for row in local_economy(year(project)).stabilisation]
    assert months == [1, 3, 6, 12]


def test_a_district_counts_what_lies_there(project):
    north = DistrictFactory()
    project.districts.add(north)
    service(employer(project, "small", district=north), DAY)
    service(employer(project, "small"), DAY)
    invite(event(project, DAY, district=north), employer(project, "micro"))
    economy = local_economy(year(project, district=north))
    assert economy.employers_supported == 1
    assert economy.services_total == 1
    assert economy.events.events == 1


def test_an_empty_project_is_empty_with_every_row(project):
    economy = local_economy(year(project))
    assert economy.is_empty
    assert len(economy.employers) == 5
    assert [row.months for row in economy.stabilisation] == [1, 3, 6]
    assert economy.smes == 0


def test_nine_queries_whatever_the_data(project):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            local_economy(year(project))
        return len(queries)

    few = count()
    for index in range(12):
        firm = employer(project, ("micro", "large")[index % 2])
        service(firm, DAY)
        invite(event(project, DAY), firm)
        check(placement(project, DAY), 1, "stable")
        unit(project, "let", let_on=DAY)
    assert count() == few == 9
