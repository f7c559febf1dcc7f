"""The business events API (`economy.api.events`): list, create, read with the
invitations and attendance, patch with versions, invitations; 404 for foreign ids,
422 with field messages."""

import pytest

from quartier.core.models import Role
from quartier.economy.models import EventInvitation
from tests.api.client import messages
from tests.economy.factories_events import EventEmployerFactory, EventFactory, InvitationFactory
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db

BASE = "/api/v1/business-events/"


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, world.org_a)


def test_create_list_read_and_patch(world, api_as, liaison):
    district = DistrictFactory()
    world.project.districts.add(district)
    EventFactory(project=world.project, organisation=world.org_b)
    client = api_as(liaison)
    created = client.post(
        BASE,
        {
            "project": world.project.slug,
            "kind": "fair",
            "title": "b2b in Lobeda/Winzerla",
            "date": "2026-05-20",
            "starts_at": "16:00",
            "ends_at": "19:00",
            "district": district.slug,
            "supports_companies": True,
            "responsible": liaison.pk,
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["organisation"], body["district"], body["responsible"]["id"]) == (
        world.org_a.slug,
        district.slug,
        liaison.pk,
    )
    assert body["invitations"] == []
    listed = client.get(BASE).json()
    assert [item["id"] for item in listed["items"]] == [body["id"]]
    assert client.get(BASE, {"kind": "workshop"}).json()["count"] == 0
    assert client.get(BASE, {"search": "lobeda"}).json()["count"] == 1
    url = f"{BASE}{body['id']}/"
    changed = client.patch(url, {"version": body["version"], "title": "b2b-Messe"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "b2b-Messe"
    stale = client.patch(url, {"version": body["version"], "place": "Halle"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["title"]


def test_invitations_with_attendance_in_the_event(world, api_as, liaison):
    event = EventFactory(project=world.project, organisation=world.org_a)
    employer = EventEmployerFactory(project=world.project, organisation=world.org_a)
    client = api_as(liaison)
    url = f"{BASE}{event.pk}/invitations/"
    for _ in range(2):
        answer = client.post(url, {"employer": employer.pk})
        assert answer.status_code == 200, answer.content
    assert EventInvitation.objects.count() == 1
    answer = client.post(url, {"employer": employer.pk, "attended": True, "attendees": 3})
    (invitation,) = answer.json()["invitations"]
    assert (invitation["employer"], invitation["attended"], invitation["attendees"]) == (
        employer.pk,
        True,
        3,
    )
    assert invitation["response"] == "accepted"
    read = client.get(f"{BASE}{event.pk}/").json()
    assert read["invitations"][0]["employer_name"] == employer.name


def test_foreign_ids_are_404(world, api_as, liaison):
    partners = EventFactory(project=world.project, organisation=world.org_b)
    own = EventFactory(project=world.project, organisation=world.org_a)
    foreign_employer = EventEmployerFactory(project=world.other_project, organisation=world.org_c)
    client = api_as(liaison)
    assert client.get(f"{BASE}{partners.pk}/").status_code == 404
    assert client.patch(f"{BASE}{partners.pk}/", {"version": 1, "title": "x"}).status_code == 404
    answer = client.post(f"{BASE}{own.pk}/invitations/", {"employer": foreign_employer.pk})
    assert answer.status_code == 404
    created = client.post(
        BASE,
        {
            "project": world.other_project.slug,
            "kind": "fair",
            "title": "x",
            "date": "2026-05-20",
        },
    )
    assert created.status_code == 404


def test_bad_input_is_422_with_field_messages(world, api_as, liaison):
    client = api_as(liaison)
    base = {"project": world.project.slug, "kind": "fair", "title": "x", "date": "2026-05-20"}
    answer = client.post(BASE, {**base, "district": "atlantis"})
    assert answer.status_code == 422
    assert "district" in answer.json()["fields"]
    worker = world.member(Role.CASE_WORKER, world.org_a)
    answer = client.post(BASE, {**base, "responsible": worker.pk})
    assert answer.status_code == 422
    assert "responsible" in answer.json()["fields"]
    answer = client.post(BASE, {**base, "starts_at": "18:00", "ends_at": "17:00"})
    assert answer.status_code == 422
    assert "end after it starts" in messages(answer)
    event = EventFactory(project=world.project, organisation=world.org_a)
    invitation = InvitationFactory(event=event)
    answer = client.post(
        f"{BASE}{event.pk}/invitations/",
        {"employer": invitation.employer_id, "response": "declined", "attended": True},
    )
    assert answer.status_code == 422


def test_a_case_worker_reads_but_does_not_write(world, api_as):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    event = EventFactory(project=world.project, organisation=world.org_a)
    client = api_as(worker)
    assert client.get(f"{BASE}{event.pk}/").status_code == 200
    answer = client.patch(f"{BASE}{event.pk}/", {"version": event.version, "title": "x"})
    assert answer.status_code == 403
