"""`privacy.services.erasure`: the erasure of a person, what it keeps, the log and its
file, the bad input (open referral, running import, certificate, twice), the removal
after the retention, and the replay."""

import json
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone, translation

from quartier.cases.models import Contact, Document
from quartier.core.models import Role
from quartier.network.models import Referral, ReferralEvent
from quartier.offers.models import Certificate
from quartier.participants.models import FirstContact, ImportJob, Participant
from quartier.privacy.models import AccessLogEntry, ErasureLogEntry, ErasureRequest, RetentionRule
from quartier.privacy.services import erasure as services
from tests.privacy import erasure_scenario as scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    ids = scenario.seed()
    ids["person"] = Participant.objects.get(pk=ids["participant"])
    from django.contrib.auth import get_user_model

    ids["dpo_user"] = get_user_model().objects.get(email=ids["dpo"])
    return ids


def _erase(seeded, **kwargs):
    return services.participant_erase(
        actor=seeded["dpo_user"],
        participant=seeded["person"],
        received_on=kwargs.pop("received_on", timezone.localdate()),
        channel=kwargs.pop("channel", "letter"),
        reason=kwargs.pop("reason", "asked by letter"),
    )


def test_pseudonym_is_stable_32_hex_and_keyed(settings):
    first = services.pseudonym(42)
    assert first == services.pseudonym(42)
    assert len(first) == 32
    assert int(first, 16) >= 0
    assert services.pseudonym(43) != first
    settings.SECRET_KEY = "another-key-" * 4
    assert services.pseudonym(42) != first


def test_erasure_anonymises_and_keeps_indicator_fields(seeded, erasure_log_file):
    result = _erase(seeded)
    person = Participant.objects.get(pk=seeded["participant"])
    token = services.pseudonym(person.pk)
    assert (person.first_name, person.last_name) == ("Gelöscht", token[:8])
    assert person.email == person.phone == person.street == person.city == ""
    assert person.health_notes == ""
    assert scenario.LAST_NAME.lower() not in person.search_key
    # The indicator fields stay.
    assert (person.birth_date, person.gender, person.postcode) == (
        date(1990, 4, 3),
        "female",
        "12345",
    )
    assert (person.labour_status, person.isced, person.foreign_background) == (
        "unemployed",
        3,
        "yes",
    )
    assert person.case.entry_date == date(2025, 3, 1)
    assert not Contact.objects.filter(case=person.case).exclude(notes="").exists()
    assert not Document.objects.filter(case=person.case).exists()
    first_contact = FirstContact.objects.get(participant=person)
    assert first_contact.name == first_contact.reach == first_contact.notes == ""
    request = result.request
    assert request.state == ErasureRequest.State.ANONYMISED
    assert request.keep_until == date(2032, 12, 31)
    assert request.kept[0]["scope"] == "indicator_data"
    assert request.kept[0]["citation"] == "Art. 82 VO (EU) 2021/1060"
    # The log: steps by type and pseudonym, never the name; the same in the file.
    entries = ErasureLogEntry.objects.filter(pseudonym=token)
    assert {"participants.participant", "cases.document", "cases.contact"} <= set(
        entries.values_list("object_type", flat=True)
    )
    lines = [json.loads(line) for line in erasure_log_file.read_text().splitlines()]
    assert lines[0]["kind"] == "request"
    assert lines[0]["pseudonym"] == token
    assert len(lines) == entries.count() + 1
    text = erasure_log_file.read_text() + " ".join(entries.values_list("rule", flat=True))
    for needle in scenario.NEEDLES:
        assert needle.lower() not in text.lower()
    assert AccessLogEntry.objects.filter(action="erasure", record_id=person.pk).exists()


def test_change_log_and_access_log_keep_no_trace(seeded):
    _erase(seeded)
    for entry in LogEntry.objects.all():
        blob = f"{entry.object_repr} {entry.changes} {entry.changes_text} {entry.additional_data}"
        for needle in scenario.NEEDLES:
            assert needle.lower() not in blob.lower(), (entry.content_type, entry.object_repr)
    for detail in AccessLogEntry.objects.values_list("detail", flat=True):
        assert scenario.LAST_NAME not in detail


def test_open_referral_is_ended_with_an_event_and_its_packet_emptied(seeded):
    assert Referral.objects.get(pk=seeded["referral"]).state == "sent"
    _erase(seeded)
    referral = Referral.objects.get(pk=seeded["referral"])
    assert referral.state == "ended"
    assert referral.shared_data == {}
    assert referral.reason == services.ERASED_TEXT
    event = ReferralEvent.objects.filter(referral=referral).last()
    assert (event.to_state, event.reason) == ("ended", "erased")


