"""The import of the participant list (INDICATORS.md section 1).

`participants_import` reads a CSV or XLSX file (`listformat`), checks every row
against the format and against the project's participants, and writes only when no
row has a problem: new participants with their case, existing ones (with `update`)
replaced by their row, unchanged ones left alone. All of it happens in one
transaction, so a failure leaves nothing half-saved.

It writes in batches (`bulk_create`/`bulk_update`), so 100,000 rows take seconds,
not hours, and after each batch tells an optional `progress` callback how far it got
(the background import of the web UI shows it; see `services.import_jobs`). Bulk writes send
no signals, so django-auditlog records no entry per row; the import records one entry
for the whole file instead (who, which project, which file, the counts and the
participant numbers it created or changed).

Rows are not run through `full_clean()`: the list format checks every field rule of
`Participant` and `Case` itself (`listformat.parsing.parse_rows`), the database constraints
back the rest, and full validation per row would take longer than the whole write.
`tests/participants/services/test_importing.py` proves that every accepted row passes
`full_clean()`.

`selectors.participant_list.participants_export_rows` and `participants_export` write
the same format back:
importing an export gives the same data, and exporting an import gives the same file.

The writing of the planned rows is in `services.import_writing`; the export in
`selectors.participant_list`.
"""

from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.services.exits import check_six_month_survey_date
from quartier.core.models import Organisation, Project, User
from quartier.core.periods import in_period, period_message
from quartier.core.tenancy import case_grants
from quartier.participants.listformat.columns import ListFileError, ParticipantRow, Problem
from quartier.participants.listformat.parsing import parse_rows
from quartier.participants.listformat.reading import read_table
from quartier.participants.models import Participant
from quartier.participants.selectors.duplicates import DuplicateCandidate, DuplicateFinder
from quartier.participants.selectors.participants import participants_visible_to
from quartier.participants.services.import_writing import (
    BATCH_SIZE,
    case_of,
    followup_changed,
    import_audit_record,
    import_plan,
    import_write,
)

#: External ids per lookup of existing participants.
LOOKUP_CHUNK = 500

#: The phases that `participants_import` reports to its `progress` callback, which it
#: calls as `progress(phase, rows_done, rows_total)`: when checking starts, when saving
#: starts, and after every batch of rows saved (not in a dry run).
CHECKING = "checking"
SAVING = "saving"
ProgressCallback = Callable[[str, int, int], None]


class ParticipantImportError(Exception):
    """The import cannot go ahead at all; the message is one line for the user."""


@dataclass
class ImportResult:
    """What an import did, or (dry run, or with problems) would have done."""

    filename: str
    update: bool
    dry_run: bool
    #: Every problem as `row N, column C: what is wrong (value given)`.
    problems: list[str] = field(default_factory=list)
    #: The same problems as records (row, column, message, value) for a table.
    problem_details: list[Problem] = field(default_factory=list)
    created_ids: list[str] = field(default_factory=list)
    updated_ids: list[str] = field(default_factory=list)
    unchanged: int = 0
    #: Participant numbers of the file that exist in the project already.
    existing_ids: list[str] = field(default_factory=list)
    #: New rows that may be people the project has already (a dry run asked for them).
    duplicates: list["RowDuplicates"] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def created(self) -> int:
        return len(self.created_ids)

    @property
    def updated(self) -> int:
        return len(self.updated_ids)

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run


@dataclass
class RowDuplicates:
    """A new row of the file and the existing participants it may be."""

    row: int
    external_id: str
    first_name: str
    last_name: str
    birth_date: date
    postcode: str
    matches: list[DuplicateCandidate]


# Import ----------------------------------------------------------------------------


def participants_import(
    *,
    actor: User | None,
    project: Project,
    organisation: Organisation,
    content: bytes,
    filename: str,
    update: bool,
    dry_run: bool,
    progress: ProgressCallback | None = None,
    find_duplicates: bool = False,
) -> ImportResult:
    """Import a participant list into `project`; new participants belong to `organisation`.

    Every row is checked first; if any has a problem, nothing is written and the result
    lists all problems. An external_id that exists in the project is a problem unless
    `update` is set; then that participant's data and case are replaced by the row
    (its owning organisation stays). `dry_run` checks and counts without writing.
    `actor` None is an operator at the server (the management command); a user needs
    `cases.import_participants` on the project and a case role in `organisation`.
    `progress`, if given, is called as described at `CHECKING`; it runs inside the
    import's transaction, so it must not write through the same database connection
    and expect others to see it before the import ends. `find_duplicates` (a dry run
    without problems) lists the new rows that may be participants the project has
    already (`selectors.DuplicateFinder`; those the actor may see).
    Raises `ParticipantImportError` when the file as a whole cannot be read.
    """
    allowed_organisations = _check_access(actor, project, organisation)
    try:
        _header, table = read_table(content, filename)
    except ListFileError as error:
        raise ParticipantImportError(str(error)) from error
    report = progress or _no_progress
    report(CHECKING, 0, len(table))
    district_ids = dict(project.districts.values_list("slug", "id"))
    rows, problems = parse_rows(table, districts=district_ids)
    result = ImportResult(filename=filename, update=update, dry_run=dry_run)
    # The row number of each participant number (its first row; repeats are problems).
    numbers: dict[str, int] = {}
    for number, raw in enumerate(table, start=2):
        if raw.get("external_id"):
            numbers.setdefault(raw["external_id"], number)
    # A dry run only reads, so it takes no write lock (SQLite's transactions here take
    # one at BEGIN); the real run checks again inside its transaction.
    try:
        with nullcontext() if dry_run else transaction.atomic():
            if not dry_run:
                # Imports into one project run one after the other (PostgreSQL; SQLite
                # serialises all writing transactions anyway).
                Project.objects.select_for_update().filter(pk=project.pk).exists()
            existing = _existing_participants(project, list(numbers))
            result.existing_ids = sorted(existing, key=numbers.__getitem__)
            problems += _existing_problems(existing, numbers, update, allowed_organisations)
            problems += _date_problems(rows, existing, numbers, project)
            if problems:
                problems.sort(key=lambda problem: problem.row)
                result.problem_details = problems
                result.problems = [str(problem) for problem in problems]
                return result
            if dry_run:
                import_plan(
                    rows, existing, result, actor=actor, project=project,
                    organisation=organisation, district_ids=district_ids, build=False,
                )  # fmt: skip
                if find_duplicates:
                    result.duplicates = _row_duplicates(actor, project, rows, existing, numbers)
                return result
            # Planned and written batch by batch, so that progress can be reported; the
            # statements are the same as for one plan of all rows.
            now = timezone.now()
            report(SAVING, 0, len(rows))
            for start in range(0, len(rows), BATCH_SIZE):
                batch = rows[start : start + BATCH_SIZE]
                plan = import_plan(
                    batch, existing, result, actor=actor, project=project,
                    organisation=organisation, district_ids=district_ids, now=now,
                )  # fmt: skip
                import_write(plan)
                report(SAVING, start + len(batch), len(rows))
            import_audit_record(actor, project, organisation, result)
    except IntegrityError as error:
        raise ParticipantImportError(
            _(
                "The participants of the project changed while the list was imported. "
                "Nothing was imported; please import the file again."
            )
        ) from error
    return result


