"""Import and export of the participant list (INDICATORS.md section 1).

`participants_import` reads a CSV or XLSX file (`listformat`), checks every row
against the format and against the project's participants, and writes only when no
row has a problem: new participants with their case, existing ones (with `update`)
replaced by their row, unchanged ones left alone. All of it happens in one
transaction, so a failure leaves nothing half-saved.

It writes in batches (`bulk_create`/`bulk_update`), so 100,000 rows take seconds,
not hours, and after each batch tells an optional `progress` callback how far it got
(the background import of the web UI shows it; see `import_jobs`). Bulk writes send
no signals, so django-auditlog records no entry per row; the import records one entry
for the whole file instead (who, which project, which file, the counts and the
participant numbers it created or changed).

Rows are not run through `full_clean()`: the list format checks every field rule of
`Participant` and `Case` itself (`listformat.parse_rows`), the database constraints
back the rest, and full validation per row would take longer than the whole write.
`tests/participants/test_importing.py` proves that every accepted row passes
`full_clean()`.

`participants_export_rows` and `participants_export` write the same format back:
importing an export gives the same data, and exporting an import gives the same file.
"""

from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date

from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.cases.models import Case, Stage
from quartier.cases.services.exits import check_six_month_survey_date
from quartier.core.models import Organisation, Project, User
from quartier.core.periods import in_period, period_message
from quartier.participants.listformat import (
    EXIT_COLUMNS,
    FOLLOWUP_COLUMNS,
    TRI_STATE_COLUMNS,
    ListFileError,
    ParticipantRow,
    Problem,
    parse_rows,
    read_table,
    write_csv,
    write_xlsx,
)
from quartier.participants.models import Participant, participant_search_key
from quartier.participants.selectors import (
    DuplicateCandidate,
    DuplicateFinder,
    case_grants,
    participants_visible_to,
)

#: Rows per INSERT/UPDATE statement (Django lowers it where SQLite needs fewer).
BATCH_SIZE = 1000
#: External ids per lookup of existing participants.
LOOKUP_CHUNK = 500
FILE_FORMATS = ("csv", "xlsx")

#: The phases that `participants_import` reports to its `progress` callback, which it
#: calls as `progress(phase, rows_done, rows_total)`: when checking starts, when saving
#: starts, and after every batch of rows saved (not in a dry run).
CHECKING = "checking"
SAVING = "saving"
ProgressCallback = Callable[[str, int, int], None]

#: The participant's fields that a row sets; everything else (contact data, the
#: situation, consents) is left as it is.
PARTICIPANT_FIELDS = (
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "postcode",
    "district",
    "labour_status",
    "unemployed_since",
    "isced",
    *TRI_STATE_COLUMNS,
    "rural",
    "search_key",
)
CASE_FIELDS = (
    "organisation",
    "entry_date",
    "exit_date",
    *EXIT_COLUMNS,
    *FOLLOWUP_COLUMNS,
    "stage",
    "exit_reason",
    "followup_6m_recorded_on",
)


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


