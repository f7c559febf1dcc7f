"""Checking the raw rows of a participant list against the format: every problem as
`row N, column C: what is wrong (value given)`, or the parsed `ParticipantRow`s.
"""

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from quartier.participants.listformat.columns import (
    DATE_PATTERN,
    EXIT_COLUMNS,
    FOLLOWUP_COLUMNS,
    GENDERS,
    LABOUR_STATUSES,
    POSTCODE_PATTERN,
    TRI_STATE_COLUMNS,
    YES_NO,
    YES_NO_NOT_STATED,
    YES_NO_UNKNOWN,
    ParticipantRow,
    Problem,
)

# Checking rows ---------------------------------------------------------------------


def parse_rows(
    rows: Iterable[dict[str, str]], *, districts: Iterable[str] = ()
) -> tuple[list[ParticipantRow], list[Problem]]:
    """Check every row; return the parsed rows and all problems found (rows are numbered
    from 2, the header being row 1). `districts` are the slugs of the project's districts."""
    allowed_districts = set(districts)
    parsed: list[ParticipantRow] = []
    problems: list[Problem] = []
    first_seen: dict[str, int] = {}
    for number, row in enumerate(rows, start=2):
        row_problems: list[Problem] = []
        record = _parse_row(number, row, allowed_districts, row_problems)
        external_id = row.get("external_id", "")
        if external_id:
            if external_id in first_seen:
                row_problems.append(
                    Problem(
                        number,
                        "external_id",
                        _("already used in row %(row)s") % {"row": first_seen[external_id]},
                        external_id,
                    )
                )
            else:
                first_seen[external_id] = number
        problems.extend(row_problems)
        if record is not None and not row_problems:
            parsed.append(record)
    return parsed, problems


def _parse_row(number: int, row: dict[str, str], districts: set[str], problems: list[Problem]):
    def problem(column: str, message: str) -> None:
        problems.append(Problem(number, column, message, row.get(column, "")))

    def text(column: str, *, required: bool = False, max_length: int = 100) -> str:
        value = row.get(column, "")
        if required and not value:
            problem(column, _("is required"))
        elif len(value) > max_length:
            problem(column, _("is longer than %(max)s characters") % {"max": max_length})
        return value

    def day(column: str, *, required: bool = False) -> date | None:
        value = row.get(column, "")
        if not value:
            if required:
                problem(column, _("is required (a date as YYYY-MM-DD)"))
            return None
        if not DATE_PATTERN.match(value):
            problem(column, _("is not a date as YYYY-MM-DD"))
            return None
        try:
            return date.fromisoformat(value)
        except ValueError:
            problem(column, _("is not a date that exists"))
            return None

    def choice(column: str, allowed: tuple[str, ...], *, default: str | None = None) -> str:
        value = row.get(column, "")
        if not value and default is not None:
            return default
        if value not in allowed:
            problem(column, _("must be one of %(values)s") % {"values": ", ".join(allowed)})
        return value

    external_id = text("external_id", required=True, max_length=50)
    first_name = text("first_name", required=True)
    last_name = text("last_name", required=True)
    birth_date = day("birth_date", required=True)
    gender = choice("gender", GENDERS)
    postcode = row.get("postcode", "")
    if not POSTCODE_PATTERN.match(postcode):
        problem("postcode", _("must be five digits"))
    district = row.get("district", "")
    if district and district not in districts:
        allowed = ", ".join(sorted(districts)) or _("none")
        problem(
            "district",
            _("is not a district of the project (allowed: %(allowed)s)") % {"allowed": allowed},
        )
    entry_date = day("entry_date", required=True)
    labour_status = choice("labour_status", LABOUR_STATUSES)
    unemployed_since = day("unemployed_since")
    if (
        labour_status == "unemployed"
        and unemployed_since is None
        and not row.get("unemployed_since")
    ):
        problem("unemployed_since", _("is required when labour_status is unemployed"))
    if labour_status and labour_status != "unemployed" and row.get("unemployed_since"):
        problem("unemployed_since", _("is only allowed when labour_status is unemployed"))
    isced = None
    if row.get("isced", ""):
        if row["isced"] in {str(level) for level in range(9)}:
            isced = int(row["isced"])
        else:
            problem("isced", _("must be a level from 0 to 8, or empty"))
    tri_state = {c: choice(c, YES_NO_NOT_STATED, default="not_stated") for c in TRI_STATE_COLUMNS}
    rural = choice("rural", YES_NO, default="no")
    exit_date = day("exit_date")
    exits = {}
    for column in EXIT_COLUMNS:
        if exit_date is not None or row.get("exit_date"):
            if not row.get(column):
                problem(column, _("is required when exit_date is set (yes or no)"))
                exits[column] = ""
            else:
                exits[column] = choice(column, YES_NO)
        elif row.get(column):
            problem(column, _("is only allowed with an exit_date"))
            exits[column] = ""
        else:
            exits[column] = ""
    followups = {}
    for column in FOLLOWUP_COLUMNS:
        # "unknown" is what an empty cell means, so it may stand without an exit.
        if row.get(column, "") not in ("", "unknown") and not row.get("exit_date"):
            problem(column, _("is only allowed with an exit_date"))
        followups[column] = choice(column, YES_NO_UNKNOWN, default="unknown")

    if birth_date and entry_date and birth_date > entry_date:
        problem(
            "birth_date", _("lies after entry_date %(date)s") % {"date": entry_date.isoformat()}
        )
    if unemployed_since and entry_date and unemployed_since > entry_date:
        problem(
            "unemployed_since",
            _("lies after entry_date %(date)s") % {"date": entry_date.isoformat()},
        )
    if exit_date and entry_date and exit_date < entry_date:
        problem(
            "exit_date", _("lies before entry_date %(date)s") % {"date": entry_date.isoformat()}
        )

    if problems:
        return None
    return ParticipantRow(
        external_id=external_id,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        gender=gender,
        postcode=postcode,
        district=district,
        entry_date=entry_date,
        labour_status=labour_status,
        unemployed_since=unemployed_since,
        isced=isced,
        rural=rural,
        exit_date=exit_date,
        **tri_state,
        **exits,
        **followups,
    )
