"""The contacts API (`cases.api.contacts`)."""

from datetime import date

import pytest

from quartier.cases.models import Contact
from quartier.core.models import Role
from tests.api.client import messages
from tests.factories import (
    ContactFactory,
)


@pytest.mark.django_db
def test_contacts_list_is_scoped_and_filtered_by_date(world, api_as, case_worker, cases):
    own, partner, _other = cases
    march = ContactFactory(case=own, date=date(2025, 3, 20), notes="Private note")
    ContactFactory(case=own, date=date(2025, 5, 20))
    ContactFactory(case=partner, notes="Partner's note")
    client = api_as(case_worker)
    everything = client.get("/api/v1/contacts/").json()
    assert everything["count"] == 2
    assert "Partner's note" not in str(everything)
    march_only = client.get(
        "/api/v1/contacts/", {"date_from": "2025-03-01", "date_to": "2025-03-31"}
    ).json()
    assert [item["id"] for item in march_only["items"]] == [march.pk]
    assert march_only["items"][0]["notes"] == "Private note"
    partner_worker = world.member(Role.CASE_WORKER, world.org_b)
    partner_view = api_as(partner_worker).get("/api/v1/contacts/", {"case": own.pk}).json()
    assert partner_view["count"] == 0
    assert client.get(f"/api/v1/contacts/{march.pk}/").json()["notes"] == "Private note"
    reversed_range = client.get(
        "/api/v1/contacts/", {"date_from": "2025-04-01", "date_to": "2025-03-01"}
    )
    assert reversed_range.status_code == 422


@pytest.mark.django_db
def test_contact_create_and_update(api_as, case_worker, cases):
    own = cases[0]
    client = api_as(case_worker)
    created = client.post(
        "/api/v1/contacts/",
        {
            "case": own.pk,
            "date": "2025-04-02",
            "duration_minutes": 60,
            "channel": "phone",
            "topics": ["debts", "housing"],
            "notes": "Called the debt counselling.",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["staff"]["id"] == case_worker.pk
    assert body["topics"] == ["debts", "housing"]
    url = f"/api/v1/contacts/{body['id']}/"
    changed = client.patch(url, {"version": body["version"], "duration_minutes": 45})
    assert changed.status_code == 200
    assert Contact.objects.get(pk=body["id"]).duration_minutes == 45
    stale = client.patch(url, {"version": body["version"], "notes": "overwritten"})
    assert stale.status_code == 409
    assert stale.json()["changed"] == ["duration_minutes"]
    assert Contact.objects.get(pk=body["id"]).notes == "Called the debt counselling."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "text"),
    [
        ({"date": "2025-02-01"}, "before the entry date"),
        ({"date": "2099-01-01"}, "in the future"),
        ({"date": "2025-04-01", "topics": ["astrology"]}, ""),
        ({"date": "2025-04-01", "channel": "pigeon"}, ""),
        ({"date": "2025-04-01", "duration_minutes": 2000}, ""),
    ],
)
def test_contact_with_bad_input_is_refused(api_as, case_worker, cases, body, text):
    response = api_as(case_worker).post("/api/v1/contacts/", {"case": cases[0].pk, **body})
    assert response.status_code == 422
    assert text in messages(response)
    assert not Contact.objects.exists()


@pytest.mark.django_db
def test_contact_update_refuses_a_date_before_entry(api_as, case_worker, cases):
    contact = ContactFactory(case=cases[0])
    response = api_as(case_worker).patch(
        f"/api/v1/contacts/{contact.pk}/",
        {"version": contact.version, "date": "2025-01-15", "notes": "new"},
    )
    assert response.status_code == 422
    assert "date: The contact cannot be before the entry date." in messages(response)
    contact.refresh_from_db()
    assert (contact.date, contact.notes) == (date(2025, 3, 20), "Talked about the CV.")
