"""privacy.selectors.person_data: everything stored about a person, as plain data."""

import json

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from quartier.participants.models import Participant
from quartier.privacy.selectors.person_data import AREAS, COVERED, EXCLUDED, person_data
from tests.factories import ParticipantFactory
from tests.privacy.factories_export import full_person

pytestmark = pytest.mark.django_db


def models_about_participants() -> set[str]:
    """Every model (link tables included) with a chain of foreign keys, one-to-one or
    many-to-many fields that ends at participants.Participant."""
    reached = {Participant}
    grown = True
    while grown:
        grown = False
        for model in apps.get_models(include_auto_created=True):
            if model in reached:
                continue
            for field in model._meta.get_fields():
                if (
                    field.is_relation
                    and not field.auto_created
                    and field.related_model in reached
                    and (field.many_to_one or field.one_to_one or field.many_to_many)
                ):
                    reached.add(model)
                    grown = True
                    break
    return {model._meta.label_lower for model in reached}


def test_every_model_about_participants_is_covered_or_excluded_with_a_reason():
    found = models_about_participants()
    unlisted = sorted(found - set(COVERED) - set(EXCLUDED))
    assert unlisted == [], (
        "Models with a relation chain to a participant that the Art. 15 export does not "
        "name: add them to COVERED (and to person_data) or EXCLUDED (with a reason) in "
        f"quartier/privacy/selectors/person_data.py: {unlisted}"
    )
    assert sorted((set(COVERED) | set(EXCLUDED)) - found) == [], "a listed model is gone"
    assert not set(COVERED) & set(EXCLUDED)
    assert all(reason.strip() for reason in EXCLUDED.values())
    assert set(COVERED.values()) <= set(AREAS)