def _no_progress(phase: str, done: int, total: int) -> None:
    pass


def _row_duplicates(
    actor, project: Project, rows: list[ParticipantRow], existing: dict, numbers: dict
) -> list[RowDuplicates]:
    """The new rows that may be participants of the project (whom the actor may see)."""
    new_rows = [row for row in rows if row.external_id not in existing]
    if not new_rows:
        return []
    people = participants_visible_to(actor) if actor is not None else Participant.objects
    finder = DuplicateFinder(people.filter(project=project))
    found = []
    for row in new_rows:
        matches = finder.find(
            first_name=row.first_name,
            last_name=row.last_name,
            birth_date=row.birth_date,
            postcode=row.postcode,
        )
        if matches:
            found.append(
                RowDuplicates(
                    row=numbers[row.external_id],
                    external_id=row.external_id,
                    first_name=row.first_name,
                    last_name=row.last_name,
                    birth_date=row.birth_date,
                    postcode=row.postcode,
                    matches=matches,
                )
            )
    return found


def _check_access(actor, project: Project, organisation: Organisation) -> set[int] | None:
    """Check who imports into which organisation; return the organisations whose
    participants the actor may replace (None: all of them)."""
    if not project.consortium.filter(organisation=organisation).exists():
        raise ValidationError(
            _("%(organisation)s is not in the consortium of %(project)s.")
            % {"organisation": organisation, "project": project}
        )
    if actor is None or actor.is_platform_admin:
        return None
    if not actor.has_perm("cases.import_participants", project):
        raise PermissionDenied(_("You are not allowed to do this."))
    allowed = {org for project_id, org in case_grants(actor) if project_id == project.pk}
    if organisation.pk not in allowed:
        raise PermissionDenied(
            _("You can import participants only into an organisation you work for in this project.")
        )
    return allowed


def _existing_participants(project: Project, external_ids: list[str]) -> dict[str, Participant]:
    """The project's participants with these numbers, with their case."""
    participants = Participant.objects.filter(project=project).select_related("case")
    in_project = participants.count()
    if in_project == 0 or not external_ids:
        return {}
    wanted = set(external_ids)
    if in_project <= len(external_ids):
        # Fewer participants than rows: one read of them all beats many lookups.
        return {p.external_id: p for p in participants if p.external_id in wanted}
    found = {}
    for start in range(0, len(external_ids), LOOKUP_CHUNK):
        chunk = external_ids[start : start + LOOKUP_CHUNK]
        for participant in participants.filter(external_id__in=chunk):
            found[participant.external_id] = participant
    return found


def _existing_problems(
    existing: dict[str, Participant],
    numbers: dict[str, int],
    update: bool,
    allowed_organisations: set[int] | None,
) -> list[Problem]:
    problems = []
    for external_id, participant in existing.items():
        row = numbers[external_id]
        if not update:
            message = _("already exists in the project (import with update to replace it)")
        elif (
            allowed_organisations is not None
            and participant.organisation_id not in allowed_organisations
        ):
            message = _(
                "belongs to another organisation of the consortium; you cannot replace its data"
            )
        else:
            continue
        problems.append(Problem(row, "external_id", message, external_id))
    return problems


def _date_problems(
    rows: list[ParticipantRow],
    existing: dict[str, Participant],
    numbers: dict[str, int],
    project: Project,
) -> list[Problem]:
    """Entry and exit within the project's funded period; a six-month follow-up that the
    row adds or changes only from its date on (the same rules as the case file)."""
    problems = []
    today = timezone.localdate()
    for row in rows:
        number = numbers[row.external_id]
        for column, kind in (("entry_date", "entry"), ("exit_date", "exit")):
            day = getattr(row, column)
            if day is not None and not in_period(project, day):
                problems.append(
                    Problem(number, column, period_message(project, day, kind), day.isoformat())
                )
        participant = existing.get(row.external_id)
        case = case_of(participant) if participant is not None else None
        if row.exit_date is not None and followup_changed(row, case):
            try:
                check_six_month_survey_date(row.exit_date, today)
            except ValidationError as error:
                problems.append(
                    Problem(
                        number,
                        "followup_6m_employed",
                        error.messages[0],
                        row.followup_6m_employed,
                    )
                )
    return problems
