"""The HSDS 3.0 open-data API at /hsds/: what it shows, its filters, its errors.

`build_directory()` makes a small directory of offers used here and by the schema
tests in hsds/test_representation.py.
"""

import datetime as dt
import math
import uuid
from dataclasses import dataclass

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Organisation
from quartier.offers.models import Location, Offer
from quartier.stadtteilplan.services import public_cache
from tests.factories import (
    CaseFactory,
    DistrictFactory,
    OrganisationFactory,
    ProjectFactory,
    UserFactory,
)
from tests.offers.factories import (
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleExceptionFactory,
    ScheduleFactory,
)

pytestmark = pytest.mark.django_db

HERNE = (51.538, 7.164)
#: Metres per degree of latitude on the mean earth sphere.
METRES_PER_DEGREE = 6_371_008.8 * math.pi / 180


def north_of(point: tuple[float, float], metres: float) -> str:
    return f"{point[0] + metres / METRES_PER_DEGREE:.6f}"


@dataclass
class Directory:
    provider: Organisation
    other_provider: Organisation
    hidden_provider: Organisation
    cafe: Location
    workshop: Location
    far_away: Location
    family_cafe: Offer
    computer_course: Offer
    walk_in: Offer
    unpublished: Offer
    inactive: Offer
    ended: Offer


def build_directory() -> Directory:
    """Three published offers (one with two places, weekly and single dates, holiday
    exceptions, translations, languages, contacts), and three that must stay hidden."""
    provider = OrganisationFactory(
        name="Stadtteilwerk Wanne",
        slug="stadtteilwerk-wanne",
        phone="02325 12345",
        email="info@stadtteilwerk.example.org",
        website="https://stadtteilwerk.example.org/",
    )
    project = ProjectFactory(lead=provider)
    other_provider = OrganisationFactory(name="Bildungsträger Süd", slug="bildung-sued")
    other_project = ProjectFactory(lead=other_provider)
    hidden_provider = OrganisationFactory(name="Verborgener Träger", slug="verborgen")
    hidden_project = ProjectFactory(lead=hidden_provider)
    district = DistrictFactory(name="Wanne-Süd")

    cafe = LocationFactory(
        project=project,
        name="Stadtteilcafé",
        street="Hauptstraße 1",
        postcode="44649",
        latitude=f"{HERNE[0]:.6f}",
        longitude=f"{HERNE[1]:.6f}",
        district=district,
        accessible=True,
        notes="Schlüssel beim Hausmeister",
    )
    workshop = LocationFactory(
        project=project,
        name="Werkstatt",
        street="Bahnhofstraße 9",
        postcode="44651",
        latitude=north_of(HERNE, 1900),
        longitude=f"{HERNE[1]:.6f}",
    )
    far_away = LocationFactory(
        project=other_project,
        name="Lernzentrum Dortmund",
        street="Markt 3",
        postcode="44135",
        city="Dortmund",
        latitude="51.513000",
        longitude="7.465000",
    )
    contact = UserFactory(full_name="Ayşe Demir", email="a.demir@example.org")
    family_cafe = OfferFactory(
        project=project,
        kind="cafe_meeting",
        title="Familiencafé",
        short_description="Treffpunkt für Familien mit Kinderbetreuung",
        description="Jeden Montag und Mittwoch: Kaffee, Beratung und Spiele.",
        how_to_take_part="Einfach vorbeikommen.",
        occupational_field="",
        target_groups=["families", "immigrants"],
        languages=["de", "tr", "ar"],
        childcare_available=True,
        accessible=True,
        cost=0,
        contact_person=contact,
        contact_phone="02325 98765",
        contact_email="cafe@stadtteilwerk.example.org",
        published=True,
    )
    family_cafe.locations.set([cafe, workshop])
    weekly = ScheduleFactory(
        offer=family_cafe,
        location=cafe,
        weekdays=[0, 2],
        start_time=dt.time(9, 30),
        end_time=dt.time(12),
        valid_from=dt.date(2026, 1, 5),
        valid_until=dt.date(2026, 12, 30),
        description="Montags und mittwochs",
    )
    ScheduleExceptionFactory(schedule=weekly, date=dt.date(2026, 4, 6), reason="Ostermontag")
    ScheduleExceptionFactory(schedule=weekly, date=dt.date(2026, 12, 23), reason="Ferien")
    ScheduleFactory(
        offer=family_cafe,
        location=workshop,
        kind="one_off",
        weekdays=[],
        valid_from=None,
        date=dt.date(2026, 6, 20),
        start_time=dt.time(14),
        end_time=dt.time(17),
    )
    OfferTranslationFactory(
        offer=family_cafe,
        language="en",
        title="Family café",
        short_description="Meeting point for families, with childcare",
    )
    OfferTranslationFactory(offer=family_cafe, language="tr", title="Aile kafesi")

    computer_course = OfferFactory(
        project=other_project,
        kind="course",
        title="Computerkurs für Einsteiger",
        short_description="Digitale Medien im Alltag",
        occupational_field="office_digital_media",
        target_groups=["seniors"],
        languages=["de", "uk"],
        cost="25.00",
        cost_note="25 € für das Material",
        published=True,
    )
    computer_course.locations.set([far_away])
    ScheduleFactory(
        offer=computer_course,
        location=far_away,
        weekdays=[3],
        interval=2,
        valid_from=dt.date(2026, 2, 5),
        valid_until=dt.date(2026, 7, 2),
    )
    walk_in = OfferFactory(
        project=project,
        kind="counselling_hour",
        title="Offene Sprechstunde",
        occupational_field="",
        target_groups=[],
        languages=[],
        published=True,
    )

    unpublished = OfferFactory(project=project, title="Interner Kurs", published=False)
    unpublished.locations.set([cafe])
    inactive = OfferFactory(project=project, title="Ruhendes Angebot", published=True, active=False)
    today = timezone.localdate()
    ended = OfferFactory(
        project=project,
        title="Vorbei-Angebot",
        published=True,
        start_date=today - dt.timedelta(days=90),
        end_date=today - dt.timedelta(days=1),
    )
    OfferFactory(project=hidden_project, title="Geheimprojekt", published=False)
    EnrolmentFactory(
        offer=family_cafe,
        case=CaseFactory(
            participant__project=project,
            participant__organisation=provider,
            participant__last_name="Teilnehmendenname",
            entry_date=today - dt.timedelta(days=100),
        ),
    )
    return Directory(
        provider=provider,
        other_provider=other_provider,
        hidden_provider=hidden_provider,
        cafe=cafe,
        workshop=workshop,
        far_away=far_away,
        family_cafe=family_cafe,
        computer_course=computer_course,
        walk_in=walk_in,
        unpublished=unpublished,
        inactive=inactive,
        ended=ended,
    )


