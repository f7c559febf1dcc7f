"""`manage.py indicators --project SLUG [--from DATE] [--to DATE] --format json|csv|xlsx
[--output FILE]`: the ESF Plus common indicators of a project (INDICATORS.md section 3).

JSON goes to standard output unless `--output` is given; so does CSV. XLSX needs
`--output`. CSV and XLSX have one row per indicator (the ESF Plus codes, then BIWAQ
HF1) and one column per gender; the XLSX's second sheet names the project and the
period and holds the six-month follow-up coverage. Figures are exact: the command is
run by whoever runs the server.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.management.base import BaseCommand, CommandError, no_translations

from quartier.participants.management.commands.import_participants import project_by_slug
from quartier.reports.indicators import indicator_report, parse_period
from quartier.reports.indicators.files import REPORT_FORMATS, report_file


class Command(BaseCommand):
    help = (
        "Prints or writes the ESF Plus common indicators (and BIWAQ HF1) of a project for a "
        "period, by gender, as JSON, CSV or XLSX."
    )

    def add_arguments(self, parser):
        parser.add_argument("--project", required=True, help="Short name (slug) of the project.")
        parser.add_argument(
            "--from", dest="date_from", help="First day of the period, YYYY-MM-DD (inclusive)."
        )
        parser.add_argument(
            "--to", dest="date_to", help="Last day of the period, YYYY-MM-DD (inclusive)."
        )
        parser.add_argument(
            "--format",
            dest="file_format",
            choices=REPORT_FORMATS,
            default="json",
            help="json (default), csv or xlsx; xlsx needs --output.",
        )
        parser.add_argument(
            "--output", help="The file to write; without it JSON and CSV go to standard output."
        )

    @no_translations
    def handle(self, *args, project, date_from, date_to, file_format, output, **options):
        if file_format == "xlsx" and not output:
            raise CommandError(
                "--format xlsx needs --output FILE.xlsx: a workbook cannot be printed to "
                "the terminal."
            )
        target = project_by_slug(project)
        try:
            first, last = parse_period(date_from, date_to)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        try:
            report = indicator_report(project=target, date_from=first, date_to=last)
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from None
        content = report_file(report, file_format)
        if not output:
            self.stdout.write(content.decode("utf-8"), ending="")
            return
        try:
            Path(output).write_bytes(content)
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote the indicators of {target.slug} to {output}.")
