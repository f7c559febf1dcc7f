"""Writes of employers (Betriebe): recording one (with the duplicate check on name and
postcode), changing its master data, declaring its size, its contact persons and the
dated history of the relationship. Every write checks the actor's permission
(`quartier.economy.rules`)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, ProjectMember, User
from quartier.core.services import save_versioned
from quartier.core.tenancy import ECONOMY_ROLES, VACANCY_ROLES, may_act_for, staff_with_role
from quartier.economy.models.common import employer_name_key
from quartier.economy.models.employers import (
    ContactPerson,
    Employer,
    EmployerContact,
    SizeDeclaration,
    size_class_for,
)
from quartier.economy.selectors.employers import possible_duplicates

#: The master data a form or the API may set (size: `declare_size`).
EMPLOYER_FIELDS = (
    "name",
    "legal_form",
    "sector",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "in_programme_area",
    "phone",
    "email",
    "website",
    "notes",
    "review_status",
    "responsible",
)
CONTACT_PERSON_FIELDS = (
    "name",
    "position",
    "phone",
    "email",
    "legal_basis",
    "basis_noted_on",
    "is_active",
)
EMPLOYER_CONTACT_FIELDS = (
    "date",
    "channel",
    "contact_person",
    "subject",
    "notes",
    "staff",
    "next_contact_on",
)


class DuplicateSuspected(Exception):
    """Employers with the same name and postcode exist in the project; the create waits
    for `not_a_duplicate`. `duplicates`: those the actor may see."""

    def __init__(self, duplicates: list[Employer]):
        super().__init__("There are employers with the same name and postcode.")
        self.duplicates = duplicates


def _require(actor: User | None, perm: str, obj=None) -> None:
    if actor is None or not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _set_fields(instance, allowed: tuple[str, ...], fields: dict) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ValueError(f"Not editable here: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(instance, name, value)


def _check_district(project: Project, district) -> None:
    if district is not None and not project.districts.filter(pk=district.pk).exists():
        raise ValidationError({"district": _("This district is not one of the project's.")})


def _check_staff(project_id: int, person, field: str) -> None:
    if (
        person is not None
        and not staff_with_role(project_id, *VACANCY_ROLES).filter(pk=person.pk).exists()
    ):
        raise ValidationError({field: _("Choose a member of the project's staff.")})


def _size(headcount: int | None, size_class: str | None) -> str:
    """The size class given, or the one the headcount falls into."""
    return size_class if size_class else size_class_for(headcount)


@transaction.atomic
def employer_create(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    not_a_duplicate: bool = False,
    headcount: int | None = None,
    size_class: str = "",
    size_declared_on: date | None = None,
    **fields,
) -> Employer:
    """Record an employer owned by `organisation` in `project`. Raises
    `DuplicateSuspected` if the project has visible employers with the same name and
    postcode, unless `not_a_duplicate`. A headcount or size class is kept as the first
    size declaration (dated `size_declared_on`, default today)."""
    _require(actor, "economy.add_record", project)
    if not may_act_for(actor, project, organisation, roles=ECONOMY_ROLES):
        raise PermissionDenied(_("You can only record employers for an organisation you work for."))
    if not ProjectMember.objects.filter(project=project, organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("This organisation is not part of the project's consortium.")}
        )
    employer = Employer(project=project, organisation=organisation, created_by=actor)
    _set_fields(employer, EMPLOYER_FIELDS, fields)
    _check_district(project, employer.district)
    _check_staff(project.pk, employer.responsible, "responsible")
    if headcount is not None or size_class:
        employer.headcount = headcount
        employer.size_class = _size(headcount, size_class)
        employer.size_declared_on = size_declared_on or date.today()
    employer.full_clean()
    if not not_a_duplicate:
        duplicates = possible_duplicates(
            user=actor,
            project=project,
            name_key=employer_name_key(employer.name),
            postcode=employer.postcode,
        )
        if duplicates:
            raise DuplicateSuspected(duplicates)
    employer.save()
    if employer.size_declared_on:
        SizeDeclaration.objects.create(
            employer=employer,
            declared_on=employer.size_declared_on,
            headcount=employer.headcount,
            size_class=employer.size_class,
            created_by=actor,
        )
    return employer


@transaction.atomic
def employer_update(
    *, actor: User, employer: Employer, expected_version: int, **fields
) -> Employer:
    """Change the employer's master data (not its size: `declare_size`)."""
    _require(actor, "economy.change_employer", employer)
    _set_fields(employer, EMPLOYER_FIELDS, fields)
    _check_district(employer.project, employer.district)
    _check_staff(employer.project_id, employer.responsible, "responsible")
    employer.full_clean()
    save_versioned(employer, expected_version=expected_version)
    return employer


