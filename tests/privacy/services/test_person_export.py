"""privacy.services.person_export: the Art. 15 ZIP (JSON, PDF, the case's files), and
its entry in the access log."""

import io
import json
import zipfile

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.services.person_export import person_export_build
from tests.privacy.factories_export import CV_BYTES, full_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return full_person(world)


@pytest.fixture
def dpo(world):
    return world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)


def _open(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def _pdf_text(archive: zipfile.ZipFile) -> str:
    reader = PdfReader(io.BytesIO(archive.read("summary.pdf")))
    return " ".join(page.extract_text() for page in reader.pages)


def test_the_zip_holds_the_json_the_pdf_and_the_files(person, dpo):
    archive = _open(person_export_build(actor=dpo, participant=person.participant, language="en"))
    names = set(archive.namelist())
    stored = f"documents/{person.document.pk}-Lebenslauf.pdf"
    assert {"person-data.json", "summary.pdf", stored} <= names
    assert archive.read(stored) == CV_BYTES
    # The file that is missing from the storage is noted, not fatal.
    assert not any("Bescheid" in name for name in names)

    data = json.loads(archive.read("person-data.json").decode("utf-8"))
    assert data["identity"]["last_name"] == "Exportowa"
    assert data["referrals"][0]["recipient"]["name"] == person.recipient.name
    assert data["match_suggestions"][0]["decision"]["code"] == "dismissed"
    assert data["placements"][0]["job_title"] == person.placement.job_title
    documents = {item["original_name"]: item for item in data["documents"]}
    assert documents["Bescheid.pdf"]["file_missing"] is True
    assert "file_missing" not in documents["Lebenslauf.pdf"]
    assert data["export"]["created_at"]
    assert archive.read("person-data.json").decode("utf-8").startswith('{\n  "export"')


def test_the_pdf_names_the_person_and_has_a_section_per_area(person, dpo):
    archive = _open(person_export_build(actor=dpo, participant=person.participant, language="en"))
    text = _pdf_text(archive)
    assert "Zofia Exportowa" in text
    for section in (
        "Information about your stored data",
        "Identity and contact data",
        "First contact and requests",
        "Consents",
        "Case",
        "Assessments",
        "Support plan and goals",
        "Contacts",
        "Documents",
        "Offers, attendance and certificates",
        "Match suggestions and decisions",
        "Placements and stabilisation check-ins",
        "Referrals",
        "Erasure requests",
        "Access log",
    ):
        assert section in text, section
    assert person.recipient.name in text
    assert "I agree that my counselling data is stored." in text
    assert "Bahnhofstraße 12" in text


def test_the_export_is_in_the_access_log(person, dpo):
    before = AccessLogEntry.objects.count()
    person_export_build(actor=dpo, participant=person.participant, language="en")
    assert AccessLogEntry.objects.count() == before + 1
    entry = AccessLogEntry.objects.order_by("-id").first()
    assert entry.action == AccessLogEntry.Action.EXPORT
    assert entry.user == dpo
    assert entry.detail == "art. 15 export"
    assert (entry.record_type, entry.record_id) == (
        "participants.participant",
        person.participant.pk,
    )
    assert entry.project_id == person.participant.project_id
    assert entry.organisation_id == person.participant.organisation_id


def test_the_export_lists_itself_in_its_access_log(person, dpo):
    archive = _open(person_export_build(actor=dpo, participant=person.participant, language="en"))
    data = json.loads(archive.read("person-data.json"))
    assert data["access_log"][-1]["action"]["code"] == "export"
    assert data["access_log"][-1]["detail"] == "art. 15 export"


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.PROJECT_LEAD, Role.EVALUATOR])
def test_other_roles_may_not_export(person, world, role):
    user = world.member(role, world.org_a)
    with pytest.raises(PermissionDenied):
        person_export_build(actor=user, participant=person.participant)
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_a_dpo_of_another_organisation_may_not_export(person, world):
    user = world.member(Role.DATA_PROTECTION_OFFICER, world.org_b)
    with pytest.raises(PermissionDenied):
        person_export_build(actor=user, participant=person.participant)


def test_a_failed_export_leaves_no_log_entry(person, dpo, monkeypatch):
    from quartier.privacy.services import person_export

    def broken(*args, **kwargs):
        raise RuntimeError("PDF renderer down")

    monkeypatch.setattr(person_export, "render_pdf", broken)
    with pytest.raises(RuntimeError):
        person_export_build(actor=dpo, participant=person.participant)
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_the_pdf_is_german_by_default(person, dpo):
    """The summary is for the person: the project's language (German), whatever the
    staff member's."""
    archive = _open(person_export_build(actor=dpo, participant=person.participant))
    text = _pdf_text(archive)
    assert "Zofia Exportowa" in text
    data = json.loads(archive.read("person-data.json"))
    assert data["identity"]["gender"] == {"code": "female", "label": "weiblich"}