@pytest.fixture
def directory() -> Directory:
    return build_directory()


def get(client, name: str, *args, **query):
    return client.get(reverse(f"hsds:{name}", args=args), query)


def names(response) -> list[str]:
    assert response.status_code == 200, response.content[:300]
    return [item["name"] for item in response.json()["contents"]]


def org_id(slug: str) -> str:
    root = uuid.uuid5(uuid.NAMESPACE_URL, "urn:quartier:hsds")
    return str(uuid.uuid5(root, f"organization:{slug}"))


def taxonomy_id(name: str) -> str:
    root = uuid.uuid5(uuid.NAMESPACE_URL, "urn:quartier:hsds")
    return str(uuid.uuid5(root, f"taxonomy:{name}"))


def term_id(taxonomy_name: str, code: str) -> str:
    root = uuid.uuid5(uuid.NAMESPACE_URL, "urn:quartier:hsds")
    return str(uuid.uuid5(root, f"taxonomy_term:{taxonomy_name}:{code}"))


# The root and the published offers ----------------------------------------------------


def test_root_names_the_hsds_version_and_openapi_description(client):
    response = client.get("/hsds/")
    assert response.status_code == 200
    data = response.json()
    assert data["version"] == "3.0"
    assert data["openapi_url"].endswith("/openapi.json")
    assert data["profile"].startswith("https://")


