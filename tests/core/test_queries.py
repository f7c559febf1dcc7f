"""Pages do a bounded number of queries, whatever the number of rows (no query per row)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.core.models import ProjectMember, Role
from tests.factories import DistrictFactory, MembershipFactory, OrganisationFactory, ProjectFactory


def _queries(client, url) -> int:
    # Warm up: the first request of a session also records the session's activity.
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def _grow_projects(user, count):
    for _ in range(count):
        project = ProjectFactory()
        project.districts.add(DistrictFactory())
        ProjectMember.objects.create(project=project, organisation=OrganisationFactory())
        MembershipFactory(user=user, project=project, role=Role.CASE_WORKER)


@pytest.mark.django_db
def test_project_list_queries_do_not_grow_with_projects(login, platform_admin):
    client = login(platform_admin)
    _grow_projects(platform_admin, 2)
    few = _queries(client, reverse("core:project_list"))
    _grow_projects(platform_admin, 10)
    many = _queries(client, reverse("core:project_list"))
    assert many == few


@pytest.mark.django_db
def test_team_page_queries_do_not_grow_with_members(login, world):
    lead = world.member(Role.PROJECT_LEAD)
    client = login(lead)
    url = reverse("core:project_members", args=[world.project.slug])
    few = _queries(client, url)
    for _ in range(15):
        MembershipFactory(project=world.project, organisation=world.org_b)
    assert _queries(client, url) == few


@pytest.mark.django_db
def test_home_page_queries_do_not_grow_with_memberships(login, platform_admin):
    user = MembershipFactory(role=Role.CASE_WORKER).user
    from tests.conftest import give_totp

    give_totp(user)
    client = login(user)
    few = _queries(client, reverse("core:home"))
    _grow_projects(user, 8)
    assert _queries(client, reverse("core:home")) == few


@pytest.mark.django_db
def test_project_search_finds_by_name_and_short_name(login, platform_admin):
    ProjectFactory(name="BQB-Süd", slug="bqb-sued")
    ProjectFactory(name="Job-in-West", slug="job-in-west")
    client = login(platform_admin)
    found = client.get(reverse("core:project_list"), {"q": "süd"}).context["page"].object_list
    assert [p.slug for p in found] == ["bqb-sued"]
    by_slug = client.get(reverse("core:project_list"), {"q": "job-in"}).context["page"]
    assert [p.slug for p in by_slug.object_list] == ["job-in-west"]
