"""The import of vacancies from the Bundesagentur für Arbeit's job search.

Public functions:

- `job_import_run(project=, organisation=, postcode=, radius=, kinds=, ...)`: one run
  now (the command, the daily job, the demo data); returns its `JobImportRun`.
- `job_import_start(actor=, project=, postcode=, radius=, kind=)`: the import button:
  records the run and queues it for the background worker (`tasks.run_job_import`).
- `job_import_execute(run_id=, transport=None)`: runs a recorded run (the task).
- `daily_job_imports()`: one run per project whose `EconomySettings.ba_search` is set.

A run first fetches every page (`jobsearch.search`), then writes in ONE transaction:
an error on any page (4xx, 5xx, timeout, malformed JSON) writes nothing. Vacancies are
upserted by `ba_refnr` per project, so a reference number on two pages or in two runs
is one vacancy; the project's open BA vacancies of the kinds asked for that a run did
not see count one more missed run, and expire after QUARTIER_BA_EXPIRE_AFTER_RUNS.
Employers are found by name key and postcode, or created. Every run, also a failed
one, is recorded in `JobImportRun` outside the run's transaction.
"""

import logging

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.core.tenancy import acting_organisation
from quartier.economy import jobsearch
from quartier.economy.models import (
    EconomySettings,
    Employer,
    JobImportRun,
    ReviewStatus,
    Vacancy,
    VacancySource,
    VacancyStatus,
)
from quartier.economy.models.common import employer_name_key, postcode_validator
from quartier.economy.rules import INBOX_ROLES

logger = logging.getLogger(__name__)

KINDS = tuple(jobsearch.ANGEBOTSART)


def _check_query(postcode: str, radius, kinds) -> tuple[str, int, list[str]]:
    postcode = (postcode or "").strip()
    try:
        postcode_validator(postcode)
    except ValidationError as error:
        raise ValidationError({"postcode": error.messages}) from error
    try:
        radius = int(radius)
    except (TypeError, ValueError) as error:
        raise ValidationError({"radius": _("Enter the radius in whole kilometres.")}) from error
    if not 0 <= radius <= 200:
        raise ValidationError({"radius": _("Enter a radius between 0 and 200 km.")})
    kinds = list(kinds or KINDS)
    unknown = [kind for kind in kinds if kind not in KINDS]
    if unknown:
        raise ValidationError(
            {"kind": _("Unknown kind: %(kinds)s.") % {"kinds": ", ".join(unknown)}}
        )
    return postcode, radius, kinds


def _new_run(*, project, organisation, started_by, postcode, radius, kinds) -> JobImportRun:
    return JobImportRun.objects.create(
        project=project,
        organisation=organisation,
        started_by=started_by,
        parameters={"postcode": postcode, "radius": radius, "kinds": kinds},
    )


def job_import_run(
    *,
    project: Project,
    organisation: Organisation | None = None,
    postcode: str,
    radius: int = 10,
    kinds=None,
    started_by: User | None = None,
    transport=None,
) -> JobImportRun:
    """Import now; the returned run says how it ended (`status`, `error`)."""
    postcode, radius, kinds = _check_query(postcode, radius, kinds)
    organisation = organisation or project.lead_organisation
    run = _new_run(
        project=project,
        organisation=organisation,
        started_by=started_by,
        postcode=postcode,
        radius=radius,
        kinds=kinds,
    )
    return job_import_execute(run_id=run.pk, transport=transport)


def job_import_start(
    *, actor: User, project: Project, postcode: str, radius: int = 10, kind: str = ""
) -> JobImportRun:
    """The import button: record the run in the name of the organisation the user acts
    for there, and queue it (the immediate backend runs it at once)."""
    from quartier.economy.tasks import run_job_import

    if not actor.has_perm("economy.import_vacancies", project):
        raise PermissionDenied(_("You are not allowed to do this."))
    postcode, radius, kinds = _check_query(postcode, radius, [kind] if kind else None)
    organisation = acting_organisation(actor, project, roles=INBOX_ROLES)
    if organisation is None:
        organisation = project.lead_organisation
    run = _new_run(
        project=project,
        organisation=organisation,
        started_by=actor,
        postcode=postcode,
        radius=radius,
        kinds=kinds,
    )
    try:
        run_job_import.enqueue(run_id=run.pk)
    except Exception:
        _fail(run, _("The import could not be queued for the background worker."))
        raise
    run.refresh_from_db()
    return run


def _fail(run: JobImportRun, message: str) -> None:
    JobImportRun.objects.filter(pk=run.pk).update(
        status=JobImportRun.Status.FAILED, error=message[:1000], finished_at=timezone.now()
    )
    run.refresh_from_db()