def test_services_lists_only_published_active_current_offers_by_title(client, directory):
    assert names(get(client, "service_list")) == [
        "Computerkurs für Einsteiger",
        "Familiencafé",
        "Offene Sprechstunde",
    ]


@pytest.mark.parametrize("hidden", ["unpublished", "inactive", "ended"])
def test_hidden_offers_are_not_found_anywhere(client, directory, hidden):
    offer = getattr(directory, hidden)
    assert get(client, "service_detail", offer.public_id).status_code == 404
    for name in ("service_list", "service_at_location_list"):
        assert offer.title not in get(client, name, per_page=100).content.decode()
    assert offer.title not in get(client, "service_list", search=offer.title).content.decode()


def test_organisations_are_only_providers_of_published_offers(client, directory):
    assert names(get(client, "organization_list")) == [
        "Bildungsträger Süd",
        "Stadtteilwerk Wanne",
    ]
    hidden = org_id(directory.hidden_provider.slug)
    assert get(client, "organization_detail", hidden).status_code == 404


def test_no_participant_data_in_any_answer(client, directory):
    for name in ("service_list", "service_at_location_list", "organization_list"):
        body = get(client, name, full="true").content.decode()
        assert "Teilnehmendenname" not in body
    body = get(client, "service_detail", directory.family_cafe.public_id).content.decode()
    assert "Teilnehmendenname" not in body
    assert "Schlüssel beim Hausmeister" not in body  # a place's notes are internal


def test_service_detail_is_fully_nested(client, directory):
    offer = directory.family_cafe
    data = get(client, "service_detail", offer.public_id).json()
    assert data["id"] == str(offer.public_id)
    assert data["organization"]["id"] == data["organization_id"] == org_id("stadtteilwerk-wanne")
    assert data["name"] == "Familiencafé"
    assert data["status"] == "active"
    assert data["fees_description"] == "kostenlos"
    assert [language["code"] for language in data["languages"]] == ["de", "tr", "ar"]
    assert data["languages"][1]["name"] == "Türkisch"
    assert data["contacts"] == [
        {
            "id": data["contacts"][0]["id"],
            "service_id": str(offer.public_id),
            "name": "Ayşe Demir",
            "email": "cafe@stadtteilwerk.example.org",
        }
    ]
    assert [phone["number"] for phone in data["phones"]] == ["02325 98765"]
    assert data["cost_options"][0]["amount"] == 0
    places = {sal["location"]["name"]: sal for sal in data["service_at_locations"]}
    assert set(places) == {"Stadtteilcafé", "Werkstatt"}
    cafe = places["Stadtteilcafé"]["location"]
    assert cafe["latitude"] == pytest.approx(51.538)
    assert cafe["addresses"][0]["postal_code"] == "44649"
    assert cafe["addresses"][0]["region"] == "Wanne-Süd"
    assert cafe["addresses"][0]["country"] == "DE"
    assert cafe["accessibility"][0]["location_id"] == cafe["id"]
    assert [s["opens_at"][:5] for s in places["Stadtteilcafé"]["schedules"]] == ["09:30"]
    assert [s["opens_at"][:5] for s in places["Werkstatt"]["schedules"]] == ["14:00"]


@time_machine.travel(dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC), tick=False)
def test_weekly_schedule_carries_its_rrule_and_exceptions(client, directory):
    data = get(client, "service_detail", directory.family_cafe.public_id).json()
    weekly = next(s for s in data["schedules"] if s.get("freq") == "WEEKLY")
    assert weekly["byday"] == "MO,WE"
    assert weekly["interval"] == 1
    assert weekly["dtstart"] == "2026-01-05"
    assert weekly["until"] == "2026-12-30"
    assert weekly["opens_at"] == "09:30+01:00"
    assert weekly["timezone"] == 1
    assert "2026-04-06 (Ostermontag)" in weekly["notes"]
    assert "2026-12-23 (Ferien)" in weekly["notes"]
    single = next(s for s in data["schedules"] if "freq" not in s)
    assert single["valid_from"] == single["valid_to"] == "2026-06-20"
    assert single["opens_at"] == "14:00+02:00"
    assert "until" not in single  # never null
    assert "count" not in single


