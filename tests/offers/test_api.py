"""The offers API as a whole (`api` router): every endpoint needs a token, aggregate
roles see no people, the OpenAPI description builds."""

import pytest
from django.utils import timezone

from quartier.core.models import Role
from quartier.offers.models import Offer
from quartier.offers.services.certificates import certificate_issue
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
)

TODAY = timezone.localdate()


def register_url(offer, day=TODAY) -> str:
    return f"/api/v1/offers/{offer.pk}/register/{day}/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Certificates issued here store their PDF: in a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


# Aggregate roles, authentication, description ------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH])
def test_aggregate_roles_see_the_catalogue_but_no_people(world, api_as, offer, role):
    enrolment = EnrolmentFactory(offer=offer)
    AttendanceFactory(enrolment=enrolment)
    certificate_issue(
        actor=world.member(Role.CASE_WORKER, world.org_a), enrolment=enrolment, kind="confirmation"
    )
    client = api_as(world.member(role, world.org_a))
    assert client.get("/api/v1/offers/").json()["count"] == 1
    for path in ("enrolments", "attendance", "certificates", "service-requests"):
        assert client.get(f"/api/v1/{path}/").json() == {"items": [], "count": 0}, path
    assert client.get(register_url(offer)).json()["rows"] == []
    assert client.get(f"/api/v1/enrolments/{enrolment.pk}/").status_code == 404
    refused = client.post(
        "/api/v1/offers/", {"project": world.project.slug, "kind": "course", "title": "X"}
    )
    assert refused.status_code == 403
    assert Offer.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/v1/offers/"),
        ("post", "/api/v1/offers/"),
        ("get", "/api/v1/offers/1/"),
        ("patch", "/api/v1/offers/1/"),
        ("get", "/api/v1/locations/"),
        ("post", "/api/v1/locations/"),
        ("get", "/api/v1/locations/1/"),
        ("patch", "/api/v1/locations/1/"),
        ("get", "/api/v1/offers/1/schedules/"),
        ("post", "/api/v1/offers/1/schedules/"),
        ("get", "/api/v1/offers/1/schedules/1/"),
        ("patch", "/api/v1/offers/1/schedules/1/"),
        ("delete", "/api/v1/offers/1/schedules/1/"),
        ("get", "/api/v1/offers/1/translations/"),
        ("put", "/api/v1/offers/1/translations/en/"),
        ("delete", "/api/v1/offers/1/translations/en/"),
        ("get", "/api/v1/enrolments/"),
        ("post", "/api/v1/enrolments/"),
        ("get", "/api/v1/enrolments/1/"),
        ("patch", "/api/v1/enrolments/1/"),
        ("post", "/api/v1/enrolments/1/end/"),
        ("get", "/api/v1/attendance/"),
        ("get", "/api/v1/offers/1/register/2026-01-05/"),
        ("put", "/api/v1/offers/1/register/2026-01-05/"),
        ("get", "/api/v1/certificates/"),
        ("post", "/api/v1/certificates/"),
        ("get", "/api/v1/certificates/1/"),
        ("post", "/api/v1/certificates/1/revoke/"),
        ("get", "/api/v1/offers/1/certificate-candidates/"),
        ("get", "/api/v1/service-requests/"),
        ("post", "/api/v1/service-requests/"),
        ("get", "/api/v1/service-requests/1/"),
        ("patch", "/api/v1/service-requests/1/"),
    ],
)
def test_every_offers_endpoint_needs_a_token(api_as, method, path):
    client = api_as(None)
    response = (
        getattr(client, method)(path)
        if method in ("get", "delete")
        else getattr(client, method)(path, {})
    )
    assert response.status_code == 401


@pytest.mark.django_db
def test_openapi_description_builds_with_the_offers_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/offers/"])
    assert {"get", "patch"} <= set(paths["/api/v1/offers/{offer_id}/"])
    assert {"get", "patch", "delete"} <= set(
        paths["/api/v1/offers/{offer_id}/schedules/{schedule_id}/"]
    )
    assert {"put", "delete"} <= set(paths["/api/v1/offers/{offer_id}/translations/{language}/"])
    assert {"get", "put"} <= set(paths["/api/v1/offers/{offer_id}/register/{day}/"])
    assert set(paths["/api/v1/certificates/{certificate_id}/"]) == {"get"}
    for path in ("locations", "enrolments", "attendance", "certificates", "service-requests"):
        assert f"/api/v1/{path}/" in paths
