"""A consent text's version that consents name is never changed nor deleted (model and
admin); consents and texts are in the change log."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.admin.sites import site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from quartier.participants.models import ConsentText
from tests.factories import ConsentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def text(world):
    return ConsentText.objects.create(
        project=world.project,
        purpose="photos",
        text_version="1.0",
        text="Fotos dürfen gezeigt werden.",
        valid_from=date(2026, 1, 1),
    )


@pytest.fixture
def signed(world, text):
    participant = ParticipantFactory(project=world.project, organisation=world.org_a)
    ConsentFactory(participant=participant, purpose="photos", text_version="1.0")
    return text


def test_an_unsigned_version_can_be_corrected_and_deleted(text):
    text.text = "Fotos dürfen im Flyer gezeigt werden."
    text.full_clean()
    text.save()
    text.delete()
    assert not ConsentText.objects.exists()


def test_a_signed_version_cannot_be_changed(signed):
    signed.text = "Etwas anderes."
    with pytest.raises(ValidationError, match="cannot be changed"):
        signed.full_clean()
    with pytest.raises(ValidationError):
        signed.save()
    assert ConsentText.objects.get(pk=signed.pk).text == "Fotos dürfen gezeigt werden."


def test_a_signed_version_cannot_be_deleted(signed):
    with pytest.raises(ValidationError, match="cannot be deleted"):
        signed.delete()
    assert ConsentText.objects.filter(pk=signed.pk).exists()


def test_a_consent_of_another_project_does_not_sign_it(world, text):
    other = ParticipantFactory(project=world.other_project)
    ConsentFactory(participant=other, purpose="photos", text_version="1.0")
    assert not text.is_signed()


def test_the_admin_shows_a_signed_version_read_only(signed, platform_admin):
    admin = site._registry[ConsentText]
    request = RequestFactory().get("/")
    request.user = platform_admin
    assert "text" in admin.get_readonly_fields(request, signed)
    assert not admin.has_delete_permission(request, signed)
    assert admin.get_actions(request) == {}


def test_consents_and_texts_are_in_the_change_log(world, signed):
    assert LogEntry.objects.get_for_object(signed).filter(action=LogEntry.Action.CREATE).exists()
    consent = ConsentFactory(participant=ParticipantFactory(project=world.project))
    entry = LogEntry.objects.get_for_object(consent).get()
    assert entry.additional_data["personal"] is True
