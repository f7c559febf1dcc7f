"""Writes of partners and coach teams: who may add and change them, the inline
organisation with its duplicate check, one partner per organisation and project, the
project's districts and offers only, stale edits, contacts and team members."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Organisation, Role
from quartier.core.services import ConcurrentEditError
from quartier.network.models import Partner
from quartier.network.services import partners as services
from tests.factories import DistrictFactory, OrganisationFactory
from tests.network.factories import (
    CoachTeamFactory,
    PartnerFactory,
    PartnerPersonFactory,
)
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coach(world):
    return world.member(Role.NETWORK_COACH, world.org_a)


@pytest.fixture
def district(world):
    district = DistrictFactory(name="Marxloh")
    world.project.districts.add(district)
    return district


def _create(world, actor, **fields):
    values = {
        "actor": actor,
        "project": world.project,
        "organisation": world.org_a,
        "level": "activation",
        "role": "Access to women with a migration history",
    }
    values.update(fields)
    return services.partner_create(**values)


def test_the_network_coach_adds_an_existing_organisation(world, coach, district):
    cafe = OrganisationFactory(name="Café Mahalle")
    offer = OfferFactory(project=world.project)
    partner = _create(
        world,
        coach,
        partner_organisation=cafe,
        districts=[district],
        offers=[offer],
        target_groups=["immigrants", "families"],
        level="both",
    )
    assert partner.partner_organisation == cafe
    assert partner.organisation == world.org_a
    assert list(partner.districts.all()) == [district]
    assert list(partner.offers.all()) == [offer]
    # Kept in the choices' order.
    assert partner.target_groups == ["immigrants", "families"]


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.EVALUATOR, Role.PARTNER_STAFF])
def test_others_may_not_add_partners(world, role):
    actor = world.member(role, world.org_a)
    with pytest.raises(PermissionDenied):
        _create(world, actor, partner_organisation=OrganisationFactory())


def test_a_coach_of_another_project_may_not_add_partners_here(world):
    stranger = world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project)
    with pytest.raises(PermissionDenied):
        _create(world, stranger, partner_organisation=OrganisationFactory())


def test_an_organisation_is_a_partner_once_per_project(world, coach):
    cafe = OrganisationFactory()
    _create(world, coach, partner_organisation=cafe)
    with pytest.raises(ValidationError) as error:
        _create(world, coach, partner_organisation=cafe)
    assert error.value.message_dict["partner_organisation"] == [
        "This organisation is already a partner of the project."
    ]
    # In another project it may be a partner too.
    other_coach = world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project)
    services.partner_create(
        actor=other_coach,
        project=world.other_project,
        organisation=world.org_c,
        partner_organisation=cafe,
    )
    assert Partner.objects.filter(partner_organisation=cafe).count() == 2


def test_a_new_organisation_is_created_inline_with_a_duplicate_check(world, coach):
    OrganisationFactory(name="Moschee Merkez")
    with pytest.raises(services.DuplicateOrganisation) as suspected:
        _create(world, coach, new_organisation={"name": "  moschee   merkez "})
    assert [o.name for o in suspected.value.duplicates] == ["Moschee Merkez"]
    assert Organisation.objects.filter(name__iexact="moschee merkez").count() == 1
    partner = _create(
        world,
        coach,
        new_organisation={"name": "moschee merkez", "kind": "religious", "phone": "0203 1"},
        not_a_duplicate=True,
    )
    assert partner.partner_organisation.name == "moschee merkez"
    assert partner.partner_organisation.kind == "religious"
    assert partner.partner_organisation.slug == "moschee-merkez"
    assert Organisation.objects.filter(name__iexact="moschee merkez").count() == 2


def test_a_new_organisation_needs_a_valid_postcode_and_nothing_is_kept(world, coach):
    with pytest.raises(ValidationError) as error:
        _create(world, coach, new_organisation={"name": "Familienzentrum", "postcode": "4711"})
    assert "postcode" in error.value.message_dict
    assert not Organisation.objects.filter(name="Familienzentrum").exists()


def test_an_organisation_is_picked_or_entered_not_both(world, coach):
    with pytest.raises(ValidationError):
        _create(world, coach)
    with pytest.raises(ValidationError):
        _create(
            world,
            coach,
            partner_organisation=OrganisationFactory(),
            new_organisation={"name": "Zweimal"},
        )


def test_districts_offers_and_target_groups_are_the_projects(world, coach, district):
    cafe = OrganisationFactory()
    with pytest.raises(ValidationError) as error:
        _create(world, coach, partner_organisation=cafe, districts=[DistrictFactory()])
    assert "districts" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(
            world,
            coach,
            partner_organisation=cafe,
            offers=[OfferFactory(project=world.other_project)],
        )
    assert "offers" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        _create(world, coach, partner_organisation=cafe, target_groups=["martians"])
    assert "target_groups" in error.value.message_dict


def test_a_stale_edit_is_refused_and_a_fresh_one_saved(world, coach, district):
    partner = PartnerFactory(project=world.project, organisation=world.org_a)
    version = partner.version
    services.partner_update(
        actor=coach, partner=partner, expected_version=version, role="Beirat", districts=[district]
    )
    partner.refresh_from_db()
    assert partner.role == "Beirat"
    assert list(partner.districts.all()) == [district]
    with pytest.raises(ConcurrentEditError):
        services.partner_update(
            actor=coach,
            partner=Partner.objects.get(pk=partner.pk),
            expected_version=version,
            role="Overwritten",
        )
    partner.refresh_from_db()
    assert partner.role == "Beirat"


def test_a_case_worker_may_not_change_a_partner(world):
    partner = PartnerFactory(project=world.project, organisation=world.org_a)
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        services.partner_update(
            actor=worker, partner=partner, expected_version=partner.version, role="x"
        )


def test_contacts_are_dated_not_in_the_future_and_name_the_partners_people(world, coach):
    partner = PartnerFactory(project=world.project, organisation=world.org_a)
    person = PartnerPersonFactory(partner=partner, name="Frau Yilmaz")
    contact = services.contact_create(
        actor=coach,
        partner=partner,
        today=date(2026, 3, 10),
        date=date(2026, 3, 9),
        channel="phone",
        person=person,
        note="Agreed on a joint information morning.",
    )
    assert contact.staff == coach
    with pytest.raises(ValidationError) as error:
        services.contact_create(
            actor=coach, partner=partner, today=date(2026, 3, 10), date=date(2026, 3, 11)
        )
    assert "date" in error.value.message_dict
    other = PartnerPersonFactory(partner=PartnerFactory(project=world.project))
    with pytest.raises(ValidationError) as error:
        services.contact_create(
            actor=coach,
            partner=partner,
            today=date(2026, 3, 10),
            date=date(2026, 3, 9),
            person=other,
        )
    assert "person" in error.value.message_dict


def test_contact_persons_are_added_changed_and_removed(world, coach):
    partner = PartnerFactory(project=world.project, organisation=world.org_a)
    person = services.person_create(actor=coach, partner=partner, name="Herr Kaya")
    services.person_update(
        actor=coach, person=person, expected_version=person.version, function="Imam"
    )
    person.refresh_from_db()
    assert person.function == "Imam"
    services.person_delete(actor=coach, person=person)
    assert not partner.people.exists()


def test_teams_are_unique_per_district_and_name(world, coach, district):
    team = services.team_create(
        actor=coach,
        project=world.project,
        organisation=world.org_a,
        district=district,
        name="Team Marxloh",
        is_public=True,
    )
    assert team.organisation == world.org_a
    with pytest.raises(ValidationError) as error:
        services.team_create(
            actor=coach,
            project=world.project,
            organisation=world.org_a,
            district=district,
            name="team  marxloh",
        )
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.team_create(
            actor=coach,
            project=world.project,
            organisation=world.org_a,
            district=DistrictFactory(),
            name="Elsewhere",
        )
    assert "district" in error.value.message_dict


def test_team_members_are_staff_of_the_project_or_a_name(world, coach, district):
    team = CoachTeamFactory(project=world.project, organisation=world.org_a, district=district)
    member = services.member_create(actor=coach, team=team, user=coach, function="Coach")
    assert member.name == (coach.full_name or coach.email)
    named = services.member_create(actor=coach, team=team, name="Frau Öztürk", is_public=False)
    assert named.user is None
    with pytest.raises(ValidationError) as error:
        services.member_create(actor=coach, team=team, name="")
    assert "name" in error.value.message_dict
    stranger = world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project)
    with pytest.raises(ValidationError) as error:
        services.member_create(actor=coach, team=team, user=stranger)
    assert "user" in error.value.message_dict
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        services.member_delete(actor=worker, member=named)
    services.member_delete(actor=coach, member=named)
    assert list(team.members.all()) == [member]
