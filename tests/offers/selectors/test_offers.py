"""The one offer filter (`selectors.offers.offer_list`): the catalogue page and the API's
offer list give the same offers for the same filter."""

import pytest
from django.urls import reverse

from quartier.core.models import Role
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(world):
    made = {
        "cafe": OfferFactory(
            project=world.project,
            organisation=world.org_a,
            title="Café Bär",
            kind="cafe_meeting",
            occupational_field="",
            target_groups=["seniors", "families"],
            published=True,
        ),
        "care": OfferFactory(
            project=world.project,
            organisation=world.org_b,
            title="Pflege Basiskurs",
            kind="course",
            occupational_field="care",
            target_groups=["single_parents"],
        ),
        "old": OfferFactory(
            project=world.project, organisation=world.org_a, title="Altes Modul", active=False
        ),
        "foreign": OfferFactory(project=world.other_project, title="Fremdes Angebot"),
    }
    return made


def _page_ids(client, params: dict) -> list[int]:
    response = client.get(reverse("offers:offer_list"), params)
    assert response.status_code == 200
    return [offer.pk for offer in response.context["page"].object_list]


def _api_ids(api, params: dict) -> list[int]:
    response = api.get("/api/v1/offers/", params)
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("page", "api"),
    [
        ({}, {}),
        ({"q": "pflege kurs"}, {"search": "pflege kurs"}),
        ({"kind": "cafe_meeting"}, {"kind": "cafe_meeting"}),
        ({"occupational_field": "care"}, {"occupational_field": "care"}),
        ({"target_group": "seniors"}, {"target_group": "seniors"}),
        ({"published": "published"}, {"published": "true"}),
        ({"published": "internal"}, {"published": "false"}),
        ({"active": "all"}, {"include_inactive": "true"}),
        ({"project": "{project_id}"}, {"project": "{project_slug}"}),
        (
            {"project": "{project_id}", "kind": "course"},
            {"project": "{project_slug}", "kind": "course"},
        ),
    ],
)
def test_the_page_and_the_api_list_the_same_offers_for_the_same_filter(
    world, login, api_as, offers, page, api
):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    values = {"project_id": str(world.project.pk), "project_slug": world.project.slug}
    page = {key: value.format(**values) for key, value in page.items()}
    api = {key: value.format(**values) for key, value in api.items()}
    from_api = _api_ids(api_as(worker), api)
    from_page = _page_ids(login(worker), page)
    assert from_page == from_api
    assert offers["foreign"].pk not in from_page
