"""The sender's pages of referrals: the draft from the case, sending with (or, for the
project lead, without) consent, cancelling, the letter, assignments, the list, and the
case page's panel."""

import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from quartier.core.models import Organisation, Role
from quartier.network.models import Direction, Referral, ReferralState
from quartier.network.services import referrals as services
from quartier.privacy.models import AccessLogEntry
from tests.factories import CaseFactory, OrganisationFactory
from tests.network.factories import (
    PartnerFactory,
    ReferralFactory,
    feedback_consent,
    sharing_consent,
)
from tests.network.factories_referrals import draft_of, sent_referral

pytestmark = pytest.mark.usefixtures("english_pages")


def _detail(referral):
    return reverse("network:referral_detail", args=[referral.pk])


# --- Creating a draft ------------------------------------------------------------------


def test_the_form_offers_the_consortium_and_the_active_partners(
    world, sender, case, outside_partner, login
):
    inactive = PartnerFactory(
        project=world.project,
        organisation=world.org_a,
        partner_organisation=OrganisationFactory(name="Dormant e.V."),
        is_active=False,
    )
    response = login(sender).get(reverse("network:referral_create", args=[case.pk]))
    assert response.status_code == 200
    recipients = set(response.context["form"].fields["recipient"].queryset)
    assert recipients == {world.org_b, outside_partner.partner_organisation}
    assert inactive.partner_organisation not in recipients
    text = response.text
    # The data to share: name and reason always (ticked, fixed), contact ticked.
    assert 'value="name" id="id_shared_fields_0" checked disabled' in text
    assert 'value="birth_date" id="id_shared_fields_3">' in text
    assert response.context["form"].initial["shared_fields"] == ["name", "contact", "reason"]


def test_a_chosen_purpose_offers_only_the_data_it_allows(world, sender, case, login):
    url = reverse("network:referral_create", args=[case.pk])
    form = login(sender).get(url, {"purpose": "addiction_counselling"}).context["form"]
    offered = [value for value, _label in form.fields["shared_fields"].choices]
    assert offered == ["name", "contact", "reason", "birth_date"]
    assert form.initial["purpose"] == "addiction_counselling"


def test_sender_saves_a_draft_and_sees_it(world, sender, case, login):
    client = login(sender)
    response = client.post(
        reverse("network:referral_create", args=[case.pk]),
        {
            "recipient": world.org_b.pk,
            "purpose": "language_course",
            "reason": "Needs a B1 course with childcare.",
            "shared_fields": ["contact", "birth_date"],
        },
    )
    referral = Referral.objects.get(case=case)
    assert response.status_code == 302
    assert response["Location"] == _detail(referral)
    assert referral.state == ReferralState.DRAFT
    assert referral.shared_fields == ["name", "contact", "reason", "birth_date"]
    assert referral.shared_data == {}
    page = client.get(_detail(referral)).text
    assert "draft" in page
    assert reverse("network:referral_send", args=[referral.pk]) in page


def test_a_field_the_purpose_does_not_allow_is_refused_at_the_field(world, sender, case, login):
    response = login(sender).post(
        reverse("network:referral_create", args=[case.pk]),
        {
            "recipient": world.org_b.pk,
            "purpose": "addiction_counselling",
            "reason": "Wants help.",
            "shared_fields": ["education"],
        },
    )
    assert response.status_code == 200
    assert "Not shared for this purpose" in response.text
    assert not Referral.objects.exists()


