"""The district profile: the district's statistics beside the city's with source and date,
the project's reach per 1,000 inhabitants by target group, and the offers there."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from quartier.core.models import Role
from tests.factories import CaseFactory, DistrictFactory, DistrictStatisticFactory
from tests.offers.factories import EnrolmentFactory, LocationFactory, OfferFactory
from tests.reports.views.test_pages import YEAR_2025, table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def profile_url(project, district) -> str:
    return reverse("reports:district_profile", args=[project.slug, district.slug])


def test_statistics_beside_the_city_with_source_and_date(seeded, lead, login):
    DistrictStatisticFactory(
        district=seeded.north, reference_date=date(2016, 12, 31), population_district=9100
    )
    response = login(lead).get(profile_url(seeded.project, seeded.north))
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html, "Area statistics as of 31.12.2018")
    assert rows["Inhabitants"] == ["9,725", "161,084"]
    assert rows["SGB II rate"] == ["23.9 %", "19.3 %"]
    assert "Stadt Herne, Statistikstelle" in html
    assert "City of Herne" in html
    # The newest figures lead; the older date is listed below them.
    assert response.context["profile"].earlier[0].reference_date == date(2016, 12, 31)


def test_reach_per_thousand_inhabitants_by_target_group(seeded, lead, login):
    response = login(lead).get(profile_url(seeded.project, seeded.north), YEAR_2025)
    profile = response.context["profile"]
    # Aylin, Bernd and Emine (the partner's participant) live in the north.
    assert profile.participants == 3
    assert str(profile.per_thousand) == "0.3"  # 3 / 9,725 inhabitants × 1,000
    reach = {row.group: row.count for row in profile.reach}
    assert reach["women"] == 2
    assert reach["long_term_unemployed"] == 3  # unemployed since 2023 (the factory)
    assert reach["single_parents"] == 0
    html = response.content.decode()
    rows = table_rows(html, "Participants from the district by target group")
    assert rows["Women"] == ["2", "0.2"]
    assert rows["All participants from the district"] == ["3", "0.3"]
    assert "<svg" in html


def test_reach_without_statistics_says_what_is_missing(seeded, lead, login):
    response = login(lead).get(profile_url(seeded.project, seeded.south), YEAR_2025)
    profile = response.context["profile"]
    assert profile.statistic is None
    assert profile.participants == 1
    assert profile.per_thousand is None
    assert "No area statistics recorded for this district yet" in response.content.decode()


def test_offers_with_a_place_in_the_district(seeded, lead, login):
    elsewhere = LocationFactory(project=seeded.project, district=seeded.south)
    garden = OfferFactory(project=seeded.project, title="Gartenprojekt Süd", capacity=8)
    garden.locations.add(elsewhere)
    response = login(lead).get(profile_url(seeded.project, seeded.north), YEAR_2025)
    titles = [offer.title for offer in response.context["profile"].offers.offers]
    assert titles == ["Stadtteilservice"]
    south = login(lead).get(profile_url(seeded.project, seeded.south), YEAR_2025)
    assert [o.title for o in south.context["profile"].offers.offers] == ["Gartenprojekt Süd"]


def test_a_district_of_another_project_is_not_found(seeded, lead, login):
    foreign = DistrictFactory()
    assert login(lead).get(profile_url(seeded.project, foreign)).status_code == 404


def test_end_before_start_is_a_message(seeded, lead, login):
    response = login(lead).get(
        profile_url(seeded.project, seeded.north),
        {"period": "custom", "date_from": "2025-12-31", "date_to": "2025-01-01"},
    )
    assert response.status_code == 200
    assert "lies before its start" in response.content.decode()
    assert "profile" not in response.context


def test_evaluator_sees_small_counts_and_no_rates_that_would_reveal_them(seeded, world, login):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    response = login(evaluator).get(profile_url(seeded.project, seeded.north), YEAR_2025)
    assert response.status_code == 200
    html = response.content.decode()
    rows = table_rows(html, "Participants from the district by target group")
    assert rows["Women"] == ["&lt;5", "–"]
    assert rows["All participants from the district"] == ["&lt;5", "–"]
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    for name in seeded.names:
        assert name not in main


def test_query_count_does_not_grow_with_the_data(seeded, world, lead, login):
    client = login(lead)
    url = profile_url(seeded.project, seeded.north)
    client.get(url, YEAR_2025)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, YEAR_2025).status_code == 200
        return len(captured)

    few = queries()
    for index in range(40):
        case = CaseFactory(
            participant__project=seeded.project,
            participant__district=seeded.north,
            participant__single_parent="yes",
            entry_date=date(2025, 1 + index % 12, 5),
        )
        offer = OfferFactory(project=seeded.project, capacity=10)
        offer.locations.add(LocationFactory(project=seeded.project, district=seeded.north))
        EnrolmentFactory(offer=offer, case=case, start_date=date(2025, 2, 1))
    assert queries() == few
