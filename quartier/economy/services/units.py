"""Writes of vacant commercial units (Leerstand): recording a unit, changing its
details, its way from vacant through talks to let (each step a `UnitStatusChange`),
and deleting it.

Every write re-checks the permission (`economy.add_record` on the project to create,
`economy.change_unit` on the unit otherwise), `full_clean()`s and runs in one
transaction. A status change is versioned like an edit; sending the same change
twice changes nothing.
"""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import District, Organisation, Project, User
from quartier.core.services import ConcurrentEditError, save_versioned
from quartier.core.tenancy import ECONOMY_ROLES, may_act_for
from quartier.economy.models import Employer, UnitStatus, UnitStatusChange, VacantUnit

#: The fields of a unit that its edit form and the API set (the status has its own step).
UNIT_FIELDS = (
    "title",
    "use",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "area_m2",
    "rent_monthly",
    "owner_name",
    "owner_contact",
    "vacant_since",
    "notes",
)


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _check_district(project_id: int, district: District | None) -> None:
    if district is not None and not district.projects.filter(pk=project_id).exists():
        raise ValidationError({"district": _("Choose one of the project's districts.")})


@transaction.atomic
def unit_create(*, actor: User, project: Project, organisation: Organisation, **data) -> VacantUnit:
    """Record a vacant unit; its history starts with "vacant" on the day it became
    vacant (or today)."""
    _require(actor, "economy.add_record", project)
    if not may_act_for(actor, project, organisation, roles=ECONOMY_ROLES):
        raise PermissionDenied(_("You are not allowed to do this."))
    unknown = set(data) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    _check_district(project.pk, data.get("district"))
    since = data.get("vacant_since") or timezone.localdate()
    unit = VacantUnit(
        project=project,
        organisation=organisation,
        status=UnitStatus.VACANT,
        status_since=since,
        created_by=actor,
        **data,
    )
    unit.full_clean()
    unit.save()
    UnitStatusChange.objects.create(
        unit=unit, status=UnitStatus.VACANT, date=since, by=actor, created_by=actor
    )
    return unit


@transaction.atomic
def unit_update(*, actor: User, unit: VacantUnit, expected_version: int, **data) -> VacantUnit:
    """Change a unit's details (`UNIT_FIELDS`); a stale version is refused."""
    _require(actor, "economy.change_unit", unit)
    unknown = set(data) - set(UNIT_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(unknown)})
    if "district" in data:
        _check_district(unit.project_id, data["district"])
    for field, value in data.items():
        setattr(unit, field, value)
    save_versioned(unit, expected_version=expected_version)
    return unit


def _check_tenant(actor: User, unit: VacantUnit, tenant: Employer | None) -> None:
    if tenant is None:
        return
    if tenant.project_id != unit.project_id or not actor.has_perm("economy.view_employer", tenant):
        raise ValidationError({"tenant": _("Choose an employer of the unit's project.")})


@transaction.atomic
def unit_status_change(
    *,
    actor: User,
    unit: VacantUnit,
    expected_version: int,
    status: str,
    date: date,
    tenant: Employer | None = None,
    note: str = "",
) -> VacantUnit:
    """Move a unit to `status` on `date` and append the step to its history. "Let"
    needs the date (it becomes `let_on`) and may name the business that moved in;
    any other status clears both. The same change sent again (a double submit) changes
    nothing; a date before the last step is refused."""
    _require(actor, "economy.change_unit", unit)
    if status not in UnitStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if date is None:
        raise ValidationError({"date": _("Enter the date of the change.")})
    if status != UnitStatus.LET:
        tenant = None
    _check_tenant(actor, unit, tenant)
    stored = VacantUnit.objects.select_for_update().get(pk=unit.pk)
    if (stored.status, stored.status_since, stored.tenant_id) == (
        status,
        date,
        tenant.pk if tenant else None,
    ):
        return stored
    if stored.version != expected_version:
        raise ConcurrentEditError()
    last = unit.status_changes.order_by("-date", "-id").values_list("date", flat=True).first()
    if last is not None and date < last:
        raise ValidationError(
            {
                "date": _("The change cannot lie before the last one (%(date)s).")
                % {"date": last.strftime("%d.%m.%Y")}
            }
        )
    unit.status = status
    unit.status_since = date
    unit.let_on = date if status == UnitStatus.LET else None
    unit.tenant = tenant
    if status == UnitStatus.VACANT:
        unit.vacant_since = date
    save_versioned(unit, expected_version=expected_version)
    change = UnitStatusChange(
        unit=unit, status=status, date=date, note=note, by=actor, created_by=actor
    )
    change.full_clean()
    change.save()
    return unit


@transaction.atomic
def unit_delete(*, actor: User, unit: VacantUnit) -> None:
    """Delete a unit with its history."""
    _require(actor, "economy.change_unit", unit)
    unit.delete()


@transaction.atomic
def unit_change(
    *,
    actor: User,
    unit: VacantUnit,
    expected_version: int,
    data: dict,
    status_change: dict | None = None,
) -> VacantUnit:
    """Change a unit's details and/or its status in one step (the API's PATCH): the
    version is checked once, against what the client read."""
    _require(actor, "economy.change_unit", unit)
    if not data and not status_change:
        stored = VacantUnit.objects.select_for_update().filter(pk=unit.pk)
        if stored.values_list("version", flat=True).first() != expected_version:
            raise ConcurrentEditError()
        return unit
    if data:
        unit_update(actor=actor, unit=unit, expected_version=expected_version, **data)
        expected_version = unit.version
    if status_change:
        unit = unit_status_change(
            actor=actor, unit=unit, expected_version=expected_version, **status_change
        )
    return unit
