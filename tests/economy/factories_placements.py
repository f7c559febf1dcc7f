"""Factories of the placements tests: an employer and a vacancy of a project (minimal,
so that these tests need nothing of the other areas' factories), placements and a
case of organisation A with a job coach as responsible person."""

import datetime as dt

import factory
from factory.django import DjangoModelFactory

from quartier.core.models import Role
from quartier.economy.models import Placement, Vacancy
from quartier.economy.services.placements import placement_record
from tests.economy.factories import EmployerFactory
from tests.factories import CaseFactory


class PlacementEmployerFactory(EmployerFactory):
    project = None
    name = factory.Sequence(lambda n: f"Gärtnerei Grün {n} GmbH")
    postcode = "07747"


class PlacementVacancyFactory(DjangoModelFactory):
    class Meta:
        model = Vacancy

    project = None
    organisation = factory.LazyAttribute(lambda v: v.project.lead_organisation)
    employer = factory.LazyAttribute(
        lambda v: PlacementEmployerFactory(project=v.project, organisation=v.organisation)
    )
    title = factory.Sequence(lambda n: f"Helfer/in Garten- und Landschaftsbau {n}")
    hours_per_week = 30
    places = 1


def coach_case(world, coach=None, **kwargs):
    """A case of organisation A (entry 1 March 2025) with `coach` responsible."""
    case = CaseFactory(
        participant__project=world.project, participant__organisation=world.org_a, **kwargs
    )
    if coach is not None:
        case.responsible = coach
        case.save()
    return case


def record(case, actor, *, start=dt.date(2025, 6, 2), **kwargs) -> Placement:
    """A placement recorded through the service (with its check-ins)."""
    data = {
        "contract_kind": "insured_employment",
        "start_date": start,
        "employer_name": "Hotel Am Markt",
        "job_title": "Zimmerreinigung",
    }
    data.update(kwargs)
    return placement_record(actor=actor, case=case, **data)


COACH = Role.JOB_COACH
LIAISON = Role.EMPLOYER_LIAISON
