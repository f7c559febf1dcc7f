"""The pages of `cases.views.exits`: the exit form and the six-month survey."""

import pytest
from django.urls import reverse

from tests.cases.views.conftest import own_case
from tests.factories import ConsentFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_exit_form_and_six_month_follow_up(world, worker, login):
    case = own_case(world)
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    client = login(worker)
    response = client.post(
        reverse("cases:case_exit", args=[case.pk]),
        {
            "expected_version": case.version,
            "exit_date": "2025-06-30",
            "exit_reason": "employment",
            "exit_job_searching": "no",
            "exit_education_training": "no",
            "exit_qualification": "yes",
            "exit_employed": "yes",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    response = client.post(
        reverse("cases:six_month_survey", args=[case.pk]),
        {
            "expected_version": case.version,
            "employed": "yes",
            "better_situation": "no",
            "recorded_on": "2026-01-05",
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.followup_6m_employed == "yes"
    assert case.stage == "exited"


def test_exit_before_entry_in_the_form(world, worker, login):
    case = own_case(world)
    response = login(worker).post(
        reverse("cases:case_exit", args=[case.pk]),
        {
            "expected_version": case.version,
            "exit_date": "2020-01-01",
            "exit_reason": "other",
            "exit_job_searching": "no",
            "exit_education_training": "no",
            "exit_qualification": "no",
            "exit_employed": "no",
        },
    )
    assert "The exit date cannot be before the entry date." in response.text
    case.refresh_from_db()
    assert case.exit_date is None
