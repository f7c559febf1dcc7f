"""`manage.py replay_erasures [--file PATH]`: after a backup older than some erasures was
restored, re-apply the erasures of the erasure log file (settings.ERASURE_LOG_FILE) to
the participants who carry their identity again. Running it twice changes nothing."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from quartier.privacy.services.erasure import erasures_replay


class Command(BaseCommand):
    help = "Re-applies the erasures of the erasure log file after a backup was restored."

    def add_arguments(self, parser):
        parser.add_argument(
            "--file", default=None, help="The erasure log (default: ERASURE_LOG_FILE)."
        )

    def handle(self, *args, file: str | None, **options):
        path = Path(file or settings.ERASURE_LOG_FILE)
        if not path.exists():
            raise CommandError(f"The erasure log {path} does not exist.")
        try:
            counts = erasures_replay(path=path)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"{counts['requests']} erasures in the log: {counts['anonymised']} anonymised "
            f"again, {counts['removed']} removed again, {counts['already']} already erased, "
            f"{counts['not_found']} without a participant in the database."
        )
