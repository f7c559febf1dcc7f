"""Fixtures of the offer map's tests."""

from datetime import date

import pytest

from quartier.core.models import Role
from tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    ProjectFactory,
)
from tests.offers.factories import LocationFactory, OfferFactory


@pytest.fixture
def plan(db):
    """A district with one project (lead organisation with an inbox, a project lead)
    and one published offer at a place in the district."""
    district = DistrictFactory(name="Wanne-Süd", slug="wanne-sued")
    lead = OrganisationFactory(
        name="Stadtteilbüro Wanne", email="inbox@traeger.example", phone="02325 123456"
    )
    project = ProjectFactory(name="BQB-Süd", lead=lead, end_date=date(2099, 12, 31))
    project.districts.add(district)
    place = LocationFactory(project=project, name="Stadtteilcafé", district=district)
    offer = OfferFactory(project=project, title="Sprachcafé", kind="course", published=True)
    offer.locations.add(place)
    lead_user = MembershipFactory(
        project=project,
        organisation=lead,
        role=Role.PROJECT_LEAD,
        user__email="lead@traeger.example",
    ).user
    return {
        "district": district,
        "project": project,
        "lead": lead,
        "offer": offer,
        "lead_user": lead_user,
    }
