"""Pages of placements and check-ins: recording from the case, the case page's panel
and timeline, field messages, a check-in recorded twice, the settings page."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from quartier.cases.models import Stage
from quartier.core.models import Role
from quartier.economy.models import EconomySettings, Placement, StabilisationCheck
from tests.economy.factories_placements import PlacementVacancyFactory, coach_case, record

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def coach(world):
    return world.member(Role.JOB_COACH)


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON)


@pytest.fixture
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _form(**overrides):
    data = {
        "employer_name": "Bäckerei Korn",
        "job_title": "Verkauf",
        "contract_kind": "mini_job",
        "start_date": "2025-06-02",
        "hours_per_week": "12",
        "wage_subsidy": "",
        "probation_end": "",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_a_coach_records_a_placement_from_the_case(world, coach, login):
    case = coach_case(world, coach)
    client = login(coach)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).text
    assert "Record placement" in page
    assert "No placement yet" in page
    url = reverse("economy:placement_create", args=[case.pk])
    response = client.post(url, _form())
    placement = Placement.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == reverse("economy:placement_detail", args=[placement.pk])
    case.refresh_from_db()
    assert case.stage == Stage.PLACEMENT
    page = client.get(reverse("cases:case_detail", args=[case.pk])).text
    assert "Verkauf" in page
    assert "Started a job" in page  # the timeline
    detail = client.get(response["Location"]).text
    assert detail.count(">Record<") == 6


def test_a_double_submit_records_the_placement_once(world, coach, login):
    case = coach_case(world, coach)
    client = login(coach)
    url = reverse("economy:placement_create", args=[case.pk])
    assert client.post(url, _form()).status_code == 302
    again = client.post(url, _form())
    assert again.status_code == 200
    assert "This placement is already recorded" in again.text
    assert StabilisationCheck.objects.filter(placement__case=case).count() == 6


def test_start_before_entry_shows_the_field_message(world, coach, login):
    case = coach_case(world, coach)
    response = login(coach).post(
        reverse("economy:placement_create", args=[case.pk]),
        _form(start_date="2025-01-10", probation_end="2025-01-01"),
    )
    assert response.status_code == 200
    assert "The job cannot start before the participant&#x27;s entry on 01.03.2025." in (
        response.text
    )
    assert "Probation cannot end before the start." in response.text
    assert not Placement.objects.exists()


def test_a_vacancy_from_the_query_prefills_and_a_foreign_one_is_404(world, coach, login):
    case = coach_case(world, coach)
    vacancy = PlacementVacancyFactory(project=world.project)
    client = login(coach)
    url = reverse("economy:placement_create", args=[case.pk])
    page = client.get(url, {"vacancy": vacancy.pk}).text
    assert vacancy.title in page
    foreign = PlacementVacancyFactory(project=world.other_project)
    assert client.get(url, {"vacancy": foreign.pk}).status_code == 404
    partner = PlacementVacancyFactory(project=world.project, organisation=world.org_b)
    assert client.get(url, {"vacancy": partner.pk}).status_code == 404
    response = client.post(url, _form(vacancy=foreign.pk))
    assert response.status_code == 200
    assert not Placement.objects.exists()


def test_a_foreign_case_is_404(world, coach, login):
    partner_coach = world.member(Role.JOB_COACH, organisation=world.org_b)
    case = coach_case(world, coach)
    assert (
        login(partner_coach).get(reverse("economy:placement_create", args=[case.pk])).status_code
        == 404
    )


@time_machine.travel(dt.datetime(2025, 7, 3, 10), tick=False)
def test_a_check_in_recorded_twice_says_so_and_keeps_the_first(world, coach, login):
    placement = record(coach_case(world, coach), coach)
    check = placement.checks.get(months_after_start=1, with_whom="participant")
    url = reverse("economy:check_record", args=[placement.pk, check.pk])
    client = login(coach)
    form_page = client.get(url).text
    assert "Record the check-in" in form_page
    assert 'value="2025-07-03"' in form_page  # done today, by default
    data = {
        "expected_version": check.version,
        "done_on": "2025-07-02",
        "mode": "phone",
        "still_employed_choice": "yes",
        "same_employer_choice": "yes",
        "hours_per_week": "",
        "risk_flags": ["childcare"],
        "support_given": "Kita-Platz besprochen",
        "next_step": "",
        "status": "at_risk",
        "end_reason": "",
    }
    assert client.post(url, data).status_code == 302
    again = client.post(url, {**data, "status": "stable"})
    assert again.status_code == 200
    assert "This check-in was already recorded on 02.07.2025" in again.text
    check.refresh_from_db()
    assert check.status == "at_risk"
    assert check.risk_flags == ["childcare"]
    assert "Recorded on 02.07.2025" in client.get(url).text


def test_the_employer_liaison_sees_only_the_initial_on_an_employer_check_in(world, coach, login):
    liaison = world.member(Role.EMPLOYER_LIAISON)
    case = coach_case(world, coach, participant__last_name="Vertraulich")
    placement = record(case, coach)
    employer_check = placement.checks.get(months_after_start=1, with_whom="employer")
    participant_check = placement.checks.get(months_after_start=1, with_whom="participant")
    client = login(liaison)
    page = client.get(reverse("economy:check_record", args=[placement.pk, employer_check.pk]))
    assert page.status_code == 200
    assert "Vertraulich" not in page.text
    assert " V." in page.text
    assert (
        client.get(
            reverse("economy:check_record", args=[placement.pk, participant_check.pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("economy:placement_detail", args=[placement.pk])).status_code == 404


def test_ending_a_placement_asks_first(world, coach, login):
    placement = record(coach_case(world, coach), coach)
    client = login(coach)
    url = reverse("economy:placement_end", args=[placement.pk])
    assert "The 6 open check-ins are cancelled" in client.get(url).text
    response = client.post(
        url,
        {"expected_version": placement.version, "ended_on": "2025-06-20", "end_reason": "health"},
    )
    assert response.status_code == 302
    placement.refresh_from_db()
    assert placement.status == "ended"


def test_editing_a_stale_placement_shows_what_changed(world, coach, login):
    placement = record(coach_case(world, coach), coach)
    client = login(coach)
    url = reverse("economy:placement_edit", args=[placement.pk])
    data = {
        "expected_version": placement.version,
        "employer_name": "Hotel Am Markt",
        "job_title": "Frühstück",
        "contract_kind": "insured_employment",
        "start_date": "2025-06-02",
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "job_title": "Spätdienst"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.text
    placement.refresh_from_db()
    assert placement.job_title == "Frühstück"


def test_the_settings_page_is_the_project_leads(world, login):
    lead = world.member(Role.PROJECT_LEAD)
    url = reverse("economy:economy_settings", args=[world.project.slug])
    client = login(lead)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "expected_version": "",
            "check_months": "1, 2, 2",
            "check_with_participant": "on",
        },
    )
    assert "A month is listed twice." in response.text
    response = client.post(
        url, {"expected_version": "", "check_months": "2, 4", "check_with_participant": "on"}
    )
    assert response.status_code == 302
    assert EconomySettings.objects.get(project=world.project).check_months == [2, 4]
    assert login(world.member(Role.JOB_COACH)).get(url).status_code == 403


def test_case_page_queries_do_not_grow_with_placements(
    world, coach, login, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = coach_case(world, coach)
    record(case, coach)
    client = login(coach)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for month in range(2, 6):
        record(case, coach, start=dt.date(2025, month + 2, 1))
    client.get(url)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


@time_machine.travel(dt.datetime(2025, 10, 1, 10), tick=False)
def test_a_check_in_near_six_months_after_exit_offers_a_prefill(world, coach, login):
    from quartier.economy.services.stabilisation import check_record
    from tests.factories import ConsentFactory

    case = coach_case(world, coach)
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    placement = record(case, coach, start=dt.date(2025, 3, 10))
    case.refresh_from_db()
    case.exit_date, case.stage = dt.date(2025, 3, 31), Stage.EXITED
    case.save()
    check = placement.checks.get(months_after_start=6, with_whom="participant")
    check_record(
        actor=coach,
        check=check,
        expected_version=check.version,
        status="stable",
        done_on=dt.date(2025, 9, 12),
        mode="phone",
        still_employed=True,
    )
    client = login(coach)
    page = client.get(reverse("economy:placement_detail", args=[placement.pk])).text
    assert "Prefill the six-month follow-up" in page
    survey = client.get(
        reverse("cases:six_month_survey", args=[case.pk]),
        {"employed": "yes", "better_situation": "yes", "prefill_from": "2025-09-12"},
    ).text
    assert "Prefilled from a stabilisation check-in" in survey
    assert 'name="employed" value="yes" required id="id_employed_0" checked' in survey
    case.refresh_from_db()
    assert case.followup_6m_employed == "unknown"