@dataclass
class _Plan:
    new_participants: list[Participant] = field(default_factory=list)
    new_cases: list[Case] = field(default_factory=list)
    changed_participants: list[Participant] = field(default_factory=list)
    changed_cases: list[Case] = field(default_factory=list)


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
                _plan(
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
                plan = _plan(
                    batch, existing, result, actor=actor, project=project,
                    organisation=organisation, district_ids=district_ids, now=now,
                )  # fmt: skip
                _write(plan)
                report(SAVING, start + len(batch), len(rows))
            _record_audit(actor, project, organisation, result)
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


def _followup_changed(row: ParticipantRow, case: Case | None) -> bool:
    """Whether the row gives a six-month follow-up that the case does not hold yet."""
    given = tuple(getattr(row, column) for column in FOLLOWUP_COLUMNS)
    if case is None:
        return given != ("unknown", "unknown")
    return given != tuple(getattr(case, column) for column in FOLLOWUP_COLUMNS)


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
        case = _case_of(participant) if participant is not None else None
        if row.exit_date is not None and _followup_changed(row, case):
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


def _plan(
    rows: list[ParticipantRow],
    existing: dict[str, Participant],
    result: ImportResult,
    *,
    actor,
    project: Project,
    organisation: Organisation,
    district_ids: dict[str, int],
    build: bool = True,
    now=None,
) -> _Plan:
    """The objects to create and to change; counts into `result`. Without `build`
    (a dry run) new rows are only counted: building their objects is most of the
    time a dry run would otherwise take. `now` is the changed rows' `updated_at`."""
    plan = _Plan()
    now = now or timezone.now()
    for row in rows:
        participant = existing.get(row.external_id)
        if participant is None and not build:
            result.created_ids.append(row.external_id)
            continue
        person = _participant_values(row, district_ids)
        if participant is None:
            participant = Participant(
                project=project,
                organisation=organisation,
                external_id=row.external_id,
                created_by=actor,
                **person,
            )
            plan.new_participants.append(participant)
            plan.new_cases.append(
                Case(
                    participant=participant,
                    project=project,
                    created_by=actor,
                    **_case_values(row, organisation.pk, None),
                )
            )
            result.created_ids.append(row.external_id)
            continue
        changed = _assign(participant, person, now)
        if changed:
            plan.changed_participants.append(participant)
        case = _case_of(participant)
        values = _case_values(row, participant.organisation_id, case)
        if case is None:
            plan.new_cases.append(
                Case(participant=participant, project=project, created_by=actor, **values)
            )
            changed = True
        elif _assign(case, values, now):
            plan.changed_cases.append(case)
            changed = True
        if changed:
            result.updated_ids.append(row.external_id)
        else:
            result.unchanged += 1
    return plan


def _participant_values(row: ParticipantRow, district_ids: dict[str, int]) -> dict:
    values = {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "birth_date": row.birth_date,
        "gender": row.gender,
        "postcode": row.postcode,
        "district_id": district_ids[row.district] if row.district else None,
        "labour_status": row.labour_status,
        "unemployed_since": row.unemployed_since,
        "isced": row.isced,
        "rural": row.rural == "yes",
        # Bulk writes skip `Participant.save`, which sets it otherwise.
        "search_key": participant_search_key(row.first_name, row.last_name, row.external_id),
    }
    for column in TRI_STATE_COLUMNS:
        values[column] = getattr(row, column)
    return values


def _case_values(row: ParticipantRow, organisation_id: int, case: Case | None) -> dict:
    """A case as the row describes it. Without an exit the stage stays where the case
    is (a new case starts at first counselling; a case reopened by the row too), and
    the exit reason and follow-up date of an earlier exit go."""
    values = {
        "organisation_id": organisation_id,
        "entry_date": row.entry_date,
        "exit_date": row.exit_date,
    }
    for column in (*EXIT_COLUMNS, *FOLLOWUP_COLUMNS):
        values[column] = getattr(row, column)
    if row.exit_date is not None:
        values["stage"] = Stage.EXITED
        if _followup_changed(row, case):
            # A follow-up that the row adds or changes counts as recorded on the day of
            # the import (the list has no column for the day it was taken); the import
            # refuses it before its date (`_date_problems`).
            known = (row.followup_6m_employed, row.followup_6m_better_situation) != (
                "unknown",
                "unknown",
            )
            values["followup_6m_recorded_on"] = timezone.localdate() if known else None
    else:
        keep = case is not None and case.stage != Stage.EXITED
        values["stage"] = case.stage if keep else Stage.FIRST_COUNSELLING
        values["exit_reason"] = ""
        values["followup_6m_recorded_on"] = None
    return values


def _assign(instance, values: dict, now) -> bool:
    """Set the values that differ; raise the version as a save would. True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    if changed:
        instance.version += 1
        instance.updated_at = now
    return changed


def _case_of(participant: Participant) -> Case | None:
    try:
        return participant.case
    except Case.DoesNotExist:
        return None


def _write(plan: _Plan) -> None:
    Participant.objects.bulk_create(plan.new_participants, batch_size=BATCH_SIZE)
    # The cases' participant ids come from the participants just inserted.
    Case.objects.bulk_create(plan.new_cases, batch_size=BATCH_SIZE)
    if plan.changed_participants:
        Participant.objects.bulk_update(
            plan.changed_participants,
            [*PARTICIPANT_FIELDS, "version", "updated_at"],
            batch_size=BATCH_SIZE,
        )
    if plan.changed_cases:
        Case.objects.bulk_update(
            plan.changed_cases, [*CASE_FIELDS, "version", "updated_at"], batch_size=BATCH_SIZE
        )


def _record_audit(actor, project: Project, organisation: Organisation, result: ImportResult):
    """One audit entry for the whole import, on the project."""
    summary = (
        f"{result.filename}: {result.created} new, {result.updated} updated, "
        f"{result.unchanged} unchanged"
    )
    LogEntry.objects.log_create(
        project,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        changes={"participant_import": ["", summary]},
        additional_data={
            "project_id": project.pk,
            "organisation_id": organisation.pk,
            # Participant numbers: kept off the organisation admins' audit page.
            "personal": True,
            "participant_import": {
                "file": result.filename,
                "update": result.update,
                "created": result.created,
                "updated": result.updated,
                "unchanged": result.unchanged,
                "created_external_ids": result.created_ids,
                "updated_external_ids": result.updated_ids,
            },
        },
    )


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
