"""The referrals API (`network.api.referrals`): each side sees its view (the sender
everything, the recipient only the packet, the network coach neither packet nor case),
404 for foreign, closed and withdrawn referrals, the events, the answers and their
errors, and the access log of every packet read."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.network.models import Referral, ReferralEvent, ReferralState
from quartier.network.services import referrals as services
from quartier.participants.services import consents as consent_services
from quartier.privacy.models import AccessLogEntry
from tests.api.client import messages
from tests.network.factories import feedback_consent
from tests.network.factories_api import sent_referral

pytestmark = pytest.mark.django_db

RECIPIENT_KEYS = {
    "view",
    "id",
    "version",
    "purpose",
    "state",
    "sender_organisation",
    "sent_at",
    "answer_due",
    "offer",
    "shared_data",
}


@pytest.fixture
def referral(world, sender, case):
    return sent_referral(case, sender, world.org_b, fields=("name", "contact", "birth_date"))


@pytest.fixture
def partner_staff(world):
    """Staff of org B with the partner staff role: referrals only."""
    return world.member(Role.PARTNER_STAFF, world.org_b)


@pytest.fixture
def network_coach(world):
    return world.member(Role.NETWORK_COACH, world.org_a)


def url(referral, tail=""):
    return f"/api/v1/referrals/{referral.pk}/{tail}"


def packet_reads(user, referral) -> int:
    return AccessLogEntry.objects.filter(
        user=user,
        record_type="network.referral",
        record_id=referral.pk,
        detail="referral packet (API)",
    ).count()


def test_the_sender_sees_everything(api_as, sender, recipient, referral, case):
    body = api_as(sender).get(url(referral)).json()
    assert body["view"] == "sender"
    assert (body["case"], body["participant"]) == (case.pk, case.participant_id)
    assert body["shared_data"]["name"] == "Aylin Demir"
    assert [event["to_state"] for event in body["events"]] == ["draft", "sent"]
    assert packet_reads(sender, referral) == 1


@pytest.mark.parametrize("who", ["recipient", "partner_staff"])
def test_the_recipient_sees_only_the_packet(request, api_as, world, referral, case, who):
    user = request.getfixturevalue(who)
    response = api_as(user).get(url(referral))
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == RECIPIENT_KEYS
    assert body["view"] == "recipient"
    assert body["sender_organisation"]["slug"] == world.org_a.slug
    assert set(body["shared_data"]) == {"name", "contact", "reason", "birth_date"}
    assert body["shared_data"]["contact"].startswith("0176 555 01")
    text = response.content.decode()
    assert f'"case": {case.pk}' not in text
    assert "participant" not in text
    assert packet_reads(user, referral) == 1
    listed = api_as(user).get("/api/v1/referrals/").json()
    assert [item["id"] for item in listed["items"]] == [referral.pk]
    assert set(listed["items"][0]) == RECIPIENT_KEYS
    assert packet_reads(user, referral) == 2


def test_the_network_coach_sees_neither_packet_nor_case(api_as, network_coach, referral):
    response = api_as(network_coach).get(url(referral))
    body = response.json()
    assert body["view"] == "network"
    assert {"shared_data", "case", "participant", "reason", "events"}.isdisjoint(body)
    assert "Aylin" not in response.content.decode()
    assert packet_reads(network_coach, referral) == 0
    events = api_as(network_coach).get(url(referral, "events/")).json()
    assert [event["note"] for event in events] == ["", ""]


def test_foreign_users_get_404(api_as, world, referral):
    outsider = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    b_coach = world.member(Role.JOB_COACH, world.org_b)
    b_liaison = world.member(Role.EMPLOYER_LIAISON, world.org_b)
    for user in (outsider, b_liaison):
        client = api_as(user)
        assert client.get(url(referral)).status_code == 404
        assert client.get(url(referral, "events/")).status_code == 404
        assert client.get("/api/v1/referrals/").json()["count"] == 0
        answer = client.post(url(referral, "answer/"), {"action": "accept", "version": 1})
        assert answer.status_code == 404
    # A job coach of the recipient holds a recipient role: the packet, no more.
    assert api_as(b_coach).get(url(referral)).json()["view"] == "recipient"


def test_withdrawing_the_consent_ends_the_recipients_access(api_as, sender, recipient, referral):
    client = api_as(recipient)
    assert client.get(url(referral)).status_code == 200
    consent_services.consent_withdraw(
        actor=sender, consent=referral.consent, withdrawn_on=date(2026, 3, 3)
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.ENDED
    for path in (url(referral), url(referral, "events/")):
        response = client.get(path)
        assert response.status_code == 404
        assert response.json() == {"detail": "Not found."}
    assert client.get("/api/v1/referrals/").json() == {"count": 0, "items": []}
    answer = client.post(url(referral, "answer/"), {"action": "accept", "version": 1})
    assert answer.status_code == 404
    # The sender still sees it, ended.
    assert api_as(sender).get(url(referral)).json()["state"] == "ended"


@pytest.mark.parametrize("close", ["cancel", "complete"])
def test_a_closed_referral_is_404_for_the_recipient(api_as, sender, recipient, referral, close):
    if close == "cancel":
        services.referral_cancel(actor=sender, referral=referral)
    else:
        services.referral_accept(actor=recipient, referral=referral)
        services.referral_complete(actor=recipient, referral=referral, outcome="achieved")
    assert api_as(recipient).get(url(referral)).status_code == 404


def test_the_answers_close_the_loop(api_as, recipient, referral):
    client = api_as(recipient)
    accepted = client.post(
        url(referral, "answer/"), {"action": "accept", "version": referral.version}
    )
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["state"] == "accepted"
    version = accepted.json()["version"]
    completed = client.post(
        url(referral, "answer/"),
        {"action": "complete", "version": version, "outcome": "achieved", "note": "Started B1."},
    )
    assert completed.status_code == 200, completed.content
    referral.refresh_from_db()
    assert (referral.state, referral.outcome, referral.answer_note) == (
        "completed",
        "achieved",
        "Started B1.",
    )


def test_decline_and_not_completed_need_their_reason(api_as, recipient, referral):
    client = api_as(recipient)
    missing = client.post(
        url(referral, "answer/"), {"action": "decline", "version": referral.version}
    )
    assert missing.status_code == 422
    assert "reason" in missing.json()["fields"]
    other = client.post(
        url(referral, "answer/"),
        {"action": "decline", "version": referral.version, "reason": "other"},
    )
    assert other.status_code == 422
    assert "note" in other.json()["fields"]
    stray = client.post(
        url(referral, "answer/"),
        {"action": "accept", "version": referral.version, "outcome": "achieved"},
    )
    assert stray.status_code == 422
    assert "outcome" in stray.json()["fields"]
    unknown = client.post(
        url(referral, "answer/"), {"action": "maybe", "version": referral.version}
    )
    assert unknown.status_code == 422
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT
    declined = client.post(
        url(referral, "answer/"),
        {"action": "decline", "version": referral.version, "reason": "no_capacity"},
    )
    assert declined.status_code == 200
    assert Referral.objects.get(pk=referral.pk).decline_reason == "no_capacity"


def test_wrong_state_and_stale_version_are_409_and_change_nothing(api_as, recipient, referral):
    client = api_as(recipient)
    early = client.post(
        url(referral, "answer/"),
        {"action": "complete", "version": referral.version, "outcome": "achieved"},
    )
    assert early.status_code == 409
    assert "can no longer be answered this way" in messages(early)
    stale = client.post(url(referral, "answer/"), {"action": "accept", "version": 1})
    assert stale.status_code == 409
    assert "changed this referral" in messages(stale)
    assert stale.json()["version"] == referral.version
    after = Referral.objects.get(pk=referral.pk)
    assert (after.state, after.version) == (ReferralState.SENT, referral.version)
    assert after.events.count() == 2


def test_a_double_accept_is_refused(api_as, recipient, referral):
    client = api_as(recipient)
    body = {"action": "accept", "version": referral.version}
    assert client.post(url(referral, "answer/"), body).status_code == 200
    again = client.post(url(referral, "answer/"), body)
    assert again.status_code == 409
    assert Referral.objects.get(pk=referral.pk).events.count() == 3


def test_the_network_coach_and_the_sender_may_not_answer_for_the_partner(
    api_as, sender, recipient, network_coach, referral
):
    assert not referral.by_letter  # org B has a user: it answers itself
    for user in (network_coach, sender):
        answer = api_as(user).post(
            url(referral, "answer/"), {"action": "accept", "version": referral.version}
        )
        assert answer.status_code == 403
    assert Referral.objects.get(pk=referral.pk).state == ReferralState.SENT


def test_the_sender_records_a_letter_partners_answer(api_as, world, sender, case, outside_partner):
    referral = sent_referral(case, sender, outside_partner.partner_organisation)
    assert referral.by_letter
    answer = api_as(sender).post(
        url(referral, "answer/"), {"action": "accept", "version": referral.version}
    )
    assert answer.status_code == 200, answer.content
    event = Referral.objects.get(pk=referral.pk).events.order_by("id").last()
    assert event.recorded_by_sender


def test_events_show_the_recipient_only_its_own_notes(api_as, world, sender, recipient, referral):
    ReferralEvent.objects.create(
        referral=referral,
        organisation=world.org_a,
        kind="note",
        from_state="sent",
        note="Internal: she has debts.",
    )
    services.referral_accept(actor=recipient, referral=referral, note="We call her on Monday.")
    events = api_as(recipient).get(url(referral, "events/")).json()
    assert [(e["kind"], e["to_state"], e["note"]) for e in events] == [
        ("state", "draft", ""),
        ("state", "sent", ""),
        ("note", "", ""),
        ("state", "accepted", "We call her on Monday."),
    ]
    # Without the feedback consent the sender reads its own notes, not the partner's.
    own = api_as(sender).get(url(referral, "events/")).json()
    assert [e["note"] for e in own[2:]] == ["Internal: she has debts.", ""]


def test_feedback_needs_its_consent(api_as, world, sender, recipient, case, referral):
    services.referral_accept(actor=recipient, referral=referral)
    services.referral_complete(
        actor=recipient, referral=referral, outcome="achieved", note="Passed the B1 test."
    )
    body = api_as(sender).get(url(referral)).json()
    assert (body["feedback_visible"], body["outcome"], body["answer_note"]) == (False, "", "")
    assert body["state"] == "completed"
    assert "Passed the B1 test" not in api_as(sender).get(url(referral, "events/")).content.decode()
    assert body["events"][-1]["reason"] == ""
    feedback_consent(case, world.org_b)
    second = sent_referral(case, sender, world.org_b)
    services.referral_accept(actor=recipient, referral=second)
    services.referral_complete(
        actor=recipient, referral=second, outcome="achieved", note="Passed the B1 test."
    )
    body = api_as(sender).get(url(second)).json()
    assert (body["feedback_visible"], body["outcome"], body["answer_note"]) == (
        True,
        "achieved",
        "Passed the B1 test.",
    )
    assert (body["events"][-1]["reason"], body["events"][-1]["note"]) == (
        "achieved",
        "Passed the B1 test.",
    )


def test_list_filters_and_views(api_as, world, sender, recipient, case, referral):
    client = api_as(sender)
    assert client.get("/api/v1/referrals/", {"state": "sent"}).json()["count"] == 1
    assert client.get("/api/v1/referrals/", {"state": "accepted"}).json()["count"] == 0
    assert client.get("/api/v1/referrals/", {"view": "recipient"}).json()["count"] == 0
    assert client.get("/api/v1/referrals/", {"project": world.project.slug}).json()["count"] == 1
    assert client.get("/api/v1/referrals/", {"limit": 0}).status_code == 422
    assert api_as(recipient).get("/api/v1/referrals/", {"view": "sender"}).json()["count"] == 0
