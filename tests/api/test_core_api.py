"""The API: token authentication, scoping and the OpenAPI description."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from quartier.core import services
from quartier.core.models import ApiToken, Role
from tests.factories import DistrictFactory, DistrictStatisticFactory


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def token_for(world):
    def _token(user):
        return services.api_token_create(actor=user, user=user, name="test")[1]

    return _token


@pytest.mark.django_db
def test_openapi_description_is_served(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/projects/" in paths
    assert "/api/v1/districts/{slug}/" in paths


@pytest.mark.django_db
@pytest.mark.parametrize(
    "header",
    [None, "Bearer", "Bearer qrt_doesnotexist", "Token abc", "Bearer " + "x" * 500, "Basic Zm9v"],
    ids=["none", "empty", "unknown", "wrong-scheme", "huge", "basic"],
)
def test_missing_or_malformed_token_is_401_with_a_message(client, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = client.get("/api/v1/projects/", **extra)
    assert response.status_code == 401
    assert "token" in response.json()["detail"].lower()


@pytest.mark.django_db
def test_projects_are_scoped_to_the_tokens_user(client, world, token_for):
    key = token_for(world.member(Role.CASE_WORKER))
    response = client.get("/api/v1/projects/", **bearer(key))
    assert response.status_code == 200
    slugs = [item["slug"] for item in response.json()["items"]]
    assert slugs == [world.project.slug]
    foreign = client.get(f"/api/v1/projects/{world.other_project.slug}/", **bearer(key))
    assert foreign.status_code == 404


@pytest.mark.django_db
def test_project_detail_lists_consortium_with_lead(client, world, token_for):
    key = token_for(world.member(Role.EVALUATOR))
    body = client.get(f"/api/v1/projects/{world.project.slug}/", **bearer(key)).json()
    leads = [m["organisation_id"] for m in body["consortium"] if m["is_lead"]]
    assert leads == [world.org_a.pk]
    assert len(body["consortium"]) == 2
    names = {m["organisation_id"]: m["organisation"] for m in body["consortium"]}
    assert names == {world.org_a.pk: world.org_a.name, world.org_b.pk: world.org_b.name}


@pytest.mark.django_db
def test_organisation_of_another_project_is_404(client, world, token_for):
    key = token_for(world.member(Role.CASE_WORKER))
    assert client.get(f"/api/v1/organisations/{world.org_b.pk}/", **bearer(key)).status_code == 200
    assert client.get(f"/api/v1/organisations/{world.org_c.pk}/", **bearer(key)).status_code == 404
    listed = client.get("/api/v1/organisations/", **bearer(key)).json()["items"]
    assert {o["id"] for o in listed} == {world.org_a.pk, world.org_b.pk}


@pytest.mark.django_db
def test_districts_come_with_statistics_and_are_scoped(client, world, token_for):
    mine = DistrictStatisticFactory().district
    world.project.districts.add(mine)
    foreign = DistrictFactory()
    world.other_project.districts.add(foreign)
    key = token_for(world.member(Role.NETWORK_COACH))
    body = client.get(f"/api/v1/districts/{mine.slug}/", **bearer(key)).json()
    assert body["statistics"][0]["population_district"] == 9725
    assert body["statistics"][0]["sgb2_rate_district"] == "23.90"
    assert client.get(f"/api/v1/districts/{foreign.slug}/", **bearer(key)).status_code == 404


@pytest.mark.django_db
def test_lists_are_paginated(client, world, token_for):
    key = token_for(world.member(Role.CASE_WORKER))
    body = client.get("/api/v1/organisations/?limit=1&offset=1", **bearer(key)).json()
    assert body["count"] == 2
    assert len(body["items"]) == 1


@pytest.mark.django_db
def test_revoked_and_expired_tokens_are_refused(client, world):
    user = world.member(Role.CASE_WORKER)
    token, key = services.api_token_create(actor=user, user=user, name="t")
    assert client.get("/api/v1/projects/", **bearer(key)).status_code == 200
    services.api_token_revoke(actor=user, token=token)
    assert client.get("/api/v1/projects/", **bearer(key)).status_code == 401
    expired, expired_key = services.api_token_create(
        actor=user, user=user, name="e", expires_at=timezone.now() - timedelta(days=1)
    )
    assert client.get("/api/v1/projects/", **bearer(expired_key)).status_code == 401


@pytest.mark.django_db
def test_token_of_deactivated_user_is_refused(client, world, token_for):
    user = world.member(Role.CASE_WORKER)
    key = token_for(user)
    user.is_active = False
    user.save()
    assert client.get("/api/v1/projects/", **bearer(key)).status_code == 401


@pytest.mark.django_db
def test_create_api_token_command_prints_the_key_once(world, capsys):
    user = world.member(Role.PROJECT_LEAD)
    call_command("create_api_token", user.email, "--name", "Export")
    key = capsys.readouterr().out.strip()
    assert key.startswith("qrt_")
    token = ApiToken.objects.get(user=user)
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in str(ApiToken.objects.values())


@pytest.mark.django_db
def test_create_api_token_command_names_an_unknown_user():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_token", "nobody@example.org")


@pytest.mark.django_db
def test_token_page_shows_key_once_and_revokes(login, world):
    from django.urls import reverse

    user = world.member(Role.CASE_WORKER)
    client = login(user)
    response = client.post(reverse("core:api_tokens"), {"name": "Auswertung"})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get(user=user)
    html = response.content.decode()
    assert 'id="new-token">qrt_' in html
    second = client.get(reverse("core:api_tokens")).content.decode()
    assert 'id="new-token"' not in second
    client.post(reverse("core:api_token_revoke", args=[token.pk]))
    token.refresh_from_db()
    assert token.revoked_at is not None


@pytest.mark.django_db
def test_token_page_refuses_a_date_in_the_past_next_to_the_field(login, world):
    from django.urls import reverse

    user = world.member(Role.CASE_WORKER)
    response = login(user).post(
        reverse("core:api_tokens"), {"name": "Alt", "expires_at": "2020-01-01"}
    )
    assert response.status_code == 200
    assert 'id="id_expires_at_error"' in response.content.decode()
    assert not ApiToken.objects.filter(user=user).exists()


@pytest.mark.django_db
def test_token_valid_until_a_day_works_through_that_day(world):
    user = world.member(Role.CASE_WORKER)
    today = timezone.localdate()
    token, _ = services.api_token_create(actor=user, user=user, name="t", valid_until=today)
    assert timezone.localtime(token.expires_at).date() == today
    assert token.is_active