def test_certificate_stays_valid_without_a_name(seeded):
    _erase(seeded)
    certificate = Certificate.objects.get(verification_token=seeded["certificate"])
    assert certificate.participant_name == ""
    assert certificate.revoked_at is None
    page = Client().get(f"/zertifikat/pruefen/{seeded['certificate']}/")
    if page.status_code == 404:  # the route's path, whatever it is
        from django.urls import reverse

        page = Client().get(reverse("offers:certificate_verify", args=[seeded["certificate"]]))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="name-erased"' in html
    assert scenario.LAST_NAME not in html
    assert "Gelöscht" not in html


def test_a_running_import_refuses_the_erasure(seeded):
    person = seeded["person"]
    ImportJob.objects.create(
        project=person.project,
        organisation=person.organisation,
        token="running",
        extension=".csv",
        filename="list.csv",
        status=ImportJob.Status.RUNNING,
    )
    with translation.override("en"), pytest.raises(ValidationError, match="import"):
        _erase(seeded)
    assert Participant.objects.get(pk=person.pk).last_name == scenario.LAST_NAME
    assert not ErasureRequest.objects.exists()


def test_erasing_twice_is_refused_with_a_message(seeded):
    _erase(seeded)
    seeded["person"].refresh_from_db()
    with translation.override("en"), pytest.raises(ValidationError, match="already erased"):
        _erase(seeded)
    assert ErasureRequest.objects.count() == 1


def test_only_a_privacy_role_of_the_organisation_may_erase(seeded):
    from tests.factories import MembershipFactory

    person = seeded["person"]
    for role in (Role.CASE_WORKER, Role.EVALUATOR):
        user = MembershipFactory(
            project=person.project, organisation=person.organisation, role=role
        ).user
        with pytest.raises(PermissionDenied):
            services.participant_erase(
                actor=user,
                participant=person,
                received_on=timezone.localdate(),
                channel="letter",
            )


def test_without_a_rule_everything_is_deleted_at_once(seeded):
    RetentionRule.objects.all().delete()
    result = _erase(seeded)
    assert result.request.state == ErasureRequest.State.REMOVED
    assert not Participant.objects.filter(pk=seeded["participant"]).exists()
    assert Certificate.objects.filter(verification_token=seeded["certificate"]).count() == 0
    assert ErasureLogEntry.objects.filter(step="deleted", object_type="cases.case").exists()


def test_a_case_file_rule_keeps_the_identity_until_its_end(seeded):
    person = seeded["person"]
    RetentionRule.objects.create(
        project=person.project,
        scope="case_file",
        legal_basis="Case files of the organisation.",
        citation="§ 84 SGB X",
        start_event="recorded",
        duration_months=1,
    )
    result = _erase(seeded)
    assert Participant.objects.get(pk=person.pk).last_name == scenario.LAST_NAME
    until = date.fromisoformat(
        next(item for item in result.request.kept if item["scope"] == "case_file")["until"]
    )
    assert services.erasures_remove_expired(today=until - timedelta(days=1))["anonymised"] == 0
    assert services.erasures_remove_expired(today=until)["anonymised"] == 1
    assert Participant.objects.get(pk=person.pk).first_name == "Gelöscht"


def test_the_daily_job_removes_what_was_kept_after_its_end(seeded):
    result = _erase(seeded)
    keep_until = result.request.keep_until
    assert services.erasures_remove_expired(today=keep_until) == {"anonymised": 0, "removed": 0}
    assert services.erasures_remove_expired(today=keep_until + timedelta(days=1))["removed"] == 1
    assert not Participant.objects.filter(pk=seeded["participant"]).exists()
    request = ErasureRequest.objects.get(pk=result.request.pk)
    assert request.state == ErasureRequest.State.REMOVED
    assert request.participant is None
    assert ErasureLogEntry.objects.filter(
        pseudonym=request.pseudonym, step="deleted", object_type="participants.participant"
    ).exists()


def test_replay_reapplies_to_a_restored_identity_and_is_idempotent(seeded, erasure_log_file):
    _erase(seeded)
    person = Participant.objects.get(pk=seeded["participant"])
    # A "restore": the identity is back, the erasure request is gone.
    Participant.objects.filter(pk=person.pk).update(
        first_name=scenario.FIRST_NAME, last_name=scenario.LAST_NAME, email=scenario.EMAIL
    )
    ErasureRequest.objects.all().delete()
    counts = services.erasures_replay(path=erasure_log_file)
    assert counts["anonymised"] == 1
    assert counts["requests"] == 1
    person.refresh_from_db()
    assert person.first_name == "Gelöscht"
    assert person.email == ""
    assert ErasureRequest.objects.filter(pseudonym=services.pseudonym(person.pk)).exists()
    again = services.erasures_replay(path=erasure_log_file)
    assert again["anonymised"] == 0
    assert again["already"] == 1
