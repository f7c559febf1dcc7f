"""The pages of `cases.views.contacts`."""

import pytest
from django.urls import reverse

from tests.cases.views.conftest import own_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_contact_form_records_hours(world, worker, login):
    case = own_case(world)
    client = login(worker)
    for minutes in (45, 75):
        client.post(
            reverse("cases:contact_create", args=[case.pk]),
            {
                "date": "2025-04-01",
                "duration_minutes": minutes,
                "channel": "phone",
                "topics": ["job_search", "childcare"],
                "notes": "Rückruf",
            },
        )
    text = client.get(reverse("cases:contact_list", args=[case.pk])).text
    assert "2 contacts, 2 hours in all" in text
