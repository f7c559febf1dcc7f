"""The project lead sets the deadlines for an answer to a referral; the daily job
follows them."""

from datetime import date, datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.network.models import NetworkSettings
from quartier.network.services import referrals as services
from tests.network.factories import sharing_consent

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def _url(world):
    return reverse("network:deadlines", args=[world.project.slug])


def test_the_lead_sets_the_deadlines_and_the_job_follows_them(world, login, client, sender, case):
    login(world.member(Role.PROJECT_LEAD, world.org_a))
    page = client.get(_url(world)).content.decode()
    assert 'value="10"' in page  # the defaults: 6, 9, 10
    response = client.post(
        _url(world), {"remind_after": "2", "escalate_after": "3", "expire_after": "4"}
    )
    assert response.status_code == 302
    settings = NetworkSettings.objects.get(project=world.project)
    assert (settings.remind_after, settings.escalate_after, settings.expire_after) == (2, 3, 4)

    sharing_consent(case, world.org_b)
    referral = services.referral_send(
        actor=sender,
        referral=services.referral_create(
            actor=sender,
            case=case,
            draft=services.Draft(
                recipient=world.org_b, purpose="language_course", reason="B1", shared_fields=[]
            ),
        ),
        now=timezone.make_aware(datetime(2026, 3, 2, 9)),
    )
    assert referral.answer_due == date(2026, 3, 6)
    assert services.referrals_check_deadlines(today=date(2026, 3, 6))["expired"] == 1


def test_deadlines_out_of_order_are_refused(world, login, client):
    login(world.member(Role.PROJECT_LEAD, world.org_a))
    response = client.post(
        _url(world), {"remind_after": "8", "escalate_after": "5", "expire_after": "10"}
    )
    assert response.status_code == 200
    assert "The reminder comes before the escalation" in response.content.decode()
    assert not NetworkSettings.objects.exists()


def test_a_stale_form_is_refused(world, login, client):
    login(world.member(Role.PROJECT_LEAD, world.org_a))
    client.post(_url(world), {"remind_after": "5", "escalate_after": "8", "expire_after": "10"})
    version = NetworkSettings.objects.get().version
    client.post(
        _url(world),
        {
            "expected_version": version,
            "remind_after": "4",
            "escalate_after": "8",
            "expire_after": "10",
        },
    )
    response = client.post(
        _url(world),
        {
            "expected_version": version,
            "remind_after": "3",
            "escalate_after": "8",
            "expire_after": "10",
        },
    )
    assert response.status_code == 200
    assert NetworkSettings.objects.get().remind_after == 4


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.NETWORK_COACH, Role.PARTNER_STAFF])
def test_only_the_lead_changes_them(world, login, client, role):
    login(world.member(role, world.org_a))
    response = client.post(
        _url(world), {"remind_after": "2", "escalate_after": "3", "expire_after": "4"}
    )
    assert response.status_code in (403, 404)
    assert not NetworkSettings.objects.exists()
