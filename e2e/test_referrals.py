"""The network in the browser (issue 14):

- a case worker of one consortium organisation refers a participant, with consent, to
  another organisation; that organisation's case worker accepts and completes it with
  feedback; the sender sees the loop closed in the case timeline;
- withdrawing the consent while a second referral is open ends the partner's access at
  once: the partner's next click is a 404;
- the network coach records a Beirat session with a decision whose task reaches the
  assignee's start page.
"""

from datetime import date

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from quartier.core.models import Role
from quartier.network.models import Meeting, MeetingOutcome, Referral, ReferralState
from quartier.network.services import referrals as services
from tests.factories import (
    CaseFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
)
from tests.network.factories import feedback_consent, sharing_consent

from .test_login_and_shell import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery-9"


@pytest.fixture
def consortium():
    """Aktiv für Arbeit: Caritas (lead) and Diakonie in one project; a case worker of
    each (demo users: no second factor), a network coach, Caritas's participant."""
    caritas = OrganisationFactory(name="Caritas Duisburg")
    diakonie = OrganisationFactory(name="Diakonie Duisburg")
    project = ProjectFactory(name="Aktiv für Arbeit Test", lead=caritas)
    project.consortium.create(organisation=diakonie)

    def member(role, organisation):
        membership = MembershipFactory(
            project=project, organisation=organisation, role=role, user__is_demo=True
        )
        return membership.user

    case = CaseFactory(
        participant__project=project,
        participant__organisation=caritas,
        participant__first_name="Aylin",
        participant__last_name="Demir",
        participant__phone="0176 5550199",
        participant__birth_date=date(1991, 4, 7),
        entry_date=date(2026, 1, 12),
    )
    return {
        "project": project,
        "caritas": caritas,
        "diakonie": diakonie,
        "sender": member(Role.CASE_WORKER, caritas),
        "recipient": member(Role.CASE_WORKER, diakonie),
        "coach": member(Role.NETWORK_COACH, caritas),
        "case": case,
    }


def _second_page(browser, page):
    context = browser.new_context(locale="de-DE", viewport={"width": 820, "height": 1180})
    other = context.new_page()
    other.set_default_timeout(15000)
    other.base = page.base
    return other


def _submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()


def test_a_referral_goes_out_with_consent_and_the_loop_closes(page, browser, consortium):
    case, diakonie = consortium["case"], consortium["diakonie"]
    sharing_consent(case, diakonie, "language_course", given_on=date(2026, 1, 12))
    feedback_consent(case, diakonie, given_on=date(2026, 1, 12))

    # The sender refers from the case page, sharing the name and the reason only.
    log_in(page, consortium["sender"].email, PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + f"/faelle/{case.pk}/")
    page.locator(f"a[href='/faelle/{case.pk}/ueberleitungen/neu/']").click()
    page.wait_for_url(f"**/faelle/{case.pk}/ueberleitungen/neu/**")
    page.select_option("#id_recipient", str(diakonie.pk))
    page.select_option("#id_purpose", "language_course")
    page.fill("#id_reason", "Braucht einen B1-Kurs mit Kinderbetreuung.")
    contact = page.locator("input[name=shared_fields][value=contact]")
    if contact.is_checked():
        contact.uncheck()
    _submit(page)
    page.wait_for_url("**/ueberleitungen/*/")
    referral = Referral.objects.get(case=case)
    assert referral.state == ReferralState.DRAFT
    page.locator(f"a[href='/ueberleitungen/{referral.pk}/senden/']").click()
    _submit(page)
    page.wait_for_url(f"**/ueberleitungen/{referral.pk}/")
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT
    assert referral.by_letter is False

    # Diakonie's case worker finds it on her start page and opens the packet.
    partner = _second_page(browser, page)
    log_in(partner, consortium["recipient"].email, PASSWORD)
    partner.wait_for_url(partner.base + "/")
    link = partner.locator(f"a[href='/ueberleitungen/eingang/{referral.pk}/']").first
    expect(link).to_be_visible()
    link.click()
    main = partner.locator("main")
    expect(main).to_contain_text("Aylin Demir")
    expect(main).to_contain_text("B1-Kurs")
    assert "0176" not in main.inner_text()  # contact not shared
    assert "07.04.1991" not in main.inner_text()

    # She accepts, then completes it with feedback.
    partner.locator(f"a[href='/ueberleitungen/{referral.pk}/antwort/accept/']").click()
    _submit(partner)
    partner.wait_for_url("**/ueberleitungen/eingang/**")
    partner.goto(partner.base + f"/ueberleitungen/eingang/{referral.pk}/")
    partner.locator(f"a[href='/ueberleitungen/{referral.pk}/antwort/complete/']").click()
    partner.select_option("#id_outcome", "achieved")
    partner.fill("#id_note", "Startet den B1-Kurs am Montag.")
    _submit(partner)
    partner.wait_for_url("**/ueberleitungen/eingang/**")
    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED

    # The loop is closed: the packet is gone for the partner ...
    response = partner.goto(partner.base + f"/ueberleitungen/eingang/{referral.pk}/")
    assert response.status == 404
    partner.context.close()

    # ... and the sender sees it in the case timeline, with the partner's feedback.
    page.goto(page.base + f"/faelle/{case.pk}/")
    with translation.override("de"):
        completed = str(ReferralState.COMPLETED.label)
    timeline = page.locator("main")
    expect(timeline).to_contain_text(completed)
    page.locator(f"a[href='/ueberleitungen/{referral.pk}/']").first.click()
    expect(page.locator("main")).to_contain_text("Startet den B1-Kurs am Montag.")


