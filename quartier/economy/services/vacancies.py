"""Writes of vacancies recorded by staff: create, change (versioned), the status
(open, filled, closed), and the skills a vacancy asks for.

Permissions: `economy.add_record` on the project to create (plus an economy role in
the owning organisation), `economy.change_vacancy` on the vacancy to change it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.core.services import save_versioned
from quartier.core.tenancy import ECONOMY_ROLES, has_role
from quartier.economy.models import (
    ReviewStatus,
    Vacancy,
    VacancySkill,
    VacancySource,
    VacancyStatus,
)

VACANCY_FIELDS = (
    "kind",
    "title",
    "occupational_field",
    "esco_occupation",
    "description",
    "german_level",
    "driving_licence",
    "hours_per_week",
    "part_time",
    "shift_work",
    "start_date",
    "places",
    "employer",
    "contact_person",
    "street",
    "postcode",
    "city",
    "latitude",
    "longitude",
    "external_url",
)

#: The statuses staff set by hand ("expired" is the import's).
MANUAL_STATUSES = (VacancyStatus.OPEN, VacancyStatus.FILLED, VacancyStatus.CLOSED)


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


def _set_fields(vacancy: Vacancy, fields: dict) -> None:
    unknown = set(fields) - set(VACANCY_FIELDS)
    if unknown:
        raise TypeError(f"Unknown vacancy fields: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(vacancy, name, value)


def _check_relations(vacancy: Vacancy) -> None:
    if vacancy.employer_id and vacancy.employer.project_id != vacancy.project_id:
        raise ValidationError({"employer": _("This employer belongs to another project.")})
    if vacancy.contact_person_id and vacancy.contact_person.employer_id != vacancy.employer_id:
        raise ValidationError(
            {"contact_person": _("The contact person must work for the vacancy's employer.")}
        )


def _set_skills(vacancy: Vacancy, essential, optional) -> None:
    """Replace the skills the vacancy asks for; a skill in both lists is essential."""
    essential = {skill.pk: skill for skill in essential or ()}
    optional = {skill.pk: skill for skill in optional or () if skill.pk not in essential}
    wanted = dict.fromkeys(essential, True) | dict.fromkeys(optional, False)
    current = {need.skill_id: need for need in vacancy.skill_needs.all()}
    for pk, need in current.items():
        if pk not in wanted:
            need.delete()
        elif need.essential != wanted[pk]:
            need.essential = wanted[pk]
            need.save(update_fields=["essential"])
    VacancySkill.objects.bulk_create(
        [
            VacancySkill(vacancy=vacancy, skill_id=pk, essential=flag)
            for pk, flag in wanted.items()
            if pk not in current
        ]
    )


@transaction.atomic
def vacancy_create(
    *,
    actor: User,
    project: Project,
    organisation: Organisation,
    essential_skills=(),
    optional_skills=(),
    **fields,
) -> Vacancy:
    """A vacancy the project found itself (source "own"), owned by `organisation`."""
    _require(actor, "economy.add_record", project)
    if not actor.is_platform_admin and not has_role(
        actor, project, *ECONOMY_ROLES, organisation=organisation
    ):
        raise PermissionDenied(_("You are not allowed to do this."))
    if not project.consortium.filter(organisation=organisation).exists():
        raise ValidationError(_("This organisation is not part of the project."))
    vacancy = Vacancy(
        project=project,
        organisation=organisation,
        source=VacancySource.OWN,
        review_status=ReviewStatus.CONFIRMED,
        created_by=actor,
    )
    _set_fields(vacancy, fields)
    _check_relations(vacancy)
    vacancy.full_clean()
    vacancy.save()
    _set_skills(vacancy, essential_skills, optional_skills)
    return vacancy


@transaction.atomic
def vacancy_update(
    *,
    actor: User,
    vacancy: Vacancy,
    expected_version: int,
    essential_skills=None,
    optional_skills=None,
    **fields,
) -> Vacancy:
    """Change a vacancy; the skills are replaced when either list is given."""
    _require(actor, "economy.change_vacancy", vacancy)
    _set_fields(vacancy, fields)
    _check_relations(vacancy)
    save_versioned(vacancy, expected_version=expected_version)
    if essential_skills is not None or optional_skills is not None:
        _set_skills(vacancy, essential_skills or (), optional_skills or ())
    return vacancy


@transaction.atomic
def vacancy_set_status(
    *, actor: User, vacancy: Vacancy, status: str, expected_version: int
) -> Vacancy:
    """Open, fill or close a vacancy (an expired one may be opened again)."""
    _require(actor, "economy.change_vacancy", vacancy)
    if status not in MANUAL_STATUSES:
        raise ValidationError({"status": _("Choose open, filled or closed.")})
    if vacancy.review_status != ReviewStatus.CONFIRMED:
        raise ValidationError(_("Confirm the reported vacancy in the inbox first."))
    vacancy.status = status
    save_versioned(vacancy, expected_version=expected_version)
    return vacancy
