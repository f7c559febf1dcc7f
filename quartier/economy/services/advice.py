"""Writes of employer services (Betriebsberatung, diversity management, subsidy help,
…): recording, changing and deleting one. Each names its aim: the company itself or
one person (only company-aimed services of SMEs count for EECO19)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.core.models import User
from quartier.core.services import save_versioned
from quartier.core.tenancy import VACANCY_ROLES, staff_with_role
from quartier.economy.models.advice import EmployerService
from quartier.economy.models.employers import Employer

SERVICE_FIELDS = ("date", "kind", "aim", "topic", "staff", "duration_minutes", "outcome")


def _require(actor: User | None, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _apply(service: EmployerService, fields: dict) -> None:
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(service, name, value)
    staff = service.staff
    if (
        staff is not None
        and not staff_with_role(service.employer.project_id, *VACANCY_ROLES)
        .filter(pk=staff.pk)
        .exists()
    ):
        raise ValidationError({"staff": _("Choose a member of the project's staff.")})
    service.full_clean()


@transaction.atomic
def service_create(*, actor: User, employer: Employer, **fields) -> EmployerService:
    _require(actor, "economy.change_employer", employer)
    service = EmployerService(employer=employer, created_by=actor)
    if "staff" not in fields:
        is_staff = staff_with_role(employer.project_id, *VACANCY_ROLES).filter(pk=actor.pk)
        fields["staff"] = actor if is_staff.exists() else None
    _apply(service, fields)
    service.save()
    return service


@transaction.atomic
def service_update(
    *, actor: User, service: EmployerService, expected_version: int, **fields
) -> EmployerService:
    _require(actor, "economy.change_employer", service.employer)
    _apply(service, fields)
    save_versioned(service, expected_version=expected_version)
    return service


@transaction.atomic
def service_delete(*, actor: User, service: EmployerService) -> None:
    _require(actor, "economy.change_employer", service.employer)
    service.delete()
