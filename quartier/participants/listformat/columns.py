"""The columns of the participant list (INDICATORS.md section 1): names, allowed values,
the row record and the problem record.
"""

import re
from dataclasses import dataclass
from datetime import date

GENDERS = ("female", "male", "non_binary", "not_stated")
LABOUR_STATUSES = ("unemployed", "inactive", "employed", "self_employed")
YES_NO_NOT_STATED = ("yes", "no", "not_stated")
YES_NO = ("yes", "no")
YES_NO_UNKNOWN = ("yes", "no", "unknown")
TRI_STATE_COLUMNS = (
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
    "single_parent",
)
EXIT_COLUMNS = (
    "exit_job_searching",
    "exit_education_training",
    "exit_qualification",
    "exit_employed",
)
FOLLOWUP_COLUMNS = ("followup_6m_employed", "followup_6m_better_situation")

#: Every column in the order Quartier writes them.
COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "postcode",
    "district",
    "entry_date",
    "labour_status",
    "unemployed_since",
    "isced",
    *TRI_STATE_COLUMNS,
    "rural",
    "exit_date",
    *EXIT_COLUMNS,
    *FOLLOWUP_COLUMNS,
)
REQUIRED_COLUMNS = (
    "external_id",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "postcode",
    "entry_date",
    "labour_status",
)
#: Spreadsheet formats people may upload by mistake (old Excel, LibreOffice, Numbers).
UNREADABLE_SPREADSHEETS = (".xls", ".ods", ".numbers")
POSTCODE_PATTERN = re.compile(r"^\d{5}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class ListFileError(ValueError):
    """The file as a whole cannot be read; the message is one line for the user."""


@dataclass(frozen=True)
class ParticipantRow:
    """One participant's participation in one project, as the list describes it."""

    external_id: str
    first_name: str
    last_name: str
    birth_date: date
    gender: str
    postcode: str
    district: str
    entry_date: date
    labour_status: str
    unemployed_since: date | None
    isced: int | None
    disability: str
    third_country_national: str
    foreign_background: str
    minority: str
    homeless: str
    single_parent: str
    rural: str
    exit_date: date | None
    exit_job_searching: str
    exit_education_training: str
    exit_qualification: str
    exit_employed: str
    followup_6m_employed: str
    followup_6m_better_situation: str


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str
    value: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column}: {self.message} ({self.value!r})"


FILE_FORMATS = ("csv", "xlsx")
