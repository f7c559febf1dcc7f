"""The persons a data-protection officer answers for (privacy.selectors.persons): the
scope (her organisation's participants in the projects where she holds a privacy role),
the search by name and number, and what a person's page shows."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.participants.models import Consent, Participant
from quartier.privacy.models import AccessLogEntry, ErasureRequest
from quartier.privacy.selectors.persons import (
    consent_state,
    person_get,
    person_list,
    person_page,
    persons_visible_to,
)
from tests.factories import ConsentFactory
from tests.privacy.dpo_support import case_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    return {
        "own": case_of(
            world, first_name="Aylin", last_name="Yıldız", external_id="BQB-000294"
        ).participant,
        "own2": case_of(world, first_name="Jürgen", last_name="Köhler").participant,
        "partner": case_of(world, world.org_b, last_name="Partnerperson").participant,
        "foreign": case_of(
            world, world.org_c, world.other_project, last_name="Foreign"
        ).participant,
    }


@pytest.mark.parametrize("role", [Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN])
def test_the_privacy_roles_see_their_organisations_persons_only(world, people, role):
    user = world.member(role, world.org_a)
    assert set(persons_visible_to(user)) == {people["own"], people["own2"]}


@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.PROJECT_LEAD, Role.EVALUATOR, Role.NETWORK_COACH]
)
def test_other_roles_see_no_person_here(world, people, role):
    assert not persons_visible_to(world.member(role, world.org_a)).exists()


def test_a_platform_admin_sees_everyone(people, platform_admin):
    assert persons_visible_to(platform_admin).count() == 4


def test_search_by_name_however_typed_and_by_number(world, people):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)

    def found(query):
        return list(person_list(user=dpo, filters={"q": query}))

    assert found("yildiz") == [people["own"]]
    assert found("Koehler") == [people["own2"]]
    assert found("294") == [people["own"]]
    assert found("BQB-000294") == [people["own"]]
    assert found("Partnerperson") == []
    assert found("") == [people["own2"], people["own"]]  # Köhler before Yıldız


def test_filter_by_project(world, people):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    world.member(Role.DATA_PROTECTION_OFFICER, world.org_c, world.other_project)
    assert person_list(user=dpo, filters={"project": world.project.slug}).count() == 2
    assert person_list(user=dpo, filters={"project": world.other_project.slug}).count() == 0


def test_another_organisations_person_is_not_found(world, people):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    assert person_get(user=dpo, pk=people["own"].pk) == people["own"]
    for other in ("partner", "foreign"):
        with pytest.raises(Participant.DoesNotExist):
            person_get(user=dpo, pk=people[other].pk)


def test_consent_states():
    day = date(2026, 6, 15)
    given = {"given_on": date(2026, 1, 1)}
    assert consent_state(Consent(**given), day)[0] == "valid"
    assert consent_state(Consent(**given, valid_until=day), day)[0] == "valid"
    assert consent_state(Consent(**given, valid_until=date(2026, 6, 14)), day)[0] == ("expired")
    assert consent_state(Consent(**given, withdrawn_on=day), day)[0] == "withdrawn"
    assert consent_state(Consent(given_on=date(2026, 7, 1)), day)[0] == "pending"


def test_the_person_page_gathers_consents_access_log_and_erasure(world, people):
    person = people["own"]
    counselling = ConsentFactory(participant=person, given_on=date(2025, 3, 1))
    withdrawn = ConsentFactory(
        participant=person,
        purpose="photos",
        given_on=date(2025, 3, 1),
        withdrawn_on=date(2025, 9, 1),
    )
    reader = world.member(Role.CASE_WORKER, world.org_a)
    for _ in range(12):
        AccessLogEntry.objects.create(
            user=reader,
            role="case_worker",
            action="view",
            record_type="cases.case",
            record_id=person.case.pk,
            project_id=world.project.pk,
            organisation_id=world.org_a.pk,
        )
    AccessLogEntry.objects.create(
        action="export", record_type="participants.participant", participant_id=person.pk
    )
    # Another person's entries stay out.
    AccessLogEntry.objects.create(
        action="view", record_type="cases.case", record_id=people["own2"].case.pk
    )
    erasure = ErasureRequest.objects.create(
        project=world.project,
        participant=person,
        pseudonym="x1",
        state=ErasureRequest.State.ANONYMISED,
        received_on=date(2026, 1, 5),
        channel=ErasureRequest.Channel.LETTER,
    )
    page = person_page(participant=person, today=date(2026, 6, 15))
    assert [row.consent for row in page.consents] == [counselling, withdrawn]
    assert [row.state for row in page.consents] == ["valid", "withdrawn"]
    assert len(page.access_entries) == 10
    # 13 reads, and the factories' creations of the person's records (changes).
    changes = AccessLogEntry.objects.filter(participant_id=person.pk, action="change").count()
    assert page.access_total == 13 + changes
    assert page.access_entries[-1].roles == "Case worker"
    assert page.erasure == erasure
    assert page.case == person.case
    assert page.minor_at_entry is False


def test_a_pupil_under_the_guardian_age_on_entry_is_marked(world, settings):
    settings.GUARDIAN_CONSENT_AGE = 16
    pupil = case_of(world, birth_date=date(2010, 3, 2), entry_date=date(2026, 3, 1))
    page = person_page(participant=pupil.participant, today=date(2026, 6, 15))
    assert page.minor_at_entry is True
    assert page.age == 16  # 16 by now, but 15 on entry
