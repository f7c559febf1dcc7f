"""`manage.py import_ba_jobs --project SLUG --postcode 44649 --radius 10 [--kind job]`:
import the vacancies around a postcode from the Bundesagentur für Arbeit's job search
into a project (owned by its lead organisation). One run is one transaction: on any
error nothing is imported, one line says what happened, and the exit status is 1."""

import logging

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from quartier.core.models import Project
from quartier.economy.jobsearch import ANGEBOTSART
from quartier.economy.models import JobImportRun
from quartier.economy.services.job_import import job_import_run


class Command(BaseCommand):
    help = "Import vacancies from the Bundesagentur für Arbeit's job search into a project."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Slug of the project.")
        parser.add_argument("--postcode", required=True, help="Five-digit postcode (wo).")
        parser.add_argument("--radius", type=int, default=10, help="Kilometres (umkreis).")
        parser.add_argument(
            "--kind",
            choices=list(ANGEBOTSART),
            help="Only this kind (angebotsart); default: all four.",
        )

    def handle(self, *args, **options):
        project = Project.objects.filter(slug=options["project"]).first()
        if project is None:
            raise CommandError(f"No project has the short name {options['project']!r}.")
        if project.lead_organisation is None:
            raise CommandError(f"The project {project.slug!r} has no lead organisation.")
        # The run's log lines would repeat the one line below (the run records them):
        # shown only with --verbosity 2 or more.
        logger = logging.getLogger("quartier.economy")
        level = logger.level
        if options["verbosity"] < 2:
            logger.setLevel(logging.CRITICAL)
        try:
            run = job_import_run(
                project=project,
                postcode=options["postcode"],
                radius=options["radius"],
                kinds=[options["kind"]] if options["kind"] else None,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        finally:
            logger.setLevel(level)
        if run.status != JobImportRun.Status.DONE:
            raise CommandError(run.error or "The import failed; nothing was imported.")
        self.stdout.write(
            f"Imported from the job search ({run.pages} pages): {run.seen} vacancies seen, "
            f"{run.created} new, {run.updated} updated, {run.expired} expired, "
            f"{run.employers_created} new employers."
        )
