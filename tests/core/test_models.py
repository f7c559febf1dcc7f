"""Model invariants: database constraints and the GeoJSON boundary parser."""

import contextlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from hypothesis import given
from hypothesis import strategies as st

from quartier.core.models import DistrictStatistic, ProjectMember, validate_geojson_area
from tests.factories import DistrictFactory, OrganisationFactory, ProjectFactory

coordinate = st.tuples(
    st.floats(min_value=-180, max_value=180, allow_nan=False),
    st.floats(min_value=-90, max_value=90, allow_nan=False),
)


@given(st.lists(coordinate, min_size=3, max_size=20))
def test_any_closed_ring_of_valid_coordinates_is_accepted(points):
    ring = [list(p) for p in points] + [list(points[0])]
    validate_geojson_area({"type": "Polygon", "coordinates": [ring]})
    validate_geojson_area(
        {"type": "Feature", "geometry": {"type": "MultiPolygon", "coordinates": [[ring]]}}
    )


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=5),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(
                st.sampled_from(["type", "coordinates", "geometry"]), children, max_size=3
            )
        ),
        max_leaves=20,
    )
)
def test_junk_boundaries_are_refused_with_a_validation_error_only(value):
    with contextlib.suppress(ValidationError):
        validate_geojson_area(value)


def test_open_ring_and_out_of_range_coordinates_are_refused():
    with pytest.raises(ValidationError, match="close"):
        validate_geojson_area(
            {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1]]]}
        )
    with pytest.raises(ValidationError, match="outside"):
        validate_geojson_area(
            {"type": "Polygon", "coordinates": [[[0, 0], [200, 0], [1, 1], [0, 0]]]}
        )


@pytest.mark.django_db
def test_database_refuses_a_rate_above_100_percent():
    district = DistrictFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DistrictStatistic.objects.create(
            district=district, reference_date=date(2020, 1, 1), sgb2_rate_district=101
        )


@pytest.mark.django_db
def test_database_refuses_a_project_ending_before_it_starts():
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(start_date=date(2024, 1, 1), end_date=date(2023, 1, 1))


@pytest.mark.django_db
def test_database_refuses_a_second_lead_organisation():
    project = ProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectMember.objects.create(
            project=project, organisation=OrganisationFactory(), is_lead=True
        )