def test_attributes_link_the_offer_to_its_taxonomy_terms(client, directory):
    data = get(client, "service_detail", directory.family_cafe.public_id).json()
    terms = {a["taxonomy_term"]["code"]: a for a in data["attributes"]}
    assert set(terms) == {
        "cafe_meeting",
        "families",
        "immigrants",
        "free_of_charge",
        "wheelchair_accessible",
        "childcare_available",
    }
    assert terms["families"]["taxonomy_term_id"] == term_id("target_group", "families")
    assert terms["families"]["link_id"] == str(directory.family_cafe.public_id)


# Languages ----------------------------------------------------------------------------


def test_lang_chooses_the_translation_and_keeps_the_german_title(client, directory):
    response = get(client, "service_detail", directory.family_cafe.public_id, lang="en")
    data = response.json()
    assert response["Content-Language"] == "en"
    assert data["name"] == "Family café"
    assert data["alternate_name"] == "Familiencafé"
    assert data["description"] == "Meeting point for families, with childcare"
    assert data["fees_description"] == "free of charge"
    # No English "how to take part": the German text stands in.
    assert data["application_process"] == "Einfach vorbeikommen."


def test_accept_language_chooses_the_language_and_german_is_the_fallback(client, directory):
    offer = directory.family_cafe
    url = reverse("hsds:service_detail", args=[offer.public_id])
    turkish = client.get(url, HTTP_ACCEPT_LANGUAGE="tr-TR,tr;q=0.9,en;q=0.5").json()
    assert turkish["name"] == "Aile kafesi"
    assert turkish["description"] == "Jeden Montag und Mittwoch: Kaffee, Beratung und Spiele."
    arabic = client.get(url, HTTP_ACCEPT_LANGUAGE="ar").json()
    assert arabic["name"] == "Familiencafé"
    plain = client.get(url, HTTP_ACCEPT_LANGUAGE="fi, sv;q=0.5")
    assert plain.json()["name"] == "Familiencafé"
    assert plain["Content-Language"] == "de"
    assert "Accept-Language" in plain["Vary"]


def test_unknown_lang_is_refused_with_the_supported_ones(client, directory):
    response = get(client, "service_list", lang="xx")
    assert response.status_code == 400
    assert response.json()["parameter"] == "lang"
    assert "tr" in response.json()["detail"]


# Filters ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("familiencafé", ["Familiencafé"]),
        ("Kinderbetreuung", ["Familiencafé"]),  # short description
        ("Spiele", ["Familiencafé"]),  # description
        ("family", ["Familiencafé"]),  # English translation
        ("computer einsteiger", ["Computerkurs für Einsteiger"]),  # every word
        ("computer familie", []),
    ],
)
def test_search_looks_in_titles_descriptions_and_translations(client, directory, search, expected):
    assert names(get(client, "service_list", search=search)) == expected


@pytest.mark.parametrize(
    ("taxonomy_name", "code", "expected"),
    [
        ("offer_kind", "course", ["Computerkurs für Einsteiger"]),
        ("occupational_field", "office_digital_media", ["Computerkurs für Einsteiger"]),
        ("target_group", "families", ["Familiencafé"]),
        ("target_group", "seniors", ["Computerkurs für Einsteiger"]),
        ("offer_feature", "free_of_charge", ["Familiencafé", "Offene Sprechstunde"]),
        ("offer_feature", "childcare_available", ["Familiencafé"]),
        ("offer_kind", "workshop", []),
    ],
)
def test_taxonomy_term_filter(client, directory, taxonomy_name, code, expected):
    found = names(get(client, "service_list", taxonomy_term_id=term_id(taxonomy_name, code)))
    assert found == expected


def test_taxonomy_filter_finds_offers_with_any_term_of_it(client, directory):
    fields = get(client, "taxonomy_list", search="occupational", lang="en").json()["contents"]
    assert len(fields) == 1
    found = names(get(client, "service_list", taxonomy_id=fields[0]["id"]))
    assert found == ["Computerkurs für Einsteiger"]


