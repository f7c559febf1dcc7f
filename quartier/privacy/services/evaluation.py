"""The evaluators' pseudonymised case-level data of a project as a file (CSV or XLSX),
recorded in the access log (`evaluation_export`). What the table holds and how it is
pseudonymised: `quartier.privacy.selectors.register.evaluation_table`."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Case
from quartier.core.models import Project
from quartier.core.spreadsheets import XLSX_CONTENT_TYPE, Sheet, write_csv, write_xlsx
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.selectors.register import COLUMNS, EvaluationTable, evaluation_table
from quartier.privacy.services.access_log import access_log_record

FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class ExportFile:
    filename: str
    content_type: str
    content: bytes
    rows: int


def _readme(table: EvaluationTable) -> list[str]:
    """What the file's first sheet (XLSX) or first line (CSV) says."""
    return [
        _(
            "Pseudonymised case-level data of the project “%(project)s”, exported on "
            "%(day)s: %(rows)s rows, one per case."
        )
        % {
            "project": table.project.name,
            "day": timezone.localdate().isoformat(),
            "rows": len(table.rows),
        },
        _(
            "Pseudonyms are random-looking and stable: the same person has the same "
            "pseudonym in every export of this project, another one in other projects, "
            "and it cannot be traced back to the person without the installation's secret."
        ),
        _(
            "No names, contact data, addresses, birth dates, free text or special "
            "categories (health, disability, minority). Age as a band at entry, dates as "
            "months (YYYY-MM)."
        ),
        _(
            "Small groups suppressed (k = %(k)s): where the combination of gender, age "
            "band, district and entry month occurs fewer than %(k)s times, the dates show "
            "the year (%(generalised)s rows); where even that combination is rarer than "
            "%(k)s, these columns show “*” (%(suppressed)s rows). The column "
            "“generalisation” says which."
        )
        % {"k": table.k, "generalised": table.generalised, "suppressed": table.suppressed},
        _("Do not try to identify anyone, and do not pass the file on."),
    ]


@transaction.atomic
def evaluation_export(*, actor, project: Project, file_format: str) -> ExportFile:
    """The project's pseudonymised case-level data for its evaluators, recorded in the
    access log (an export with the number of rows)."""
    if not actor.has_perm("privacy.export_evaluation_data", project):
        raise PermissionDenied(_("Only the project's evaluators export its evaluation data."))
    if file_format not in FORMATS:
        raise ValidationError(_("Choose CSV or XLSX."))
    table = evaluation_table(project=project)
    readme = _readme(table)
    if file_format == "xlsx":
        content = write_xlsx(
            None,
            [[line] for line in readme] + [[]] + [[key, str(label)] for key, label in COLUMNS],
            sheet=_("Read me"),
            widths=[(0, 0, 28), (1, 1, 80)],
            more_sheets=[
                Sheet(
                    name=_("Data"),
                    header=table.header,
                    rows=table.rows,
                    freeze=(1, 1),
                    autofilter=True,
                )
            ],
        )
        content_type = XLSX_CONTENT_TYPE
    else:
        # A first line saying what the file is, as a comment ("#", unquoted: most readers
        # skip it), then the table (UTF-8 with a byte-order mark for Excel).
        comment = "# " + " ".join(" ".join(line.split()) for line in readme)
        table_bytes = write_csv(table.header, table.rows, excel=True)
        bom = "\ufeff".encode()
        content = bom + (comment + "\r\n").encode() + table_bytes.removeprefix(bom)
        content_type = "text/csv; charset=utf-8"
    access_log_record(
        actor=actor,
        action=AccessLogEntry.Action.EXPORT,
        record=Case,
        project_id=project.pk,
        detail=f"pseudonymised evaluation data ({file_format}): {len(table.rows)} rows",
    )
    stamp = timezone.localdate().isoformat()
    return ExportFile(
        filename=f"evaluation-{project.slug}-{stamp}.{file_format}",
        content_type=content_type,
        content=content,
        rows=len(table.rows),
    )
