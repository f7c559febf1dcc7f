"""Coach team pages (views/partners.py, the teams' part): the list per project and
district with members, creating and editing a team, adding, editing and removing
members; and the public district page of the offer map, which shows only public teams
with only their public members, without a login."""

import pytest
from django.urls import reverse

from quartier.core.models import Role
from quartier.network.models import CoachTeam
from tests.factories import DistrictFactory
from tests.network.factories import CoachTeamFactory, CoachTeamMemberFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def url(name, *args):
    return reverse(f"network:{name}", args=args)


@pytest.fixture
def district(world):
    district = DistrictFactory(name="Marxloh", slug="marxloh")
    world.project.districts.add(district)
    return district


@pytest.fixture
def coach(world):
    return world.member(Role.NETWORK_COACH, world.org_a)


@pytest.fixture
def team(world, district):
    team = CoachTeamFactory(
        project=world.project, district=district, name="Team Marxloh", is_public=True
    )
    CoachTeamMemberFactory(
        team=team, name="Ayşe Demir", function="Network coach", phone="0203 111", is_public=True
    )
    CoachTeamMemberFactory(team=team, name="Internal Person", is_public=False)
    return team


def test_the_list_shows_teams_with_members_and_filters_by_district(world, team, login):
    other_district = DistrictFactory(name="Hochfeld")
    world.project.districts.add(other_district)
    CoachTeamFactory(project=world.project, district=other_district, name="Team Hochfeld")
    client = login(world.member(Role.CASE_WORKER, world.org_b))
    text = client.get(url("team_list")).content.decode()
    assert "Team Marxloh" in text
    assert "Team Hochfeld" in text
    assert "Ayşe Demir" in text
    filtered = client.get(url("team_list"), {"district": other_district.pk}).content.decode()
    assert "Team Hochfeld" in filtered
    assert "Team Marxloh" not in filtered


def test_the_empty_list_says_how_to_add_a_team(world, coach, login):
    text = login(coach).get(url("team_list")).content.decode()
    assert "No coach teams yet" in text
    assert url("team_create") in text


def test_a_case_worker_reads_but_does_not_change_teams(world, team, login):
    client = login(world.member(Role.CASE_WORKER))
    page = client.get(url("team_detail", team.pk))
    assert page.status_code == 200
    assert "Internal Person" in page.content.decode()
    assert client.get(url("team_edit", team.pk)).status_code == 403
    assert client.get(url("team_member_create", team.pk)).status_code == 403
    assert client.get(url("team_create")).status_code == 403


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.PARTNER_STAFF])
def test_other_roles_and_projects_get_404_for_a_team(world, team, login, role):
    client = login(world.member(role))
    assert client.get(url("team_list")).status_code == 403
    assert client.get(url("team_detail", team.pk)).status_code == 404
    stranger = login(world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project))
    assert stranger.get(url("team_detail", team.pk)).status_code == 404
    assert stranger.get(url("team_edit", team.pk)).status_code == 404


def test_the_coach_creates_a_team_and_adds_members(world, coach, district, login):
    client = login(coach)
    response = client.post(
        url("team_create"),
        {
            "project": world.project.pk,
            "district": district.pk,
            "name": "Team Marxloh",
            "description": "Your contact for jobs and training in Marxloh.",
            "is_public": "on",
        },
    )
    team = CoachTeam.objects.get()
    assert response["Location"] == url("team_detail", team.pk)
    assert team.organisation == world.org_a
    response = client.post(
        url("team_member_create", team.pk), {"user": coach.pk, "function": "Coach"}
    )
    assert response.status_code == 302
    member = team.members.get()
    assert member.name == (coach.full_name or coach.email)
    response = client.post(url("team_member_create", team.pk), {"name": "", "function": "Coach"})
    assert response.status_code == 200
    assert "Choose a staff member or enter a name." in response.content.decode()
    duplicate = client.post(
        url("team_create"),
        {"project": world.project.pk, "district": district.pk, "name": "team marxloh"},
    )
    assert "already has a team of this name" in duplicate.content.decode()
    assert CoachTeam.objects.count() == 1


def test_a_stale_team_edit_is_refused(world, coach, team, login):
    client = login(coach)
    data = {
        "expected_version": team.version,
        "district": team.district_id,
        "name": "Renamed",
    }
    team.description = "Changed meanwhile"
    team.save()
    response = client.post(url("team_edit", team.pk), data)
    assert "Someone else changed this record" in response.content.decode()
    team.refresh_from_db()
    assert team.name == "Team Marxloh"


def test_members_are_edited_and_removed_after_confirmation(world, coach, team, login):
    client = login(coach)
    member = team.members.get(name="Internal Person")
    response = client.post(
        url("team_member_edit", team.pk, member.pk),
        {"expected_version": member.version, "name": "Internal Person", "is_public": "on"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.is_public
    confirm = client.get(url("team_member_delete", team.pk, member.pk))
    assert "Remove Internal Person from Team Marxloh?" in confirm.content.decode()
    assert client.post(url("team_member_delete", team.pk, member.pk)).status_code == 302
    assert not team.members.filter(pk=member.pk).exists()


def test_the_public_district_page_shows_only_public_teams_and_members(client, world, team):
    CoachTeamFactory(project=world.project, district=team.district, name="Hidden Team")
    response = client.get(
        reverse("stadtteilplan:district", args=[team.district.slug]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Team Marxloh" in text
    assert "Ayşe Demir" in text
    assert "Network coach" in text
    assert 'href="tel:0203111"' in text
    assert "Internal Person" not in text
    assert "Hidden Team" not in text
    # Public and cacheable like the rest of the offer map: no cookie, no no-store.
    assert "no-store" not in response.get("Cache-Control", "")
    assert not response.cookies


def test_a_team_made_private_leaves_the_public_page(client, world, team):
    team.is_public = False
    team.save()
    text = client.get(reverse("stadtteilplan:district", args=[team.district.slug])).content
    assert b"Team Marxloh" not in text
