"""Search and the duplicate check find Turkish, transliterated and umlaut names however
they are typed; the case search finds a participant number without its prefix."""

from datetime import date

import pytest
from django.urls import reverse

from quartier.cases.selectors.cases import CaseFilter, case_list
from quartier.participants.models import Participant, participant_search_key
from quartier.participants.selectors.duplicates import DuplicateFinder, possible_duplicates
from quartier.participants.selectors.participants import participant_list
from tests.factories import CaseFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

BIRTH = date(1991, 4, 12)


def own(world, first_name, last_name, **values):
    values = {"birth_date": BIRTH, "postcode": "44649", **values}
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name=first_name,
        participant__last_name=last_name,
        **{f"participant__{key}": value for key, value in values.items()},
    ).participant


def case_search(user, query):
    return {
        case.participant.last_name for case in case_list(user=user, filters=CaseFilter(query=query))
    }


# Search ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "name"),
    [
        ("yildiz", "Yıldız"),
        ("Yildiz", "Yıldız"),
        ("YILDIZ", "Yıldız"),
        ("Celik", "Çelik"),
        ("Sahin", "Şahin"),
        ("Koehler", "Köhler"),
        ("Kohler", "Köhler"),
        ("köhler", "Köhler"),
        ("Mueller", "Müller"),
        ("Weiss", "Weiß"),
        ("Dogan", "Doğan"),
        ("ozturk", "Öztürk"),
    ],
)
def test_the_case_search_finds_names_however_typed(world, worker, query, name):
    own(world, "Derya", name)
    own(world, "Anna", "Schmidt")
    assert case_search(worker, query) == {name}
    assert [p.last_name for p in participant_list(user=worker, query=query)] == [name]


def test_every_word_must_match_and_first_names_fold_too(world, worker):
    own(world, "Ayşe", "Yılmaz")
    own(world, "Ayse", "Kaya")
    own(world, "Murat", "Yılmaz")
    assert case_search(worker, "ayse yilmaz") == {"Yılmaz"}
    assert case_search(worker, "Ayse") == {"Yılmaz", "Kaya"}


def test_the_case_search_finds_a_number_without_its_prefix(world, worker):
    own(world, "Derya", "Yıldız", external_id="BQB-000294")
    own(world, "Anna", "Schmidt", external_id="BQB-001294")
    own(world, "Jan", "Kurz", external_id="BQB-000029")
    assert case_search(worker, "294") == {"Yıldız"}
    assert case_search(worker, "000294") == {"Yıldız"}
    assert case_search(worker, "BQB-000294") == {"Yıldız"}
    assert case_search(worker, "bqb-001294") == {"Schmidt"}
    assert case_search(worker, "29") == {"Kurz"}


def test_the_case_list_page_searches_folded(world, worker, login):
    own(world, "Derya", "Yıldız", external_id="BQB-000294")
    client = login(worker)
    assert "Yıldız" in client.get(reverse("cases:case_list"), {"q": "yildiz"}).text
    assert "Yıldız" in client.get(reverse("cases:case_list"), {"q": "294"}).text


def test_the_search_stays_within_what_the_user_may_see(world, worker):
    ParticipantFactory(project=world.project, organisation=world.org_b, last_name="Yıldız")
    assert case_search(worker, "yildiz") == set()


def test_the_search_key_follows_a_change_of_name_and_number(world, worker):
    person = own(world, "Derya", "Demir")
    person.last_name = "Şahin"
    person.external_id = "BQB-000777"
    person.save(update_fields=["last_name", "external_id"])
    person.refresh_from_db()
    assert person.search_key == participant_search_key("Derya", "Şahin", "BQB-000777")
    assert case_search(worker, "sahin 777") == {"Şahin"}
    assert case_search(worker, "demir") == set()


def test_the_data_migration_fills_the_keys_of_existing_participants(world):
    from importlib import import_module

    from django.apps import apps

    person = own(world, "Derya", "Yıldız", external_id="BQB-000294")
    Participant.objects.update(search_key="")
    migration = import_module("quartier.participants.migrations.0005_search_key_and_request_inbox")
    migration.fill_search_keys(apps, None)
    person.refresh_from_db()
    assert person.search_key == "derya yildiz |294|"