def test_withdrawing_the_consent_ends_the_partners_access_at_once(page, browser, consortium):
    case, diakonie = consortium["case"], consortium["diakonie"]
    consent = sharing_consent(case, diakonie, "debt_counselling", given_on=date(2026, 1, 12))
    referral = services.referral_send(
        actor=consortium["sender"],
        referral=services.referral_create(
            actor=consortium["sender"],
            case=case,
            draft=services.Draft(
                recipient=diakonie,
                purpose="debt_counselling",
                reason="Schulden bei drei Gläubigern.",
                shared_fields=["name", "contact"],
            ),
        ),
    )

    # The partner has the packet open.
    partner = _second_page(browser, page)
    log_in(partner, consortium["recipient"].email, PASSWORD)
    partner.wait_for_url(partner.base + "/")
    partner.goto(partner.base + f"/ueberleitungen/eingang/{referral.pk}/")
    expect(partner.locator("main")).to_contain_text("Aylin Demir")

    # The participant withdraws the consent; the sender records it today.
    log_in(page, consortium["sender"].email, PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + f"/einwilligungen/{consent.pk}/widerrufen/")
    page.fill("#id_withdrawn_on", timezone.localdate().isoformat())
    _submit(page)
    page.wait_for_url(f"**/faelle/{case.pk}/")
    referral.refresh_from_db()
    assert referral.state == ReferralState.ENDED

    # The partner's next click is a 404, and her inbox no longer lists it.
    with partner.expect_navigation() as navigation:
        partner.locator(f"a[href='/ueberleitungen/{referral.pk}/antwort/accept/']").click()
    assert navigation.value.status == 404
    partner.goto(partner.base + "/ueberleitungen/eingang/")
    assert partner.locator(f"a[href='/ueberleitungen/eingang/{referral.pk}/']").count() == 0
    partner.context.close()
    referral.refresh_from_db()
    assert referral.accepted_at is None


def test_a_beirat_decision_puts_a_task_on_the_assignees_start_page(page, browser, consortium):
    coach, assignee = consortium["coach"], consortium["sender"]
    log_in(page, coach.email, PASSWORD)
    page.wait_for_url(page.base + "/")
    page.goto(page.base + "/netzwerk/treffen/neu/")
    page.select_option("#id_kind", "board")
    page.fill("#id_title", "Beirat Frühjahr")
    page.fill("#id_date", "2026-03-18")
    page.fill("#id_invited_on", "2026-03-02")
    page.fill("#id_agenda", "1. Zahlen des Netzwerks\n2. Sprachkurse in Marxloh")
    _submit(page)
    page.wait_for_url("**/netzwerk/treffen/*/")
    meeting = Meeting.objects.get(title="Beirat Frühjahr")

    # A decision without the organisation responsible is refused, nothing is lost.
    outcomes = page.locator("#outcomes form")
    outcomes.locator("[name=outcome-kind]").select_option("decision")
    outcomes.locator("[name=outcome-text]").fill("Ein zweiter Sprachkurs startet im Mai.")
    outcomes.locator("button[type=submit]").click()
    expect(page.locator("#outcomes")).to_contain_text("Ein zweiter Sprachkurs startet im Mai.")
    assert not MeetingOutcome.objects.filter(meeting=meeting).exists()

    outcomes = page.locator("#outcomes form")
    outcomes.locator("[name=outcome-responsible_organisation]").select_option(
        str(consortium["diakonie"].pk)
    )
    outcomes.locator("button[type=submit]").click()
    page.wait_for_load_state()
    decision = MeetingOutcome.objects.get(meeting=meeting, kind="decision")

    # The task that follows from it, for the Caritas case worker.
    outcomes = page.locator("#outcomes form").last
    outcomes.locator("[name=outcome-kind]").select_option("task")
    outcomes.locator("[name=outcome-text]").fill("Teilnehmende für den Maikurs melden.")
    outcomes.locator("[name=outcome-assignee]").select_option(str(assignee.pk))
    outcomes.locator("[name=outcome-decision]").select_option(str(decision.pk))
    outcomes.locator("button[type=submit]").click()
    page.wait_for_load_state()
    task = MeetingOutcome.objects.get(meeting=meeting, kind="task")
    assert task.decision == decision

    # The assignee sees it on her start page and ticks it off.
    other = _second_page(browser, page)
    log_in(other, assignee.email, PASSWORD)
    other.wait_for_url(other.base + "/")
    main = other.locator("main")
    expect(main).to_contain_text("Teilnehmende für den Maikurs melden.")
    other.locator(f"form[action='/netzwerk/aufgaben/{task.pk}/erledigt/'] button").click()
    other.wait_for_load_state()
    task.refresh_from_db()
    assert task.done_at is not None
    other.goto(other.base + "/")
    assert "Teilnehmende für den Maikurs melden." not in other.locator("main").inner_text()
    other.context.close()
