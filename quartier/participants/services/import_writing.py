"""The write half of the participant-list import: the plan of objects to create and to
change, the bulk writes, and the one audit entry for the whole file.
"""

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditlog.models import LogEntry
from django.utils import timezone

from quartier.cases.models import Case, Stage
from quartier.core.models import Organisation, Project
from quartier.participants.listformat.columns import (
    EXIT_COLUMNS,
    FOLLOWUP_COLUMNS,
    TRI_STATE_COLUMNS,
    ParticipantRow,
)
from quartier.participants.models import Participant, participant_search_key

if TYPE_CHECKING:
    from quartier.participants.services.importing import ImportResult

#: Rows per INSERT/UPDATE statement (Django lowers it where SQLite needs fewer).
BATCH_SIZE = 1000


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


@dataclass
class ImportPlan:
    new_participants: list[Participant] = field(default_factory=list)
    new_cases: list[Case] = field(default_factory=list)
    changed_participants: list[Participant] = field(default_factory=list)
    changed_cases: list[Case] = field(default_factory=list)


def import_plan(
    rows: list[ParticipantRow],
    existing: dict[str, Participant],
    result: "ImportResult",
    *,
    actor,
    project: Project,
    organisation: Organisation,
    district_ids: dict[str, int],
    build: bool = True,
    now=None,
) -> ImportPlan:
    """The objects to create and to change; counts into `result`. Without `build`
    (a dry run) new rows are only counted: building their objects is most of the
    time a dry run would otherwise take. `now` is the changed rows' `updated_at`."""
    plan = ImportPlan()
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
        case = case_of(participant)
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
        if followup_changed(row, case):
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


def case_of(participant: Participant) -> Case | None:
    try:
        return participant.case
    except Case.DoesNotExist:
        return None


def import_write(plan: ImportPlan) -> None:
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


def import_audit_record(
    actor, project: Project, organisation: Organisation, result: "ImportResult"
):
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


def followup_changed(row: ParticipantRow, case: Case | None) -> bool:
    """Whether the row gives a six-month follow-up that the case does not hold yet."""
    given = tuple(getattr(row, column) for column in FOLLOWUP_COLUMNS)
    if case is None:
        return given != ("unknown", "unknown")
    return given != tuple(getattr(case, column) for column in FOLLOWUP_COLUMNS)