def test_a_person_with_something_in_every_area(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = full_person(world)
    data = person_data(person.participant)

    assert tuple(data) == AREAS
    json.dumps(data)  # plain data, nothing JSON cannot write
    identity = data["identity"]
    assert identity["last_name"] == "Exportowa"
    assert identity["street"] == "Bahnhofstraße 12"
    assert identity["birth_date"] == "1990-05-17"
    assert identity["gender"] == {"code": "female", "label": "female"}
    assert identity["organisation"] == {"id": world.org_a.pk, "name": world.org_a.name}
    assert "search_key" not in identity
    assert "version" not in identity
    assert data["controller"]["name"] == world.org_a.name

    assert data["first_contact"]["status"]["code"] == "open"
    assert data["first_contact"]["steps"][0]["step"]["code"] == "called"

    counselling, sharing = data["consents"]
    assert counselling["text"]["text"] == "I agree that my counselling data is stored."
    assert counselling["guardian_name"] == "Anna Exportowa"
    assert counselling["guardian_relation"] == {"code": "parent", "label": "parent"}
    assert sharing["partner"]["name"] == person.recipient.name
    assert sharing["referral_purposes"] == [{"code": "language_course", "label": "language course"}]
    assert sharing["text"] is None  # the project has no text of this version

    assert data["case"]["stage"] == {"code": "placement", "label": "placement"}
    assert data["case"]["entry_date"] == "2025-03-01"
    assert data["case"]["followup_6m_employed"]["code"] == "unknown"
    [assessment] = data["assessments"]
    assert assessment["need_language"] == {"code": 2, "label": "2 – some support"}
    assert assessment["skills"][0]["name"] == "Teamwork"
    assert data["plan"]["summary"] == "Find work in gardening."
    assert data["plan"]["goals"][0]["title"].endswith("a B1 course")
    assert data["contacts"][0]["notes"] == "Contact note 0"
    assert data["contacts"][0]["topics"][0]["code"] == "application"
    assert data["follow_ups"][0]["title"] == "Call back about the CV"
    documents = {item["original_name"]: item for item in data["documents"]}
    assert documents["Lebenslauf.pdf"]["file_in_export"] == (
        f"documents/{person.document.pk}-Lebenslauf.pdf"
    )
    assert documents["Lebenslauf.pdf"]["kind"]["code"] == "cv"
    assert "file" not in documents["Lebenslauf.pdf"]

    [enrolment] = data["enrolments"]
    assert enrolment["status"]["code"] == "active"
    assert enrolment["attendance"][0]["status"]["code"] == "present"
    assert enrolment["certificates"][0]["number"] == person.certificate.number
    assert "verification_token" not in enrolment["certificates"][0]
    assert data["service_jobs"][0]["status"]["code"] == "requested"
    assert "requested_by_name" not in data["service_jobs"][0]

    [suggestion] = data["match_suggestions"]
    assert suggestion["decision"]["code"] == "dismissed"
    assert suggestion["reason"] == "Too far away"
    assert suggestion["vacancy"]["title"] == person.suggestion.vacancy.title

    [placement] = data["placements"]
    assert placement["job_title"] == person.placement.job_title
    assert placement["contract_kind"]["code"] == "insured_employment"
    assert placement["checks"][0]["with_whom"]["code"] == "participant"

    [referral] = data["referrals"]
    assert referral["recipient"] == {"id": person.recipient.pk, "name": person.recipient.name}
    assert referral["purpose"]["code"] == "language_course"
    assert referral["state"]["code"] == "sent"
    assert referral["reason"] == "Needs a B1 course with childcare."
    assert referral["events"][0]["to_state"]["code"] == "sent"

    assert data["erasure_requests"][0]["channel"]["code"] == "letter"
    # The factories' creations are logged as changes (without a user); the reads here:
    log = [entry for entry in data["access_log"] if entry["action"]["code"] != "change"]
    assert [entry["action"]["code"] for entry in log] == ["view", "print"]
    assert log[0]["organisation"]["name"] == world.org_a.name
    assert log[1]["detail"] == "consent form"


def test_a_person_without_a_case_has_empty_areas(world):
    participant = ParticipantFactory(project=world.project, organisation=world.org_a)
    data = person_data(participant)
    for area in ("case", "plan", "first_contact"):
        assert data[area] is None, area
    for area in ("referrals", "documents", "placements", "consents"):
        assert data[area] == [], area
    # Only the participant's creation (by the factory, without a user).
    assert [entry["action"]["code"] for entry in data["access_log"]] == ["change"]


def test_another_persons_data_is_not_in_it(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    mine = full_person(world)
    other = full_person(world, first_name="Ola", last_name="Fremdowa")
    text = json.dumps(person_data(mine.participant), ensure_ascii=False)
    assert "Fremdowa" not in text
    assert other.recipient.name not in text


def _queries(participant) -> int:
    with CaptureQueriesContext(connection) as queries:
        person_data(participant)
    return len(queries)


def test_the_number_of_queries_does_not_grow_with_the_records(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    small = full_person(world, first_name="Ada", last_name="Kleinowa")
    big = full_person(world, first_name="Bea", last_name="Grossowa", copies=3)
    assert len(person_data(big.participant)["referrals"]) == 3
    assert _queries(small.participant) == _queries(big.participant) <= 26


def test_the_change_history_holds_earlier_values_without_the_actor(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = full_person(world)
    participant = person.participant
    participant.street = "Neue Straße 1"
    participant.save()
    history = person_data(participant)["change_history"]
    [change] = [
        entry
        for entry in history
        if entry["record_type"] == "participants.participant" and entry["action"]["code"] == 1
    ]
    assert change["changes"]["street"] == ["Bahnhofstraße 12", "Neue Straße 1"]
    assert "version" not in change["changes"]
    assert "actor" not in change
    assert {entry["record_type"] for entry in history} >= {
        "participants.participant",
        "cases.case",
        "network.referral",
        "economy.placement",
        "matching.matchsuggestion",
    }
    assert "offers.servicerequest" not in {entry["record_type"] for entry in history}
