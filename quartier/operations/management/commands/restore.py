"""`manage.py restore FILE`: restore a backup archive into an empty database (a new one,
or one that only ran `migrate`) and an empty MEDIA_ROOT. The whole archive is checked
first (decryption, every entry's checksum, the version, the engine, the migrations, an
empty target); a refusal writes nothing. Then the database, a check of every table's
row count and checksum, the uploaded files, `migrate` for an older archive, and the
replay of the erasure log."""

import time

from django.core.management.base import BaseCommand, CommandError

from quartier.operations.services.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restores a backup archive into an empty database and MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive written by manage.py backup.")
        parser.add_argument(
            "--workdir",
            default=None,
            help="Folder for the unpacked archive (default: the system's temporary folder); "
            "it needs room for the whole archive.",
        )

    def handle(self, *args, archive: str, workdir=None, **options):
        started = time.monotonic()

        def progress(message: str) -> None:
            if options["verbosity"] >= 1:
                self.stdout.write(f"[{time.monotonic() - started:7.1f} s] {message}")

        try:
            result = backup_restore(archive=archive, progress=progress, workdir=workdir)
        except BackupError as error:
            raise CommandError(str(error)) from error
        erasures = result.erasures
        replay = (
            f"{erasures.get('requests', 0)} erasures in the log, "
            f"{erasures.get('anonymised', 0)} anonymised and {erasures.get('removed', 0)} "
            "removed again"
            if erasures
            else "no erasure log"
        )
        version = result.manifest["quartier"]
        made_by = version["version"] + (
            f" {version['commit'][:10]}" if version.get("commit") else ""
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored the backup of {result.manifest['created_at']} (Quartier "
                f"{made_by}): "
                f"{result.tables} tables verified, {result.files} uploaded files"
                f"{', migrated to this version' if result.migrated else ''}; {replay}; "
                f"in {time.monotonic() - started:.1f} s."
            )
        )
