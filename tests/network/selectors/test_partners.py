"""Reads of partners and coach teams: who sees which (network view roles of the
project), the list's search and filters, "uses Quartier", the referral numbers of the
partner page and the public teams of a district."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.network.models import Partner
from quartier.network.selectors import partners as selectors
from quartier.network.services import referrals as referral_services
from tests.factories import CaseFactory, DistrictFactory, OrganisationFactory
from tests.network.factories import (
    CoachTeamFactory,
    CoachTeamMemberFactory,
    PartnerContactFactory,
    PartnerFactory,
    ReferralFactory,
)

pytestmark = pytest.mark.django_db

#: A completed referral needs an outcome (referral_completed_has_outcome).
OUTCOME = "achieved"


@pytest.fixture
def partner(world):
    return PartnerFactory(
        project=world.project,
        organisation=world.org_a,
        partner_organisation=OrganisationFactory(name="Café Mahalle"),
        role="Access to mothers",
        target_groups=["families"],
    )


@pytest.mark.parametrize(
    "role", [Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH, Role.NETWORK_COACH]
)
def test_network_view_roles_of_either_organisation_see_the_projects_partners(world, partner, role):
    foreign = PartnerFactory(project=world.other_project)
    kept_by_b = PartnerFactory(project=world.project, organisation=world.org_b)
    for organisation in (world.org_a, world.org_b):
        seen = set(selectors.partners_visible_to(world.member(role, organisation)))
        assert seen == {partner, kept_by_b}
        assert foreign not in seen


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.PARTNER_STAFF, Role.ORGANISATION_ADMIN])
def test_other_roles_see_no_partners_or_teams(world, partner, role):
    user = world.member(role, world.org_a)
    CoachTeamFactory(project=world.project, district=DistrictFactory())
    assert not selectors.partners_visible_to(user).exists()
    assert not selectors.teams_visible_to(user).exists()
    assert selectors.partner_for(user=user, pk=partner.pk) is None


def test_the_platform_admin_sees_every_partner(world, partner, platform_admin):
    foreign = PartnerFactory(project=world.other_project)
    assert set(selectors.partners_visible_to(platform_admin)) == {partner, foreign}


def test_teams_are_scoped_like_partners(world):
    district = DistrictFactory()
    team = CoachTeamFactory(project=world.project, district=district)
    foreign = CoachTeamFactory(project=world.other_project, district=district)
    worker = world.member(Role.CASE_WORKER, world.org_b)
    assert list(selectors.teams_visible_to(worker)) == [team]
    assert selectors.team_for(user=worker, pk=foreign.pk) is None


def test_search_covers_name_role_and_notes(world, partner):
    worker = world.member(Role.CASE_WORKER)
    PartnerFactory(project=world.project, notes="Runs the homework club", role="School")

    def rows(q):
        return [p.partner_organisation.name for p in selectors.partner_rows(user=worker, query=q)]

    assert rows("mahalle") == ["Café Mahalle"]
    assert rows("mothers") == ["Café Mahalle"]
    assert len(rows("homework")) == 1
    assert "Café Mahalle" not in rows("homework")
    assert rows("nowhere") == []


def test_level_filter_counts_both_for_either(world):
    worker = world.member(Role.CASE_WORKER)
    activation = PartnerFactory(project=world.project, level="activation")
    strategy = PartnerFactory(project=world.project, level="strategy")
    both = PartnerFactory(project=world.project, level="both")

    def rows(level):
        return set(selectors.partner_rows(user=worker, level=level))

    assert rows("activation") == {activation, both}
    assert rows("strategy") == {strategy, both}
    assert rows("both") == {both}


def test_filters_by_district_target_group_activity_and_project(world, partner):
    worker = world.member(Role.CASE_WORKER)
    district = DistrictFactory()
    partner.districts.add(district)
    other = PartnerFactory(project=world.project, is_active=False, target_groups=["pupils"])
    assert list(selectors.partner_rows(user=worker, district=district.pk)) == [partner]
    assert list(selectors.partner_rows(user=worker, target_group="families")) == [partner]
    assert list(selectors.partner_rows(user=worker, target_group="pupils")) == [other]
    assert list(selectors.partner_rows(user=worker, active=False)) == [other]
    assert set(selectors.partner_rows(user=worker, project=world.project.slug)) == {
        partner,
        other,
    }
    assert list(selectors.partner_rows(user=worker, project=world.other_project.pk)) == []


def test_rows_carry_the_last_contact_and_whether_the_partner_uses_quartier(world, partner):
    worker = world.member(Role.CASE_WORKER)
    PartnerContactFactory(partner=partner, date=date(2026, 1, 5))
    PartnerContactFactory(partner=partner, date=date(2026, 2, 1))
    letter = PartnerFactory(project=world.project)
    in_quartier = PartnerFactory(project=world.project, partner_organisation=world.org_b)
    world.member(Role.PARTNER_STAFF, world.org_b)
    rows = {row.pk: row for row in selectors.partner_rows(user=worker)}
    assert rows[partner.pk].last_contact == date(2026, 2, 1)
    assert rows[letter.pk].last_contact is None
    assert rows[in_quartier.pk].uses_quartier is True
    assert rows[letter.pk].uses_quartier is False
    assert list(selectors.partner_rows(user=worker, uses_quartier=True)) == [in_quartier]


def test_uses_quartier_agrees_with_the_referral_service(world):
    partner_staff = world.member(Role.PARTNER_STAFF, world.org_b)
    for organisation in (world.org_a, world.org_b, world.org_c):
        assert selectors.uses_quartier(world.project, organisation) == (
            referral_services.uses_quartier(world.project, organisation)
        )
    assert selectors.uses_quartier(world.project, world.org_b)
    partner_staff.is_active = False
    partner_staff.save()
    assert not selectors.uses_quartier(world.project, world.org_b)
    assert selectors.uses_quartier(world.project, world.org_c) is False


def test_the_partner_page_counts_referrals_per_state_without_drafts(world):
    partner = PartnerFactory(project=world.project, partner_organisation=world.org_b)
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    for state in ("draft", "sent", "sent"):
        ReferralFactory(case=case, recipient=world.org_b, partner=partner, state=state)
    ReferralFactory(
        case=case, recipient=world.org_b, partner=partner, state="completed", outcome=OUTCOME
    )
    ReferralFactory(
        case=CaseFactory(participant__project=world.project, participant__organisation=world.org_b),
        recipient=world.org_a,
        state="accepted",
    )
    worker = world.member(Role.CASE_WORKER)
    page = selectors.partner_page(user=worker, pk=partner.pk)
    assert [(row.state, row.count) for row in page.referrals_to] == [
        ("sent", 2),
        ("completed", 1),
    ]
    assert [(row.state, row.count) for row in page.referrals_from] == [("accepted", 1)]
    assert page.uses_quartier is False


def test_public_teams_hold_only_public_teams_and_members(world):
    district = DistrictFactory()
    world.project.districts.add(district)
    public = CoachTeamFactory(project=world.project, district=district, is_public=True)
    CoachTeamMemberFactory(team=public, name="Ayşe Public", is_public=True)
    CoachTeamMemberFactory(team=public, name="Hidden Person", is_public=False)
    CoachTeamFactory(project=world.project, district=district, is_public=False)
    CoachTeamFactory(project=world.project, district=DistrictFactory(), is_public=True)
    teams = selectors.public_teams(district)
    assert teams == [public]
    assert [m.name for m in teams[0].public_members] == ["Ayşe Public"]


def test_only_visible_partners_are_found_by_id(world, partner):
    stranger = world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project)
    assert selectors.partner_for(user=stranger, pk=partner.pk) is None
    assert selectors.partner_page(user=stranger, pk=partner.pk) is None
    assert Partner.objects.filter(pk=partner.pk).exists()
