"""The project page links the project lead to the project's placement settings (the
stabilisation check-in schedule) and matching weights; nobody else sees the links."""

import pytest
from django.urls import reverse

from quartier.core.models import Role


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "shown"),
    [(Role.PROJECT_LEAD, True), (Role.JOB_COACH, False), (Role.EMPLOYER_LIAISON, False)],
)
def test_only_the_project_lead_gets_the_settings_links(login, world, role, shown):
    client = login(world.member(role))
    html = client.get(reverse("core:project_detail", args=[world.project.slug])).content.decode()
    settings_url = reverse("economy:economy_settings", args=[world.project.slug])
    weights_url = reverse("matching:weights", args=[world.project.slug])
    assert (f'href="{settings_url}"' in html) is shown
    assert (f'href="{weights_url}"' in html) is shown
