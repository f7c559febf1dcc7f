"""The network coach's start page: open referrals (overdue first, no person data), the
next meetings, partners without contact for long; only her projects; helpful empty
states on the home page."""

from datetime import date, time

import pytest
from django.urls import reverse

from quartier.core.models import Role
from quartier.network.selectors.start_page import (
    meetings_part,
    open_referrals_part,
    quiet_partners_part,
)
from tests.factories import OrganisationFactory
from tests.network.factories import MeetingFactory, PartnerContactFactory, PartnerFactory
from tests.network.factories_figures import sent_referral

TODAY = date(2026, 3, 16)


@pytest.fixture
def coach(world):
    return world.member(Role.NETWORK_COACH)


def _referrals(user):
    return open_referrals_part(user=user, today=TODAY)["network_open_referrals"]


def test_open_referrals_overdue_first_with_days_waiting(world, coach):
    a, b = world.org_a, world.org_b
    waiting = sent_referral(world.project, a, b, date(2026, 3, 10))  # due 24.03.
    overdue = sent_referral(world.project, a, b, date(2026, 2, 2))  # due 16.02.
    accepted = sent_referral(
        world.project, b, a, date(2026, 1, 5), state="accepted", accepted_after=1
    )
    sent_referral(world.project, a, b, date(2026, 1, 5), state="completed", closed_after=9)
    sent_referral(world.project, a, b, date(2026, 1, 5), state="declined")
    part = _referrals(coach)
    assert [r.pk for r in part["referrals"]] == [overdue.pk, accepted.pk, waiting.pk]
    first = part["referrals"][0]
    assert first.overdue is True
    assert first.days_waiting == (TODAY - date(2026, 2, 2)).days
    assert (first.sender, first.recipient) == (a.name, b.name)
    assert first.purpose == "language course"
    assert [r.overdue for r in part["referrals"]] == [True, False, False]
    assert (part["total"], part["waiting"], part["overdue"], part["more"]) == (3, 2, 1, 0)


def test_open_referrals_hold_no_person_data(world, coach):
    referral = sent_referral(world.project, world.org_a, world.org_b, date(2026, 3, 10))
    text = repr(_referrals(coach))
    assert referral.case.participant.last_name not in text
    assert referral.reason not in text


def test_only_her_projects(world, coach):
    sent_referral(world.other_project, world.org_c, OrganisationFactory(), date(2026, 3, 10))
    MeetingFactory(project=world.other_project, date=date(2026, 3, 20))
    PartnerFactory(project=world.other_project)
    assert _referrals(coach)["referrals"] == []
    assert meetings_part(user=coach, today=TODAY)["network_meetings"]["meetings"] == []
    assert quiet_partners_part(user=coach, today=TODAY)["network_quiet_partners"]["total"] == 0


def test_a_case_worker_sees_no_network_referrals(world):
    sent_referral(world.project, world.org_a, world.org_b, date(2026, 3, 10))
    assert _referrals(world.member(Role.CASE_WORKER))["referrals"] == []


def test_more_than_the_limit_are_counted(world, coach):
    for _ in range(17):
        sent_referral(world.project, world.org_a, world.org_b, date(2026, 3, 10))
    part = _referrals(coach)
    assert len(part["referrals"]) == 15
    assert part["more"] == 2


def test_next_meetings_of_the_next_30_days(world, coach):
    later = MeetingFactory(project=world.project, date=date(2026, 4, 15))
    sooner = MeetingFactory(project=world.project, date=TODAY, starts_at=time(10))
    MeetingFactory(project=world.project, date=date(2026, 3, 15))  # yesterday
    MeetingFactory(project=world.project, date=date(2026, 4, 16))  # 31 days ahead
    part = meetings_part(user=coach, today=TODAY)["network_meetings"]
    assert part["meetings"] == [sooner, later]


def test_partners_without_contact_for_90_days(world, coach):
    never = PartnerFactory(project=world.project)
    long_ago = PartnerFactory(project=world.project)
    PartnerContactFactory(partner=long_ago, date=date(2025, 12, 15))  # 91 days ago
    PartnerContactFactory(partner=long_ago, date=date(2025, 6, 1))
    recent = PartnerFactory(project=world.project)
    PartnerContactFactory(partner=recent, date=date(2025, 12, 1))
    PartnerContactFactory(partner=recent, date=date(2025, 12, 16))  # exactly 90 days ago
    PartnerFactory(project=world.project, is_active=False)  # left the network
    part = quiet_partners_part(user=coach, today=TODAY)["network_quiet_partners"]
    assert part["partners"] == [never, long_ago]
    assert part["partners"][1].last_contact == date(2025, 12, 15)
    assert part["total"] == 2


@pytest.mark.usefixtures("english_pages")
def test_the_home_page_of_a_network_coach_without_data(world, coach, login):
    page = login(coach).get(reverse("core:home")).content.decode()
    assert "No referral of your projects is waiting for an answer" in page
    assert "No network meeting in the next 30 days" in page
    assert "Every active partner has been contacted" in page
    assert reverse("network:figures") in page
    assert "will appear here. For now" not in page  # the old placeholder is gone


@pytest.mark.usefixtures("english_pages")
def test_the_home_page_of_a_network_coach_with_data(world, coach, login):
    # Sent long ago (the page asks today's date): overdue on any day the suite runs.
    sent_referral(world.project, world.org_a, world.org_b, date(2020, 1, 6))
    partner = PartnerFactory(project=world.project)
    page = login(coach).get(reverse("core:home")).content.decode()
    assert "overdue" in page
    assert f"/netzwerk/partner/{partner.pk}/" in page
    assert partner.partner_organisation.name in page


@pytest.mark.usefixtures("english_pages")
def test_the_employer_liaison_keeps_the_economy_start_page(world, login):
    page = login(world.member(Role.EMPLOYER_LIAISON)).get(reverse("core:home")).content.decode()
    assert "Employers to contact" in page
    assert "Open referrals" not in page


@pytest.mark.usefixtures("english_pages")
def test_the_project_lead_sees_the_network_below_my_day(world, login):
    page = login(world.member(Role.PROJECT_LEAD)).get(reverse("core:home")).content.decode()
    assert "My day" in page
    assert "Open referrals" in page