def test_unknown_term_finds_nothing_and_a_malformed_one_is_refused(client, directory):
    assert names(get(client, "service_list", taxonomy_term_id=str(uuid.uuid4()))) == []
    response = get(client, "service_list", taxonomy_term_id="course")
    assert response.status_code == 400
    assert response.json()["parameter"] == "taxonomy_term_id"


def test_organization_filter(client, directory):
    found = names(get(client, "service_list", organization_id=org_id("stadtteilwerk-wanne")))
    assert found == ["Familiencafé", "Offene Sprechstunde"]
    assert names(get(client, "service_list", organization_id=org_id("verborgen"))) == []


def test_modified_after_finds_offers_whose_schedule_changed(client, directory):
    later = timezone.now() + dt.timedelta(seconds=1)
    assert names(get(client, "service_list", modified_after=later.isoformat())) == []
    Offer.objects.filter(pk=directory.walk_in.pk).update(updated_at=later)
    schedule = directory.computer_course.schedules.get()
    type(schedule).objects.filter(pk=schedule.pk).update(updated_at=later)
    public_cache.bump()  # as a writer with QuerySet.update must (no signals)
    found = names(get(client, "service_list", modified_after=later.isoformat()))
    assert found == ["Computerkurs für Einsteiger", "Offene Sprechstunde"]


def test_modified_after_with_its_own_last_modified_finds_the_service_again(client, directory):
    for item in get(client, "service_list").json()["contents"]:
        found = get(client, "service_list", modified_after=item["last_modified"])
        assert item["id"] in [other["id"] for other in found.json()["contents"]]


def test_modified_after_accepts_a_date_and_an_unencoded_plus(client, directory):
    assert len(names(get(client, "service_list", modified_after="2000-01-01"))) == 3
    response = client.get("/hsds/services?modified_after=2000-01-01T10:00:00+01:00")
    assert len(names(response)) == 3


@pytest.mark.parametrize("value", ["yesterday", "2025-13-01", "2025-02-30T10:00", "1"])
def test_malformed_modified_after_is_a_clear_400(client, directory, value):
    response = get(client, "service_list", modified_after=value)
    assert response.status_code == 400
    assert response.json()["parameter"] == "modified_after"
    assert "ISO 8601" in response.json()["detail"]


def test_postcode_filters_on_the_places_postcode(client, directory):
    assert names(get(client, "service_list", postcode="44135")) == ["Computerkurs für Einsteiger"]
    assert names(get(client, "service_list", postcode="44651")) == ["Familiencafé"]
    rows = get(client, "service_at_location_list", postcode="44651").json()["contents"]
    assert [row["location"]["name"] for row in rows] == ["Werkstatt"]
    assert get(client, "service_list", postcode="4464").status_code == 400


def test_proximity_measures_metres_from_the_postcode_centre(client, directory):
    # 44651's only place is 1,900 m north of the café; Dortmund is 21 km away.
    near = get(client, "service_at_location_list", postcode="44651", proximity="2000")
    rows = near.json()["contents"]
    assert [row["location"]["name"] for row in rows] == ["Werkstatt", "Stadtteilcafé"]
    near = get(client, "service_at_location_list", postcode="44651", proximity="1800")
    assert [row["location"]["name"] for row in near.json()["contents"]] == ["Werkstatt"]
    far = names(get(client, "service_list", postcode="44651", proximity="30000"))
    assert far == ["Familiencafé", "Computerkurs für Einsteiger"]  # nearest first