def job_import_execute(*, run_id: int, transport=None) -> JobImportRun:
    """Run a recorded run that has not run yet (a task run twice does nothing)."""
    run = JobImportRun.objects.select_related("project", "organisation").get(pk=run_id)
    if run.status != JobImportRun.Status.RUNNING or run.finished_at is not None:
        return run
    parameters = run.parameters
    client = jobsearch.JobSearchClient(transport)
    try:
        found = jobsearch.search(
            client,
            postcode=parameters["postcode"],
            radius=parameters["radius"],
            kinds=parameters["kinds"],
        )
        with transaction.atomic():
            counts = _store(run, found)
            JobImportRun.objects.filter(pk=run.pk).update(
                status=JobImportRun.Status.DONE,
                finished_at=timezone.now(),
                pages=found.pages,
                seen=len(found.offers),
                **counts,
            )
    except jobsearch.JobSearchError as error:
        logger.warning("Job search import %s failed: %s", run.pk, error)
        JobImportRun.objects.filter(pk=run.pk).update(pages=client.pages)
        _fail(run, str(error))
        return run
    except Exception as error:
        logger.exception("Job search import %s failed.", run.pk)
        _fail(run, f"The import failed ({type(error).__name__}: {error}); nothing was imported.")
        return run
    run.refresh_from_db()
    if found.truncated:
        logger.warning("Job search import %s: queries beyond 10,000 hits.", run.pk)
    return run


def _employer_for(run, offer, cache: dict) -> tuple[Employer | None, bool]:
    if not offer.employer:
        return None, False
    key = (employer_name_key(offer.employer), offer.postcode)
    if key in cache:
        return cache[key], False
    employer = (
        Employer.objects.filter(project=run.project, name_key=key[0], postcode=key[1])
        .exclude(review_status=ReviewStatus.REJECTED)
        .order_by("id")
        .first()
    )
    created = employer is None
    if created:
        employer = Employer(
            project=run.project,
            organisation=run.organisation,
            name=offer.employer,
            postcode=offer.postcode,
            city=offer.city,
            street=offer.street,
            review_status=ReviewStatus.CONFIRMED,
            created_by=run.started_by,
        )
        employer.full_clean(validate_constraints=False)
        employer.save()
    cache[key] = employer
    return employer, created


def _apply(vacancy: Vacancy, kind: str, offer: jobsearch.JobOffer, employer) -> None:
    vacancy.kind = kind
    vacancy.title = offer.title
    vacancy.street = offer.street
    vacancy.postcode = offer.postcode
    vacancy.city = offer.city
    vacancy.latitude = offer.latitude
    vacancy.longitude = offer.longitude
    vacancy.start_date = offer.start_date
    vacancy.published_on = offer.published_on
    vacancy.source_modified_at = offer.modified_at
    vacancy.external_url = offer.external_url
    vacancy.missed_import_runs = 0
    if not vacancy.occupational_field:
        vacancy.occupational_field = jobsearch.occupational_field_for(offer.title, offer.occupation)
    if employer is not None:
        vacancy.employer = employer
    if vacancy.status == VacancyStatus.EXPIRED:
        vacancy.status = VacancyStatus.OPEN


def _store(run: JobImportRun, found: jobsearch.SearchResult) -> dict:
    project = run.project
    existing = {
        vacancy.ba_refnr: vacancy
        for vacancy in Vacancy.objects.select_for_update().filter(
            project=project, ba_refnr__in=list(found.offers)
        )
    }
    employers: dict = {}
    created = updated = employers_created = 0
    for refnr, (kind, offer) in found.offers.items():
        employer, new_employer = _employer_for(run, offer, employers)
        employers_created += new_employer
        vacancy = existing.get(refnr)
        if vacancy is None:
            vacancy = Vacancy(
                project=project,
                organisation=run.organisation,
                source=VacancySource.BA,
                ba_refnr=refnr,
                created_by=run.started_by,
            )
            created += 1
        else:
            updated += 1
        _apply(vacancy, kind, offer, employer)
        vacancy.full_clean(validate_constraints=False)
        vacancy.save()
    # Those of the run's scope that it did not see: one more missed run, then expired.
    missed = Vacancy.objects.filter(
        project=project,
        source=VacancySource.BA,
        status=VacancyStatus.OPEN,
        kind__in=run.parameters["kinds"],
    ).exclude(ba_refnr__in=list(found.offers))
    missed.update(missed_import_runs=F("missed_import_runs") + 1, version=F("version") + 1)
    expired = missed.filter(missed_import_runs__gte=settings.QUARTIER_BA_EXPIRE_AFTER_RUNS).update(
        status=VacancyStatus.EXPIRED, version=F("version") + 1, updated_at=timezone.now()
    )
    return {
        "created": created,
        "updated": updated,
        "expired": expired,
        "employers_created": employers_created,
    }


def daily_job_imports() -> dict:
    """One run per project with a daily search (`EconomySettings.ba_search`):
    {"postcode": "07747", "radius": 10, "kinds": ["job", ...]}."""
    summary = {"done": 0, "failed": 0}
    for economy in EconomySettings.objects.select_related("project").exclude(ba_search={}):
        search = economy.ba_search or {}
        if not search.get("postcode"):
            continue
        try:
            run = job_import_run(
                project=economy.project,
                postcode=str(search["postcode"]),
                radius=search.get("radius", 10),
                kinds=search.get("kinds") or None,
            )
        except ValidationError:
            logger.warning("The daily job search of %s is set up wrongly.", economy.project)
            summary["failed"] += 1
            continue
        summary["done" if run.status == JobImportRun.Status.DONE else "failed"] += 1
    if summary["failed"]:
        raise JobImportsFailed(
            f"{summary['failed']} job search imports failed (see the import runs); "
            "a later run retries them."
        )
    return summary


class JobImportsFailed(Exception):
    pass
