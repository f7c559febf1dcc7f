"""`manage.py load_postcodes FILE`: load postcode-area centres for the distance factor.

FILE is UTF-8 CSV `postcode;name;latitude;longitude` (a header line is optional);
`--demo` loads the demo districts' postcodes shipped with Quartier. Every line is
checked first: with any bad line nothing is written and each bad line is named. Loading
the same file again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quartier.matching import services
from quartier.matching.postcodes import DEMO_FILE, parse_postcodes


class Command(BaseCommand):
    help = "Load postcode-area centres (postcode;name;latitude;longitude) for matching."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", help="CSV file (UTF-8, ';'-separated).")
        parser.add_argument(
            "--demo", action="store_true", help="Load the demo districts' postcodes."
        )

    def handle(self, *args, file=None, demo=False, **options):
        if bool(file) == demo:
            raise CommandError("Give a FILE or --demo.")
        path = DEMO_FILE if demo else Path(file)
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file.") from None
        except UnicodeDecodeError as error:
            raise CommandError(f"{path}: not UTF-8 (byte {error.start}).") from None
        rows, errors = parse_postcodes(text)
        if errors:
            for message in errors:
                self.stderr.write(f"{path}: {message}")
            raise CommandError(f"{len(errors)} bad line(s); nothing was loaded.")
        created, updated = services.postcode_areas_load(rows)
        self.stdout.write(
            self.style.SUCCESS(
                f"{len(rows)} postcodes read: {created} new, {updated} changed, "
                f"{len(rows) - created - updated} unchanged."
            )
        )
