"""The demo's network (quartier.demo.network): Duisburg's partners on both levels, the
coach teams, referrals in every state written through the services with consents, a
letter partner, Job-in-West's consortium referral and Jobcenter assignment, the
partner staff's inbox, the Beirat with two decisions and the network coach's open
task; dated inside the project's period on any day, and replaced on a reseed."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command

from quartier.core.models import Membership, Project, Role, User
from quartier.demo import data
from quartier.network.models import (
    CoachTeam,
    Direction,
    Meeting,
    MeetingOutcome,
    Partner,
    PartnerContact,
    Referral,
    ReferralEvent,
    ReferralState,
)
from quartier.network.selectors.referrals import referrals_of_network, referrals_received_by
from quartier.network.workdays import working_days_between
from quartier.participants.models import ConsentPurpose

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

DUISBURG = "aktiv-fuer-arbeit"
# A Thursday, a Monday after a weekend, and New Year's Eve on a Sunday.
DAYS = [date(2026, 12, 3), date(2027, 3, 1), date(2028, 12, 31)]


def _login(local: str) -> User:
    return User.objects.get(email=f"{local}@{data.DEMO_DOMAIN}")


def _seed(today: date) -> None:
    with time_machine.travel(today, tick=False):
        call_command("seed_demo", "--participants", "60", "--seed", "5")


@pytest.fixture
def seeded(db):
    _seed(DAYS[0])
    with time_machine.travel(DAYS[0], tick=False):
        yield DAYS[0]


@pytest.mark.parametrize("today", DAYS[1:], ids=str)
def test_the_network_is_complete_on_any_day(db, today):
    _seed(today)
    with time_machine.travel(today, tick=False):
        duisburg = Referral.objects.filter(project__slug=DUISBURG)
        assert set(duisburg.values_list("state", flat=True)) == set(ReferralState.values)
        assert duisburg.filter(state=ReferralState.SENT, reminded_at__isnull=False).exists()
        assert duisburg.filter(state=ReferralState.SENT, escalated_at__isnull=False).exists()
        partner_user = _login("partner.duisburg")
        inbox = referrals_received_by(partner_user)
        assert inbox.count() == 3
        assert set(inbox.values_list("state", flat=True)) == {"sent", "accepted"}
        assert Referral.objects.filter(direction=Direction.INCOMING).count() == 1
        coach = _login("netzwerk.duisburg")
        task = MeetingOutcome.objects.get(kind="task", assignee=coach, done_at__isnull=True)
        assert task.due_date >= today
        project = Project.objects.get(slug=DUISBURG)
        for day in ReferralEvent.objects.filter(referral__project=project).values_list(
            "at", flat=True
        ):
            assert project.start_date <= day.date() <= today


def test_duisburg_has_partners_on_both_levels_with_people_and_contacts(seeded):
    project = Project.objects.get(slug=DUISBURG)
    partners = Partner.objects.filter(project=project)
    assert set(partners.values_list("level", flat=True)) == {"activation", "strategy", "both"}
    kinds = set(partners.values_list("partner_organisation__kind", flat=True))
    assert {"religious", "school", "jobcenter", "municipality", "provider"} <= kinds
    assert not partners.filter(target_groups=[]).exists()
    assert partners.filter(districts__slug="duisburg-marxloh").exists()
    assert partners.filter(districts__slug="duisburg-hochfeld").exists()
    assert partners.filter(people__isnull=False).distinct().count() == partners.count()
    # Some partners have not been contacted for more than 90 days (or never).
    stale = [
        partner
        for partner in partners
        if not PartnerContact.objects.filter(
            partner=partner, date__gt=seeded - timedelta(days=90)
        ).exists()
    ]
    assert 2 <= len(stale) < partners.count()
    for day in PartnerContact.objects.filter(partner__project=project).values_list(
        "date", flat=True
    ):
        assert project.start_date <= day <= seeded


def test_the_two_coach_teams_have_contact_persons_and_the_coach(seeded):
    teams = CoachTeam.objects.filter(project__slug=DUISBURG)
    assert set(teams.values_list("district__slug", flat=True)) == {
        "duisburg-marxloh",
        "duisburg-hochfeld",
    }
    assert teams.filter(is_public=True).exists()
    for team in teams:
        assert team.members.count() >= 2
    coach = _login("netzwerk.duisburg")
    assert teams.filter(members__user=coach).exists()
    assert Membership.objects.filter(
        user=coach, project__slug=DUISBURG, role=Role.NETWORK_COACH
    ).exists()


def test_every_referral_state_is_present(seeded):
    duisburg = Referral.objects.filter(project__slug=DUISBURG)
    assert set(duisburg.values_list("state", flat=True)) == set(ReferralState.values)
    waiting = duisburg.filter(state=ReferralState.SENT)
    assert waiting.filter(reminded_at__isnull=False).exists()
    assert waiting.filter(escalated_at__isnull=False).exists()
    assert waiting.filter(reminded_at__isnull=True, escalated_at__isnull=True).exists()
    assert (
        waiting.filter(answer_due__lt=seeded).exists()
        or waiting.filter(escalated_at__isnull=False).exists()
    )
    ended = duisburg.get(state=ReferralState.ENDED)
    assert ended.consent.withdrawn_on is not None
    assert ended.events.filter(reason="consent_withdrawn").exists()
    expired = duisburg.get(state=ReferralState.EXPIRED)
    assert working_days_between(expired.sent_at.date(), seeded) >= 10
    # Written through the services: every sent one has its packet, events, and a
    # consent that named the partner and the purpose on the day it was sent.
    for referral in duisburg.exclude(state=ReferralState.DRAFT):
        assert referral.shared_data["name"]
        assert referral.consent.purpose == ConsentPurpose.PARTNER_SHARING
        assert referral.consent.partner_id == referral.recipient_id
        assert referral.purpose in referral.consent.referral_purposes
        assert referral.consent.given_on <= referral.sent_at.date() <= seeded
        assert referral.events.filter(to_state=ReferralState.SENT).exists()
        for at in referral.events.values_list("at", flat=True):
            assert at.date() <= seeded
    assert duisburg.filter(feedback_consent__isnull=False, state=ReferralState.COMPLETED)
    project = Project.objects.get(slug=DUISBURG)
    for day in ReferralEvent.objects.filter(referral__project=project).values_list("at", flat=True):
        assert project.start_date <= day.date() <= seeded


def test_a_letter_partner_and_a_jobcenter_assignment(seeded):
    letters = Referral.objects.filter(project__slug=DUISBURG, by_letter=True)
    assert letters.exists()
    for referral in letters:
        assert not Membership.objects.filter(
            organisation=referral.recipient, project=referral.project
        ).exists()
    answered = letters.filter(state=ReferralState.DECLINED).get()
    assert answered.events.get(to_state=ReferralState.DECLINED).recorded_by_sender
    assignment = Referral.objects.get(project__slug="job-in-west", direction=Direction.INCOMING)
    assert assignment.sender_organisation.slug == "arge-trier"
    assert assignment.recipient_id == assignment.case.organisation_id
    assert assignment.external_reference == f"AGH-{assignment.received_on.year}-0042"
    assert assignment.received_on < seeded
    assert assignment.state == ReferralState.ACCEPTED


def test_the_partner_user_sees_exactly_the_open_referrals_to_her_organisation(seeded):
    partner_user = _login("partner.duisburg")
    membership = Membership.objects.get(user=partner_user)
    assert membership.role == Role.PARTNER_STAFF
    assert not membership.project.consortium.filter(organisation=membership.organisation).exists()
    to_her = Referral.objects.filter(recipient=membership.organisation)
    expected = {
        referral.pk
        for referral in to_her
        if referral.state in (ReferralState.SENT, ReferralState.ACCEPTED)
        and referral.consent.is_valid_on(seeded)
    }
    inbox = set(referrals_received_by(partner_user).values_list("pk", flat=True))
    assert inbox == expected
    assert len(inbox) >= 3
    # Drafts, closed ones and the one whose consent was withdrawn are not in it.
    assert (
        to_her.exclude(pk__in=inbox)
        .filter(state__in=[ReferralState.DRAFT, ReferralState.COMPLETED, ReferralState.ENDED])
        .count()
        == 3
    )
    assert not to_her.filter(by_letter=True).exists()
    # Her answers are recorded as her organisation's.
    accepted = to_her.get(state=ReferralState.COMPLETED)
    assert accepted.events.filter(actor=partner_user, to_state=ReferralState.ACCEPTED).exists()


def test_a_consortium_referral_reaches_a_login_of_another_member(seeded):
    referral = Referral.objects.get(
        project__slug="job-in-west", direction=Direction.OUTGOING, state=ReferralState.SENT
    )
    assert referral.recipient.slug == "buergerservice-trier"
    assert referral.project.consortium.filter(organisation=referral.sender_organisation)
    lead = _login("leitung.trier")
    assert referral in referrals_received_by(lead)


def test_the_network_coach_sees_the_projects_referrals(seeded):
    coach = _login("netzwerk.duisburg")
    assert set(referrals_of_network(coach).values_list("pk", flat=True)) == set(
        Referral.objects.filter(project__slug=DUISBURG).values_list("pk", flat=True)
    )
    assert not referrals_received_by(coach).exists()


def test_the_beirat_has_two_decisions_and_the_coach_an_open_task(seeded):
    board = Meeting.objects.get(project__slug=DUISBURG, kind="board")
    assert board.level == "both"
    assert board.agenda
    assert board.minutes_public
    assert board.minutes_internal
    assert board.date < seeded
    levels = set(
        Partner.objects.filter(
            project=board.project,
            partner_organisation__in=board.attendees.values("organisation"),
        ).values_list("level", flat=True)
    )
    assert {"activation", "strategy"} <= levels
    decisions = board.outcomes.filter(kind="decision")
    assert decisions.count() == 2
    for decision in decisions:
        assert decision.responsible_organisation_id
        assert decision.due_date > board.date
    coach = _login("netzwerk.duisburg")
    open_tasks = MeetingOutcome.objects.filter(kind="task", assignee=coach, done_at__isnull=True)
    assert open_tasks.count() == 1
    assert open_tasks.get().due_date >= seeded
    assert board.outcomes.filter(kind="task", done_at__isnull=False).exists()
    meetings = Meeting.objects.filter(project__slug=DUISBURG, kind="network")
    assert meetings.filter(date__gt=seeded).exists()
    assert meetings.filter(date__lt=seeded).exists()
    for meeting in Meeting.objects.filter(project__slug=DUISBURG):
        assert board.project.start_date <= meeting.date <= board.project.end_date


def test_the_network_is_replaced_on_a_reseed(db):
    today = DAYS[0]
    _seed(today)
    first = list(
        Referral.objects.order_by("project__slug", "sent_at", "id").values_list(
            "state", "purpose", "recipient__slug", "sent_at"
        )
    )
    _seed(today)
    second = list(
        Referral.objects.order_by("project__slug", "sent_at", "id").values_list(
            "state", "purpose", "recipient__slug", "sent_at"
        )
    )
    assert first == second
    assert Partner.objects.filter(project__slug=DUISBURG).count() == 13
    assert Meeting.objects.filter(kind="board").count() == 1
