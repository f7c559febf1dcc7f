"""privacy:person_export: the Art. 15 ZIP as a download, POST only, for the privacy
roles of the participant's organisation."""

import io
import json
import tempfile
import zipfile

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from tests.factories import ParticipantFactory
from tests.privacy.factories_export import full_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return full_person(world)


def _url(participant) -> str:
    return reverse("privacy:person_export", args=[participant.pk])


def _zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.mark.parametrize("role", [Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN])
def test_a_privacy_role_downloads_the_zip(person, world, login, role):
    user = world.member(role, world.org_a)
    response = login(user).post(_url(person.participant))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    name = (
        f"auskunft-{person.participant.external_id.lower()}-{timezone.localdate().isoformat()}.zip"
    )
    assert response["Content-Disposition"] == f'attachment; filename="{name}"'
    assert "no-store" in response["Cache-Control"]
    archive = _zip(response)
    data = json.loads(archive.read("person-data.json"))
    assert data["identity"]["last_name"] == "Exportowa"
    assert data["referrals"][0]["recipient"]["name"] == person.recipient.name
    assert "summary.pdf" in archive.namelist()
    entry = AccessLogEntry.objects.get(action="export")
    assert (entry.user, entry.detail, entry.record_id) == (
        user,
        "art. 15 export",
        person.participant.pk,
    )


def test_a_get_is_refused_and_logs_nothing(person, world, login):
    user = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    response = login(user).get(_url(person.participant))
    assert response.status_code == 405
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_the_platform_admin_downloads_it(person, platform_admin, login):
    response = login(platform_admin).post(_url(person.participant))
    assert response.status_code == 200


@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.PROJECT_LEAD, Role.JOB_COACH, Role.EVALUATOR]
)
def test_other_roles_get_a_404(person, world, login, role):
    user = world.member(role, world.org_a)
    assert login(user).post(_url(person.participant)).status_code == 404
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_another_organisations_participant_is_a_404(world, login):
    """The DPO of organisation B, in the same project, does not reach A's participant."""
    participant = ParticipantFactory(project=world.project, organisation=world.org_a)
    user = world.member(Role.DATA_PROTECTION_OFFICER, world.org_b)
    assert login(user).post(_url(participant)).status_code == 404
    own = ParticipantFactory(project=world.project, organisation=world.org_b)
    assert login(user).post(_url(own)).status_code == 200


def test_an_unknown_id_is_a_404(world, login):
    user = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    assert login(user).post(reverse("privacy:person_export", args=[999999])).status_code == 404


def test_the_post_needs_the_csrf_token(world):
    participant = ParticipantFactory(project=world.project, organisation=world.org_a)
    user = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.post(_url(participant)).status_code == 403
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_a_big_export_is_spooled_to_a_file(person, world, login, monkeypatch):
    """Beyond the memory limit the ZIP goes to a temporary file, and still arrives whole."""
    from quartier.privacy.views import person_export as view

    spools = []

    class RecordingSpool(tempfile.SpooledTemporaryFile):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            spools.append(self)

    monkeypatch.setattr(view, "SPOOL_MEMORY", 1024)
    monkeypatch.setattr(view.tempfile, "SpooledTemporaryFile", RecordingSpool)
    user = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    response = login(user).post(_url(person.participant))
    assert "summary.pdf" in _zip(response).namelist()
    [spool] = spools
    assert spool._rolled  # written to disk, not kept in memory


def _form_for(user, participant) -> str:
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    return render_to_string(
        "privacy/includes/person_export_form.html", {"participant": participant}, request=request
    )


def test_the_download_form_for_a_persons_page(world):
    """privacy/includes/person_export_form.html: a POST form with the CSRF token, for
    whoever may export; nothing for anyone else."""
    participant = ParticipantFactory(project=world.project, organisation=world.org_a)
    html = _form_for(world.member(Role.DATA_PROTECTION_OFFICER, world.org_a), participant)
    assert 'method="post"' in html
    assert f'action="{_url(participant)}"' in html
    assert "csrfmiddlewaretoken" in html
    assert _form_for(world.member(Role.CASE_WORKER, world.org_a), participant).strip() == ""
