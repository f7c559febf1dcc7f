"""Intake, the duplicate check, consents and first contacts."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.cases.models import Case, FollowUp
from quartier.core.models import Role
from quartier.participants.models import FirstContact, Participant
from quartier.participants.selectors.consents import special_categories_allowed
from quartier.participants.selectors.duplicates import possible_duplicates
from quartier.participants.services import consents as consent_services
from quartier.participants.services import participants as services
from quartier.participants.services.intake import participant_intake
from tests.factories import (
    CaseFactory,
    ConsentFactory,
    FirstContactFactory,
    MembershipFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


def person(**overrides):
    data = {
        "external_id": "BQB-001",
        "first_name": "Ayşe",
        "last_name": "Yılmaz",
        "birth_date": date(1988, 4, 2),
        "gender": "female",
        "postcode": "44649",
        "labour_status": "unemployed",
        "unemployed_since": date(2023, 5, 1),
        "single_parent": "yes",
    }
    data.update(overrides)
    return data


def test_intake_creates_participant_and_open_case(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = participant_intake(
        actor=worker,
        project=world.project,
        organisation=world.org_a,
        participant_data=person(),
        entry_date=date(2025, 2, 1),
    )
    assert case.stage == "first_counselling"
    assert case.responsible == worker
    assert case.participant.organisation == world.org_a


def test_intake_birth_date_after_entry_saves_nothing(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(ValidationError) as error:
        participant_intake(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            participant_data=person(birth_date=date(2025, 3, 1)),
            entry_date=date(2025, 2, 1),
        )
    assert "birth_date" in error.value.message_dict
    assert not Participant.objects.exists()
    assert not Case.objects.exists()


def test_intake_for_another_organisation_is_refused(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        participant_intake(
            actor=worker,
            project=world.project,
            organisation=world.org_b,
            participant_data=person(),
            entry_date=date(2025, 2, 1),
        )


def test_intake_needs_a_case_role_in_the_organisation_not_just_any_role(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    MembershipFactory(
        user=worker, project=world.project, organisation=world.org_b, role=Role.EVALUATOR
    )
    with pytest.raises(PermissionDenied):
        participant_intake(
            actor=worker,
            project=world.project,
            organisation=world.org_b,
            participant_data=person(),
            entry_date=date(2025, 2, 1),
        )


def test_intake_refuses_special_categories_without_consent(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(ValidationError):
        participant_intake(
            actor=worker,
            project=world.project,
            organisation=world.org_a,
            participant_data=person(disability="yes"),
            entry_date=date(2025, 2, 1),
        )
    assert not Participant.objects.exists()


def test_intake_from_first_contact_marks_it_converted(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    first_contact = FirstContactFactory(project=world.project, organisation=world.org_a)
    case = participant_intake(
        actor=worker,
        project=world.project,
        organisation=world.org_a,
        participant_data=person(),
        entry_date=date(2025, 2, 1),
        first_contact=first_contact,
    )
    first_contact.refresh_from_db()
    assert first_contact.status == FirstContact.Status.CONVERTED
    assert first_contact.participant == case.participant


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("Anna", "Müller"),
        ("Anne", "Mueller"),
        ("anna", "MULLER"),
        ("Müller", "Anna"),
        ("Ana", "Müler"),
    ],
)
def test_duplicate_check_catches_spelling_and_swapped_names(world, first, last):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    existing = ParticipantFactory(
        project=world.project,
        organisation=world.org_a,
        first_name="Anna",
        last_name="Müller",
        postcode="44649",
    )
    found = possible_duplicates(user=worker, first_name=first, last_name=last, postcode="44649")
    assert existing in found


def test_duplicate_check_ignores_other_names_and_postcodes(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    ParticipantFactory(
        project=world.project,
        organisation=world.org_a,
        first_name="Anna",
        last_name="Müller",
        postcode="44649",
    )
    assert not possible_duplicates(
        user=worker, first_name="Anna", last_name="Maurer", postcode="44649"
    )
    assert not possible_duplicates(
        user=worker, first_name="Anna", last_name="Müller", postcode="44651"
    )


def test_duplicate_check_shows_only_what_the_user_may_see(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    ParticipantFactory(
        project=world.project,
        organisation=world.org_b,
        first_name="Anna",
        last_name="Müller",
        postcode="44649",
    )
    assert not possible_duplicates(
        user=worker, first_name="Anna", last_name="Müller", postcode="44649"
    )


def test_special_categories_only_while_consent_is_valid(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    participant = case.participant
    with pytest.raises(ValidationError):
        services.participant_update(
            actor=worker,
            participant=participant,
            expected_version=participant.version,
            data={"disability": "yes"},
        )
    consent = ConsentFactory(participant=participant, purpose="special_categories")
    services.participant_update(
        actor=worker,
        participant=participant,
        expected_version=participant.version,
        data={"disability": "yes", "health_notes": "Back pain"},
    )
    participant.refresh_from_db()
    assert participant.disability == "yes"
    consent_services.consent_withdraw(actor=worker, consent=consent, withdrawn_on=date(2025, 6, 1))
    assert not special_categories_allowed(participant)


def test_withdrawing_followup_consent_closes_the_six_month_follow_up(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    consent = ConsentFactory(participant=case.participant, purpose="followup_contact")
    FollowUp.objects.create(case=case, due_date=date(2026, 1, 1), title="6m", kind="six_month")
    consent_services.consent_withdraw(actor=worker, consent=consent, withdrawn_on=date(2025, 6, 1))
    assert not case.follow_ups.filter(done_at__isnull=True).exists()


def test_partner_sharing_needs_a_partner_of_the_project(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    with pytest.raises(ValidationError):
        consent_services.consent_record(
            actor=worker,
            participant=case.participant,
            purpose="partner_sharing",
            form="paper",
            text_version="1.0",
            given_on=date(2025, 3, 1),
            partner=world.org_c,
            referral_purposes=["language_course"],
        )
    consent = consent_services.consent_record(
        actor=worker,
        participant=case.participant,
        purpose="partner_sharing",
        form="paper",
        text_version="1.0",
        given_on=date(2025, 3, 1),
        partner=world.org_b,
        referral_purposes=["language_course"],
    )
    assert consent.partner == world.org_b
    assert consent.referral_purposes == ["language_course"]


def test_withdrawal_twice_is_refused(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    consent = ConsentFactory(participant=case.participant, withdrawn_on=date(2025, 4, 1))
    with pytest.raises(ValidationError):
        consent_services.consent_withdraw(
            actor=worker, consent=consent, withdrawn_on=date(2025, 5, 1)
        )


def test_first_contact_is_anonymous_by_default(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    first_contact = services.first_contact_create(
        actor=worker,
        project=world.project,
        organisation=world.org_a,
        data={"date": date(2025, 1, 10), "channel": "walk_in", "topics": ["job_search"]},
    )
    assert first_contact.is_anonymous
    assert first_contact.status == "open"


def test_consent_text_versions_are_added_never_changed(world):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    consent_services.consent_text_create(
        actor=lead,
        project=world.project,
        purpose="counselling",
        text_version="1.0",
        text="Alt",
        valid_from=date(2025, 1, 1),
    )
    with pytest.raises(ValidationError):
        consent_services.consent_text_create(
            actor=lead,
            project=world.project,
            purpose="counselling",
            text_version="1.0",
            text="Neu",
            valid_from=date(2025, 6, 1),
        )
    worker = world.member(Role.CASE_WORKER, world.org_a)
    with pytest.raises(PermissionDenied):
        consent_services.consent_text_create(
            actor=worker,
            project=world.project,
            purpose="counselling",
            text_version="2.0",
            text="Neu",
            valid_from=date(2025, 6, 1),
        )


def test_a_consent_text_keeps_its_own_label_apart_from_the_lock_counter(world):
    """The text's label ("1.0") and the row's lock counter are two fields: saving an
    existing text (the admin, the demo reseed) raises the counter, not the label."""
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    consent_text = consent_services.consent_text_create(
        actor=lead,
        project=world.project,
        purpose="photos",
        text_version="1.0",
        text="Fotos",
        valid_from=date(2025, 1, 1),
    )
    consent_text.text = "Fotos und Videos"
    consent_text.save()
    consent_text.refresh_from_db()
    assert (consent_text.text_version, consent_text.version) == ("1.0", 2)
