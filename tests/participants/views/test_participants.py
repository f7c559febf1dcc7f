"""The participant pages in the browser's terms: the edit page, with and without the
special-category consent, posted as the page's own form posts it."""

import pytest
from django.urls import reverse

from quartier.participants.models import Participant
from tests.factories import CaseFactory, ConsentFactory
from tests.page_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def own_participant(world, **fields) -> Participant:
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        **{f"participant__{k}": v for k, v in fields.items()},
    )
    return case.participant


def edit_url(participant) -> str:
    return reverse("participants:participant_edit", args=[participant.pk])


def test_edit_page_without_special_category_consent_opens_and_saves(world, worker, login):
    participant = own_participant(world, last_name="Ohnezustimmung", health_notes="")
    client = login(worker)
    page = client.get(edit_url(participant))
    assert page.status_code == 200
    assert 'name="health_notes"' not in page.text
    assert 'name="disability"' not in page.text
    data = form_data(page.text, containing="last_name", last_name="Neuname")
    response = client.post(edit_url(participant), data)
    assert response.status_code == 302, response.text
    participant.refresh_from_db()
    assert participant.last_name == "Neuname"


def test_edit_page_keeps_stored_special_categories_without_consent(world, worker, login):
    participant = own_participant(world, disability="yes", health_notes="Asthma")
    client = login(worker)
    page = client.get(edit_url(participant))
    assert page.status_code == 200
    assert "Asthma" not in page.text
    response = client.post(edit_url(participant), form_data(page.text, containing="last_name"))
    assert response.status_code == 302, response.text
    participant.refresh_from_db()
    assert (participant.disability, participant.health_notes) == ("yes", "Asthma")


def test_edit_page_with_special_category_consent_shows_and_saves_health_notes(world, worker, login):
    participant = own_participant(world)
    ConsentFactory(participant=participant, purpose="special_categories")
    client = login(worker)
    page = client.get(edit_url(participant))
    assert page.status_code == 200
    assert 'name="health_notes"' in page.text
    assert 'rows="3"' in page.text
    data = form_data(page.text, containing="health_notes", health_notes="Rückenschmerzen")
    response = client.post(edit_url(participant), data)
    assert response.status_code == 302, response.text
    participant.refresh_from_db()
    assert participant.health_notes == "Rückenschmerzen"


def test_edit_page_refuses_special_categories_posted_without_consent(world, worker, login):
    participant = own_participant(world)
    client = login(worker)
    page = client.get(edit_url(participant))
    data = form_data(page.text, containing="last_name", health_notes="Asthma")
    response = client.post(edit_url(participant), data)
    assert response.status_code == 302, response.text
    participant.refresh_from_db()
    assert participant.health_notes == ""
