"""Core pages that save a versioned record (`save_versioned`): a stale save is refused
with the message and what changed meanwhile, a refused rule lands on the form."""

import pytest
from django.urls import reverse

from quartier.core.models import Membership, Role

pytestmark = pytest.mark.django_db


def test_a_stale_project_save_is_refused_and_lists_the_change(world, login):
    lead = world.member(Role.PROJECT_LEAD)
    project = world.project
    data = {
        "name": "Meine Fassung",
        "description": "",
        "start_date": project.start_date.isoformat(),
        "end_date": project.end_date.isoformat(),
        "expected_version": project.version,
    }
    project.name = "Fassung von nebenan"
    project.save()
    client = login(lead)
    response = client.post(reverse("core:project_edit", args=[project.slug]), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "concurrent_edit")
    assert ("Name", "Fassung von nebenan", "Meine Fassung") in [
        (str(label), saved, yours) for label, saved, yours in response.context["changes"]
    ]
    project.refresh_from_db()
    assert project.name == "Fassung von nebenan"


def test_a_refused_role_change_shows_the_reason_on_the_form(world, login):
    admin = world.member(Role.ORGANISATION_ADMIN)
    lead = world.member(Role.PROJECT_LEAD)
    membership = Membership.objects.get(user=lead)
    client = login(admin)
    response = client.post(
        reverse("core:membership_edit", args=[world.project.slug, membership.pk]),
        {"role": Role.CASE_WORKER, "expected_version": membership.version},
    )
    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "mindestens eine Projektleitung" in errors  # the page speaks German
    assert response.context["changes"] == []
    membership.refresh_from_db()
    assert membership.role == Role.PROJECT_LEAD
