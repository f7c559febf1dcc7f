"""The pages of `cases.views.cases`: the case list with its filters and export, the case
page, changing a case, my day; scoping and the access log."""

import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from quartier.cases.timeline import timeline_sources
from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from tests.cases.views.conftest import case_with_records, own_case
from tests.factories import CaseFactory, ConsentFactory, ContactFactory, FollowUpFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


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


def test_a_filtered_case_lists_page_two_keeps_its_filters(world, worker, login):
    for number in range(30):
        own_case(world, last_name=f"Muster{number:02}")
    response = login(worker).get(reverse("cases:case_list"), {"q": "Muster", "page": "1"})
    assert response.status_code == 200
    assert 'href="?q=Muster&amp;page=2"' in response.text
    second = login(worker).get(reverse("cases:case_list"), {"q": "Muster", "page": "2"})
    assert 'href="?q=Muster&amp;page=1"' in second.text


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
    entry = AccessLogEntry.objects.get(record_type="cases.case", record_id=case.pk, action="view")
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


#: Queries of the case page: session, user, user session (3 with its savepoints), MFA,
#: case grants, the case; plan, goals, follow-ups, contact totals, contacts,
#: assessments, consents, documents, enrolments (one read per kind); the access-log
#: entry (2: the chain's last hash, the entry); the navigation's roles and permissions
#: (5); the placements panel's permission to record a placement (1);
#: `matching.view_matches` for the link to the matching vacancies (1); and one read per
#: registered timeline source (`quartier.cases.timeline`: the placements, the match
#: suggestions). On PostgreSQL the access log's writers' lock (an advisory lock) is one
#: more query.
CASE_PAGE_QUERIES = 28 + len(timeline_sources()) + (connection.vendor == "postgresql")


@pytest.mark.parametrize("records", [1, 30])
def test_case_page_reads_each_kind_of_record_once(
    world, worker, login, django_assert_num_queries, records
):
    case = case_with_records(world, worker, records)
    client = login(worker)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)  # warm the session
    with django_assert_num_queries(CASE_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_withdrawn_consent_shows_as_missing(world, worker, login):
    case = own_case(world)
    ConsentFactory(participant=case.participant, purpose="counselling")
    ConsentFactory(
        participant=case.participant,
        purpose="followup_contact",
        given_on=timezone.localdate() - timedelta(days=30),
        withdrawn_on=timezone.localdate() - timedelta(days=1),
    )
    text = login(worker).get(reverse("cases:case_detail", args=[case.pk])).text
    assert "Missing: contact after leaving (six-month follow-up)</p>" in text


def test_case_page_warns_of_no_missing_consent_when_both_are_valid(world, worker, login):
    case = own_case(world)
    ConsentFactory(participant=case.participant, purpose="counselling")
    ConsentFactory(participant=case.participant, purpose="followup_contact")
    text = login(worker).get(reverse("cases:case_detail", args=[case.pk])).text
    assert "Missing:" not in text


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
