"""What writes to the access log beyond the detail pages: the case list, the API lists
of participants' data, changes (through django-auditlog), a referral sent."""

from datetime import date

import pytest
from auditlog.context import set_actor
from django.db import transaction
from django.urls import reverse

from quartier.cases.services.contacts import contact_create
from quartier.core.models import Role
from quartier.network.services import referrals as referral_services
from quartier.participants.services.participants import participant_update
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.selectors.access_log import chain_verify
from tests.factories import CaseFactory
from tests.network.factories import sharing_consent

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


@pytest.fixture
def case(world):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        entry_date=date(2025, 3, 1),
    )


def last() -> AccessLogEntry:
    return AccessLogEntry.objects.order_by("-id").first()


def test_the_case_list_page_is_one_list_entry_with_its_row_count(login, worker, case):
    response = login(worker).get(reverse("cases:case_list"), REMOTE_ADDR="198.51.100.4")
    assert response.status_code == 200
    entry = last()
    assert (entry.user, entry.action, entry.record_type) == (worker, "list", "cases.case")
    assert entry.detail == "case list, 1 rows"
    assert entry.address == "198.51.100.4"
    assert entry.role == "case_worker"


@pytest.mark.parametrize(
    ("url_name", "record_type"),
    [
        ("participants", "participants.participant"),
        ("cases", "cases.case"),
        ("contacts", "cases.contact"),
    ],
)
def test_an_api_list_of_participants_data_is_logged(api_as, worker, case, url_name, record_type):
    contact_create(
        actor=worker,
        case=case,
        date=date(2025, 3, 2),
        duration_minutes=30,
        channel="phone",
        topics=[],
    )
    response = api_as(worker).get(reverse(f"api-1:{url_name}"))
    assert response.status_code == 200
    entry = last()
    assert (entry.user, entry.action, entry.record_type) == (worker, "list", record_type)
    assert entry.detail == f"{record_type} list (API), 1 rows"


def test_a_change_of_a_participant_is_a_change_entry(worker, case):
    participant = case.participant
    with set_actor(worker):
        participant_update(
            actor=worker,
            participant=participant,
            expected_version=participant.version,
            data={"first_name": "Changed"},
        )
    entry = last()
    assert (entry.user, entry.action) == (worker, "change")
    assert entry.record_type == "participants.participant"
    assert entry.participant_id == participant.pk
    assert entry.detail.startswith("changed: ")
    assert "first_name" in entry.detail


def test_a_new_case_record_is_a_change_entry_about_the_participant(worker, case):
    with set_actor(worker):
        contact = contact_create(
            actor=worker,
            case=case,
            date=date(2025, 3, 2),
            duration_minutes=30,
            channel="phone",
            topics=[],
        )
    entry = last()
    assert (entry.action, entry.record_type, entry.record_id) == (
        "change",
        "cases.contact",
        contact.pk,
    )
    assert (entry.participant_id, entry.detail) == (case.participant_id, "created")
    assert list(chain_verify()) == []


def test_the_change_entry_is_lost_with_the_change(worker, case):
    before = AccessLogEntry.objects.count()

    def change_then_fail():
        with transaction.atomic():
            contact_create(
                actor=worker,
                case=case,
                date=date(2025, 3, 2),
                duration_minutes=30,
                channel="phone",
                topics=[],
            )
            raise RuntimeError

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert AccessLogEntry.objects.count() == before


def test_a_referral_sent_is_a_referral_entry(world, worker, case):
    sharing_consent(case, world.org_b, "language_course")
    referral = referral_services.referral_create(
        actor=worker,
        case=case,
        draft=referral_services.Draft(
            recipient=world.org_b,
            purpose="language_course",
            reason="Needs a B1 course with childcare.",
            shared_fields=["name", "contact"],
        ),
    )
    referral_services.referral_send(actor=worker, referral=referral)
    entry = AccessLogEntry.objects.get(action="referral")
    assert (entry.user, entry.record_type, entry.record_id) == (
        worker,
        "network.referral",
        referral.pk,
    )
    assert (entry.participant_id, entry.organisation_id) == (case.participant_id, world.org_a.pk)
    assert entry.detail == "referral sent"
