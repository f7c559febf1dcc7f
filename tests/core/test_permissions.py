"""The permission matrix: every role against every core page.

Each cell says what the role must get. A view that forgets its permission check,
or a scoping function that lets too much through, turns a cell red.
"""

import pytest
from django.urls import reverse

from quartier.core.models import Membership, Role
from tests.conftest import ALL_ROLES
from tests.factories import DistrictFactory

ALLOW, DENY, MISSING = "allow", "deny", "missing"


def _pages(world, colleague_membership, user=None):
    slug = world.project.slug
    partner = Membership.objects.filter(project=world.project, organisation=world.org_b).first()
    own = Membership.objects.filter(user=user, project=world.project).first() if user else None
    return {
        "partner_membership_edit": reverse(
            "core:membership_edit", args=[slug, partner.pk if partner else 0]
        ),
        "own_membership_edit": reverse("core:membership_edit", args=[slug, own.pk if own else 0]),
        "home": reverse("core:home"),
        "project_list": reverse("core:project_list"),
        "project_detail": reverse("core:project_detail", args=[slug]),
        "project_edit": reverse("core:project_edit", args=[slug]),
        "project_members": reverse("core:project_members", args=[slug]),
        "membership_edit": reverse("core:membership_edit", args=[slug, colleague_membership.pk]),
        "membership_delete": reverse(
            "core:membership_delete", args=[slug, colleague_membership.pk]
        ),
        "district_list": reverse("core:district_list"),
        "district_detail": reverse("core:district_detail", args=[world.district.slug]),
        "foreign_project": reverse("core:project_detail", args=[world.other_project.slug]),
        "foreign_district": reverse("core:district_detail", args=[world.foreign_district.slug]),
        "api_tokens": reverse("core:api_tokens"),
        "organisation_detail": reverse("core:organisation_detail", args=[world.org_a.slug]),
        "organisation_edit": reverse("core:organisation_edit", args=[world.org_a.slug]),
        "partner_organisation_edit": reverse("core:organisation_edit", args=[world.org_b.slug]),
        "foreign_organisation": reverse("core:organisation_detail", args=[world.org_c.slug]),
        "audit_log": reverse("core:audit_log"),
    }


LEAD_ONLY = {Role.PROJECT_LEAD}
TEAM_MANAGERS = {Role.PROJECT_LEAD, Role.ORGANISATION_ADMIN}
EXPECTED = {
    "home": set(ALL_ROLES),
    "project_list": set(ALL_ROLES),
    "project_detail": set(ALL_ROLES),
    "project_edit": LEAD_ONLY,
    "project_members": TEAM_MANAGERS,
    "membership_edit": TEAM_MANAGERS,
    "membership_delete": TEAM_MANAGERS,
    # A role in the partner organisation B: managed by B, never by A's lead or admin.
    "partner_membership_edit": set(),
    "own_membership_edit": set(),
    "district_list": set(ALL_ROLES),
    "district_detail": set(ALL_ROLES),
    "foreign_project": set(),
    "foreign_district": set(),
    "api_tokens": set(ALL_ROLES),
    "organisation_detail": set(ALL_ROLES),
    # Admins of org A edit org A, not their consortium partner B.
    "organisation_edit": {Role.ORGANISATION_ADMIN},
    "partner_organisation_edit": set(),
    "foreign_organisation": set(),
    "audit_log": {Role.ORGANISATION_ADMIN},
}
# Ids from projects the user has no role in must not even be confirmed to exist.
NOT_FOUND = {"foreign_project", "foreign_district", "foreign_organisation"}


@pytest.fixture
def matrix_world(world):
    world.district = DistrictFactory()
    world.project.districts.add(world.district)
    world.foreign_district = DistrictFactory()
    world.other_project.districts.add(world.foreign_district)
    world.member(Role.CASE_WORKER, organisation=world.org_b)
    return world


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ALL_ROLES)
def test_permission_matrix(login, matrix_world, role, page):
    user = matrix_world.member(role)
    colleague = Membership.objects.get(user=matrix_world.member(Role.CASE_WORKER))
    url = _pages(matrix_world, colleague, user)[page]
    response = login(user).get(url)
    if role in EXPECTED[page]:
        assert response.status_code == 200, f"{role} should open {page}"
    elif page in NOT_FOUND:
        assert response.status_code == 404, f"{role} must get 404 for {page}"
    else:
        assert response.status_code in (403, 404), f"{role} must not open {page}"


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(EXPECTED))
def test_platform_admin_opens_every_page(login, matrix_world, platform_admin, page):
    colleague = Membership.objects.get(user=matrix_world.member(Role.CASE_WORKER))
    response = login(platform_admin).get(_pages(matrix_world, colleague)[page])
    if page == "own_membership_edit":
        assert response.status_code == 404  # platform admins hold no membership of their own
    else:
        assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES)
def test_lead_of_another_project_cannot_manage_this_team(login, matrix_world, role):
    outsider = matrix_world.member(
        Role.PROJECT_LEAD, organisation=matrix_world.org_c, project=matrix_world.other_project
    )
    target = Membership.objects.get(user=matrix_world.member(role))
    url = reverse("core:membership_edit", args=[matrix_world.project.slug, target.pk])
    assert login(outsider).get(url).status_code == 404
    response = login(outsider).post(
        reverse("core:membership_delete", args=[matrix_world.project.slug, target.pk])
    )
    assert response.status_code == 404
    assert Membership.objects.filter(pk=target.pk).exists()


@pytest.mark.django_db
def test_membership_of_another_project_is_404_even_under_own_project_slug(login, matrix_world):
    lead = matrix_world.member(Role.PROJECT_LEAD)
    foreign = Membership.objects.get(
        user=matrix_world.member(
            Role.CASE_WORKER, organisation=matrix_world.org_c, project=matrix_world.other_project
        )
    )
    url = reverse("core:membership_edit", args=[matrix_world.project.slug, foreign.pk])
    assert login(lead).get(url).status_code == 404
