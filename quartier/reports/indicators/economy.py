"""EECO19, the entity indicator of the local economy (INDICATORS.md section 2): the
number of micro, small and medium-sized enterprises supported in the period, each
counted once.

An employer of the project counts when, on some day of the period, it received
support aimed at the company itself and was an SME on that day:

- an `EmployerService` with aim "company" dated that day, or
- attendance (`EventInvitation.attended`) at a `BusinessEvent` of that day that
  itself supports the companies (`supports_companies`);

its size on that day is the latest `SizeDeclaration` declared on or before it, or,
without one, the employer's current size class. Micro, small and medium count; large
and not declared never do. Person-aimed services (a self-employed resident coached as
an individual is a participant) and placements never make a supported SME.

One query, whatever the number of employers, services or events.
"""

from datetime import date

from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from quartier.core.models import Project
from quartier.economy.models import (
    SME_SIZE_CLASSES,
    Employer,
    EmployerService,
    EventInvitation,
    ServiceAim,
    SizeDeclaration,
)


def size_in_force(day: str) -> Coalesce:
    """The size class of the row's `employer` on the row's date `day` (a lookup path):
    the latest declaration on or before it, else the employer's current size class."""
    declared = (
        SizeDeclaration.objects.filter(
            employer=OuterRef("employer"), declared_on__lte=OuterRef(day)
        )
        .order_by("-declared_on", "-id")
        .values("size_class")[:1]
    )
    return Coalesce(Subquery(declared), F("employer__size_class"))


def _between(field: str, date_from: date | None, date_to: date | None) -> Q:
    condition = Q()
    if date_from is not None:
        condition &= Q(**{f"{field}__gte": date_from})
    if date_to is not None:
        condition &= Q(**{f"{field}__lte": date_to})
    return condition


def supported_employers(
    *, project: Project, date_from: date | None, date_to: date | None, smes_only: bool = True
):
    """The project's employers that received company-aimed support in the period (both
    ends inclusive; None = open), as a queryset: with `smes_only` (EECO19) only those
    that were an SME on the day of a support, else whatever their size."""
    services = EmployerService.objects.filter(
        _between("date", date_from, date_to),
        employer__project=project,
        aim=ServiceAim.COMPANY,
    )
    events = EventInvitation.objects.filter(
        _between("event__date", date_from, date_to),
        employer__project=project,
        attended=True,
        event__supports_companies=True,
    )
    if smes_only:
        sme = list(SME_SIZE_CLASSES)
        services = services.alias(size=size_in_force("date")).filter(size__in=sme)
        events = events.alias(size=size_in_force("event__date")).filter(size__in=sme)
    return Employer.objects.filter(project=project).filter(
        Q(pk__in=services.values("employer_id")) | Q(pk__in=events.values("employer_id"))
    )


def supported_smes(*, project: Project, date_from: date | None, date_to: date | None):
    """The project's employers that count for EECO19 in the period."""
    return supported_employers(project=project, date_from=date_from, date_to=date_to)


def eeco19(*, project: Project, date_from: date | None, date_to: date | None) -> int:
    """The number of SMEs supported in the period (one query)."""
    return supported_smes(project=project, date_from=date_from, date_to=date_to).count()
