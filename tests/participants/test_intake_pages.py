"""The intake and first-contact pages of `participants.views`, as they open a case."""

from datetime import date

import pytest
from django.urls import reverse

from quartier.cases.models import Case
from quartier.participants.models import Participant
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client):
    """These tests read the pages' English texts; German is covered by the catalogue test."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def own_case(world, **participant):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        **{f"participant__{k}": v for k, v in participant.items()},
    )


def test_intake_warns_of_duplicates_then_saves_when_confirmed(world, worker, login):
    own_case(world, first_name="Anna", last_name="Müller", postcode="44649")
    client = login(worker)
    form = {
        "external_id": "N-1",
        "first_name": "Anne",
        "last_name": "Mueller",
        # The factory's birth date: Anne/Anna with another one would be two people.
        "birth_date": "1990-05-17",
        "gender": "female",
        "postcode": "44649",
        "entry_date": "2025-03-01",
        "labour_status": "inactive",
        "benefits": "sgb2",
        "third_country_national": "no",
        "foreign_background": "not_stated",
        "homeless": "no",
        "single_parent": "no",
        "public_transport": "on",
    }
    response = client.post(reverse("participants:intake"), form)
    assert response.status_code == 200
    assert "Possible duplicates" in response.text
    assert not Participant.objects.filter(external_id="N-1").exists()
    response = client.post(reverse("participants:intake"), {**form, "not_a_duplicate": "on"})
    case = Case.objects.get(participant__external_id="N-1")
    assert response.status_code == 302
    assert response.url == reverse("cases:case_detail", args=[case.pk])


def test_intake_with_birth_date_after_entry_shows_the_error(world, worker, login):
    response = login(worker).post(
        reverse("participants:intake"),
        {
            "external_id": "N-2",
            "first_name": "A",
            "last_name": "B",
            "birth_date": "2025-05-01",
            "gender": "male",
            "postcode": "44649",
            "entry_date": "2025-03-01",
            "labour_status": "inactive",
            "benefits": "none",
            "third_country_national": "no",
            "foreign_background": "no",
            "homeless": "no",
            "single_parent": "no",
        },
    )
    assert "The date of birth cannot be after the entry date." in response.text
    assert not Participant.objects.exists()


def test_first_contact_quick_form_and_conversion(world, worker, login):
    client = login(worker)
    response = client.post(
        reverse("participants:first_contact_list"),
        {
            "project": world.project.slug,
            "date": "2025-02-01",
            "channel": "walk_in",
            "topics": ["job_search"],
            "name": "Olena K.",
        },
    )
    assert response.status_code == 302
    from quartier.participants.models import FirstContact

    first_contact = FirstContact.objects.get()
    page = client.get(
        reverse("participants:intake"),
        {"project": world.project.slug, "first_contact": first_contact.pk},
    )
    assert 'value="Olena"' in page.text


def test_entry_date_of_today_default_in_intake(world, worker, login):
    page = login(worker).get(reverse("participants:intake"))
    assert page.status_code == 200
    assert date.today().isoformat() in page.text
