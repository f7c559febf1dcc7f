"""`manage.py import_participants FILE --project SLUG [--organisation SLUG] [--dry-run] [--update]`.

Imports a participant list (INDICATORS.md section 1, CSV or XLSX) through
`participants_import`. Problems are printed one per line, `row N, column C: what is
wrong (value given)`, and nothing is imported (exit status 1).
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from quartier.core.models import Organisation, Project
from quartier.participants.services.importing import ParticipantImportError, participants_import


class Command(BaseCommand):
    help = (
        "Imports a participant list (CSV or XLSX) into a project. Every row is checked "
        "first; with any problem nothing is imported."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The list: a .csv (UTF-8) or .xlsx file.")
        parser.add_argument("--project", required=True, help="Short name (slug) of the project.")
        parser.add_argument(
            "--organisation",
            help="Short name of the organisation that owns new participants "
            "(default: the project's lead organisation).",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Check and count, write nothing."
        )
        parser.add_argument(
            "--update",
            action="store_true",
            help="Replace the data of participants whose external_id already exists.",
        )

    @no_translations
    def handle(self, *args, file: str, project: str, organisation, dry_run, update, **options):
        target = project_by_slug(project)
        owner = self._organisation(target, organisation)
        path = Path(file)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}.") from error
        try:
            result = participants_import(
                actor=None,
                project=target,
                organisation=owner,
                content=content,
                filename=path.name,
                update=update,
                dry_run=dry_run,
            )
        except (ParticipantImportError, ValidationError) as error:
            message = error.messages[0] if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"{file}: {message}") from error
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"{len(result.problems)} problem(s) in {file}; nothing was imported."
            )
        counts = f"{result.created} new, {result.updated} updated, {result.unchanged} unchanged"
        if dry_run:
            self.stdout.write(
                f"Dry run of {file} for {target.slug}: {counts}. Nothing was written."
            )
        else:
            self.stdout.write(f"Imported {file} into {target.slug}: {counts}.")

    def _organisation(self, project: Project, slug: str | None) -> Organisation:
        if not slug:
            lead = project.lead_organisation
            if lead is None:
                raise CommandError(
                    f"The project {project.slug} has no lead organisation; "
                    "name one with --organisation."
                )
            return lead
        member = project.consortium.select_related("organisation").filter(organisation__slug=slug)
        if not member:
            raise CommandError(
                f"No organisation {slug!r} in the consortium of {project.slug}. "
                f"Choose one of: {', '.join(consortium_slugs(project))}."
            )
        return member[0].organisation


def project_by_slug(slug: str) -> Project:
    try:
        return Project.objects.get(slug=slug)
    except Project.DoesNotExist:
        known = ", ".join(Project.objects.order_by("slug").values_list("slug", flat=True)[:20])
        raise CommandError(
            f"No project with the short name {slug!r}. Known projects: {known or 'none'}."
        ) from None


def consortium_slugs(project: Project) -> list[str]:
    return list(project.consortium.values_list("organisation__slug", flat=True))