# The duplicate check ---------------------------------------------------------------


def check(user, first, last, birth_date=BIRTH, postcode="44649"):
    found = possible_duplicates(
        user=user, first_name=first, last_name=last, postcode=postcode, birth_date=birth_date
    )
    return [f"{p.first_name} {p.last_name}" for p in found]


def test_a_dotless_i_does_not_hide_a_duplicate(world, worker):
    own(world, "Derya", "Yıldız")
    assert check(worker, "Derya", "Yildiz") == ["Derya Yıldız"]


def test_a_transliterated_first_name_and_a_dotless_i_do_not_hide_a_duplicate(world, worker):
    own(world, "Murat", "Yılmaz")
    assert check(worker, "Murad", "Yilmaz") == ["Murat Yılmaz"]


def test_turkish_initials_and_swapped_names_are_found(world, worker):
    own(world, "Şükrü", "Çelik")
    assert check(worker, "Sukru", "Celik") == ["Şükrü Çelik"]
    assert check(worker, "Celik", "Sukru") == ["Şükrü Çelik"]


def test_the_same_birth_date_raises_the_score_and_another_lowers_it(world, worker):
    own(world, "Anna", "Müller")
    same = possible_duplicates(
        user=worker, first_name="Anne", last_name="Mueller", postcode="44649", birth_date=BIRTH
    )
    unknown = possible_duplicates(
        user=worker, first_name="Anne", last_name="Mueller", postcode="44649"
    )
    other = possible_duplicates(
        user=worker,
        first_name="Anne",
        last_name="Mueller",
        postcode="44649",
        birth_date=date(1970, 1, 1),
    )
    assert same[0].duplicate_score > unknown[0].duplicate_score
    # Anna/Anne with another birth date: two people.
    assert other == []
    # The very same name with another birth date may be a typo: still listed.
    assert check(worker, "Anna", "Müller", birth_date=date(1970, 1, 1)) == ["Anna Müller"]


def test_someone_who_moved_is_found_by_the_birth_date(world, worker):
    own(world, "Derya", "Yıldız", postcode="44651")
    assert check(worker, "Derya", "Yildiz", postcode="44649") == ["Derya Yıldız"]
    assert check(worker, "Derya", "Yildiz", postcode="44649", birth_date=date(1970, 1, 1)) == []


def test_different_people_are_not_duplicates(world, worker):
    own(world, "Anna", "Maurer")
    assert check(worker, "Anna", "Müller") == []


def test_the_duplicate_check_stays_within_what_the_user_may_see(world, worker):
    ParticipantFactory(
        project=world.project,
        organisation=world.org_b,
        first_name="Derya",
        last_name="Yıldız",
        birth_date=BIRTH,
    )
    assert check(worker, "Derya", "Yildiz") == []


def test_the_bulk_check_finds_what_the_single_check_finds(world, worker):
    own(world, "Derya", "Yıldız")
    own(world, "Murat", "Yılmaz")
    own(world, "Anna", "Maurer")
    finder = DuplicateFinder(Participant.objects.all())
    for first, last in [("Derya", "Yildiz"), ("Murad", "Yilmaz"), ("Anna", "Müller")]:
        bulk = finder.find(first_name=first, last_name=last, birth_date=BIRTH, postcode="44649")
        single = check(worker, first, last)
        assert [f"{c.first_name} {c.last_name}" for c in bulk] == single


def test_intake_warns_of_a_transliterated_duplicate(world, worker, login):
    existing = own(world, "Derya", "Yıldız")
    form = {
        "external_id": "N-1",
        "first_name": "Derya",
        "last_name": "Yildiz",
        "birth_date": BIRTH.isoformat(),
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
    response = login(worker).post(reverse("participants:intake"), form)
    assert response.status_code == 200
    assert 'id="dup-heading"' in response.text
    assert reverse("cases:case_detail", args=[existing.case.pk]) in response.text
    assert not Participant.objects.filter(external_id="N-1").exists()
