"""Employer pages in the browser's terms (views/employers.py): the list with its
filters and empty state, creating with the duplicate check, the one employer page
(scoping, the participant's name only for case roles, constant queries), editing with
stale saves refused, size declarations, contact persons and the history."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.core.models import Role
from quartier.economy.models.employers import ContactPerson, Employer, EmployerContact
from tests.economy.factories import (
    ContactPersonFactory,
    EmployerContactFactory,
    EmployerFactory,
    PlacementFactory,
    StabilisationCheckFactory,
    VacancyFactory,
)
from tests.factories import CaseFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def url(name, *args):
    return reverse(f"economy:{name}", args=args)


def employer_post(world, **changes) -> dict:
    data = {
        "project": world.project.pk,
        "name": "Gartenbau Müller GmbH",
        "legal_form": "gmbh",
        "sector": "N",
        "postcode": "44649",
        "city": "Herne",
        "headcount": "8",
        "size_declared_on": "2025-02-01",
        "review_status": "confirmed",
    }
    data.update(changes)
    return data


def test_the_list_shows_own_employers_with_search_and_empty_state(
    world, liaison, partner_liaison, login, employer
):
    EmployerFactory(project=world.project, name="Bäckerei Kranz", city="Bochum")
    page = login(liaison).get(url("employer_list"))
    assert page.status_code == 200
    assert b"Gartenbau M" in page.content
    assert b"Kranz" in page.content
    found = login(liaison).get(url("employer_list"), {"q": "bochum"})
    assert b"Kranz" in found.content
    assert b"Gartenbau" not in found.content
    none = login(liaison).get(url("employer_list"), {"q": "nirgendwo"})
    assert b"No employer matches" in none.content
    partner = login(partner_liaison).get(url("employer_list"))
    assert b"Gartenbau" not in partner.content
    assert b"No employers yet" in partner.content


def test_the_list_filters_by_size_and_area(world, liaison, login, employer):
    EmployerFactory(project=world.project, name="Klinikum", size_class="large")
    page = login(liaison).get(url("employer_list"), {"size_class": "large", "area": "in"})
    assert b"Klinikum" in page.content
    assert b"Gartenbau" not in page.content


def test_the_list_is_for_vacancy_roles(world, login):
    network = world.member(Role.NETWORK_COACH, world.org_a)
    assert login(network).get(url("employer_list")).status_code == 403


def test_navigation_names_employers_for_economy_staff(world, liaison, login):
    page = login(liaison).get(reverse("core:home"))
    assert url("employer_list").encode() in page.content


def test_create_then_duplicate_needs_confirmation(world, liaison, login):
    client = login(liaison)
    response = client.post(url("employer_create"), employer_post(world))
    employer = Employer.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("employer_detail", employer.pk)
    assert (employer.organisation, employer.size_class) == (world.org_a, "micro")
    again = client.post(url("employer_create"), employer_post(world, name="Gartenbau Mueller"))
    assert again.status_code == 200
    assert b"already has an employer with this name and postcode" in again.content
    assert url("employer_detail", employer.pk).encode() in again.content
    assert Employer.objects.count() == 1
    confirmed = client.post(
        url("employer_create"),
        employer_post(world, name="Gartenbau Mueller", not_a_duplicate="on"),
    )
    assert confirmed.status_code == 302
    assert Employer.objects.count() == 2


def test_create_with_bad_input_keeps_it(world, liaison, login):
    response = login(liaison).post(
        url("employer_create"), employer_post(world, postcode="123", name="Firma X")
    )
    assert response.status_code == 200
    assert b"A German postcode has five digits." in response.content
    assert b"Firma X" in response.content
    assert not Employer.objects.exists()


def test_create_is_refused_to_case_workers(world, case_worker, login):
    assert login(case_worker).get(url("employer_create")).status_code == 403


def test_the_employer_page_shows_everything(world, liaison, login, employer):
    ContactPersonFactory(employer=employer, name="Anna Berg")
    EmployerContactFactory(employer=employer, subject="Erstbesuch")
    vacancy = VacancyFactory(project=world.project, employer=employer, title="Gärtner/in")
    case = CaseFactory(
        participant__project=world.project,
        participant__first_name="Matrixa",
        participant__last_name="Namenlos",
    )
    placement = PlacementFactory(case=case, vacancy=vacancy, employer=None)
    StabilisationCheckFactory(placement=placement)
    page = login(liaison).get(url("employer_detail", employer.pk))
    assert page.status_code == 200
    for text in (b"Anna Berg", b"Erstbesuch", "Gärtner/in".encode(), b"due"):
        assert text in page.content, text
    # The employer liaison holds no case role: no name, no link to the case.
    assert b"Namenlos" not in page.content
    assert reverse("cases:case_detail", args=[case.pk]).encode() not in page.content
    coach = world.member(Role.JOB_COACH, world.org_a)
    as_coach = login(coach).get(url("employer_detail", employer.pk))
    assert b"Namenlos" in as_coach.content
    assert reverse("cases:case_detail", args=[case.pk]).encode() in as_coach.content


def test_the_employer_page_queries_do_not_grow(world, liaison, login, employer):
    client = login(liaison)

    def add_one():
        vacancy = VacancyFactory(project=world.project, employer=employer)
        placement = PlacementFactory(
            case=CaseFactory(participant__project=world.project), vacancy=vacancy
        )
        StabilisationCheckFactory(placement=placement)
        EmployerContactFactory(
            employer=employer, contact_person=ContactPersonFactory(employer=employer)
        )

    add_one()
    client.get(url("employer_detail", employer.pk))
    with CaptureQueriesContext(connection) as one:
        client.get(url("employer_detail", employer.pk))
    add_one()
    add_one()
    with CaptureQueriesContext(connection) as three:
        client.get(url("employer_detail", employer.pk))
    assert len(three) == len(one)


def test_foreign_employer_is_404(world, partner_liaison, login, employer):
    client = login(partner_liaison)
    assert client.get(url("employer_detail", employer.pk)).status_code == 404
    assert client.get(url("employer_edit", employer.pk)).status_code == 404
    assert client.get(url("contact_person_create", employer.pk)).status_code == 404


def test_case_worker_sees_but_does_not_change(world, case_worker, login, employer):
    client = login(case_worker)
    page = client.get(url("employer_detail", employer.pk))
    assert page.status_code == 200
    assert url("employer_edit", employer.pk).encode() not in page.content
    assert client.get(url("employer_edit", employer.pk)).status_code == 403


def test_edit_refuses_a_stale_save(world, liaison, login, employer):
    client = login(liaison)
    data = employer_post(world, name="Neuer Name", expected_version=employer.version)
    for key in ("project", "headcount", "size_declared_on"):
        data.pop(key)
    Employer.objects.filter(pk=employer.pk).update(version=employer.version + 1)
    stale = client.post(url("employer_edit", employer.pk), data)
    assert stale.status_code == 200
    assert b"Someone else changed this record" in stale.content
    data["expected_version"] = employer.version + 1
    saved = client.post(url("employer_edit", employer.pk), data)
    assert saved.status_code == 302
    employer.refresh_from_db()
    assert employer.name == "Neuer Name"


def test_declare_size(world, liaison, login, employer):
    response = login(liaison).post(
        url("employer_size", employer.pk), {"declared_on": "2025-10-01", "headcount": "60"}
    )
    assert response.status_code == 302
    employer.refresh_from_db()
    assert (employer.size_class, employer.headcount) == ("medium", 60)
    empty = login(liaison).post(url("employer_size", employer.pk), {"declared_on": "2025-10-01"})
    assert b"Enter the headcount or choose a size class." in empty.content


def test_contact_persons_add_and_edit(world, liaison, login, employer):
    client = login(liaison)
    response = client.post(
        url("contact_person_create", employer.pk),
        {
            "name": "Anna Berg",
            "legal_basis": "consent",
            "basis_noted_on": "2025-05-01",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    person = ContactPerson.objects.get()
    assert person.legal_basis == "consent"
    edited = client.post(
        url("contact_person_edit", employer.pk, person.pk),
        {
            "name": "Anna Berg-Schulz",
            "legal_basis": "consent",
            "basis_noted_on": "2025-05-01",
            "expected_version": person.version,
        },
    )
    assert edited.status_code == 302
    person.refresh_from_db()
    assert (person.name, person.is_active) == ("Anna Berg-Schulz", False)
    other = EmployerFactory(project=world.project)
    assert client.get(url("contact_person_edit", other.pk, person.pk)).status_code == 404


@time_machine.travel(dt.date(2025, 6, 10), tick=False)
def test_a_contact_with_next_date_is_due_on_the_start_page(world, liaison, login, employer):
    client = login(liaison)
    response = client.post(
        url("employer_contact_create", employer.pk),
        {
            "date": "2025-06-09",
            "channel": "phone",
            "subject": "Bedarf an Praktikumsplätzen",
            "staff": liaison.pk,
            "next_contact_on": "2025-06-12",
        },
    )
    assert response.status_code == 302
    assert EmployerContact.objects.get().staff == liaison
    home = client.get(reverse("core:home"))
    assert b"Employers to contact" in home.content
    assert b"due on 12.06.2025" in home.content
    assert url("employer_detail", employer.pk).encode() in home.content
