"""The six-month follow-up: from exit + 6 calendar months (less the programme's early
window) and only with a valid consent to be contacted after leaving, on the page, in the
API and in the participant import (one rule in the case service)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from quartier.cases.models import Case
from quartier.cases.services import exits as exit_services
from tests.factories import CaseFactory, ConsentFactory

pytestmark = pytest.mark.django_db

EXIT = {
    "exit_reason": "employment",
    "exit_job_searching": "no",
    "exit_education_training": "no",
    "exit_qualification": "yes",
    "exit_employed": "yes",
}
#: 31 August + 6 calendar months = 28 February (relativedelta), in the test project's period.
EXIT_DAY = date(2025, 8, 31)
DUE = date(2026, 2, 28)


@pytest.fixture
def left(world, worker):
    """A case that left on 31.08.2025, with the consent to be contacted after leaving."""
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=EXIT_DAY, **EXIT
    )
    return Case.objects.get(pk=case.pk)


def record(worker, case, day):
    return exit_services.case_record_six_month_survey(
        actor=worker,
        case=Case.objects.get(pk=case.pk),
        expected_version=Case.objects.get(pk=case.pk).version,
        employed="yes",
        better_situation="no",
        recorded_on=day,
    )


@time_machine.travel(date(2026, 12, 4), tick=False)
@pytest.mark.parametrize("day", [EXIT_DAY, date(2025, 12, 1), date(2026, 2, 27)])
def test_a_follow_up_before_exit_plus_six_months_is_refused(worker, left, day):
    with pytest.raises(ValidationError) as error:
        record(worker, left, day)
    assert error.value.message_dict["recorded_on"] == [
        "The six-month follow-up can be recorded from 28.02.2026 on "
        "(six months after the exit on 31.08.2025)."
    ]
    left.refresh_from_db()
    assert left.followup_6m_recorded_on is None
    assert left.followup_6m_employed == "unknown"


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_the_follow_up_is_recorded_from_exit_plus_six_months_on(worker, left):
    record(worker, left, DUE)
    left.refresh_from_db()
    assert (left.followup_6m_employed, left.followup_6m_recorded_on) == ("yes", DUE)


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_the_programmes_early_window_moves_the_first_day(worker, left, settings):
    settings.QUARTIER_FOLLOWUP_6M_EARLY_DAYS = 14
    assert exit_services.six_month_survey_earliest(EXIT_DAY) == date(2026, 2, 14)
    with pytest.raises(ValidationError, match="from 14.02.2026 on"):
        record(worker, left, date(2026, 2, 13))
    record(worker, left, date(2026, 2, 14))
    assert Case.objects.get(pk=left.pk).followup_6m_recorded_on == date(2026, 2, 14)


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_without_the_follow_up_consent_nothing_is_recorded(world, worker):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    ConsentFactory(participant=case.participant, purpose="counselling")
    exit_services.case_exit(
        actor=worker, case=case, expected_version=case.version, exit_date=EXIT_DAY, **EXIT
    )
    with pytest.raises(ValidationError) as error:
        record(worker, case, date(2026, 3, 2))
    assert "no valid consent to contact the participant after leaving" in str(error.value)
    assert Case.objects.get(pk=case.pk).followup_6m_recorded_on is None


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_a_withdrawn_follow_up_consent_stops_the_follow_up(worker, left):
    consent = left.participant.consents.get(purpose="followup_contact")
    consent.withdrawn_on = date(2025, 12, 1)
    consent.save()
    with pytest.raises(ValidationError, match="no valid consent"):
        record(worker, left, date(2026, 3, 2))


@time_machine.travel(date(2026, 12, 4), tick=False)
def test_the_page_shows_the_first_day_at_the_date_field(worker, left, login):
    client = login(worker)
    url = reverse("cases:six_month_survey", args=[left.pk])
    page = client.get(url).content.decode()
    assert "Sie kann ab dem 28.02.2026 erfasst werden" in page
    response = client.post(
        url,
        {
            "expected_version": left.version,
            "employed": "yes",
            "better_situation": "no",
            "recorded_on": "2026-01-05",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["recorded_on"] == [
        "Die Sechs-Monats-Nachbefragung kann ab dem 28.02.2026 erfasst werden "
        "(sechs Monate nach dem Austritt am 31.08.2025)."
    ]
    assert Case.objects.get(pk=left.pk).followup_6m_recorded_on is None
