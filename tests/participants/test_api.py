"""The participants API (`quartier/participants/api.py`): scoped list, intake, detail with
access log, changes with locking."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.cases.models import Case
from quartier.core.models import Role
from quartier.participants.models import Participant
from quartier.privacy.models import AccessLogEntry
from tests.api.client import messages
from tests.factories import CaseFactory, ConsentFactory, DistrictFactory

URL = "/api/v1/participants/"


def person(world, organisation=None, project=None, **fields):
    """A participant with their case, owned by `organisation` (default org A) in P."""
    return CaseFactory(
        participant__project=project or world.project,
        participant__organisation=organisation or world.org_a,
        **{f"participant__{name}": value for name, value in fields.items()},
    ).participant


def intake_body(world, **overrides):
    body = {
        "project": world.project.slug,
        "entry_date": "2025-04-01",
        "external_id": "API-001",
        "first_name": "Amira",
        "last_name": "Yilmaz",
        "birth_date": "1994-02-03",
        "gender": "female",
        "postcode": "44649",
        "labour_status": "unemployed",
        "unemployed_since": "2023-06-01",
        "isced": 3,
        "third_country_national": "yes",
    }
    body.update(overrides)
    return body


@pytest.fixture
def case_worker(world):
    return world.member(Role.CASE_WORKER, world.org_a)


# The list ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_case_worker_sees_only_own_organisations_participants_in_the_project(
    world, api_as, case_worker
):
    own = person(world)
    person(world, organisation=world.org_b)
    person(world, organisation=world.org_c, project=world.other_project)
    response = api_as(case_worker).get(URL)
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [own.pk]
    assert response.json()["count"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH, Role.EMPLOYER_LIAISON])
def test_roles_without_case_access_get_an_empty_list_and_404(world, api_as, role):
    participant = person(world)
    client = api_as(world.member(role, world.org_a))
    assert client.get(URL).json() == {"items": [], "count": 0}
    assert client.get(f"{URL}{participant.pk}/").status_code == 404
    assert client.patch(f"{URL}{participant.pk}/", {"version": 1}).status_code == 404


@pytest.mark.django_db
def test_list_filters_by_project_and_searches_name_and_number(world, api_as, case_worker):
    world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    anna = person(world, first_name="Anna", last_name="Schmidt", external_id="TN-77")
    person(world, first_name="Bernd", last_name="Schulz")
    elsewhere_user = case_worker
    client = api_as(elsewhere_user)
    found = client.get(URL, {"search": "schmi"}).json()["items"]
    assert [item["id"] for item in found] == [anna.pk]
    assert [i["id"] for i in client.get(URL, {"search": "tn-77"}).json()["items"]] == [anna.pk]
    assert client.get(URL, {"project": world.other_project.slug}).json()["count"] == 0
    assert client.get(URL, {"project": world.project.slug}).json()["count"] == 2


@pytest.mark.django_db
def test_list_is_paginated_in_name_order(world, api_as, case_worker):
    for last_name in ["Cem", "Adler", "Berg"]:
        person(world, last_name=last_name)
    body = api_as(case_worker).get(URL, {"limit": 2, "offset": 1}).json()
    assert body["count"] == 3
    assert [item["last_name"] for item in body["items"]] == ["Berg", "Cem"]


@pytest.mark.django_db
def test_list_needs_a_fixed_number_of_queries(world, api_as, case_worker):
    client = api_as(case_worker)
    client.get(URL)  # the token's first use is recorded once
    counts = []
    for total in (5, 25):
        while Participant.objects.filter(organisation=world.org_a).count() < total:
            ConsentFactory(participant=person(world), purpose="special_categories")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"limit": 100}).json()["count"] == total
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Detail --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_detail_is_access_logged(world, api_as, case_worker):
    participant = person(world)
    response = api_as(case_worker).get(f"{URL}{participant.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert body["case"] == participant.case.pk
    assert body["project"] == world.project.slug
    assert body["organisation"] == world.org_a.slug
    entry = AccessLogEntry.objects.get(action="view")
    assert (entry.user, entry.action, entry.record_type, entry.record_id) == (
        case_worker,
        "view",
        "participants.participant",
        participant.pk,
    )
    assert entry.organisation_id == world.org_a.pk


@pytest.mark.django_db
def test_foreign_participants_are_404_and_not_logged(world, api_as, case_worker):
    partner = person(world, organisation=world.org_b)
    other_project = person(world, organisation=world.org_c, project=world.other_project)
    client = api_as(case_worker)
    for foreign in (partner, other_project):
        assert client.get(f"{URL}{foreign.pk}/").status_code == 404
        response = client.patch(f"{URL}{foreign.pk}/", {"version": 1, "first_name": "X"})
        assert response.status_code == 404
        foreign.refresh_from_db()
        assert foreign.first_name != "X"
    assert client.get(f"{URL}999999/").status_code == 404
    # No read was logged (the records made above are CHANGE entries of the access log).
    assert not AccessLogEntry.objects.exclude(action="change").exists()


@pytest.mark.django_db
def test_special_categories_are_null_without_a_valid_consent(world, api_as, case_worker):
    participant = person(world, disability="yes", health_notes="Asthma")
    client = api_as(case_worker)
    body = client.get(f"{URL}{participant.pk}/").json()
    assert (body["disability"], body["minority"], body["health_notes"]) == (None, None, None)
    consent = ConsentFactory(
        participant=participant, purpose="special_categories", given_on=date(2025, 3, 1)
    )
    body = client.get(f"{URL}{participant.pk}/").json()
    assert (body["disability"], body["health_notes"]) == ("yes", "Asthma")
    consent.withdrawn_on = date(2025, 6, 1)
    consent.save()
    listed = client.get(URL).json()["items"][0]
    assert listed["disability"] is None
    assert listed["health_notes"] is None


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "patch"])
def test_without_token_is_401(world, api_as, method):
    participant = person(world)
    client = api_as(None)
    path = URL if method == "post" else f"{URL}{participant.pk}/"
    response = client.get(path) if method == "get" else getattr(client, method)(path, {})
    assert response.status_code == 401
    assert client.get(URL).status_code == 401


# Intake --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_intake_creates_participant_and_case_for_the_own_organisation(world, api_as, case_worker):
    district = DistrictFactory()
    world.project.districts.add(district)
    response = api_as(case_worker).post(URL, intake_body(world, district=district.slug))
    assert response.status_code == 201, response.content
    body = response.json()
    participant = Participant.objects.get(pk=body["id"])
    assert participant.organisation == world.org_a
    assert participant.district == district
    assert participant.third_country_national == "yes"
    case = participant.case
    assert case.entry_date == date(2025, 4, 1)
    assert case.responsible == case_worker
    assert case.stage == "first_counselling"
    assert body["case"] == case.pk
    assert body["entry_date"] == "2025-04-01"
    assert body["version"] == participant.version


@pytest.mark.django_db
def test_intake_names_another_organisation_only_where_the_user_has_a_case_role(world, api_as):
    user = world.member(Role.CASE_WORKER, world.org_a)
    client = api_as(user)
    refused = client.post(URL, intake_body(world, organisation=world.org_b.slug))
    assert refused.status_code == 422
    assert "organisation" in refused.json()["fields"]
    from tests.factories import MembershipFactory

    MembershipFactory(user=user, project=world.project, organisation=world.org_b)
    accepted = client.post(URL, intake_body(world, organisation=world.org_b.slug))
    assert accepted.status_code == 201
    assert accepted.json()["organisation"] == world.org_b.slug


@pytest.mark.django_db
def test_intake_into_a_project_without_a_case_role_is_404(world, api_as, case_worker):
    response = api_as(case_worker).post(URL, intake_body(world, project=world.other_project.slug))
    assert response.status_code == 404
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    assert api_as(evaluator).post(URL, intake_body(world)).status_code == 404
    assert not Participant.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "field", "text"),
    [
        ({"birth_date": "2025-05-01"}, "birth_date", "cannot be after the entry date"),
        ({"unemployed_since": "2025-05-01"}, "unemployed_since", "cannot be after the entry"),
        ({"unemployed_since": None}, "unemployed_since", "since when"),
        ({"postcode": "4464"}, "postcode", "five digits"),
        ({"district": "nowhere"}, "district", "Unknown district"),
    ],
    ids=[
        "birth-after-entry",
        "unemployed-after-entry",
        "unemployed-without-date",
        "postcode",
        "district",
    ],
)
def test_intake_with_bad_input_is_422_and_saves_nothing(
    world, api_as, case_worker, overrides, field, text
):
    response = api_as(case_worker).post(URL, intake_body(world, **overrides))
    assert response.status_code == 422, response.content
    assert text in " ".join(response.json()["fields"][field])
    assert f"{field}: " in messages(response)
    assert not Participant.objects.exists()
    assert not Case.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides",
    [
        {"gender": "unknown"},
        {"labour_status": "retired"},
        {"isced": 9},
        {"entry_date": "2025-13-01"},
    ],
)
def test_intake_with_unknown_codes_is_422(world, api_as, case_worker, overrides):
    response = api_as(case_worker).post(URL, intake_body(world, **overrides))
    assert response.status_code == 422
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_intake_refuses_special_categories_before_the_consent(world, api_as, case_worker):
    response = api_as(case_worker).post(URL, intake_body(world, disability="yes"))
    assert response.status_code == 422
    assert "special-category consent" in messages(response)
    assert not Participant.objects.exists()


@pytest.mark.django_db
def test_intake_asks_to_confirm_a_possible_duplicate(world, api_as, case_worker):
    # The same birth date: with another one, Yilmas/Yilmaz would be two people.
    existing = person(
        world,
        first_name="Amira",
        last_name="Yilmas",
        postcode="44649",
        birth_date=date(1994, 2, 3),
    )
    client = api_as(case_worker)
    first = client.post(URL, intake_body(world))
    assert first.status_code == 422
    assert str(existing.pk) in messages(first)
    assert Participant.objects.count() == 1
    second = client.post(URL, intake_body(world, not_a_duplicate=True))
    assert second.status_code == 201
    assert Participant.objects.count() == 2


@pytest.mark.django_db
def test_intake_refuses_a_number_used_in_the_project(world, api_as, case_worker):
    person(world, external_id="API-001", postcode="10115")
    response = api_as(case_worker).post(URL, intake_body(world))
    assert response.status_code == 422
    assert Participant.objects.count() == 1


# Changes -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_patch_changes_only_the_fields_sent_and_raises_the_version(world, api_as, case_worker):
    participant = person(world, first_name="Anna", phone="0231 1")
    response = api_as(case_worker).patch(
        f"{URL}{participant.pk}/",
        {"version": participant.version, "phone": "0231 2", "labour_status": "employed"},
    )
    assert response.status_code == 200, response.content
    participant.refresh_from_db()
    assert (participant.phone, participant.first_name) == ("0231 2", "Anna")
    assert participant.labour_status == "employed"
    assert participant.unemployed_since is None
    assert response.json()["version"] == participant.version


@pytest.mark.django_db
def test_patch_with_a_stale_version_is_409_naming_what_changed(world, api_as, case_worker):
    participant = person(world, phone="0231 1", city="Herne")
    client = api_as(case_worker)
    read = client.get(f"{URL}{participant.pk}/").json()
    assert (
        client.patch(
            f"{URL}{participant.pk}/", {"version": read["version"], "phone": "0231 2"}
        ).status_code
        == 200
    )
    stale = client.patch(f"{URL}{participant.pk}/", {"version": read["version"], "city": "Bochum"})
    assert stale.status_code == 409
    body = stale.json()
    assert body["changed"] == ["phone"]
    assert body["version"] == read["version"] + 1
    assert "Changed meanwhile: phone." in body["detail"]
    assert f"send your change with version {read['version'] + 1}" in body["detail"]
    participant.refresh_from_db()
    assert (participant.city, participant.phone) == ("Herne", "0231 2")


@pytest.mark.django_db
def test_patch_with_bad_dates_is_422_and_changes_nothing(world, api_as, case_worker):
    participant = person(world, phone="0231 1")
    version = participant.version
    response = api_as(case_worker).patch(
        f"{URL}{participant.pk}/",
        {"version": version, "phone": "0231 9", "birth_date": "2025-06-01"},
    )
    assert response.status_code == 422
    assert "date of birth" in messages(response)
    participant.refresh_from_db()
    assert (participant.phone, participant.version) == ("0231 1", version)


@pytest.mark.django_db
def test_patch_of_special_categories_needs_the_consent(world, api_as, case_worker):
    participant = person(world)
    client = api_as(case_worker)
    refused = client.patch(
        f"{URL}{participant.pk}/", {"version": participant.version, "minority": "yes"}
    )
    assert refused.status_code == 422
    ConsentFactory(participant=participant, purpose="special_categories")
    accepted = client.patch(
        f"{URL}{participant.pk}/", {"version": participant.version, "minority": "yes"}
    )
    assert accepted.status_code == 200
    assert accepted.json()["minority"] == "yes"


@pytest.mark.django_db
def test_patch_without_version_is_422(world, api_as, case_worker):
    participant = person(world)
    response = api_as(case_worker).patch(f"{URL}{participant.pk}/", {"phone": "1"})
    assert response.status_code == 422


@pytest.mark.django_db
def test_openapi_description_lists_the_case_file_endpoints(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/participants/"])
    assert {"get", "patch"} <= set(paths["/api/v1/participants/{participant_id}/"])
    assert {"post", "delete"} <= set(paths["/api/v1/cases/{case_id}/exit/"])
    for path in ("assessments", "plans", "contacts", "follow-ups"):
        assert f"/api/v1/{path}/" in paths
