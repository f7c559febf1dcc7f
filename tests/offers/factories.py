"""factory_boy factories for the offers app (offers, places, schedules, enrolments…)."""

import datetime as dt

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from quartier.offers.models import (
    Attendance,
    Enrolment,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
    ServiceRequest,
)
from tests.factories import CaseFactory, ProjectFactory

TIME_9 = dt.time(9, 0)
TIME_12 = dt.time(12, 0)


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda o: o.project.lead_organisation)
    name = factory.Sequence(lambda n: f"Stadtteilcafé {n}")
    street = "Hauptstraße 1"
    postcode = "44649"
    city = "Herne"
    latitude = "51.538000"
    longitude = "7.164000"


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda o: o.project.lead_organisation)
    kind = "qualification_module"
    title = factory.Sequence(lambda n: f"Stadtteilservice {n}")
    short_description = "Arbeiten im Quartier"
    occupational_field = "gardening_landscaping"
    target_groups = factory.LazyFunction(lambda: ["long_term_unemployed"])
    languages = factory.LazyFunction(lambda: ["de"])


class ScheduleFactory(DjangoModelFactory):
    """Weekly, every day of the week from 300 days ago, 9–12: every date is a session."""

    class Meta:
        model = Schedule

    offer = factory.SubFactory(OfferFactory)
    kind = "weekly"
    weekdays = factory.LazyFunction(lambda: [0, 1, 2, 3, 4, 5, 6])
    start_time = TIME_9
    end_time = TIME_12
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=300))


class ScheduleExceptionFactory(DjangoModelFactory):
    class Meta:
        model = ScheduleException

    schedule = factory.SubFactory(ScheduleFactory)
    date = factory.LazyFunction(timezone.localdate)
    reason = "Feiertag"


class OfferTranslationFactory(DjangoModelFactory):
    class Meta:
        model = OfferTranslation

    offer = factory.SubFactory(OfferFactory)
    language = "en"
    title = "District service"


class EnrolmentFactory(DjangoModelFactory):
    """An active enrolment of a case of the offer's project that started 30 days ago."""

    class Meta:
        model = Enrolment

    offer = factory.SubFactory(OfferFactory)
    case = factory.LazyAttribute(
        lambda e: CaseFactory(
            participant__project=e.offer.project,
            participant__organisation=e.offer.organisation,
            entry_date=timezone.localdate() - dt.timedelta(days=400),
        )
    )
    status = "active"
    start_date = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=30))


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    enrolment = factory.SubFactory(EnrolmentFactory)
    date = factory.LazyFunction(timezone.localdate)
    status = "present"
    hours = "3.00"


class ServiceRequestFactory(DjangoModelFactory):
    class Meta:
        model = ServiceRequest

    offer = factory.SubFactory(OfferFactory, kind="practical_project", published=True)
    requested_by_name = "Frau Kowalski"
    contact_phone = "02362 123456"
    address = "Lippestraße 5, Dorsten"
    description = "Fahrt zum Arzt mit der Rikscha"
