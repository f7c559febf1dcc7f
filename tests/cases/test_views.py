"""The case file in the browser's terms: pages, forms, scoping, exports, access log."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quartier.cases.models import Case, FollowUp, Plan
from quartier.core.models import Role
from quartier.participants.models import Participant
from quartier.privacy.models import AccessLogEntry
from tests.factories import CaseFactory, ConsentFactory, ContactFactory, FollowUpFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client):
    """These tests read the pages' English texts; German is covered by the catalogue test."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


def own_case(world, **participant):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        **{f"participant__{k}": v for k, v in participant.items()},
    )


def test_case_list_shows_only_the_own_organisations_cases(world, worker, login):
    mine = own_case(world, last_name="Eigene")
    CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_b,
        participant__last_name="Partnerfall",
    )
    CaseFactory(participant__project=world.other_project, participant__last_name="Fremdprojekt")
    response = login(worker).get(reverse("cases:case_list"))
    assert response.status_code == 200
    assert mine.participant.last_name in response.text
    assert "Partnerfall" not in response.text
    assert "Fremdprojekt" not in response.text


def test_case_list_search_and_filters(world, worker, login):
    own_case(world, last_name="Yılmaz", external_id="BQB-7")
    other = own_case(world, last_name="Schneider")
    other.stage = "qualification"
    other.save()
    client = login(worker)
    assert "Schneider" not in client.get(reverse("cases:case_list"), {"q": "yılmaz"}).text
    assert "Yılmaz" in client.get(reverse("cases:case_list"), {"q": "BQB-7"}).text
    by_stage = client.get(reverse("cases:case_list"), {"stage": "qualification"}).text
    assert "Schneider" in by_stage
    assert "Yılmaz" not in by_stage


def test_overdue_filter(world, worker, login):
    late = own_case(world, last_name="Spät")
    own_case(world, last_name="Pünktlich")
    FollowUpFactory(case=late, due_date=timezone.localdate() - timedelta(days=2))
    text = login(worker).get(reverse("cases:case_list"), {"overdue": "on"}).text
    assert "Spät" in text
    assert "Pünktlich" not in text


def test_htmx_search_returns_only_the_results(world, worker, login):
    own_case(world, last_name="Yılmaz")
    response = login(worker).get(reverse("cases:case_list"), {"q": "Yıl"}, HTTP_HX_REQUEST="true")
    assert "Yılmaz" in response.text
    assert "<html" not in response.text


def test_case_list_queries_do_not_grow_with_rows(world, worker, login):
    client = login(worker)
    for _ in range(3):
        FollowUpFactory(case=own_case(world))
    client.get(reverse("cases:case_list"))  # the first request of a session does more
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:case_list"))
    for _ in range(22):
        FollowUpFactory(case=own_case(world))
    with CaptureQueriesContext(connection) as many:
        assert client.get(reverse("cases:case_list")).status_code == 200
    assert len(many) == len(few)


def test_evaluator_sees_no_case_list(world, login):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    assert login(evaluator).get(reverse("cases:case_list")).status_code == 403


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH, Role.EMPLOYER_LIAISON])
def test_non_case_roles_get_404_on_a_case(world, login, role):
    case = own_case(world)
    user = world.member(role, world.org_a)
    assert login(user).get(reverse("cases:case_detail", args=[case.pk])).status_code == 404


def test_partner_organisation_gets_404_on_a_case(world, login):
    case = own_case(world)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    client = login(partner)
    assert client.get(reverse("cases:case_detail", args=[case.pk])).status_code == 404
    response = client.post(reverse("cases:contact_create", args=[case.pk]), {})
    assert response.status_code == 404


def test_case_page_writes_an_access_log_entry(world, worker, login):
    case = own_case(world)
    assert login(worker).get(reverse("cases:case_detail", args=[case.pk])).status_code == 200
    entry = AccessLogEntry.objects.get(record_type="cases.case", record_id=case.pk)
    assert entry.user == worker
    assert entry.action == "view"