def test_the_own_organisation_cannot_be_chosen(world, sender, case, login):
    response = login(sender).post(
        reverse("network:referral_create", args=[case.pk]),
        {"recipient": world.org_a.pk, "purpose": "language_course", "reason": "x"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["recipient"]
    assert not Referral.objects.exists()


def test_another_organisations_case_is_not_found(world, sender, login):
    foreign = CaseFactory(participant__project=world.project, participant__organisation=world.org_b)
    client = login(sender)
    assert client.get(reverse("network:referral_create", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("network:assignment_create", args=[foreign.pk])).status_code == 404


# --- Sending -------------------------------------------------------------------------


def test_sending_with_consent_freezes_the_packet(world, sender, recipient, case, login):
    sharing_consent(case, world.org_b)
    referral = draft_of(case, world.org_b, sender)
    client = login(sender)
    url = reverse("network:referral_send", args=[referral.pk])
    page = client.get(url).text
    assert "given on 01.03.2025" in page
    response = client.post(url, {"expected_version": referral.version})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    assert referral.by_letter is False
    detail = client.get(_detail(referral)).text
    assert "Aylin Demir" in detail
    assert "0176 555 01" in detail
    assert referral.answer_due.strftime("%d.%m.%Y") in detail
    # A partner in Quartier answers itself: no letter, no buttons to record its answer.
    assert reverse("network:referral_letter", args=[referral.pk]) not in detail
    assert "/antwort/" not in detail


def test_sending_without_consent_says_so_and_links_to_the_consent(world, sender, case, login):
    referral = draft_of(case, world.org_b, sender)
    client = login(sender)
    url = reverse("network:referral_send", args=[referral.pk])
    page = client.get(url)
    consent_url = reverse("participants:consent_create", args=[case.participant_id])
    link = f"{consent_url}?partner={world.org_b.pk}&amp;referral_purpose=language_course"
    assert link in page.text
    assert "has no valid consent to share data" in page.text
    # A case worker may not send without consent: no override field, no send button.
    assert "override_justification" not in page.text
    response = client.post(url, {"expected_version": referral.version})
    assert response.status_code == 200
    assert "has no valid consent to share data" in response.text
    assert link in response.text
    referral.refresh_from_db()
    assert referral.state == ReferralState.DRAFT
    assert referral.shared_data == {}


def test_a_case_worker_cannot_override_the_consent(world, sender, case, login):
    referral = draft_of(case, world.org_b, sender)
    login(sender).post(
        reverse("network:referral_send", args=[referral.pk]),
        {
            "expected_version": referral.version,
            "override_justification": "Urgent: the course starts tomorrow morning.",
        },
    )
    referral.refresh_from_db()
    assert referral.state == ReferralState.DRAFT


def test_the_project_lead_sends_without_consent_with_a_justification(world, sender, case, login):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    referral = draft_of(case, world.org_b, sender)
    client = login(lead)
    url = reverse("network:referral_send", args=[referral.pk])
    page = client.get(url).text
    assert "Justification for sending without consent" in page
    short = client.post(
        url, {"expected_version": referral.version, "override_justification": "now"}
    )
    assert short.status_code == 200
    assert "at least 20 characters" in short.text
    referral.refresh_from_db()
    assert referral.state == ReferralState.DRAFT
    justification = "Housing emergency, the participant agreed by phone."
    response = client.post(
        url, {"expected_version": referral.version, "override_justification": justification}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    event = referral.events.get(to_state=ReferralState.SENT)
    assert event.reason == "override"
    assert justification in event.note
    assert justification in client.get(_detail(referral)).text


def test_a_double_submit_sends_once(world, sender, recipient, case, login):
    sharing_consent(case, world.org_b)
    referral = draft_of(case, world.org_b, sender)
    client = login(sender)
    url = reverse("network:referral_send", args=[referral.pk])
    data = {"expected_version": referral.version}
    client.post(url, data)
    referral.refresh_from_db()
    before = (referral.version, referral.sent_at, referral.events.count())
    response = client.post(url, data, follow=True)
    assert "This referral has already been sent." in response.text
    referral.refresh_from_db()
    assert (referral.version, referral.sent_at, referral.events.count()) == before


# --- The page of one referral ----------------------------------------------------------


def test_another_organisations_referral_is_not_found(world, sender, login):
    foreign_case = CaseFactory(
        participant__project=world.project, participant__organisation=world.org_b
    )
    referral = ReferralFactory(case=foreign_case, recipient=world.org_a)
    client = login(sender)
    for name in (
        "network:referral_detail",
        "network:referral_send",
        "network:referral_cancel",
        "network:referral_letter",
    ):
        assert client.get(reverse(name, args=[referral.pk])).status_code == 404, name


def test_the_network_coach_does_not_open_the_referral(world, sender, case, login):
    coach = world.member(Role.NETWORK_COACH, world.org_a)
    referral = sent_referral(case, world.org_b, sender)
    assert login(coach).get(_detail(referral)).status_code == 404


def test_the_partners_feedback_needs_the_feedback_consent(world, sender, recipient, case, login):
    referral = sent_referral(case, world.org_b, sender)
    services.referral_accept(actor=recipient, referral=referral)
    services.referral_complete(
        actor=recipient, referral=referral, outcome="achieved", note="Started the B1 course."
    )
    page = login(sender).get(_detail(referral)).text
    assert "completed" in page
    assert "Started the B1 course." not in page
    assert "achieved what it was for" not in page
    assert "needs a feedback consent" in page or "feedback from a partner" in page


def test_the_partners_feedback_shows_with_the_consent(world, sender, recipient, case, login):
    feedback_consent(case, world.org_b)
    referral = sent_referral(case, world.org_b, sender)
    services.referral_accept(actor=recipient, referral=referral)
    services.referral_complete(
        actor=recipient, referral=referral, outcome="achieved", note="Started the B1 course."
    )
    page = login(sender).get(_detail(referral)).text
    assert "Started the B1 course." in page
    assert "achieved what it was for" in page
    # The history: who, from which state to which.
    assert "sent, waiting for an answer → accepted" in page


def test_a_letter_referral_offers_the_letter_and_the_answers(
    world, sender, case, outside_partner, login
):
    referral = sent_referral(case, outside_partner.partner_organisation, sender)
    assert referral.by_letter
    page = login(sender).get(_detail(referral)).text
    assert reverse("network:referral_letter", args=[referral.pk]) in page
    assert f"/ueberleitungen/{referral.pk}/antwort/accept/" in page
    assert f"/ueberleitungen/{referral.pk}/antwort/decline/" in page
    assert "/antwort/complete/" not in page


# --- Cancelling ------------------------------------------------------------------------


def test_cancelling_asks_first(world, sender, recipient, case, login):
    referral = sent_referral(case, world.org_b, sender)
    client = login(sender)
    url = reverse("network:referral_cancel", args=[referral.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "can no longer see the shared data" in page.text
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    response = client.post(url, {"expected_version": referral.version, "note": "Found a course."})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.CANCELLED
    assert referral.events.get(to_state=ReferralState.CANCELLED).note == "Found a course."
    # Once closed, the page sends back with the reason instead of asking.
    again = client.get(url, follow=True)
    assert "it can no longer be cancelled" in again.text


def test_a_stale_cancel_is_refused(world, sender, recipient, case, login):
    referral = sent_referral(case, world.org_b, sender)
    response = login(sender).post(
        reverse("network:referral_cancel", args=[referral.pk]),
        {"expected_version": referral.version - 1},
    )
    assert response.status_code == 200
    assert "Someone else changed this referral" in response.text
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT


# --- The letter -------------------------------------------------------------------------


def test_the_letter_holds_the_packet_and_the_reply_form(
    world, sender, case, outside_partner, login
):
    partner = outside_partner.partner_organisation
    referral = sent_referral(
        case, partner, sender, fields=["name", "reason"], reason="Needs a B1 course soon."
    )
    response = login(sender).get(reverse("network:referral_letter", args=[referral.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert partner.name in text
    assert world.org_a.name in text
    assert "Aylin Demir" in text
    assert "Needs a B1 course soon." in text
    assert referral.answer_due.strftime("%d.%m.%Y") in text
    for word in ("Angenommen", "Abgelehnt", "Abgeschlossen", "Unterschrift"):
        assert word in text
    # Only the packet: the contact was not shared.
    assert "0176 555 01" not in text
    entry = AccessLogEntry.objects.get(
        record_type="network.referral", record_id=referral.pk, action="print"
    )
    assert entry.user == sender


def test_a_draft_has_no_letter(world, sender, case, login):
    referral = draft_of(case, world.org_b, sender)
    response = login(sender).get(reverse("network:referral_letter", args=[referral.pk]))
    assert response.status_code == 302
    assert not AccessLogEntry.objects.filter(action="print").exists()


# --- Assignments ----------------------------------------------------------------------


def test_an_assignment_is_recorded(world, sender, case, login):
    jobcenter = OrganisationFactory(name="Jobcenter Nord", kind=Organisation.Kind.JOBCENTER)
    client = login(sender)
    url = reverse("network:assignment_create", args=[case.pk])
    form = client.get(url).context["form"]
    assert jobcenter in form.fields["sender"].queryset
    assert form.fields["purpose"].initial == "work_opportunity"
    response = client.post(
        url,
        {
            "sender": jobcenter.pk,
            "purpose": "work_opportunity",
            "reason": "AGH in the district garden.",
            "external_reference": "JC-2026-17",
            "received_on": "2026-03-02",
            "external_contact": "Frau Peters, 0341 1234",
        },
    )
    referral = Referral.objects.get(case=case)
    assert response.status_code == 302
    assert referral.direction == Direction.INCOMING
    assert referral.state == ReferralState.SENT
    page = client.get(_detail(referral)).text
    assert "JC-2026-17" in page
    assert f"/ueberleitungen/{referral.pk}/antwort/accept/" in page


def test_an_assignment_from_the_future_is_refused_at_the_field(world, sender, case, login):
    jobcenter = OrganisationFactory(kind=Organisation.Kind.JOBCENTER)
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = login(sender).post(
        reverse("network:assignment_create", args=[case.pk]),
        {
            "sender": jobcenter.pk,
            "purpose": "work_opportunity",
            "reason": "AGH.",
            "received_on": tomorrow.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [
        "The day it came in cannot be in the future."
    ]
    assert 'value="AGH."' in response.text or "AGH.</textarea>" in response.text
    assert not Referral.objects.exists()


def test_an_assignment_needs_its_fields(world, sender, case, login):
    response = login(sender).post(reverse("network:assignment_create", args=[case.pk]), {})
    errors = response.context["form"].errors
    assert {"sender", "reason", "received_on"} <= set(errors)


# --- The list --------------------------------------------------------------------------


def test_the_list_is_empty_with_a_hint(world, sender, login):
    page = login(sender).get(reverse("network:referral_list")).text
    assert "No referrals yet." in page


def test_the_list_pages_searches_and_filters(world, sender, case, login):
    other = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__last_name="Kowalski",
    )
    for _ in range(26):
        ReferralFactory(case=case, recipient=world.org_b)
    ReferralFactory(case=other, recipient=world.org_b, purpose="housing")
    client = login(sender)
    url = reverse("network:referral_list")
    first = client.get(url)
    assert first.context["page"].paginator.count == 27
    assert len(first.context["page"].object_list) == 25
    assert client.get(url, {"page": 2}).context["page"].object_list.__len__() == 2
    found = client.get(url, {"q": "kowal"})
    assert [r.case for r in found.context["page"].object_list] == [other]
    housing = client.get(url, {"purpose": "housing"}).context["page"].object_list
    assert [r.purpose for r in housing] == ["housing"]
    nothing = client.get(url, {"state": "completed"}).text
    assert "No referral matches." in nothing
    # The case page's link: the case's referrals, drafts included.
    assert client.get(url, {"fall": other.pk}).context["page"].paginator.count == 1


def test_the_list_shows_no_one_elses_referrals(world, sender, login):
    foreign = CaseFactory(participant__project=world.project, participant__organisation=world.org_b)
    ReferralFactory(case=foreign, recipient=world.org_a)
    page = login(sender).get(reverse("network:referral_list"))
    assert page.context["page"].paginator.count == 0


def test_the_network_coach_sees_the_network_without_names(world, sender, case, login):
    coach = world.member(Role.NETWORK_COACH, world.org_a)
    referral = sent_referral(case, world.org_b, sender)
    draft_of(case, world.org_b, sender, purpose="housing")
    response = login(coach).get(reverse("network:referral_list"))
    assert response.status_code == 200
    assert response.context["network_view"]
    assert list(response.context["page"].object_list) == [referral]
    assert "Demir" not in response.text
    assert "Aylin" not in response.text
    assert _detail(referral) not in response.text
    assert world.org_b.name in response.text
    assert 'name="q"' not in response.text


def test_the_lead_switches_to_the_network_view(world, sender, case, login):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    sent_referral(case, world.org_b, sender)
    client = login(lead)
    assert "Demir" in client.get(reverse("network:referral_list")).text
    network = client.get(reverse("network:referral_list"), {"ansicht": "netzwerk"})
    assert network.context["network_view"]
    assert "Demir" not in network.text


def test_the_list_is_refused_to_roles_without_referrals(world, login):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    assert login(evaluator).get(reverse("network:referral_list")).status_code == 403


# --- The case page -----------------------------------------------------------------------


def test_the_case_page_shows_the_referrals_and_the_buttons(world, sender, recipient, case, login):
    referral = sent_referral(case, world.org_b, sender)
    services.referral_accept(actor=recipient, referral=referral)
    draft_of(case, world.org_b, sender, purpose="housing")
    page = login(sender).get(reverse("cases:case_detail", args=[case.pk])).text
    panel = page[page.index('id="referrals-heading"') :]
    panel = panel[: panel.index("</section>")]
    assert panel.count(_detail(referral)) == 1
    assert "accepted" in panel
    assert reverse("network:referral_create", args=[case.pk]) in panel
    assert reverse("network:assignment_create", args=[case.pk]) in panel


def test_the_case_page_asks_no_more_queries_for_referrals(world, sender, recipient, case, login):
    client = login(sender)
    url = reverse("cases:case_detail", args=[case.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for purpose in ("language_course", "housing", "health"):
        referral = sent_referral(case, world.org_b, sender, purpose=purpose)
        services.referral_accept(actor=recipient, referral=referral)
    with CaptureQueriesContext(connection) as many:
        assert "accepted" in client.get(url).text
    assert len(many) == len(few)


@pytest.mark.parametrize("role", list(Role.values))
def test_the_panels_buttons_follow_the_case_pages_permission(world, case, role):
    """The panel shows its buttons to whoever sees the case page: `network.refer_case`
    must stay the same rule as `cases.view_case`."""
    user = world.member(role, world.org_a)
    assert user.has_perm("network.refer_case", case) == user.has_perm("cases.view_case", case)


def test_a_closed_case_offers_no_referral(world, sender, case, login):
    case.exit_date = date(2026, 1, 15)
    case.exit_reason = "other"
    case.save()
    page = login(sender).get(reverse("cases:case_detail", args=[case.pk])).text
    assert reverse("network:referral_create", args=[case.pk]) not in page
