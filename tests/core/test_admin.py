"""Django admin: pages open for platform admins, and the consortium needs exactly one lead."""

import pytest
from django.urls import reverse

from quartier.core.models import Organisation, Project


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model",
    [
        "user",
        "organisation",
        "district",
        "districtstatistic",
        "funder",
        "project",
        "membership",
        "apitoken",
    ],
)
def test_admin_list_and_add_pages_open(login, platform_admin, world, model):
    client = login(platform_admin)
    assert client.get(reverse(f"admin:core_{model}_changelist")).status_code == 200
    expected_add = 403 if model == "apitoken" else 200  # tokens are made in the app only
    assert client.get(reverse(f"admin:core_{model}_add")).status_code == expected_add


@pytest.mark.django_db
def test_staff_member_without_admin_flag_cannot_open_the_admin(login, world):
    from quartier.core.models import Role

    user = world.member(Role.PROJECT_LEAD)
    response = login(user).get(reverse("admin:index"), follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1


def _project_form(org_a: Organisation, org_b: Organisation, lead_a: bool, lead_b: bool) -> dict:
    data = {
        "name": "Neues Projekt",
        "slug": "neues-projekt",
        "description": "",
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
        "consortium-TOTAL_FORMS": "2",
        "consortium-INITIAL_FORMS": "0",
        "consortium-MIN_NUM_FORMS": "0",
        "consortium-MAX_NUM_FORMS": "1000",
        "consortium-0-organisation": str(org_a.pk),
        "consortium-1-organisation": str(org_b.pk),
    }
    if lead_a:
        data["consortium-0-is_lead"] = "on"
    if lead_b:
        data["consortium-1-is_lead"] = "on"
    return data


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("lead_a", "lead_b", "saved"), [(True, False, True), (False, False, False), (True, True, False)]
)
def test_admin_project_needs_exactly_one_lead(login, platform_admin, world, lead_a, lead_b, saved):
    client = login(platform_admin)
    response = client.post(
        reverse("admin:core_project_add"), _project_form(world.org_a, world.org_b, lead_a, lead_b)
    )
    assert Project.objects.filter(slug="neues-projekt").exists() == saved, response.content[:300]