@transaction.atomic
def declare_size(
    *,
    actor: User,
    employer: Employer,
    declared_on: date,
    headcount: int | None = None,
    size_class: str = "",
) -> SizeDeclaration:
    """Keep a size the employer declared on a date; the latest declaration is the
    employer's current size. The size class comes from the headcount unless given."""
    _require(actor, "economy.change_employer", employer)
    if headcount is None and not size_class:
        raise ValidationError({"headcount": _("Enter the headcount or choose a size class.")})
    if declared_on > date.today():
        raise ValidationError({"declared_on": _("The date cannot lie in the future.")})
    declaration = SizeDeclaration(
        employer=employer,
        declared_on=declared_on,
        headcount=headcount,
        size_class=_size(headcount, size_class),
        created_by=actor,
    )
    declaration.full_clean()
    declaration.save()
    employer = Employer.objects.select_for_update().get(pk=employer.pk)
    if employer.size_declared_on is None or declared_on >= employer.size_declared_on:
        employer.headcount = declaration.headcount
        employer.size_class = declaration.size_class
        employer.size_declared_on = declared_on
        employer.save(update_fields=["headcount", "size_class", "size_declared_on", "updated_at"])
    return declaration


# Contact persons ----------------------------------------------------------------------


@transaction.atomic
def contact_person_create(*, actor: User, employer: Employer, **fields) -> ContactPerson:
    _require(actor, "economy.change_employer", employer)
    person = ContactPerson(employer=employer, created_by=actor)
    _set_fields(person, CONTACT_PERSON_FIELDS, fields)
    person.full_clean()
    person.save()
    return person


@transaction.atomic
def contact_person_update(
    *, actor: User, person: ContactPerson, expected_version: int, **fields
) -> ContactPerson:
    _require(actor, "economy.change_employer", person.employer)
    _set_fields(person, CONTACT_PERSON_FIELDS, fields)
    person.full_clean()
    save_versioned(person, expected_version=expected_version)
    return person


# The relationship history -------------------------------------------------------------


@transaction.atomic
def employer_contact_create(*, actor: User, employer: Employer, **fields) -> EmployerContact:
    """Record a visit, call or e-mail; `next_contact_on` makes the next contact due on
    the employer liaison's start page."""
    _require(actor, "economy.change_employer", employer)
    contact = EmployerContact(employer=employer, created_by=actor)
    if "staff" not in fields:
        is_staff = staff_with_role(employer.project_id, *VACANCY_ROLES).filter(pk=actor.pk)
        fields["staff"] = actor if is_staff.exists() else None
    _set_fields(contact, EMPLOYER_CONTACT_FIELDS, fields)
    if contact.contact_person is not None and contact.contact_person.employer_id != employer.pk:
        raise ValidationError({"contact_person": _("Choose a contact person of this employer.")})
    _check_staff(employer.project_id, contact.staff, "staff")
    if contact.next_contact_on and contact.date and contact.next_contact_on < contact.date:
        raise ValidationError(
            {"next_contact_on": _("The next contact cannot lie before this one.")}
        )
    contact.full_clean()
    contact.save()
    return contact