def test_proximity_from_a_point_of_ones_own(client, directory):
    point = f"{HERNE[0]},{HERNE[1]}"
    rows = get(client, "service_at_location_list", proximity=f"{point},1950").json()["contents"]
    assert [row["location"]["name"] for row in rows] == ["Stadtteilcafé", "Werkstatt"]
    rows = get(client, "service_at_location_list", proximity=f"{point},1850").json()["contents"]
    assert [row["location"]["name"] for row in rows] == ["Stadtteilcafé"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"proximity": "2000"}, "proximity"),  # no postcode to measure from
        ({"proximity": "2000", "postcode": "99999"}, "postcode"),  # no place there
        ({"proximity": "-5", "postcode": "44649"}, "proximity"),
        ({"proximity": "nah", "postcode": "44649"}, "proximity"),
        ({"proximity": "51.5,7.1"}, "proximity"),
        ({"proximity": "95,7.1,100"}, "proximity"),
        ({"proximity": "nan,7.1,100"}, "proximity"),
        ({"proximity": "1e9", "postcode": "44649"}, "proximity"),
    ],
)
def test_bad_proximity_is_a_clear_400(client, directory, query, parameter):
    response = get(client, "service_list", **query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


# Pages --------------------------------------------------------------------------------


def test_pages_of_services(client, directory):
    first = get(client, "service_list", per_page=2).json()
    assert {key: value for key, value in first.items() if key != "contents"} == {
        "total_items": 3,
        "total_pages": 2,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
    }
    second = get(client, "service_list", per_page=2, page=2).json()
    assert (second["size"], second["first_page"], second["last_page"]) == (1, False, True)
    assert [item["name"] for item in first["contents"] + second["contents"]] == names(
        get(client, "service_list")
    )
    beyond = get(client, "service_list", per_page=2, page=9).json()
    assert (beyond["contents"], beyond["empty"], beyond["last_page"]) == ([], True, True)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"page": "abc"}, "page"),
        ({"page": "-1"}, "page"),
        ({"page": "1.5"}, "page"),
        ({"per_page": "101"}, "per_page"),
        ({"per_page": "0"}, "per_page"),
        ({"per_page": "99999999999999999999"}, "per_page"),
        ({"full": "maybe"}, "full"),
        ({"format": "ndjson"}, "format"),
        ({"search": "x" * 201}, "search"),
    ],
)
@pytest.mark.parametrize("name", ["service_list", "service_at_location_list", "organization_list"])
def test_bad_paging_is_a_clear_400(client, directory, name, query, parameter):
    if name == "organization_list" and parameter == "full":
        return
    response = get(client, name, **query)
    assert response.status_code == 400
    assert response.json()["parameter"] == parameter


def test_empty_directory_is_one_empty_page(client, db):
    data = get(client, "service_list").json()
    assert data == {
        "total_items": 0,
        "total_pages": 0,
        "page_number": 1,
        "size": 0,
        "first_page": True,
        "last_page": True,
        "empty": True,
        "contents": [],
    }


