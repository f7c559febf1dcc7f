"""The consent register, withdrawal in one step and the consent texts' versions, as the
data-protection officer (and the case staff, who withdraw from the case page) use them.
Today is pinned to 15.06.2026."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from quartier.cases.models import FollowUp
from quartier.core.models import Role
from quartier.matching.selectors.matches import case_matches_for_vacancy
from quartier.network.models import Referral
from quartier.participants.models import Consent, ConsentText
from quartier.privacy.models import AccessLogEntry
from tests.factories import CaseFactory, ConsentFactory, FollowUpFactory
from tests.matching.factories import MatchVacancyFactory
from tests.network.factories import ReferralFactory, sharing_consent

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)
DPO = Role.DATA_PROTECTION_OFFICER


@pytest.fixture(autouse=True)
def pinned_today():
    with time_machine.travel(
        datetime(2026, 6, 15, 10, tzinfo=ZoneInfo("Europe/Berlin")), tick=False
    ):
        yield


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def case(world):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name="Amira",
        participant__last_name="Registerova",
        participant__external_id="TN-77001",
    )


@pytest.fixture
def consents(case):
    """A valid counselling consent, withdrawn photos, an expired follow-up contact."""
    return {
        "valid": ConsentFactory(participant=case.participant, given_on=date(2026, 3, 1)),
        "withdrawn": ConsentFactory(
            participant=case.participant,
            purpose="photos",
            given_on=date(2026, 3, 1),
            withdrawn_on=date(2026, 5, 1),
            text_version="2.0",
        ),
        "expired": ConsentFactory(
            participant=case.participant,
            purpose="followup_contact",
            given_on=date(2025, 3, 1),
            valid_until=date(2026, 6, 14),
        ),
    }


@pytest.fixture
def dpo_client(world, login):
    return login(world.member(DPO, world.org_a))


def _register(client, **params):
    return client.get(reverse("privacy:consent_register"), params)


def _states(response) -> dict[int, str]:
    import re

    return {
        int(pk): state
        for pk, state in re.findall(
            r'<tr id="consent-(\d+)">.*?data-state="(\w+)"', response.content.decode(), re.S
        )
    }


# The register ------------------------------------------------------------------------


def test_the_register_lists_the_organisations_consents_with_their_state(
    world, dpo_client, consents
):
    other = CaseFactory(participant__project=world.project, participant__organisation=world.org_b)
    foreign = ConsentFactory(participant=other.participant)
    response = _register(dpo_client)
    assert response.status_code == 200
    assert _states(response) == {
        consents["valid"].pk: "valid",
        consents["withdrawn"].pk: "withdrawn",
        consents["expired"].pk: "expired",
    }
    assert foreign.pk not in _states(response)
    page = response.content.decode()
    assert "TN-77001" in page
    assert "Registerova" in page
    assert "01.05.2026" in page  # withdrawn on


@pytest.mark.parametrize("state", ["valid", "withdrawn", "expired"])
def test_the_state_filter(dpo_client, consents, state):
    assert list(_states(_register(dpo_client, state=state))) == [consents[state].pk]


def test_filters_by_purpose_version_date_participant_and_search(world, dpo_client, consents, case):
    other = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__last_name="Anderswo",
    )
    second = ConsentFactory(participant=other.participant, given_on=date(2026, 1, 10))
    assert set(_states(_register(dpo_client, purpose="photos"))) == {consents["withdrawn"].pk}
    assert set(_states(_register(dpo_client, text_version="2.0"))) == {consents["withdrawn"].pk}
    assert set(_states(_register(dpo_client, given_from="2026-01-01", given_to="2026-01-31"))) == {
        second.pk
    }
    assert set(_states(_register(dpo_client, participant=other.participant.pk))) == {second.pk}
    assert set(_states(_register(dpo_client, q="registerova"))) == {c.pk for c in consents.values()}
    assert set(_states(_register(dpo_client, q="77001"))) == {c.pk for c in consents.values()}
    assert set(_states(_register(dpo_client, project=world.project.pk))) == {
        *(c.pk for c in consents.values()),
        second.pk,
    }


def test_the_register_shows_the_guardian(dpo_client, case):
    ConsentFactory(
        participant=case.participant,
        guardian_name="Hatice Registerova",
        guardian_relation="parent",
        guardian_reached="in_person",
    )
    page = _register(dpo_client).content.decode()
    assert "Hatice Registerova" in page
    assert "parent, in person" in page


def test_an_empty_register_and_an_empty_filter_say_so(dpo_client, consents):
    assert "No consent matches" in _register(dpo_client, q="nobody").content.decode()
    Consent.objects.all().delete()
    assert "No consents recorded yet" in _register(dpo_client).content.decode()


def test_the_register_is_paginated(dpo_client, case):
    for _n in range(51):
        ConsentFactory(participant=case.participant)
    first, second = _register(dpo_client), _register(dpo_client, page=2)
    assert len(_states(first)) == 50
    assert len(_states(second)) == 1
    assert 'rel="next"' in first.content.decode()


def test_the_register_read_is_access_logged(world, dpo_client, consents):
    _register(dpo_client)
    entry = AccessLogEntry.objects.exclude(action="change").get(record_type="participants.consent")
    assert entry.detail == "consent register, 3 rows"


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.PROJECT_LEAD, Role.EVALUATOR])
def test_case_staff_and_others_are_not_the_register_audience(world, login, role):
    assert _register(login(world.member(role, world.org_a))).status_code == 403


def test_the_organisation_admin_sees_the_register(world, login, consents):
    client = login(world.member(Role.ORGANISATION_ADMIN, world.org_a))
    assert len(_states(_register(client))) == 3


def test_the_other_organisations_dpo_sees_none_of_them(world, login, consents):
    client = login(world.member(DPO, world.org_b))
    assert _states(_register(client)) == {}


# Withdrawal in one step --------------------------------------------------------------


def _withdraw_url(consent):
    return reverse("privacy:consent_withdraw", args=[consent.pk])


def test_the_confirmation_says_what_stops_and_proposes_today(dpo_client, consents):
    response = dpo_client.get(_withdraw_url(consents["valid"]))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="withdrawal-effects"' in page
    assert "No more vacancies or offers are suggested" in page
    assert 'value="2026-06-15"' in page
    consents["valid"].refresh_from_db()
    assert consents["valid"].withdrawn_on is None  # GET changes nothing


def test_withdrawing_twice_changes_nothing_and_says_so(dpo_client, consents):
    url = _withdraw_url(consents["valid"])
    first = dpo_client.post(url, {"withdrawn_on": "2026-06-15"})
    assert first.status_code == 302
    consent = Consent.objects.get(pk=consents["valid"].pk)
    assert consent.withdrawn_on == TODAY
    version = consent.version
    second = dpo_client.post(url, {"withdrawn_on": "2026-06-10"})
    assert second.status_code == 200
    assert "already been withdrawn" in second.content.decode()
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.version) == (TODAY, version)
    assert "already withdrawn on 15.06.2026" in dpo_client.get(url).content.decode()


def test_a_withdrawal_in_the_future_is_refused(dpo_client, consents):
    response = dpo_client.post(_withdraw_url(consents["valid"]), {"withdrawn_on": "2026-06-16"})
    assert response.status_code == 200
    assert Consent.objects.get(pk=consents["valid"].pk).withdrawn_on is None


def test_the_withdrawal_returns_to_the_persons_register(dpo_client, consents, case):
    response = dpo_client.post(_withdraw_url(consents["valid"]), {"withdrawn_on": "2026-06-15"})
    assert response["Location"] == (
        reverse("privacy:consent_register") + f"?participant={case.participant.pk}"
    )


def test_the_withdrawal_is_in_the_change_log(world, dpo_client, consents):
    from auditlog.models import LogEntry

    dpo_client.post(_withdraw_url(consents["valid"]), {"withdrawn_on": "2026-06-15"})
    entry = LogEntry.objects.get_for_object(consents["valid"]).get(action=LogEntry.Action.UPDATE)
    assert entry.changes_dict["withdrawn_on"] == ["None", "2026-06-15"]
    assert entry.actor.memberships.get().role == DPO


def test_case_staff_withdraw_through_the_same_page(world, login, consents, case):
    client = login(world.member(Role.CASE_WORKER, world.org_a))
    response = client.post(_withdraw_url(consents["valid"]), {"withdrawn_on": "2026-06-15"})
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert Consent.objects.get(pk=consents["valid"].pk).withdrawn_on == TODAY


@pytest.mark.parametrize("side", ["other_dpo", "evaluator"])
def test_others_do_not_find_the_consent(world, login, consents, side):
    user = (
        world.member(DPO, world.org_b)
        if side == "other_dpo"
        else world.member(Role.EVALUATOR, world.org_a)
    )
    client = login(user)
    assert client.get(_withdraw_url(consents["valid"])).status_code == 404
    assert (
        client.post(_withdraw_url(consents["valid"]), {"withdrawn_on": "2026-06-15"}).status_code
        == 404
    )
    assert Consent.objects.get(pk=consents["valid"].pk).withdrawn_on is None


def test_an_outside_next_address_is_ignored(dpo_client, consents, case):
    response = dpo_client.post(
        _withdraw_url(consents["valid"]),
        {"withdrawn_on": "2026-06-15", "next": "https://evil.example/"},
    )
    assert "evil" not in response["Location"]


# The effects, at once ----------------------------------------------------------------


def test_counselling_withdrawn_no_more_match_suggestions(world, dpo_client, consents, case):
    vacancy = MatchVacancyFactory(project=world.project, organisation=world.org_a)
    coach = world.member(Role.JOB_COACH, world.org_a)
    _page, before = case_matches_for_vacancy(user=coach, vacancy=vacancy)
    assert [m.target.pk for m in before] == [case.pk]
    dpo_client.post(_withdraw_url(consents["valid"]), {"withdrawn_on": "2026-06-15"})
    page, after = case_matches_for_vacancy(user=coach, vacancy=vacancy)
    assert after == []
    assert page.paginator.count == 0


def test_special_categories_withdrawn_hides_them_in_the_api(world, dpo_client, case, api_as):
    consent = ConsentFactory(
        participant=case.participant, purpose="special_categories", given_on=date(2026, 3, 1)
    )
    case.participant.disability = "yes"
    case.participant.save()
    worker_api = api_as(world.member(Role.CASE_WORKER, world.org_a))
    url = f"/api/v1/participants/{case.participant.pk}/"
    assert worker_api.get(url).json()["disability"] == "yes"
    dpo_client.post(_withdraw_url(consent), {"withdrawn_on": "2026-06-15"})
    assert worker_api.get(url).json()["disability"] is None


def test_partner_sharing_withdrawn_ends_the_open_referrals(world, dpo_client, case):
    consent = sharing_consent(case, world.org_b, given_on=date(2026, 3, 1))
    referral = ReferralFactory(
        case=case,
        recipient=world.org_b,
        state="sent",
        consent=consent,
        sent_at=timezone.now(),
        answer_due=date(2026, 6, 30),
    )
    page = dpo_client.get(_withdraw_url(consent)).content.decode()
    assert "open referrals: 1" in page
    dpo_client.post(_withdraw_url(consent), {"withdrawn_on": "2026-06-15"})
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.state not in ("sent", "accepted")


def test_followup_contact_withdrawn_closes_the_six_month_follow_up(world, dpo_client, case):
    consent = ConsentFactory(
        participant=case.participant, purpose="followup_contact", given_on=date(2026, 3, 1)
    )
    follow_up = FollowUpFactory(case=case, kind=FollowUp.Kind.SIX_MONTH, due_date=date(2026, 9, 1))
    dpo_client.post(_withdraw_url(consent), {"withdrawn_on": "2026-06-15"})
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


# Consent texts -----------------------------------------------------------------------


def test_the_texts_page_counts_the_signatures_per_version(world, dpo_client, consents):
    old = ConsentText.objects.create(
        project=world.project,
        purpose="photos",
        text_version="2.0",
        text="Fotos",
        valid_from=date(2026, 1, 1),
    )
    new = ConsentText.objects.create(
        project=world.project,
        purpose="photos",
        text_version="3.0",
        text="Fotos neu",
        valid_from=date(2026, 6, 1),
    )
    response = dpo_client.get(reverse("privacy:consent_texts"))
    assert response.status_code == 200
    page = response.content.decode()
    import re

    def cells(text):
        row = re.search(rf'<tr id="text-{text.pk}">(.*?)</tr>', page, re.S).group(1)
        return re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)

    assert ">1</a>" in cells(old)[3]
    assert cells(old)[4] == "1"
    assert ">0</a>" in cells(new)[3]
    assert cells(new)[4] == "0"


def test_case_staff_do_not_open_the_texts_page(world, login):
    client = login(world.member(Role.CASE_WORKER, world.org_a))
    assert client.get(reverse("privacy:consent_texts")).status_code == 403
