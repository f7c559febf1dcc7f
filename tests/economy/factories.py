"""factory_boy factories for the economy app (employers, their contacts and services,
and basic vacancies, business events and placements).

Other areas add their own factories in `tests/economy/factories_<area>.py`."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from quartier.economy.models.advice import EmployerService
from quartier.economy.models.employers import (
    ContactPerson,
    Employer,
    EmployerContact,
    SizeDeclaration,
)
from quartier.economy.models.events import BusinessEvent, EventInvitation
from quartier.economy.models.placements import Placement, StabilisationCheck
from quartier.economy.models.vacancies import Vacancy
from tests.factories import CaseFactory, ProjectFactory


class EmployerFactory(DjangoModelFactory):
    """A small gardening firm in the programme area, owned by the project's lead org."""

    class Meta:
        model = Employer

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda e: e.project.lead_organisation)
    name = factory.Sequence(lambda n: f"Gartenbau Beispiel {n} GmbH")
    legal_form = "gmbh"
    sector = "N"
    headcount = 12
    size_class = "small"
    size_declared_on = dt.date(2025, 1, 15)
    street = "Hauptstraße 5"
    postcode = "44649"
    city = "Herne"
    in_programme_area = True


class SizeDeclarationFactory(DjangoModelFactory):
    class Meta:
        model = SizeDeclaration

    employer = factory.SubFactory(EmployerFactory)
    declared_on = dt.date(2025, 1, 15)
    headcount = 12
    size_class = "small"


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name", locale="de_DE")
    position = "Inhaberin"
    phone = "02323 12345"
    email = factory.Sequence(lambda n: f"kontakt{n}@betrieb.example")
    legal_basis = "legitimate_interest"


class EmployerContactFactory(DjangoModelFactory):
    class Meta:
        model = EmployerContact

    employer = factory.SubFactory(EmployerFactory)
    date = dt.date(2025, 6, 2)
    channel = "visit"
    subject = "Kennenlernen"


class EmployerServiceFactory(DjangoModelFactory):
    class Meta:
        model = EmployerService

    employer = factory.SubFactory(EmployerFactory)
    date = dt.date(2025, 6, 10)
    kind = "diversity_management"
    aim = "company"
    topic = "Vielfalt im Team"


class VacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda v: v.project.lead_organisation)
    employer = factory.LazyAttribute(
        lambda v: EmployerFactory(project=v.project, organisation=v.organisation)
    )
    kind = "job"
    title = factory.Sequence(lambda n: f"Helfer/in Garten- und Landschaftsbau {n}")
    occupational_field = "gardening_landscaping"
    postcode = "44649"
    city = "Herne"


class BusinessEventFactory(DjangoModelFactory):
    class Meta:
        model = BusinessEvent

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda e: e.project.lead_organisation)
    kind = "fair"
    title = factory.Sequence(lambda n: f"b2b-Messe {n}")
    date = dt.date(2025, 9, 18)
    place = "Stadtteilzentrum"


class EventInvitationFactory(DjangoModelFactory):
    class Meta:
        model = EventInvitation

    event = factory.SubFactory(BusinessEventFactory)
    employer = factory.LazyAttribute(
        lambda i: EmployerFactory(project=i.event.project, organisation=i.event.organisation)
    )
    response = "accepted"
    attended = True
    attendees = 1


class PlacementFactory(DjangoModelFactory):
    """A placement of the case's participant with a vacancy of the case's project."""

    class Meta:
        model = Placement

    case = factory.SubFactory(CaseFactory)
    vacancy = factory.LazyAttribute(
        lambda p: VacancyFactory(project=p.case.project, organisation=p.case.organisation)
    )
    employer = factory.LazyAttribute(lambda p: p.vacancy.employer if p.vacancy else None)
    job_title = factory.LazyAttribute(lambda p: p.vacancy.title if p.vacancy else "Helferin")
    contract_kind = "insured_employment"
    start_date = dt.date(2025, 7, 1)


class StabilisationCheckFactory(DjangoModelFactory):
    class Meta:
        model = StabilisationCheck

    placement = factory.SubFactory(PlacementFactory)
    with_whom = "participant"
    months_after_start = 1
    due_date = factory.LazyAttribute(lambda c: c.placement.start_date + dt.timedelta(days=30))
