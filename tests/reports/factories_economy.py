"""Small builders of local-economy records for the report tests (EECO19 and the
dashboard's local-economy figures). The economy app's own factories live in
tests/economy/factories.py; these stay here so that the two do not collide."""

from datetime import date
from itertools import count

from quartier.core.models import Project
from quartier.economy.models import (
    BusinessEvent,
    Employer,
    EmployerService,
    EventInvitation,
    SizeDeclaration,
    StabilisationCheck,
    UnitStatusChange,
    VacantUnit,
)
from quartier.economy.models.placements import Placement
from tests.factories import CaseFactory

_numbers = count(1)


def employer(project: Project, size: str = "small", **fields) -> Employer:
    """An employer of `project` whose current size class is `size` ("" = not declared)."""
    number = next(_numbers)
    return Employer.objects.create(
        project=project,
        organisation=project.lead_organisation,
        name=fields.pop("name", f"Betrieb {number}"),
        postcode=fields.pop("postcode", "07747"),
        size_class=size,
        **fields,
    )


def declare(employer: Employer, on: date, size: str) -> SizeDeclaration:
    return SizeDeclaration.objects.create(employer=employer, declared_on=on, size_class=size)


def service(
    employer: Employer, on: date, aim: str = "company", kind: str = "business_advice"
) -> EmployerService:
    return EmployerService.objects.create(
        employer=employer, date=on, aim=aim, kind=kind, topic="Beratung"
    )


def event(project: Project, on: date, supports: bool = True, **fields) -> BusinessEvent:
    return BusinessEvent.objects.create(
        project=project,
        organisation=project.lead_organisation,
        kind=fields.pop("kind", "workshop"),
        title=fields.pop("title", "Workshop Fördermittel"),
        date=on,
        supports_companies=supports,
        **fields,
    )


def invite(
    event: BusinessEvent, employer: Employer, attended: bool = True, attendees: int = 1
) -> EventInvitation:
    return EventInvitation.objects.create(
        event=event,
        employer=employer,
        attended=attended,
        attendees=attendees if attended else 0,
        response="accepted" if attended else "invited",
    )


def unit(project: Project, status: str = "vacant", let_on: date | None = None) -> VacantUnit:
    return VacantUnit.objects.create(
        project=project,
        organisation=project.lead_organisation,
        title="Ladenlokal",
        street="Hauptstraße 1",
        status=status,
        let_on=let_on,
    )


def change(unit: VacantUnit, status: str, on: date) -> UnitStatusChange:
    return UnitStatusChange.objects.create(unit=unit, status=status, date=on)


def placement(
    project: Project,
    start: date,
    contract_kind: str = "insured_employment",
    employer: Employer | None = None,
    case=None,
) -> Placement:
    case = case or CaseFactory(participant__project=project, entry_date=date(2024, 1, 10))
    return Placement.objects.create(
        case=case,
        employer=employer,
        employer_name="" if employer else "Bäckerei Beispiel",
        job_title="Verkäuferin",
        contract_kind=contract_kind,
        start_date=start,
    )


def check(
    placement: Placement, months: int, status: str = "due", with_whom: str = "participant"
) -> StabilisationCheck:
    done = status != "due"
    return StabilisationCheck.objects.create(
        placement=placement,
        with_whom=with_whom,
        months_after_start=months,
        due_date=placement.start_date.replace(day=1),
        done_on=placement.start_date if done else None,
        status=status,
        end_reason="dismissed" if status == "ended" else "",
    )
