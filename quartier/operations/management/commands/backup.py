"""`manage.py backup --output FILE [--encrypt]`: one consistent archive of the database,
the uploaded files and the erasure log, with a manifest (see
quartier.operations.services.backup). `--generate-key` prints a new QUARTIER_BACKUP_KEY."""

import time

from django.core.management.base import BaseCommand, CommandError

from quartier.operations.encryption import generate_key as new_key
from quartier.operations.services.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Writes a backup archive: database, uploaded files, erasure log and manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="The archive to write (replaced if it exists).")
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="Encrypt the archive with the key in QUARTIER_BACKUP_KEY.",
        )
        parser.add_argument(
            "--generate-key",
            action="store_true",
            help="Print a new random key for QUARTIER_BACKUP_KEY and exit.",
        )

    def handle(self, *args, output=None, encrypt=False, generate_key=False, **options):
        if generate_key:
            self.stdout.write(new_key())
            return
        if not output:
            raise CommandError("Name the archive with --output FILE.")
        started = time.monotonic()

        def progress(message: str) -> None:
            if options["verbosity"] >= 1:
                self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {message}")

        try:
            result = backup_create(output=output, encrypt=encrypt, progress=progress)
        except BackupError as error:
            raise CommandError(str(error)) from error
        manifest = result.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"Backup written to {result.path}: {result.size:,} bytes, "
                f"{len(manifest['tables'])} tables, "
                f"{sum(1 for name in manifest['members'] if name.startswith('media/'))} "
                f"uploaded files{', encrypted' if encrypt else ''}, "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
