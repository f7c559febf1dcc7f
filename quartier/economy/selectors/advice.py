"""Reads of employer services (Betriebsberatung): those of the employers the user sees."""

from django.db.models import QuerySet

from quartier.economy.models.advice import EmployerService
from quartier.economy.selectors.employers import employers_visible_to


def services_visible_to(user) -> QuerySet[EmployerService]:
    """Services of the employers the user may see."""
    return EmployerService.objects.filter(employer__in=employers_visible_to(user))


def service_rows(*, user, employer_id: int) -> QuerySet[EmployerService]:
    """The services of one employer, newest first."""
    return (
        services_visible_to(user)
        .filter(employer_id=employer_id)
        .select_related("employer", "staff")
        .order_by("-date", "-id")
    )


def service_for_write(*, user, pk: int, employer_id: int | None = None) -> EmployerService | None:
    """A service the user may see (of `employer_id` if given), or None (404)."""
    services = services_visible_to(user).select_related(
        "employer__project", "employer__organisation", "staff"
    )
    if employer_id is not None:
        services = services.filter(employer_id=employer_id)
    return services.filter(pk=pk).first()