# Ids and errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "service_detail",
        "service_at_location_detail",
        "organization_detail",
        "taxonomy_detail",
        "taxonomy_term_detail",
    ],
)
@pytest.mark.parametrize("value", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", "1"])
def test_unknown_or_malformed_ids_are_a_json_404(client, directory, name, value):
    response = get(client, name, value)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_ids_are_stable_name_based_uuids(client, directory):
    org = get(client, "organization_detail", org_id("stadtteilwerk-wanne")).json()
    assert org["name"] == "Stadtteilwerk Wanne"
    term = get(client, "taxonomy_term_detail", term_id("offer_kind", "course")).json()
    assert term["code"] == "course"
    assert term["name"] == "Kurs"


def test_service_at_location_by_id(client, directory):
    rows = get(client, "service_at_location_list").json()["contents"]
    assert len(rows) == 3  # the café offer at two places, the course at one
    werkstatt = next(row for row in rows if row["location"]["name"] == "Werkstatt")
    data = get(client, "service_at_location_detail", werkstatt["id"]).json()
    assert data["service"]["name"] == "Familiencafé"
    assert data["location"]["addresses"][0]["address_1"] == "Bahnhofstraße 9"
    assert [schedule["service_at_location_id"] for schedule in data["schedules"]] == [
        werkstatt["id"]
    ]


def test_organization_detail_lists_its_offers_and_places(client, directory):
    data = get(client, "organization_detail", org_id("stadtteilwerk-wanne")).json()
    assert [service["name"] for service in data["services"]] == [
        "Familiencafé",
        "Offene Sprechstunde",
    ]
    assert {place["name"] for place in data["locations"]} == {"Stadtteilcafé", "Werkstatt"}
    assert data["phones"][0]["number"] == "02325 12345"
    assert data["website"] == "https://stadtteilwerk.example.org/"
    full = get(client, "organization_detail", org_id("stadtteilwerk-wanne"), full_service="true")
    assert "schedules" in full.json()["services"][0]


def test_taxonomies_and_terms(client, directory):
    taxonomies = get(client, "taxonomy_list").json()
    assert taxonomies["total_items"] == 4
    kinds = next(t for t in taxonomies["contents"] if t["id"] == taxonomy_id("offer_kind"))
    terms = get(client, "taxonomy_term_list", taxonomy_id=kinds["id"], per_page=100).json()
    assert terms["total_items"] == 9
    assert {term["taxonomy_id"] for term in terms["contents"]} == {kinds["id"]}
    english = get(client, "taxonomy_term_list", search="single parents", lang="en").json()
    assert [term["code"] for term in english["contents"]] == ["single_parents"]
    parent = get(client, "taxonomy_term_list", parent_id=kinds["id"]).json()
    assert parent["contents"] == []


def test_post_is_refused_with_405_and_cors_is_open(client, directory):
    response = client.post(reverse("hsds:service_list"))
    assert response.status_code == 405
    assert "GET" in response["Allow"]
    response = get(client, "service_list")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(reverse("hsds:service_list"))
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"


def test_answers_set_no_cookies(client, directory):
    response = get(client, "service_list", lang="tr")
    assert not response.cookies


# Queries ------------------------------------------------------------------------------


def add_offers(directory: Directory, count: int) -> None:
    user = UserFactory(full_name="Kontakt Person")
    for number in range(count):
        offer = OfferFactory(
            project=directory.family_cafe.project,
            title=f"Zusatzangebot {number}",
            published=True,
            contact_person=user,
            contact_email="x@example.org",
            target_groups=["families"],
        )
        place = LocationFactory(project=offer.project, name=f"Ort {number}")
        offer.locations.set([place, directory.cafe])
        schedule = ScheduleFactory(offer=offer, location=place)
        ScheduleExceptionFactory(schedule=schedule)
        OfferTranslationFactory(offer=offer, language="en", title=f"Extra {number}")


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("service_list", {}),
        ("service_list", {"full": "true", "lang": "en"}),
        ("service_list", {"postcode": "44649", "proximity": "5000", "search": "a"}),
        ("service_at_location_list", {"full": "true"}),
        ("organization_list", {}),
    ],
)
def test_lists_take_the_same_number_of_queries_for_3_and_20_offers(
    client, directory, name, query, settings
):
    settings.PUBLIC_CACHE_ENABLED = False  # the view's own queries, not a cache hit
    query = {"per_page": 100, **query}
    get(client, name, **query)  # warm up
    with CaptureQueriesContext(connection) as few:
        assert get(client, name, **query).status_code == 200
    add_offers(directory, 17)
    with CaptureQueriesContext(connection) as many:
        response = get(client, name, **query)
    assert response.status_code == 200
    assert len(many) == len(few)
    if name != "organization_list":
        assert response.json()["total_items"] > 10


def test_organization_detail_queries_do_not_grow_with_offers(client, directory, settings):
    settings.PUBLIC_CACHE_ENABLED = False  # the view's own queries, not a cache hit
    url = reverse("hsds:organization_detail", args=[org_id("stadtteilwerk-wanne")])
    client.get(url, {"full_service": "true"})
    with CaptureQueriesContext(connection) as few:
        client.get(url, {"full_service": "true"})
    add_offers(directory, 17)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url, {"full_service": "true"})
    assert len(response.json()["services"]) == 19
    assert len(many) == len(few)


def test_page_zero_is_the_first_page(client, directory):
    """HSDS does not say pages count from 1, and clients counting from 0 send page=0:
    it is the first page, not a 400."""
    for name in ("service_list", "service_at_location_list", "organization_list"):
        first = get(client, name, per_page=2, page=1)
        zero = get(client, name, per_page=2, page=0)
        assert zero.status_code == 200, (name, zero.content[:200])
        assert zero.json() == first.json()
        assert zero.json()["page_number"] == 1
        assert zero.json()["first_page"] is True


