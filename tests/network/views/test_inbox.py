"""The recipient's inbox, the packet page and the answers, also as recorded by the
sender (a letter partner's answer, an assignment from outside)."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.network.models import ReferralState
from quartier.participants.services import consents as consent_services
from quartier.privacy.models import AccessLogEntry
from tests.factories import ContactFactory, OrganisationFactory
from tests.network.factories_inbox import assignment, sent_referral

pytestmark = pytest.mark.usefixtures("english_pages")

FAR = date(2099, 1, 1)


@pytest.fixture
def private_case(case):
    """The case with data the packet does not carry unless chosen."""
    person = case.participant
    person.birth_date = date(1987, 11, 23)
    person.health_notes = "Knee surgery planned"
    person.email = "aylin.privat@example.org"
    person.languages = "Turkish, Kurdish"
    person.save()
    ContactFactory(case=case, notes="Talked about the divorce papers.")
    return case


def _answer_url(referral, action):
    return reverse("network:referral_answer", args=[referral.pk, action])


def _post(client, referral, action, **data):
    return client.post(
        _answer_url(referral, action), {"expected_version": referral.version, **data}
    )


# The inbox ----------------------------------------------------------------------------


def test_the_inbox_lists_open_referrals_with_the_packets_name_only(
    world, sender, recipient, case, login
):
    referral = sent_referral(sender, case, world.org_b)
    page = login(recipient).get(reverse("network:inbox"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Aylin Demir" in html
    assert reverse("network:inbox_detail", args=[referral.pk]) in html
    assert world.org_a.name in html
    assert "02.03.2026" in html  # sent
    assert "overdue" in html  # due 16.03.2026, long past
    assert "0176 555 01" not in html  # the contact is for the packet page


def test_the_inbox_filters_by_state_and_purpose_and_orders_by_urgency(
    world, sender, recipient, case, login
):
    waiting = sent_referral(sender, case, world.org_b)
    later = sent_referral(sender, case, world.org_b, purpose="debt_counselling")
    later.answer_due = FAR
    later.save(update_fields=["answer_due"])
    client = login(recipient)
    html = client.get(reverse("network:inbox")).content.decode()
    first, second = (
        html.index(reverse("network:inbox_detail", args=[pk])) for pk in (waiting.pk, later.pk)
    )
    assert first < second  # the overdue one first
    accepted = sent_referral(sender, case, world.org_b, purpose="health")
    client.post(_answer_url(accepted, "accept"), {"expected_version": accepted.version})
    html = client.get(reverse("network:inbox"), {"state": "accepted"}).content.decode()
    assert reverse("network:inbox_detail", args=[accepted.pk]) in html
    assert reverse("network:inbox_detail", args=[waiting.pk]) not in html
    html = client.get(reverse("network:inbox"), {"purpose": "debt_counselling"}).content.decode()
    assert reverse("network:inbox_detail", args=[later.pk]) in html
    assert reverse("network:inbox_detail", args=[waiting.pk]) not in html
    html = client.get(reverse("network:inbox"), {"purpose": "housing"}).content.decode()
    assert "No open referral matches" in html


def test_the_inbox_paginates(world, sender, recipient, case, login):
    for _ in range(26):
        sent_referral(sender, case, world.org_b)
    client = login(recipient)
    assert "Page 1 of 2" in client.get(reverse("network:inbox")).content.decode()
    assert client.get(reverse("network:inbox"), {"page": 2}).context["page"].number == 2


def test_an_empty_inbox_says_what_happens(world, recipient, login):
    html = login(recipient).get(reverse("network:inbox")).content.decode()
    assert "No open referrals to your organisation" in html


def test_the_inbox_shows_no_referral_to_another_organisation(world, sender, recipient, case, login):
    other = OrganisationFactory()
    foreign = sent_referral(sender, case, other)
    html = login(recipient).get(reverse("network:inbox")).content.decode()
    assert reverse("network:inbox_detail", args=[foreign.pk]) not in html


def test_staff_without_a_recipient_role_get_no_inbox(world, login):
    evaluator = world.member(Role.EVALUATOR, world.org_b)
    assert login(evaluator).get(reverse("network:inbox")).status_code == 403


# The packet page ------------------------------------------------------------------------


def test_the_recipient_sees_the_packet_and_only_it(world, sender, recipient, private_case, login):
    case = private_case
    referral = sent_referral(sender, case, world.org_b, fields=("name", "reason"))
    other_referral = sent_referral(
        sender, case, world.org_b, purpose="debt_counselling", reason="Schulden beim Vermieter."
    )
    referral_to_c = sent_referral(sender, case, world.org_c, reason="Wohnung gekündigt.")
    page = login(recipient).get(reverse("network:inbox_detail", args=[referral.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    # The packet, labelled.
    assert "Aylin Demir" in html
    assert "Needs a B1 course with childcare." in html
    assert "Reason for the referral" in html
    assert world.org_a.name in html
    # Nothing of the case that was not shared.
    for private in (
        "23.11.1987",
        "1987-11-23",
        "0176 555 01",  # contact not shared
        "aylin.privat@example.org",
        "Knee surgery planned",
        "Turkish",
        "divorce papers",
        "Schulden beim Vermieter.",  # another referral of the same case
        "Wohnung gekündigt.",
        reverse("cases:case_detail", args=[case.pk]),
        reverse("network:inbox_detail", args=[other_referral.pk]),
        reverse("network:inbox_detail", args=[referral_to_c.pk]),
    ):
        assert private not in html, private
    # Its answers fit the state: accept or decline.
    assert _answer_url(referral, "accept") in html
    assert _answer_url(referral, "decline") in html
    assert _answer_url(referral, "complete") not in html


def test_the_packet_shows_the_fields_shared_at_sending(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b, fields=("name", "contact", "birth_date"))
    case.participant.phone = "0999 changed"
    case.participant.save()
    html = login(recipient).get(reverse("network:inbox_detail", args=[referral.pk])).content
    html = html.decode()
    assert "0176 555 01" in html  # frozen at sending
    assert "0999 changed" not in html
    assert case.participant.birth_date.strftime("%d.%m.%Y") in html
    assert "Date of birth" in html


def test_the_history_shows_the_changes_of_state(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    _post(client, referral, "accept", note="First appointment on Monday.")
    html = client.get(reverse("network:inbox_detail", args=[referral.pk])).content.decode()
    assert "sent, waiting for an answer" in html
    assert "First appointment on Monday." in html
    assert _answer_url(referral, "complete") in html
    assert _answer_url(referral, "accept") not in html


def test_every_view_of_the_packet_is_logged(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    url = reverse("network:inbox_detail", args=[referral.pk])
    client.get(url)
    client.get(url)
    entries = AccessLogEntry.objects.filter(
        record_type="network.referral", record_id=referral.pk, detail="referral packet"
    )
    assert entries.count() == 2
    assert {entry.user for entry in entries} == {recipient}
    assert {entry.action for entry in entries} == {"view"}


def test_the_partners_user_sees_nothing_else_of_the_case(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    other_org = sent_referral(sender, case, world.org_c)
    draft_to_b = sent_referral(sender, case, world.org_b, purpose="health")
    draft_to_b.state = ReferralState.DECLINED
    draft_to_b.decline_reason = "no_capacity"
    draft_to_b.save()
    partner_staff = world.member(Role.PARTNER_STAFF, world.org_b)
    document = case.documents.create(
        title="CV", file="cv.pdf", original_name="cv.pdf", content_type="application/pdf", size=3
    )
    for user in (recipient, partner_staff):
        client = login(user)
        assert client.get(reverse("network:inbox_detail", args=[referral.pk])).status_code == 200
        for url in (
            reverse("cases:case_detail", args=[case.pk]),
            reverse("cases:document_list", args=[case.pk]),
            reverse("cases:document_download", args=[case.pk, document.pk]),
            reverse("participants:participant_edit", args=[case.participant.pk]),
            reverse("network:inbox_detail", args=[other_org.pk]),
            reverse("network:inbox_detail", args=[draft_to_b.pk]),
            _answer_url(other_org, "accept"),
            _answer_url(draft_to_b, "accept"),
        ):
            assert client.get(url).status_code == 404, (user, url)


def test_partner_staff_get_no_case_work(world, login):
    partner_staff = world.member(Role.PARTNER_STAFF, world.org_b)
    client = login(partner_staff)
    assert client.get(reverse("cases:case_list")).status_code == 403
    page = client.get(reverse("core:home"))
    assert page.status_code == 200
    labels = [str(label) for _url, label, _key in page.context["nav_items"]]
    assert labels == ["Start", "Referrals", "Projects", "Districts"]
    assert "Referrals to your organisation" in page.content.decode()


def test_after_the_withdrawal_the_packet_is_gone_and_no_answer_counts(
    world, sender, recipient, case, login
):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    url = reverse("network:inbox_detail", args=[referral.pk])
    assert client.get(url).status_code == 200
    consent_services.consent_withdraw(
        actor=sender, consent=referral.consent, withdrawn_on=timezone.localdate()
    )
    assert client.get(url).status_code == 404
    events = referral.events.count()
    response = _post(client, referral, "accept")
    assert response.status_code == 404
    referral.refresh_from_db()
    assert referral.state == ReferralState.ENDED
    assert referral.events.count() == events
    assert reverse("network:inbox_detail", args=[referral.pk]) not in (
        client.get(reverse("network:inbox")).content.decode()
    )


def test_an_expired_consent_closes_the_packet(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b, valid_until=date(2026, 6, 30))
    assert referral.state == ReferralState.SENT
    response = login(recipient).get(reverse("network:inbox_detail", args=[referral.pk]))
    assert response.status_code == 404


def test_an_expired_referral_is_gone(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    referral.state = ReferralState.EXPIRED
    referral.save(update_fields=["state"])
    client = login(recipient)
    assert client.get(reverse("network:inbox_detail", args=[referral.pk])).status_code == 404
    assert client.get(_answer_url(referral, "accept")).status_code == 404


# Answers by the recipient -----------------------------------------------------------------


def test_accepting_leads_back_to_the_inbox(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    form = client.get(_answer_url(referral, "accept"))
    assert form.status_code == 200
    assert f'value="{referral.version}"' in form.content.decode()
    response = _post(client, referral, "accept", note="Course starts 4 May.")
    assert response.status_code == 302
    assert response["Location"] == reverse("network:inbox")
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    event = referral.events.get(to_state="accepted")
    assert event.actor == recipient
    assert event.note == "Course starts 4 May."
    assert event.recorded_by_sender is False


def test_a_double_accept_is_refused_with_a_message_and_one_event(
    world, sender, recipient, case, login
):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    _post(client, referral, "accept")
    response = _post(client, referral, "accept", note="second click")
    assert response.status_code == 302
    assert response["Location"] == reverse("network:inbox_detail", args=[referral.pk])
    page = client.get(response["Location"])
    assert "This referral is accepted: it cannot be answered this way now." in (
        page.content.decode()
    )
    assert referral.events.filter(to_state="accepted").count() == 1
    assert not referral.events.filter(note="second click").exists()


def test_a_stale_answer_is_refused_and_nothing_changes(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    response = client.post(
        _answer_url(referral, "decline"),
        {"expected_version": referral.version - 1, "decline_reason": "no_capacity"},
    )
    assert response.status_code == 200
    assert "Someone else changed this referral" in response.content.decode()
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    assert not referral.events.filter(to_state="declined").exists()


def test_declining_with_other_needs_a_text(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    response = _post(client, referral, "decline", decline_reason="other", note=" ")
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["Describe the reason in a sentence."]
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    response = _post(client, referral, "decline", decline_reason="other", note="Moved away.")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED
    assert referral.decline_reason == "other"
    assert referral.answer_note == "Moved away."
    # Declined: closed, so the packet is gone.
    assert client.get(reverse("network:inbox_detail", args=[referral.pk])).status_code == 404


def test_completing_and_not_completing_record_the_outcome(world, sender, recipient, case, login):
    done = sent_referral(sender, case, world.org_b)
    stopped = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    for referral in (done, stopped):
        _post(client, referral, "accept")
        referral.refresh_from_db()
    assert _post(client, done, "complete", outcome="achieved", note="B1 passed.").status_code == 302
    response = _post(client, stopped, "not-completed", not_completed_reason="did_not_come")
    assert response.status_code == 302
    done.refresh_from_db()
    stopped.refresh_from_db()
    assert (done.state, done.outcome, done.answer_note) == ("completed", "achieved", "B1 passed.")
    assert (stopped.state, stopped.not_completed_reason) == ("not_completed", "did_not_come")


def test_an_answer_that_does_not_fit_the_state_is_not_offered(
    world, sender, recipient, case, login
):
    referral = sent_referral(sender, case, world.org_b)
    client = login(recipient)
    response = client.get(_answer_url(referral, "complete"))
    assert response.status_code == 302
    assert response["Location"] == reverse("network:inbox_detail", args=[referral.pk])
    response = _post(client, referral, "complete", outcome="achieved")
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT


def test_an_unknown_action_is_not_found(world, sender, recipient, case, login):
    referral = sent_referral(sender, case, world.org_b)
    assert login(recipient).get(_answer_url(referral, "cancel")).status_code == 404


def test_the_sender_cannot_answer_for_a_partner_that_uses_quartier(
    world, sender, recipient, case, login
):
    referral = sent_referral(sender, case, world.org_b)
    assert referral.by_letter is False
    client = login(sender)
    assert client.get(_answer_url(referral, "accept")).status_code == 404
    assert _post(client, referral, "accept").status_code == 404
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT


# Answers recorded by the sender ---------------------------------------------------------


def test_the_sender_records_a_letter_partners_answer(world, sender, case, outside_partner, login):
    referral = sent_referral(sender, case, outside_partner.partner_organisation)
    assert referral.by_letter is True
    client = login(sender)
    page = client.get(_answer_url(referral, "accept"))
    assert page.status_code == 200
    assert "got the referral by letter" in page.content.decode()
    response = _post(client, referral, "accept", note="Phoned: accepted.")
    assert response.status_code == 302
    assert response["Location"] == f"/ueberleitungen/{referral.pk}/"
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    event = referral.events.get(to_state="accepted")
    assert event.recorded_by_sender is True
    assert event.organisation_id == outside_partner.partner_organisation_id
    # The sender's access is not logged as the recipient's packet view.
    assert not AccessLogEntry.objects.filter(
        record_id=referral.pk, user=sender, action="view"
    ).exists()


def test_the_project_answers_an_incoming_assignment(world, sender, case, login):
    jobcenter = OrganisationFactory(name="Jobcenter Herne")
    incoming = assignment(sender, case, jobcenter)
    client = login(sender)
    page = client.get(_answer_url(incoming, "decline"))
    assert page.status_code == 200
    assert "JC-2026-0042" in page.content.decode()
    response = _post(
        client, incoming, "decline", decline_reason="not_eligible", note="Over the age limit."
    )
    assert response.status_code == 302
    assert response["Location"] == f"/ueberleitungen/{incoming.pk}/"
    incoming.refresh_from_db()
    assert incoming.state == ReferralState.DECLINED
    assert incoming.decline_reason == "not_eligible"
    # It is no referral to the project's inbox: incoming assignments stay on the case.
    html = client.get(reverse("network:inbox")).content.decode()
    assert reverse("network:inbox_detail", args=[incoming.pk]) not in html


def test_staff_of_another_organisation_cannot_answer_an_assignment(world, sender, case, login):
    incoming = assignment(sender, case, OrganisationFactory())
    other = world.member(Role.CASE_WORKER, world.org_b)
    assert login(other).get(_answer_url(incoming, "accept")).status_code == 404


# The start page ---------------------------------------------------------------------------


def test_the_start_page_lists_the_referrals_waiting_overdue_first(
    world, sender, recipient, case, login
):
    overdue = sent_referral(sender, case, world.org_b)
    later = sent_referral(sender, case, world.org_b, purpose="debt_counselling")
    later.answer_due = FAR
    later.save(update_fields=["answer_due"])
    html = login(recipient).get(reverse("core:home")).content.decode()
    assert "Referrals waiting for your answer" in html
    assert html.index(reverse("network:inbox_detail", args=[overdue.pk])) < html.index(
        reverse("network:inbox_detail", args=[later.pk])
    )
    assert "1 overdue" in html
    assert reverse("network:inbox") in html


def test_the_start_page_of_partner_staff(world, sender, case, login):
    referral = sent_referral(sender, case, world.org_b)
    partner_staff = world.member(Role.PARTNER_STAFF, world.org_b)
    page = login(partner_staff).get(reverse("core:home"))
    assert page.context["is_partner_staff"] is True
    html = page.content.decode()
    assert "Referrals to your organisation" in html
    assert reverse("network:inbox_detail", args=[referral.pk]) in html
    assert "My day" not in html


def test_two_colleagues_answering_at_once_change_it_once(
    world, sender, recipient, case, login, monkeypatch
):
    """The second answer was loaded before the first was saved: the service refuses it
    under the row lock, with a message, and nothing changes."""
    from quartier.network.views import inbox as views

    referral = sent_referral(sender, case, world.org_b)
    loaded = views.referral_for_recipient(recipient, referral.pk)  # still "sent"
    colleague = world.member(Role.CASE_WORKER, world.org_b)
    _post(login(colleague), referral, "decline", decline_reason="no_capacity")
    monkeypatch.setattr(views, "referral_for_recipient", lambda user, pk: loaded)
    client = login(recipient)
    response = _post(client, referral, "accept")
    assert response.status_code == 302
    assert response["Location"] == reverse("network:inbox")  # declined: no packet any more
    page = client.get(response["Location"])
    assert "This referral is declined: it can no longer be answered this way." in (
        page.content.decode()
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.DECLINED
    assert not referral.events.filter(to_state="accepted").exists()
