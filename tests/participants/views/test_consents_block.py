"""The consent page records several purposes signed on one form, and a minor's consent
only with the legal guardian (field messages); the intake does the same."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from quartier.core.models import Role
from quartier.participants.models import Consent, Participant
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pinned_today():
    moment = datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Europe/Berlin"))
    with time_machine.travel(moment, tick=False):
        yield


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def _case(world, birth_date):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__birth_date=birth_date,
        entry_date=date(2025, 3, 1),
    )


BLOCK = {"form": "paper", "text_version": "1.0", "given_on": "2025-03-01"}


def test_the_page_records_one_consent_per_ticked_purpose(world, login, client):
    case = _case(world, date(1990, 1, 1))
    login(world.member(Role.CASE_WORKER, world.org_a))
    url = reverse("participants:consent_create", args=[case.participant.pk])
    page = client.get(url).content.decode()
    assert 'id="consent-block"' in page
    assert 'value="partner_sharing"' not in page  # its own page, linked
    response = client.post(url, {**BLOCK, "purposes": ["counselling", "followup_contact"]})
    assert response.status_code == 302
    assert sorted(Consent.objects.values_list("purpose", flat=True)) == [
        "counselling",
        "followup_contact",
    ]


def test_a_minors_consent_without_the_guardian_gets_field_messages(world, login, client):
    case = _case(world, date(2009, 3, 2))  # one day short of 16 on the entry date
    login(world.member(Role.CASE_WORKER, world.org_a))
    url = reverse("participants:consent_create", args=[case.participant.pk])
    assert "needs a legal guardian" in client.get(url).content.decode()
    response = client.post(url, {**BLOCK, "purposes": ["counselling"]})
    page = response.content.decode()
    assert response.status_code == 200
    for name in ("guardian_name", "guardian_relation", "guardian_reached"):
        assert f'id="id_{name}_error"' in page
    assert not Consent.objects.exists()
    response = client.post(
        url,
        {
            **BLOCK,
            "purposes": ["counselling"],
            "guardian_name": "Hatice Yılmaz",
            "guardian_relation": "parent",
            "guardian_reached": "in_person",
        },
    )
    assert response.status_code == 302
    assert Consent.objects.get().guardian_name == "Hatice Yılmaz"


def test_a_partner_sharing_consent_of_a_minor_needs_the_guardian_too(world, login, client):
    case = _case(world, date(2012, 1, 1))
    login(world.member(Role.CASE_WORKER, world.org_a))
    url = reverse("participants:consent_create", args=[case.participant.pk])
    response = client.post(
        url,
        {
            **BLOCK,
            "purpose": "partner_sharing",
            "partner": world.org_b.pk,
            "referral_purposes": ["housing"],
        },
    )
    assert response.status_code == 200
    assert 'id="id_guardian_name_error"' in response.content.decode()


INTAKE = {
    "external_id": "TN-90001",
    "first_name": "Deniz",
    "last_name": "Minorowa",
    "gender": "female",
    "postcode": "44649",
    "entry_date": "2026-03-01",
    "labour_status": "inactive",
    "benefits": "sgb2",
    "third_country_national": "no",
    "foreign_background": "not_stated",
    "homeless": "no",
    "single_parent": "no",
}


@pytest.mark.parametrize(("birth_date", "minor"), [("2010-03-01", False), ("2010-03-02", True)])
def test_the_intake_records_the_consents_and_asks_a_minors_guardian(
    world, login, client, birth_date, minor
):
    login(world.member(Role.CASE_WORKER, world.org_a))
    data = {
        **INTAKE,
        "birth_date": birth_date,
        "purposes": ["counselling", "photos", "followup_contact"],
        "form": "paper",
        "text_version": "1.0",
        "given_on": "2026-03-01",
    }
    response = client.post(reverse("participants:intake"), data)
    if minor:
        assert response.status_code == 200
        assert 'id="id_guardian_name_error"' in response.content.decode()
        assert not Participant.objects.exists()
        data.update(
            guardian_name="Ayşe Minorowa", guardian_relation="parent", guardian_reached="phone"
        )
        response = client.post(reverse("participants:intake"), data)
    assert response.status_code == 302
    participant = Participant.objects.get()
    assert participant.consents.count() == 3
    assert {c.guardian_name for c in participant.consents.all()} == (
        {"Ayşe Minorowa"} if minor else {""}
    )


def test_an_intake_without_ticked_purposes_records_no_consent(world, login, client):
    login(world.member(Role.CASE_WORKER, world.org_a))
    response = client.post(reverse("participants:intake"), {**INTAKE, "birth_date": "1990-01-01"})
    assert response.status_code == 302
    assert not Consent.objects.exists()
