"""`manage.py export_participants --project SLUG --output FILE.csv|FILE.xlsx`.

Writes the project's participant list (INDICATORS.md section 1) in the format the
import reads, and records the export in the access log.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations

from quartier.participants.listformat.columns import FILE_FORMATS
from quartier.participants.management.commands.import_participants import project_by_slug
from quartier.participants.models import Participant
from quartier.participants.selectors.participant_list import participants_export
from quartier.privacy.services.access_log import access_log_record


class Command(BaseCommand):
    help = "Writes a project's participant list as CSV or XLSX (the format the import reads)."

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Short name (slug) of the project.")
        parser.add_argument(
            "--output", required=True, help="The file to write; .csv or .xlsx says the format."
        )
        parser.add_argument(
            "--organisation", help="Only the participants of this organisation (short name)."
        )

    @no_translations
    def handle(self, *args, project: str, output: str, organisation, **options):
        target = project_by_slug(project)
        path = Path(output)
        file_format = path.suffix.lower().lstrip(".")
        if file_format not in FILE_FORMATS:
            raise CommandError(f"--output must end in .csv or .xlsx, not {path.name!r}.")
        owner = None
        if organisation:
            member = target.consortium.select_related("organisation").filter(
                organisation__slug=organisation
            )
            if not member:
                raise CommandError(
                    f"No organisation {organisation!r} in the consortium of {target.slug}."
                )
            owner = member[0].organisation
        export = participants_export(project=target, file_format=file_format, organisation=owner)
        try:
            path.write_bytes(export.content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        access_log_record(
            actor=None,
            action="export",
            record=Participant,
            project_id=target.pk,
            organisation_id=owner.pk if owner else None,
            detail=f"manage.py export_participants: {export.rows} rows to {path.name}",
        )
        self.stdout.write(f"Wrote {export.rows} participant(s) of {target.slug} to {output}.")