@pytest.mark.parametrize("value", ["true", "false"])
def test_detail_endpoints_accept_full_and_full_service(client, directory, value):
    cafe = directory.family_cafe
    service_at_location = get(client, "service_at_location_list").json()["contents"][0]["id"]
    for name, args in [
        ("service_detail", [cafe.public_id]),
        ("service_at_location_detail", [service_at_location]),
        ("organization_detail", [org_id("stadtteilwerk-wanne")]),
    ]:
        for parameter in ("full_service", "full"):
            response = get(client, name, *args, **{parameter: value})
            assert response.status_code == 200, (name, parameter, response.content[:200])


def test_organization_list_nests_with_full_and_full_service(client, directory):
    plain = get(client, "organization_list").json()["contents"]
    assert all("services" not in item for item in plain)
    full = get(client, "organization_list", full="true").json()["contents"]
    wanne = next(item for item in full if item["name"] == "Stadtteilwerk Wanne")
    assert [service["name"] for service in wanne["services"]] == [
        "Familiencafé",
        "Offene Sprechstunde",
    ]
    assert "schedules" not in wanne["services"][0]
    nested = get(client, "organization_list", full_service="true").json()["contents"]
    wanne = next(item for item in nested if item["name"] == "Stadtteilwerk Wanne")
    assert "schedules" in wanne["services"][0]
    assert get(client, "organization_list", full_service="maybe").status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/hsds/nothing", "/hsds/services/", "/hsds/services/x/y", "/hsds/organisations", "/hsds/."],
)
def test_unknown_paths_under_hsds_answer_json_404(client, db, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json()["detail"]


def test_every_address_names_its_federal_state(client, directory):
    data = get(client, "service_list", full="true", per_page=100).json()
    addresses = [
        address
        for service in data["contents"]
        for at in service["service_at_locations"]
        for address in at["location"]["addresses"]
    ]
    assert addresses
    assert {address["state_province"] for address in addresses} == {"Nordrhein-Westfalen"}


@pytest.mark.parametrize(
    ("postcode", "city", "district_city", "state"),
    [
        ("44649", "Herne", "", "Nordrhein-Westfalen"),
        ("47169", "Duisburg", "", "Nordrhein-Westfalen"),
        ("46282", "", "", "Nordrhein-Westfalen"),
        ("07747", "Jena", "", "Thüringen"),
        ("07745", "", "", "Thüringen"),
        ("54294", "Trier", "", "Rheinland-Pfalz"),
        ("10115", "", "", "Berlin"),
        ("28195", "Bremen", "", "Bremen"),
        ("27568", "Bremerhaven", "", "Bremen"),
        ("21073", "Hamburg", "", "Hamburg"),
        ("63739", "Aschaffenburg", "", "Bayern"),
        ("80331", "München", "", "Bayern"),
        ("", "", "Jena", "Thüringen"),
        ("", "", "", ""),
        ("4464", "", "", ""),
    ],
)
def test_federal_state_from_city_and_postcode(postcode, city, district_city, state):
    from quartier.stadtteilplan.hsds.regions import federal_state

    assert federal_state(postcode=postcode, city=city, district_city=district_city) == state


@time_machine.travel(dt.datetime(2026, 12, 20, 12, 0, tzinfo=dt.UTC), tick=False)
def test_past_holiday_exceptions_are_left_out(client, directory):
    data = get(client, "service_detail", directory.family_cafe.public_id).json()
    weekly = next(s for s in data["schedules"] if s.get("freq") == "WEEKLY")
    assert "2026-04-06" not in weekly["notes"]  # Easter Monday is past
    assert "2026-12-23 (Ferien)" in weekly["notes"]


@time_machine.travel(dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC), tick=False)
def test_a_schedule_with_only_past_exceptions_has_no_note(client, directory):
    data = get(client, "service_detail", directory.family_cafe.public_id).json()
    assert all("notes" not in schedule for schedule in data["schedules"])
