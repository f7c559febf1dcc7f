"""The participant list as the export writes it (the same format as the import reads):
rows of the project's participants with their case, as CSV or XLSX bytes.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from quartier.core.models import Organisation, Project
from quartier.participants.listformat.columns import (
    EXIT_COLUMNS,
    FILE_FORMATS,
    FOLLOWUP_COLUMNS,
    TRI_STATE_COLUMNS,
    ParticipantRow,
)
from quartier.participants.listformat.writing import write_csv, write_xlsx
from quartier.participants.models import Participant
from quartier.participants.selectors.participants import participants_visible_to

# Export ----------------------------------------------------------------------------


def participants_export_rows(
    *, project: Project, organisation: Organisation | None = None, user=None
) -> Iterator[ParticipantRow]:
    """The project's participants with a case as list rows, in the order they were
    recorded; only `organisation`'s if given, only those `user` may see if given."""
    participants = participants_visible_to(user) if user is not None else Participant.objects
    participants = participants.filter(project=project, case__isnull=False)
    if organisation is not None:
        participants = participants.filter(organisation=organisation)
    participants = participants.select_related("case", "district").order_by("id")
    for participant in participants.iterator(chunk_size=2000):
        yield participant_row(participant)


def participant_row(participant: Participant) -> ParticipantRow:
    """One participant and their case as a row of the list."""
    case = participant.case
    values = {column: getattr(participant, column) for column in TRI_STATE_COLUMNS}
    values |= {column: getattr(case, column) for column in (*EXIT_COLUMNS, *FOLLOWUP_COLUMNS)}
    return ParticipantRow(
        external_id=participant.external_id,
        first_name=participant.first_name,
        last_name=participant.last_name,
        birth_date=participant.birth_date,
        gender=participant.gender,
        postcode=participant.postcode,
        district=participant.district.slug if participant.district else "",
        entry_date=case.entry_date,
        labour_status=participant.labour_status,
        unemployed_since=participant.unemployed_since,
        isced=participant.isced,
        rural="yes" if participant.rural else "no",
        exit_date=case.exit_date,
        **values,
    )


@dataclass
class ListExport:
    content: bytes
    rows: int
    file_format: str

    @property
    def content_type(self) -> str:
        if self.file_format == "xlsx":
            return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        return "text/csv; charset=utf-8"

    def filename(self, project: Project, day: date | None = None) -> str:
        day = day or timezone.localdate()
        return f"teilnehmende-{project.slug}-{day.isoformat()}.{self.file_format}"


def participants_export(
    *,
    project: Project,
    file_format: str,
    organisation: Organisation | None = None,
    user=None,
) -> ListExport:
    """The participant list as CSV or XLSX bytes (see `participants_export_rows`).
    Callers record the export in the access log."""
    if file_format not in FILE_FORMATS:
        raise ValueError(f"file_format must be one of {FILE_FORMATS}, not {file_format!r}")
    counter = _Counter(
        participants_export_rows(project=project, organisation=organisation, user=user)
    )
    write = write_xlsx if file_format == "xlsx" else write_csv
    content = write(counter)
    return ListExport(content=content, rows=counter.count, file_format=file_format)


class _Counter:
    """Passes rows through and counts them."""

    def __init__(self, rows: Iterable[ParticipantRow]):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row
