"""The consent page in the browser's terms: a consent to share with a partner names
the partner (consortium or network) and the purposes of referrals; a referral without
consent links here with both pre-filled; an end date before the start is refused."""

import re
from datetime import date

import pytest
from django.urls import reverse

from quartier.core.models import Role
from quartier.participants.models import Consent
from tests.factories import CaseFactory, OrganisationFactory
from tests.network.factories import PartnerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def case(world):
    return CaseFactory(participant__project=world.project, participant__organisation=world.org_a)


def _post(client, case, **fields):
    data = {
        "purpose": "partner_sharing",
        "form": "paper",
        "text_version": "1.0",
        "given_on": "2026-03-02",
        **fields,
    }
    return client.post(reverse("participants:consent_create", args=[case.participant.pk]), data)


def test_sharing_names_a_network_partner_and_purposes(world, login, client, case):
    login(world.member(Role.CASE_WORKER, world.org_a))
    partner = PartnerFactory(project=world.project, partner_organisation=OrganisationFactory())
    response = _post(
        client,
        case,
        partner=partner.partner_organisation.pk,
        referral_purposes=["debt_counselling", "housing"],
        valid_until="2027-03-01",
    )
    assert response.status_code == 302
    consent = Consent.objects.get(participant=case.participant)
    assert consent.partner == partner.partner_organisation
    assert consent.referral_purposes == ["debt_counselling", "housing"]
    assert consent.valid_until == date(2027, 3, 1)
    page = client.get(reverse("cases:case_detail", args=[case.pk])).content.decode()
    assert "debt counselling, housing" in page
    assert "valid until 01.03.2027" in page


def test_sharing_without_purposes_is_refused(world, login, client, case):
    login(world.member(Role.CASE_WORKER, world.org_a))
    response = _post(client, case, partner=world.org_b.pk)
    assert response.status_code == 200
    assert "Name the purposes" in response.content.decode()
    assert not Consent.objects.exists()


def test_an_organisation_outside_project_and_network_is_refused(world, login, client, case):
    login(world.member(Role.CASE_WORKER, world.org_a))
    response = _post(client, case, partner=world.org_c.pk, referral_purposes=["housing"])
    assert response.status_code == 200
    assert not Consent.objects.exists()


def test_end_before_start_is_refused(world, login, client, case):
    login(world.member(Role.CASE_WORKER, world.org_a))
    response = _post(
        client,
        case,
        partner=world.org_b.pk,
        referral_purposes=["housing"],
        valid_until="2026-01-01",
    )
    assert response.status_code == 200
    assert "cannot end before" in response.content.decode()
    assert not Consent.objects.exists()


def test_the_referral_link_prefills_partner_and_purpose(world, login, client, case):
    login(world.member(Role.CASE_WORKER, world.org_a))
    url = reverse("participants:consent_create", args=[case.participant.pk])
    page = client.get(f"{url}?partner={world.org_b.pk}&referral_purpose=housing").content.decode()
    assert f'<option value="{world.org_b.pk}" selected>' in page
    housing = re.search(r'<input[^>]*value="housing"[^>]*>', page).group(0)
    assert "checked" in housing
    language = re.search(r'<input[^>]*value="language_course"[^>]*>', page).group(0)
    assert "checked" not in language
    assert 'value="partner_sharing" selected' in page
