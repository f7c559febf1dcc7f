"""Vacancies employers report through the public form, and the inbox that checks them.

- `vacancy_report_create(project=, ...)`: no account, no actor. Creates the vacancy
  (source "employer_report", review "to check") and, unless an employer of the project
  has the same name key and postcode, a new employer (review "to check"); both owned by
  the project's lead organisation.
- `vacancy_report_confirm(actor=, vacancy=, expected_version=, employer=None)`: the
  vacancy and its new employer become confirmed; with `employer`, the vacancy is
  linked to that existing employer instead and the new one is rejected.
- `vacancy_report_reject(actor=, vacancy=, expected_version=, reason=)`: rejected and
  closed, out of the lists and of matching; a new employer that only this report
  brought is rejected with it.

The inbox needs `economy.review_reports` on the vacancy's project.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from quartier.core.models import Project, User
from quartier.core.services import save_versioned
from quartier.economy.models import (
    Employer,
    ReviewStatus,
    Vacancy,
    VacancyKind,
    VacancySource,
    VacancyStatus,
)
from quartier.economy.models.common import employer_name_key

#: The kinds an employer may report.
REPORT_KINDS = (
    VacancyKind.JOB,
    VacancyKind.APPRENTICESHIP,
    VacancyKind.INTERNSHIP,
    VacancyKind.WORK_TRIAL,
)


def _require(actor: User, perm: str, obj=None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You are not allowed to do this."))


@transaction.atomic
def vacancy_report_create(
    *,
    project: Project,
    company: str,
    postcode: str,
    city: str,
    contact_name: str,
    email: str = "",
    phone: str = "",
    title: str,
    kind: str = VacancyKind.JOB,
    hours_per_week=None,
    start_date=None,
    description: str = "",
) -> Vacancy:
    """Store what an employer reported (the form has checked the input and the spam
    protection)."""
    owner = project.lead_organisation
    if owner is None:
        raise ValidationError(_("This project takes no reports at the moment."))
    if kind not in REPORT_KINDS:
        raise ValidationError({"kind": _("Choose one of the kinds offered.")})
    employer = (
        Employer.objects.filter(
            project=project, name_key=employer_name_key(company), postcode=postcode
        )
        .exclude(review_status=ReviewStatus.REJECTED)
        .order_by("id")
        .first()
    )
    if employer is None:
        employer = Employer(
            project=project,
            organisation=owner,
            name=company,
            postcode=postcode,
            city=city,
            email=email,
            phone=phone,
            review_status=ReviewStatus.TO_CHECK,
        )
        employer.full_clean(validate_constraints=False)
        employer.save()
    vacancy = Vacancy(
        project=project,
        organisation=owner,
        employer=employer,
        kind=kind,
        title=title,
        description=description,
        hours_per_week=hours_per_week,
        part_time=bool(hours_per_week and hours_per_week < 30),
        start_date=start_date,
        postcode=postcode,
        city=city,
        source=VacancySource.EMPLOYER_REPORT,
        review_status=ReviewStatus.TO_CHECK,
        reporter_name=contact_name,
        reporter_email=email,
        reporter_phone=phone,
    )
    vacancy.full_clean()
    vacancy.save()
    return vacancy


def _check_reviewable(actor: User, vacancy: Vacancy) -> None:
    _require(actor, "economy.review_reports", vacancy.project)
    if vacancy.review_status != ReviewStatus.TO_CHECK:
        raise ValidationError(_("This report has already been checked."))


def _new_employer_of(vacancy: Vacancy) -> Employer | None:
    """The employer the report brought, if it is still to check."""
    employer = vacancy.employer
    if employer is not None and employer.review_status == ReviewStatus.TO_CHECK:
        return employer
    return None


def _others_use(employer: Employer, vacancy: Vacancy) -> bool:
    return (
        employer.vacancies.exclude(pk=vacancy.pk)
        .exclude(review_status=ReviewStatus.REJECTED)
        .exists()
    )


@transaction.atomic
def vacancy_report_confirm(
    *, actor: User, vacancy: Vacancy, expected_version: int, employer: Employer | None = None
) -> Vacancy:
    _check_reviewable(actor, vacancy)
    new_employer = _new_employer_of(vacancy)
    if employer is not None:
        if employer.project_id != vacancy.project_id or (
            employer.review_status == ReviewStatus.REJECTED
        ):
            raise ValidationError({"employer": _("Choose an employer of this project.")})
        vacancy.employer = employer
        if new_employer is not None and new_employer.pk != employer.pk:
            if not _others_use(new_employer, vacancy):
                new_employer.review_status = ReviewStatus.REJECTED
                new_employer.save(update_fields=["review_status", "updated_at"])
            new_employer = None
    vacancy.review_status = ReviewStatus.CONFIRMED
    vacancy.status = VacancyStatus.OPEN
    save_versioned(vacancy, expected_version=expected_version)
    if new_employer is not None:
        new_employer.review_status = ReviewStatus.CONFIRMED
        new_employer.save(update_fields=["review_status", "updated_at"])
    return vacancy


@transaction.atomic
def vacancy_report_reject(
    *, actor: User, vacancy: Vacancy, expected_version: int, reason: str
) -> Vacancy:
    _check_reviewable(actor, vacancy)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report is rejected.")})
    new_employer = _new_employer_of(vacancy)
    vacancy.review_status = ReviewStatus.REJECTED
    vacancy.status = VacancyStatus.CLOSED
    vacancy.review_note = reason
    save_versioned(vacancy, expected_version=expected_version)
    if new_employer is not None and not _others_use(new_employer, vacancy):
        new_employer.review_status = ReviewStatus.REJECTED
        new_employer.save(update_fields=["review_status", "updated_at"])
    return vacancy
