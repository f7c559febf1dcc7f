"""factory_boy factories for business events and vacant units (the events area).

The employers area owns `tests/economy/factories.py`; these are the events area's own,
with a small employer factory of their own (`EventEmployerFactory`)."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from quartier.economy.models import (
    BusinessEvent,
    EventInvitation,
    EventTask,
    UnitStatusChange,
    VacantUnit,
)
from tests.economy.factories import EmployerFactory
from tests.factories import ProjectFactory


class EventEmployerFactory(EmployerFactory):
    """A micro bakery in Jena (pass project and organisation)."""

    name = factory.Sequence(lambda n: f"Bäckerei Muster {n}")
    size_class = "micro"
    headcount = 4
    postcode = "07747"
    city = "Jena"


class EventFactory(DjangoModelFactory):
    class Meta:
        model = BusinessEvent

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda e: e.project.lead_organisation)
    kind = "entrepreneurs_evening"
    title = factory.Sequence(lambda n: f"Unternehmerabend {n}")
    date = dt.date(2026, 3, 12)
    place = "Stadtteilzentrum Lobeda"


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = EventInvitation

    event = factory.SubFactory(EventFactory)
    employer = factory.LazyAttribute(
        lambda i: EventEmployerFactory(project=i.event.project, organisation=i.event.organisation)
    )


class EventTaskFactory(DjangoModelFactory):
    class Meta:
        model = EventTask

    event = factory.SubFactory(EventFactory)
    title = factory.Sequence(lambda n: f"Einladungen verschicken {n}")
    due_date = dt.date(2026, 3, 1)


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = VacantUnit
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda u: u.project.lead_organisation)
    title = factory.Sequence(lambda n: f"Ehemalige Bäckerei {n}")
    street = factory.Sequence(lambda n: f"Karl-Marx-Allee {n}")
    postcode = "07747"
    city = "Jena"
    status = "vacant"
    vacant_since = dt.date(2025, 11, 1)
    status_since = dt.date(2025, 11, 1)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        if create:
            UnitStatusChange.objects.create(unit=obj, status=obj.status, date=obj.status_since)
