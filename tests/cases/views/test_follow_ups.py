"""The pages of `cases.views.follow_ups`: ticking a follow-up off."""

import pytest
from django.urls import reverse

from quartier.cases.models import FollowUp
from quartier.core.models import Role
from tests.cases.views.conftest import own_case
from tests.factories import FollowUpFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_follow_up_toggle_with_htmx_returns_the_row(world, worker, login):
    follow_up = FollowUpFactory(case=own_case(world), title="Anrufen")
    response = login(worker).post(
        reverse("cases:follow_up_toggle", args=[follow_up.pk]),
        {"done": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Anrufen" in response.text
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None


def test_follow_up_for_another_organisation_cannot_be_ticked(world, login):
    follow_up = FollowUpFactory(case=own_case(world))
    partner = world.member(Role.CASE_WORKER, world.org_b)
    response = login(partner).post(
        reverse("cases:follow_up_toggle", args=[follow_up.pk]), {"done": "1"}
    )
    assert response.status_code == 404
    assert FollowUp.objects.get(pk=follow_up.pk).done_at is None
