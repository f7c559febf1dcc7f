"""The case-file API refuses what the case services refuse, with 422 and the message:
a six-month follow-up before its date or without the consent, and entries and activity
outside the project's funded period."""

from datetime import date

import pytest
import time_machine

from quartier.cases.services import exits as exit_services
from tests.api.client import messages
from tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db

EXIT = {
    "exit_reason": "employment",
    "exit_job_searching": "no",
    "exit_education_training": "no",
    "exit_qualification": "yes",
    "exit_employed": "yes",
}
EXIT_DAY = date(2025, 8, 31)


@pytest.fixture
def left(world, worker):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=EXIT_DAY, **EXIT
    )
    case.refresh_from_db()
    return case


@time_machine.travel(date(2026, 1, 5), tick=False)
def test_the_api_answers_422_with_the_first_day(api_as, worker, left):
    response = api_as(worker).put(
        f"/api/v1/cases/{left.pk}/followup-6m/",
        {
            "version": left.version,
            "followup_6m_employed": "yes",
            "followup_6m_better_situation": "no",
        },
    )
    assert response.status_code == 422
    assert "can be recorded from 28.02.2026 on" in messages(response)
    assert response.json()["fields"]["recorded_on"]


@time_machine.travel(date(2026, 3, 2), tick=False)
def test_the_api_answers_422_without_the_consent(api_as, world, worker):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=EXIT_DAY, **EXIT
    )
    response = api_as(worker).put(
        f"/api/v1/cases/{case.pk}/followup-6m/",
        {
            "version": case.version + 1,
            "followup_6m_employed": "yes",
            "followup_6m_better_situation": "no",
        },
    )
    assert response.status_code == 422, response.content
    assert "no valid consent" in messages(response)


@pytest.fixture
def ended(world):
    """BQB-Süd's period, 01.01.2019 (here) to 31.12.2022; today is 04.12.2026."""
    world.project.start_date, world.project.end_date = date(2019, 1, 1), date(2022, 12, 31)
    world.project.save()
    with time_machine.travel(date(2026, 12, 4), tick=False):
        yield world.project


def test_an_intake_after_the_projects_end_is_422_with_the_period(api_as, world, worker, ended):
    from tests.participants.test_api import intake_body

    response = api_as(worker).post(
        "/api/v1/participants/", intake_body(world, entry_date="2026-12-04")
    )
    assert response.status_code == 422, response.content
    assert (
        "The project runs from 01.01.2019 to 31.12.2022; an entry on 04.12.2026 lies outside it."
        in messages(response)
    )


def test_a_contact_after_the_projects_end_is_422_with_the_period(api_as, world, worker, ended):
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        entry_date=date(2022, 3, 1),
    )
    client = api_as(worker)
    response = client.post("/api/v1/contacts/", {"case": case.pk, "date": "2023-01-02"})
    assert response.status_code == 422, response.content
    assert "a contact on 02.01.2023 lies outside it" in messages(response)
    assert (
        client.post("/api/v1/contacts/", {"case": case.pk, "date": "2022-12-31"}).status_code == 201
    )