def test_case_page_queries_do_not_grow_with_contacts(world, worker, login):
    case = own_case(world)
    client = login(worker)
    ContactFactory(case=case)
    client.get(reverse("cases:case_detail", args=[case.pk]))  # warm the session
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("cases:case_detail", args=[case.pk]))
    for _ in range(40):
        ContactFactory(case=case)
    client.get(reverse("cases:case_detail", args=[case.pk]))  # warm the session
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("cases:case_detail", args=[case.pk]))
    assert len(many) == len(few)


def test_export_is_the_list_the_user_sees(world, worker, login):
    own_case(world, last_name="Eigene", external_id="A-1")
    CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_b,
        participant__last_name="Partnerfall",
    )
    client = login(worker)
    csv_text = client.get(reverse("cases:case_list_csv")).content.decode("utf-8-sig")
    assert "Eigene" in csv_text
    assert "Partnerfall" not in csv_text
    response = client.get(reverse("cases:case_list_xlsx"), {"q": "Eigene"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2
    assert rows[1][0] == "A-1"
    assert AccessLogEntry.objects.filter(action="export").count() == 2


def test_intake_warns_of_duplicates_then_saves_when_confirmed(world, worker, login):
    own_case(world, first_name="Anna", last_name="Müller", postcode="44649")
    client = login(worker)
    form = {
        "external_id": "N-1",
        "first_name": "Anne",
        "last_name": "Mueller",
        # The factory's birth date: Anne/Anna with another one would be two people.
        "birth_date": "1990-05-17",
        "gender": "female",
        "postcode": "44649",
        "entry_date": "2025-03-01",
        "labour_status": "inactive",
        "benefits": "sgb2",
        "third_country_national": "no",
        "foreign_background": "not_stated",
        "homeless": "no",
        "single_parent": "no",
        "public_transport": "on",
    }
    response = client.post(reverse("participants:intake"), form)
    assert response.status_code == 200
    assert "Possible duplicates" in response.text
    assert not Participant.objects.filter(external_id="N-1").exists()
    response = client.post(reverse("participants:intake"), {**form, "not_a_duplicate": "on"})
    case = Case.objects.get(participant__external_id="N-1")
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[case.pk])


def test_intake_with_birth_date_after_entry_shows_the_error(world, worker, login):
    response = login(worker).post(
        reverse("participants:intake"),
        {
            "external_id": "N-2",
            "first_name": "A",
            "last_name": "B",
            "birth_date": "2025-05-01",
            "gender": "male",
            "postcode": "44649",
            "entry_date": "2025-03-01",
            "labour_status": "inactive",
            "benefits": "none",
            "third_country_national": "no",
            "foreign_background": "no",
            "homeless": "no",
            "single_parent": "no",
        },
    )
    assert "The date of birth cannot be after the entry date." in response.text
    assert not Participant.objects.exists()


def test_stale_case_form_shows_what_changed(world, worker, login):
    case = own_case(world)
    client = login(worker)
    stale_version = case.version
    case.stage = "qualification"
    case.save()
    response = client.post(
        reverse("cases:case_edit", args=[case.pk]),
        {
            "expected_version": stale_version,
            "stage": "work_trial",
            "responsible": "",
            "entry_date": case.entry_date.isoformat(),
        },
    )
    assert response.status_code == 200
    assert "What was changed meanwhile" in response.text
    assert "qualification" in response.text
    case.refresh_from_db()
    assert case.stage == "qualification"


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


def test_follow_up_toggle_with_htmx_returns_the_row(world, worker, login):
    follow_up = FollowUpFactory(case=own_case(world), title="Anrufen")
    response = login(worker).post(
        reverse("cases:follow_up_toggle", args=[follow_up.pk]),
        {"done": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Anrufen" in response.text
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_my_day_lists_due_and_overdue_follow_ups(world, worker, login):
    case = own_case(world, first_name="Fatma")
    case.responsible = worker
    case.save()
    today = timezone.localdate()
    FollowUpFactory(case=case, due_date=today, title="Heute anrufen", assigned_to=worker)
    FollowUpFactory(
        case=case, due_date=today - timedelta(days=3), title="Überfällig", assigned_to=worker
    )
    FollowUpFactory(
        case=case,
        due_date=today,
        title="Schon abgehakt",
        assigned_to=worker,
        done_at=timezone.now(),
    )
    text = login(worker).get(reverse("core:home")).text
    assert "Heute anrufen" in text
    assert "Überfällig" in text
    assert "Schon abgehakt" not in text


def test_contact_form_records_hours(world, worker, login):
    case = own_case(world)
    client = login(worker)
    for minutes in (45, 75):
        client.post(
            reverse("cases:contact_create", args=[case.pk]),
            {
                "date": "2025-04-01",
                "duration_minutes": minutes,
                "channel": "phone",
                "topics": ["job_search", "childcare"],
                "notes": "Rückruf",
            },
        )
    text = client.get(reverse("cases:contact_list", args=[case.pk])).text
    assert "2 contacts, 2 hours in all" in text


def test_plan_form_creates_goals(world, worker, login):
    case = own_case(world)
    response = login(worker).post(
        reverse("cases:plan_edit", args=[case.pk]),
        {
            "expected_version": "0",
            "agreed_on": "2025-03-10",
            "summary": "",
            "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "0",
            "goals-0-title": "Deutsch B1",
            "goals-0-status": "open",
            "goals-0-due_date": "2025-09-30",
        },
    )
    assert response.status_code == 302
    assert Plan.objects.get(case=case).goals.get().title == "Deutsch B1"


def test_assessment_form_and_comparison(world, worker, login):
    case = own_case(world)
    client = login(worker)
    for day, language in (("2025-03-05", "3"), ("2025-06-05", "1")):
        data = {
            "date": day,
            **dict.fromkeys(
                (
                    "need_language",
                    "need_childcare",
                    "need_health",
                    "need_debts",
                    "need_housing",
                    "need_mobility",
                    "need_digital",
                    "need_residence",
                    "need_stability",
                    "need_basic_skills",
                ),
                "0",
            ),
        }
        data["need_language"] = language
        assert (
            client.post(reverse("cases:assessment_create", args=[case.pk]), data).status_code == 302
        )
    text = client.get(reverse("cases:assessment_list", args=[case.pk])).text
    assert "05.03.2025" in text
    assert "05.06.2025" in text
    assert "↓ -2" in text


def test_first_contact_quick_form_and_conversion(world, worker, login):
    client = login(worker)
    response = client.post(
        reverse("participants:first_contact_list"),
        {
            "project": world.project.slug,
            "date": "2025-02-01",
            "channel": "walk_in",
            "topics": ["job_search"],
            "name": "Olena K.",
        },
    )
    assert response.status_code == 302
    from quartier.participants.models import FirstContact

    first_contact = FirstContact.objects.get()
    page = client.get(
        reverse("participants:intake"),
        {"project": world.project.slug, "first_contact": first_contact.pk},
    )
    assert 'value="Olena"' in page.text


def test_follow_up_for_another_organisation_cannot_be_ticked(world, login):
    follow_up = FollowUpFactory(case=own_case(world))
    partner = world.member(Role.CASE_WORKER, world.org_b)
    response = login(partner).post(
        reverse("cases:follow_up_toggle", args=[follow_up.pk]), {"done": "1"}
    )
    assert response.status_code == 404
    assert FollowUp.objects.get(pk=follow_up.pk).done_at is None


def test_entry_date_of_today_default_in_intake(world, worker, login):
    page = login(worker).get(reverse("participants:intake"))
    assert page.status_code == 200
    assert date.today().isoformat() in page.text
