"""Reads of employers (`economy.selectors.employers`): scoping, the list's filters, the
one employer page in a constant number of queries, and the due contacts."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.core.models import Role
from quartier.economy.selectors import employers as selectors
from tests.economy.factories import (
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    EmployerServiceFactory,
    EventInvitationFactory,
    PlacementFactory,
    SizeDeclarationFactory,
    StabilisationCheckFactory,
    VacancyFactory,
)
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def test_visible_to_vacancy_roles_of_the_owner_only(world, liaison, partner_liaison, employer):
    EmployerFactory(project=world.other_project, organisation=world.org_c)
    worker = world.member(Role.CASE_WORKER, world.org_a)
    network = world.member(Role.NETWORK_COACH, world.org_a)
    assert list(selectors.employers_visible_to(liaison)) == [employer]
    assert list(selectors.employers_visible_to(worker)) == [employer]
    assert list(selectors.employers_visible_to(partner_liaison)) == []
    assert list(selectors.employers_visible_to(network)) == []


def test_the_list_filters(world, liaison, employer):
    large = EmployerFactory(
        project=world.project,
        name="Klinikum",
        size_class="large",
        sector="Q",
        city="Bochum",
        postcode="44787",
        in_programme_area=False,
        review_status="to_check",
    )
    unknown = EmployerFactory(project=world.project, name="Kiosk", size_class="", headcount=None)

    def rows(**filters):
        return list(selectors.employer_rows(user=liaison, **filters))

    assert rows() == [employer, unknown, large]
    assert rows(query="bochum") == [large]
    assert rows(query="4478") == [large]
    assert rows(size_class="large") == [large]
    assert rows(size_class="") == [unknown]
    assert rows(sector="Q") == [large]
    assert rows(in_programme_area=False) == [large]
    assert rows(review_status="to_check") == [large]
    assert rows(project=world.project.slug) == rows(project=world.project.pk)
    assert rows(project=world.other_project.pk) == []


def _fill(employer, world, n):
    for i in range(n):
        SizeDeclarationFactory(employer=employer)
        person = ContactPersonFactory(employer=employer)
        EmployerContactFactory(employer=employer, contact_person=person)
        EmployerServiceFactory(employer=employer)
        EventInvitationFactory(
            employer=employer, event__project=world.project, event__organisation=world.org_a
        )
        vacancy = VacancyFactory(project=world.project, employer=employer)
        case = CaseFactory(participant__project=world.project)
        placement = PlacementFactory(case=case, vacancy=vacancy, employer=None)
        StabilisationCheckFactory(placement=placement)
        PlacementFactory(case=case, vacancy=None, employer=employer, job_title=f"Extern {i}")


def test_the_employer_page_reads_everything_in_constant_queries(world, liaison, employer):
    _fill(employer, world, 1)
    with CaptureQueriesContext(connection) as one:
        page = selectors.employer_page(user=liaison, pk=employer.pk)
        [list(p.checks.all()) for p in page.placements]
    _fill(employer, world, 3)
    with CaptureQueriesContext(connection) as four:
        page = selectors.employer_page(user=liaison, pk=employer.pk)
        [list(p.checks.all()) for p in page.placements]
    assert len(one) == len(four)
    assert (
        len(page.size_declarations),
        len(page.contact_persons),
        len(page.contacts),
        len(page.services),
        len(page.events),
        len(page.vacancies),
        len(page.placements),
    ) == (4, 4, 4, 4, 4, 4, 8)
    assert sum(len(p.checks.all()) for p in page.placements) == 4


def test_events_not_attended_are_left_out(world, liaison, employer):
    EventInvitationFactory(
        employer=employer,
        event__project=world.project,
        event__organisation=world.org_a,
        attended=False,
    )
    assert selectors.employer_page(user=liaison, pk=employer.pk).events == []


def test_a_foreign_employer_has_no_page(world, partner_liaison, employer):
    assert selectors.employer_page(user=partner_liaison, pk=employer.pk) is None


def test_due_contacts_use_the_latest_contact(world, liaison, partner_liaison, employer):
    today = dt.date(2025, 6, 10)
    EmployerContactFactory(
        employer=employer, date=dt.date(2025, 5, 1), next_contact_on=dt.date(2025, 5, 20)
    )
    EmployerContactFactory(
        employer=employer, date=dt.date(2025, 6, 1), next_contact_on=dt.date(2025, 6, 15)
    )
    later = EmployerFactory(project=world.project, name="Später")
    EmployerContactFactory(employer=later, date=today, next_contact_on=dt.date(2025, 7, 1))
    settled = EmployerFactory(project=world.project, name="Erledigt")
    EmployerContactFactory(
        employer=settled, date=dt.date(2025, 5, 1), next_contact_on=dt.date(2025, 5, 2)
    )
    EmployerContactFactory(employer=settled, date=dt.date(2025, 5, 3), next_contact_on=None)
    part = selectors.due_contacts_part(user=liaison, today=today)
    assert [(e.name, e.next_contact_on) for e in part["employer_contacts_due"]] == [
        (employer.name, dt.date(2025, 6, 15))
    ]
    assert (
        selectors.due_contacts_part(user=partner_liaison, today=today)["employer_contacts_due"]
        == []
    )
