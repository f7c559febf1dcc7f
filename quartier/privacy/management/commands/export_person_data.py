"""`manage.py export_person_data --participant ID --output FILE.zip [--force]`.

Writes the Art. 15 ZIP of one participant (`privacy.services.person_export`): the PDF
summary, the JSON and the case's files. Records the export in the access log with no
user and the command's name in the detail. Refuses to overwrite an existing file
unless `--force`; the file appears only complete (written beside it, then renamed).
"""

import os
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, no_translations
from django.db import transaction

from quartier.participants.models import Participant
from quartier.privacy.services.person_export import EXPORT_DETAIL, person_export_write

COMMAND_DETAIL = f"{EXPORT_DETAIL}: manage.py export_person_data"


class Command(BaseCommand):
    help = "Writes everything stored about one participant (Art. 15 GDPR) as a ZIP file."

    def add_arguments(self, parser):
        parser.add_argument("--participant", required=True, type=int, help="The participant's id.")
        parser.add_argument("--output", required=True, help="The ZIP file to write.")
        parser.add_argument(
            "--force", action="store_true", help="Overwrite the output file if it exists."
        )

    @no_translations
    def handle(self, *args, participant: int, output: str, force: bool, **options):
        person = (
            Participant.objects.select_related("project", "organisation")
            .filter(pk=participant)
            .first()
        )
        if person is None:
            raise CommandError(f"No participant with the id {participant}.")
        path = Path(output)
        if path.is_dir():
            raise CommandError(f"{output} is a directory.")
        if path.exists() and not force:
            raise CommandError(f"{output} exists already; use --force to overwrite it.")
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise CommandError(f"Cannot write {output}: the folder {folder} does not exist.")
        try:
            handle, temporary = tempfile.mkstemp(dir=folder, prefix=".export-", suffix=".zip")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        try:
            with transaction.atomic():
                with os.fdopen(handle, "wb") as target:
                    person_export_write(
                        actor=None, participant=person, target=target, detail=COMMAND_DETAIL
                    )
                os.chmod(temporary, 0o600)
                os.replace(temporary, path)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from error
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
        self.stdout.write(f"Wrote the data of participant {person.pk} to {output}.")
