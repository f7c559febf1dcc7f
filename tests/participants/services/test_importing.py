"""Import and export of the participant list (INDICATORS.md section 1) as services."""

import dataclasses
import io
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from quartier.cases.models import Case
from quartier.cases.services.exits import six_month_survey_earliest
from quartier.core.models import Project, Role
from quartier.participants.listformat.columns import (
    COLUMNS,
    GENDERS,
    LABOUR_STATUSES,
    ParticipantRow,
)
from quartier.participants.listformat.reading import read_table
from quartier.participants.listformat.writing import write_csv, write_xlsx
from quartier.participants.models import Participant
from quartier.participants.selectors.participant_list import (
    participants_export,
    participants_export_rows,
)
from quartier.participants.services import importing
from quartier.participants.services.importing import ParticipantImportError, participants_import
from tests.factories import CaseFactory, DistrictFactory, ParticipantFactory, ProjectFactory


def person(number: int = 1, **changes) -> ParticipantRow:
    """A valid row; `changes` override single columns."""
    values = {
        "external_id": f"TN-{number:03d}",
        "first_name": "Ayşe",
        "last_name": f"Yılmaz {number}",
        "birth_date": date(1990, 2, 3),
        "gender": "female",
        "postcode": "44649",
        "district": "",
        "entry_date": date(2024, 3, 1),
        "labour_status": "unemployed",
        "unemployed_since": date(2022, 1, 15),
        "isced": 3,
        "disability": "not_stated",
        "third_country_national": "yes",
        "foreign_background": "yes",
        "minority": "not_stated",
        "homeless": "no",
        "single_parent": "yes",
        "rural": "no",
        "exit_date": None,
        "exit_job_searching": "",
        "exit_education_training": "",
        "exit_qualification": "",
        "exit_employed": "",
        "followup_6m_employed": "unknown",
        "followup_6m_better_situation": "unknown",
    }
    values.update(changes)
    return ParticipantRow(**values)


def exited(number: int = 1, **changes) -> ParticipantRow:
    exit_values = {
        "exit_date": date(2024, 9, 30),
        "exit_job_searching": "no",
        "exit_education_training": "no",
        "exit_qualification": "yes",
        "exit_employed": "yes",
        "followup_6m_employed": "yes",
        "followup_6m_better_situation": "unknown",
    }
    return person(number, **(exit_values | changes))


def run(world, content: bytes, *, filename="liste.csv", update=False, dry_run=False, **kw):
    kw.setdefault("actor", None)
    kw.setdefault("project", world.project)
    kw.setdefault("organisation", world.org_a)
    return participants_import(
        content=content, filename=filename, update=update, dry_run=dry_run, **kw
    )


def csv_text(*lines: str) -> bytes:
    return ("\n".join(lines) + "\n").encode("utf-8")


HEADER = (
    "external_id,first_name,last_name,birth_date,gender,postcode,entry_date,"
    "labour_status,unemployed_since"
)


def import_log_entries(project: Project):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Project),
        object_id=project.pk,
        additional_data__has_key="participant_import",
    )


# Creating --------------------------------------------------------------------------


def test_a_row_becomes_a_participant_with_its_case(world):
    district = DistrictFactory(slug="wanne-sued")
    world.project.districts.add(district)
    result = run(world, write_csv([person(1, district="wanne-sued", rural="yes", isced=8)]))
    assert result.ok
    assert result.created == 1
    assert result.written
    participant = Participant.objects.get(project=world.project, external_id="TN-001")
    assert participant.organisation == world.org_a
    assert (participant.first_name, participant.last_name) == ("Ayşe", "Yılmaz 1")
    assert participant.birth_date == date(1990, 2, 3)
    assert participant.district == district
    assert participant.labour_status == "unemployed"
    assert participant.unemployed_since == date(2022, 1, 15)
    assert participant.isced == 8
    assert participant.rural is True
    assert participant.third_country_national == "yes"
    assert participant.disability == "not_stated"
    case = participant.case
    assert (case.project, case.organisation) == (world.project, world.org_a)
    assert case.entry_date == date(2024, 3, 1)
    assert case.exit_date is None
    assert case.stage == "first_counselling"
    assert case.exit_employed == ""
    assert case.followup_6m_employed == "unknown"


def test_a_row_with_an_exit_makes_an_exited_case_with_the_exit_answers(world):
    run(world, write_csv([exited(1)]))
    case = Case.objects.get(participant__external_id="TN-001")
    assert case.stage == "exited"
    assert case.exit_date == date(2024, 9, 30)
    assert (case.exit_qualification, case.exit_employed, case.exit_job_searching) == (
        "yes",
        "yes",
        "no",
    )
    assert case.followup_6m_employed == "yes"
    assert case.followup_6m_better_situation == "unknown"


def test_the_importing_user_is_recorded_as_creator(world):
    lead = world.member(Role.PROJECT_LEAD)
    run(world, write_csv([person(1)]), actor=lead)
    participant = Participant.objects.get()
    assert participant.created_by == lead
    assert participant.case.created_by == lead


# Problems --------------------------------------------------------------------------


def test_an_unknown_column_refuses_the_file_with_one_line(world):
    content = csv_text(
        HEADER + ",shoe_size", "TN-1,A,B,1990-01-01,male,44649,2024-03-01,inactive,,42"
    )
    with pytest.raises(ParticipantImportError, match=r"Unknown column\(s\): shoe_size"):
        run(world, content)
    assert not Participant.objects.exists()


def test_a_missing_required_column_refuses_the_file(world):
    with pytest.raises(ParticipantImportError, match=r"Required column\(s\) missing: postcode"):
        run(
            world,
            csv_text("external_id,first_name,last_name,birth_date,gender,entry_date,labour_status"),
        )


def test_a_file_that_is_not_utf8_refuses_the_file(world):
    content = (HEADER + "\nTN-1,Jörg,B,1990-01-01,male,44649,2024-03-01,inactive,\n").encode(
        "latin-1"
    )
    with pytest.raises(ParticipantImportError, match="not UTF-8"):
        run(world, content)


def test_a_file_without_header_refuses_the_file(world):
    with pytest.raises(ParticipantImportError, match="no header row"):
        run(world, b"\n\n")


def test_birth_after_entry_and_exit_before_entry_are_named_by_row_and_column(world):
    content = write_csv(
        [
            person(1),
            person(2, birth_date=date(2024, 5, 1)),
            exited(3, exit_date=date(2024, 1, 1)),
        ]
    )
    result = run(world, content)
    assert result.problems == [
        "row 3, column birth_date: lies after entry_date 2024-03-01 ('2024-05-01')",
        "row 4, column exit_date: lies before entry_date 2024-03-01 ('2024-01-01')",
    ]
    assert not result.written
    assert not Participant.objects.exists()


def test_a_number_twice_in_the_file_is_a_problem(world):
    content = write_csv(
        [person(1), person(2), dataclasses.replace(person(3), external_id="TN-001")]
    )
    result = run(world, content)
    assert result.problems == ["row 4, column external_id: already used in row 2 ('TN-001')"]
    assert not Participant.objects.exists()


def test_an_existing_number_is_a_problem_without_update(world):
    ParticipantFactory(project=world.project, external_id="TN-002", first_name="Alt")
    result = run(world, write_csv([person(1), person(2)]))
    assert result.problems == [
        "row 3, column external_id: already exists in the project "
        "(import with update to replace it) ('TN-002')"
    ]
    assert result.existing_ids == ["TN-002"]
    assert Participant.objects.count() == 1
    assert Participant.objects.get().first_name == "Alt"


def test_problems_of_all_rows_are_listed_in_row_order_and_nothing_is_saved(world):
    ParticipantFactory(project=world.project, external_id="TN-005")
    content = write_csv(
        [person(number) for number in range(1, 5)]
        + [person(5)]
        + [person(6, postcode="4464"), person(7, gender="frau")]
    )
    result = run(world, content)
    assert [problem.split(":")[0] for problem in result.problems] == [
        "row 6, column external_id",
        "row 7, column postcode",
        "row 8, column gender",
    ]
    assert Participant.objects.count() == 1


def test_the_same_number_in_another_project_is_no_problem(world):
    ParticipantFactory(project=world.other_project, external_id="TN-001")
    assert run(world, write_csv([person(1)])).ok


def test_a_district_must_be_one_of_the_projects(world):
    world.project.districts.add(DistrictFactory(slug="wanne-sued"))
    DistrictFactory(slug="marxloh")
    result = run(world, write_csv([person(1, district="marxloh")]))
    assert result.problems == [
        "row 2, column district: is not a district of the project (allowed: wanne-sued) ('marxloh')"
    ]


# Updating --------------------------------------------------------------------------


def test_update_replaces_data_and_case_and_keeps_the_owning_organisation(world):
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_b,
        participant__external_id="TN-001",
        participant__first_name="Alt",
        participant__street="Hauptstr. 1",
        stage="qualification",
    )
    result = run(world, write_csv([exited(1, first_name="Neu", isced=None)]), update=True)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    participant = Participant.objects.get(pk=case.participant_id)
    assert participant.organisation == world.org_b
    assert participant.first_name == "Neu"
    assert participant.isced is None
    assert participant.street == "Hauptstr. 1"  # not a column: left alone
    assert participant.version == 2
    case.refresh_from_db()
    assert case.organisation == world.org_b
    assert case.stage == "exited"
    assert case.exit_employed == "yes"
    assert case.version == 2


def test_update_keeps_the_stage_of_an_open_case(world):
    case = CaseFactory(
        participant__project=world.project,
        participant__external_id="TN-001",
        stage="qualification",
        entry_date=date(2024, 1, 1),
    )
    run(world, write_csv([person(1)]), update=True)
    case.refresh_from_db()
    assert case.entry_date == date(2024, 3, 1)
    assert case.stage == "qualification"


def test_update_without_the_exit_reopens_the_case(world):
    case = CaseFactory(
        participant__project=world.project,
        participant__external_id="TN-001",
        stage="exited",
        entry_date=date(2024, 3, 1),
        exit_date=date(2024, 6, 1),
        exit_reason="employment",
        exit_job_searching="no",
        exit_education_training="no",
        exit_qualification="no",
        exit_employed="yes",
    )
    run(world, write_csv([person(1)]), update=True)
    case.refresh_from_db()
    assert case.exit_date is None
    assert case.stage == "first_counselling"
    assert case.exit_reason == ""
    assert case.exit_employed == ""


def test_update_gives_a_participant_without_case_a_case(world):
    participant = ParticipantFactory(project=world.project, external_id="TN-001")
    result = run(world, write_csv([person(1)]), update=True)
    assert result.updated == 1
    assert Case.objects.get(participant=participant).organisation == participant.organisation


def test_importing_the_same_file_twice_with_update_changes_nothing_the_second_time(world):
    content = write_csv([person(1), exited(2), person(3, rural="yes")])
    first = run(world, content, update=True)
    assert first.created == 3
    before = list(
        Participant.objects.order_by("id").values("id", "version", "updated_at", "first_name")
    )
    cases_before = list(Case.objects.order_by("id").values("id", "version", "updated_at", "stage"))
    second = run(world, content, update=True)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert (
        list(Participant.objects.order_by("id").values("id", "version", "updated_at", "first_name"))
        == before
    )
    assert list(Case.objects.order_by("id").values("id", "version", "updated_at", "stage")) == (
        cases_before
    )


def test_a_changed_row_is_updated_and_the_others_are_left_alone(world):
    run(world, write_csv([person(1), person(2)]))
    result = run(world, write_csv([person(1), person(2, postcode="44651")]), update=True)
    assert (result.updated_ids, result.unchanged) == (["TN-002"], 1)
    versions = dict(Participant.objects.values_list("external_id", "version"))
    assert versions == {"TN-001": 1, "TN-002": 2}
    assert Participant.objects.get(external_id="TN-002").postcode == "44651"


def test_a_lead_cannot_replace_another_organisations_participant(world):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    ParticipantFactory(project=world.project, organisation=world.org_b, external_id="TN-001")
    result = run(world, write_csv([person(1)]), update=True, actor=lead)
    assert result.problems == [
        "row 2, column external_id: belongs to another organisation of the consortium; "
        "you cannot replace its data ('TN-001')"
    ]


# Dry run, transactions, audit -----------------------------------------------------


def test_a_dry_run_counts_but_writes_nothing(world):
    ParticipantFactory(project=world.project, external_id="TN-001", first_name="Alt")
    audit_before = LogEntry.objects.count()
    result = run(world, write_csv([person(1), person(2)]), update=True, dry_run=True)
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    assert not result.written
    assert Participant.objects.count() == 1
    assert Participant.objects.get().first_name == "Alt"
    assert not Case.objects.exists()
    assert LogEntry.objects.count() == audit_before


def test_a_failure_while_writing_leaves_nothing_half_saved(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(type(Case.objects), "bulk_create", broken)
    with pytest.raises(RuntimeError):
        run(world, write_csv([person(n) for n in range(1, 30)]))
    assert not Participant.objects.exists()
    assert not import_log_entries(world.project).exists()


def test_progress_is_reported_when_checking_starts_and_after_every_batch_saved(world, monkeypatch):
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    calls = []
    result = run(
        world,
        write_csv([person(n) for n in range(1, 6)]),
        progress=lambda *call: calls.append((*call, Participant.objects.count())),
    )
    assert result.created == 5
    # (phase, rows done, rows total, participants in the database at that moment)
    assert calls == [
        (importing.CHECKING, 0, 5, 0),
        (importing.SAVING, 0, 5, 0),
        (importing.SAVING, 2, 5, 2),
        (importing.SAVING, 4, 5, 4),
        (importing.SAVING, 5, 5, 5),
    ]


def test_a_dry_run_and_a_list_with_problems_report_only_the_check(world):
    calls = []
    run(world, write_csv([person(1)]), dry_run=True, progress=lambda *call: calls.append(call))
    run(world, write_csv([person(1, gender="frau")]), progress=lambda *call: calls.append(call))
    assert calls == [(importing.CHECKING, 0, 1), (importing.CHECKING, 0, 1)]
    assert not Participant.objects.exists()


def test_batches_give_the_same_data_as_one_write(world, monkeypatch):
    """New and replaced participants spread over several batches: every case belongs to
    its participant and carries its row's data."""
    monkeypatch.setattr(importing, "BATCH_SIZE", 2)
    ParticipantFactory(project=world.project, external_id="TN-002", first_name="Alt")
    CaseFactory(participant__project=world.project, participant__external_id="TN-004")
    rows = [person(1), person(2), exited(3), person(4), exited(5), person(6)]
    result = run(world, write_csv(rows), update=True)
    assert (result.created, result.updated, result.unchanged) == (4, 2, 0)
    assert Participant.objects.count() == Case.objects.count() == 6
    for row in rows:
        participant = Participant.objects.get(external_id=row.external_id)
        assert participant.last_name == row.last_name
        assert participant.case.exit_date == row.exit_date
    assert run(world, write_csv(rows), update=True).unchanged == 6


def test_the_import_records_one_audit_entry_and_none_per_row(world):
    lead = world.member(Role.PROJECT_LEAD)
    ParticipantFactory(project=world.project, external_id="TN-003")
    entries_before = LogEntry.objects.count()
    run(world, write_csv([person(1), person(2), person(3)]), update=True, actor=lead)
    assert LogEntry.objects.count() == entries_before + 1
    entry = import_log_entries(world.project).get()
    assert entry.actor == lead
    assert entry.action == LogEntry.Action.UPDATE
    data = entry.additional_data
    assert data["project_id"] == world.project.pk
    assert data["organisation_id"] == world.org_a.pk
    details = data["participant_import"]
    assert details["file"] == "liste.csv"
    assert (details["created"], details["updated"], details["unchanged"]) == (2, 1, 0)
    assert details["created_external_ids"] == ["TN-001", "TN-002"]
    assert details["updated_external_ids"] == ["TN-003"]
    assert entry.changes["participant_import"][1] == "liste.csv: 2 new, 1 updated, 0 unchanged"


# Permissions -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.CASE_WORKER, Role.JOB_COACH, Role.EVALUATOR, Role.ORGANISATION_ADMIN]
)
def test_only_a_project_lead_may_import(world, role):
    user = world.member(role)
    with pytest.raises(PermissionDenied):
        run(world, write_csv([person(1)]), actor=user)
    assert not Participant.objects.exists()


def test_another_projects_lead_may_not_import(world):
    user = world.member(Role.PROJECT_LEAD, world.org_c, project=world.other_project)
    with pytest.raises(PermissionDenied):
        run(world, write_csv([person(1)]), actor=user)


def test_a_lead_imports_only_into_an_organisation_they_work_for(world):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    with pytest.raises(PermissionDenied):
        run(world, write_csv([person(1)]), actor=lead, organisation=world.org_b)


def test_the_organisation_must_belong_to_the_consortium(world):
    with pytest.raises(ValidationError):
        run(world, write_csv([person(1)]), organisation=world.org_c)


def test_a_platform_admin_may_import_into_any_consortium_organisation(world, platform_admin):
    assert run(world, write_csv([person(1)]), actor=platform_admin, organisation=world.org_b).ok
    assert Participant.objects.get().organisation == world.org_b


# Export ----------------------------------------------------------------------------


def canonical_rows(count: int) -> list[ParticipantRow]:
    rows = []
    for number in range(1, count + 1):
        row = exited(number) if number % 3 == 0 else person(number)
        rows.append(
            dataclasses.replace(
                row,
                gender=GENDERS[number % 4],
                isced=None if number % 5 == 0 else number % 9,
                district="wanne-sued" if number % 2 else "",
                rural="yes" if number % 4 == 0 else "no",
                disability=("yes", "no", "not_stated")[number % 3],
            )
        )
    return rows


def test_export_after_import_gives_the_same_csv_bytes(world):
    world.project.districts.add(DistrictFactory(slug="wanne-sued"))
    content = write_csv(canonical_rows(25))
    assert run(world, content).ok
    assert participants_export(project=world.project, file_format="csv").content == content


def test_import_of_an_export_gives_the_same_data_in_another_project(world):
    district = DistrictFactory(slug="wanne-sued")
    world.project.districts.add(district)
    world.other_project.districts.add(district)
    run(world, write_csv(canonical_rows(12)))
    exported = participants_export(project=world.project, file_format="xlsx")
    assert exported.rows == 12
    result = run(
        world,
        exported.content,
        filename="export.xlsx",
        project=world.other_project,
        organisation=world.org_c,
    )
    assert result.created == 12
    assert list(participants_export_rows(project=world.other_project)) == canonical_rows(12)


def test_an_xlsx_export_is_a_real_workbook_with_the_header(world):
    from openpyxl import load_workbook

    run(world, write_csv([person(1), exited(2)]))
    exported = participants_export(project=world.project, file_format="xlsx")
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS
    assert values[1][:3] == ("TN-001", "Ayşe", "Yılmaz 1")
    assert values[2][COLUMNS.index("exit_date")] == "2024-09-30"


def test_a_hand_typed_xlsx_file_is_imported(world):
    from datetime import datetime

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["external_id", "first_name", "last_name", "birth_date", "gender", "postcode",
                  "entry_date", "labour_status", "isced", "exit_date", "exit_job_searching",
                  "exit_education_training", "exit_qualification", "exit_employed"])  # fmt: skip
    born, entered, left = datetime(1985, 7, 1), date(2024, 2, 1), date(2024, 8, 1)
    sheet.append(["A-1", "Mehmet", "Öztürk", born, "male", "44649", entered, "employed", 4,
                  left, "no", "no", "no", "yes"])  # fmt: skip
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = run(world, buffer.getvalue(), filename="Liste.XLSX")
    assert result.ok, result.problems
    participant = Participant.objects.get(external_id="A-1")
    assert participant.birth_date == date(1985, 7, 1)
    assert participant.isced == 4
    assert participant.case.exit_employed == "yes"


def test_an_xlsxwriter_workbook_with_a_problem_names_row_and_column(world):
    content = write_xlsx([person(1), person(2, postcode="123")])
    result = run(world, content, filename="liste.xlsx")
    assert result.problems == ["row 3, column postcode: must be five digits ('123')"]


def test_an_export_shows_a_case_changed_after_the_import(world):
    run(world, write_csv([person(1), person(2)]))
    case = Case.objects.get(participant__external_id="TN-002")
    case.exit_date = date(2024, 12, 31)
    case.stage = "exited"
    case.exit_job_searching = "yes"
    case.exit_education_training = "no"
    case.exit_qualification = "no"
    case.exit_employed = "no"
    case.followup_6m_employed = "no"
    case.save()
    participant = case.participant
    participant.labour_status = "employed"
    participant.unemployed_since = None
    participant.save()
    rows = list(participants_export_rows(project=world.project))
    assert rows[0] == person(1)
    assert rows[1] == person(
        2,
        labour_status="employed",
        unemployed_since=None,
        exit_date=date(2024, 12, 31),
        exit_job_searching="yes",
        exit_education_training="no",
        exit_qualification="no",
        exit_employed="no",
        followup_6m_employed="no",
    )
    # And importing the new export into the same project changes nothing.
    again = run(world, participants_export(project=world.project, file_format="csv").content,
                update=True)  # fmt: skip
    assert (again.updated, again.unchanged) == (0, 2)


def test_export_is_limited_to_an_organisation_or_to_what_a_user_may_see(world):
    run(world, write_csv([person(1)]))
    run(world, write_csv([person(2)]), organisation=world.org_b)
    worker_b = world.member(Role.CASE_WORKER, world.org_b)

    def numbers(**kwargs):
        return [
            row.external_id for row in participants_export_rows(project=world.project, **kwargs)
        ]

    assert numbers() == ["TN-001", "TN-002"]
    assert numbers(organisation=world.org_a) == ["TN-001"]
    assert numbers(user=worker_b) == ["TN-002"]
    assert numbers(user=world.member(Role.EVALUATOR)) == []


def test_participants_without_a_case_are_not_exported(world):
    ParticipantFactory(project=world.project, external_id="X-1")
    assert list(participants_export_rows(project=world.project)) == []


# Property: what the list accepts, the models accept ------------------------------

days = st.dates(min_value=date(1940, 1, 1), max_value=date(2030, 12, 31))
names = st.text(
    alphabet=st.characters(codec="utf-8", categories=["L", "Zs", "Pd"]), min_size=1, max_size=100
).map(str.strip).filter(bool)  # fmt: skip


@st.composite
def any_row(draw, number):
    entry = draw(days)
    status = draw(st.sampled_from(LABOUR_STATUSES))
    has_exit = draw(st.booleans())
    yes_no = st.sampled_from(["yes", "no"])
    tri = st.sampled_from(["yes", "no", "not_stated"])
    follow = st.sampled_from(["yes", "no", "unknown"]) if has_exit else st.just("unknown")
    return ParticipantRow(
        external_id=draw(st.from_regex(r"[A-Za-z0-9\-/]{1,44}", fullmatch=True)) + f"-{number}",
        first_name=draw(names),
        last_name=draw(names),
        birth_date=entry - timedelta(days=draw(st.integers(0, 30000))),
        gender=draw(st.sampled_from(GENDERS)),
        postcode=draw(st.from_regex(r"[0-9]{5}", fullmatch=True)),
        district=draw(st.sampled_from(["", "wanne-sued"])),
        entry_date=entry,
        labour_status=status,
        unemployed_since=entry - timedelta(days=draw(st.integers(0, 5000)))
        if status == "unemployed"
        else None,
        isced=draw(st.none() | st.integers(0, 8)),
        disability=draw(tri),
        third_country_national=draw(tri),
        foreign_background=draw(tri),
        minority=draw(tri),
        homeless=draw(tri),
        single_parent=draw(tri),
        rural=draw(yes_no),
        exit_date=entry + timedelta(days=draw(st.integers(0, 900))) if has_exit else None,
        exit_job_searching=draw(yes_no) if has_exit else "",
        exit_education_training=draw(yes_no) if has_exit else "",
        exit_qualification=draw(yes_no) if has_exit else "",
        exit_employed=draw(yes_no) if has_exit else "",
        followup_6m_employed=draw(follow),
        followup_6m_better_situation=draw(follow),
    )


@settings(max_examples=25)
@given(st.lists(st.integers(0, 10**6), min_size=1, max_size=5).flatmap(
    lambda numbers: st.tuples(*[any_row(n) for n in range(len(numbers))])
))  # fmt: skip
@pytest.mark.django_db
def test_every_row_the_list_accepts_passes_full_clean_and_exports_unchanged(rows):
    """The import skips full_clean() for speed; this shows it would pass."""
    # A period around every date drawn; a six-month follow-up only once its day has come.
    project = ProjectFactory(start_date=date(1940, 1, 1), end_date=date(2034, 12, 31))
    project.districts.add(DistrictFactory(slug=f"wanne-sued-{project.pk}"))
    today = timezone.localdate()
    rows = [
        dataclasses.replace(
            r,
            district=r.district and f"wanne-sued-{project.pk}",
            **(
                {"followup_6m_employed": "unknown", "followup_6m_better_situation": "unknown"}
                if r.exit_date and six_month_survey_earliest(r.exit_date) > today
                else {}
            ),
        )
        for r in rows
    ]
    result = participants_import(
        actor=None,
        project=project,
        organisation=project.lead_organisation,
        content=write_csv(rows),
        filename="p.csv",
        update=False,
        dry_run=False,
    )
    assert result.ok, result.problems
    for participant in Participant.objects.filter(project=project).select_related("case"):
        participant.full_clean()
        participant.case.full_clean()
    assert list(participants_export_rows(project=project)) == list(rows)


def test_read_table_of_an_export_has_every_column(world):
    run(world, write_csv([person(1)]))
    header, rows = read_table(
        participants_export(project=world.project, file_format="csv").content, "x.csv"
    )
    assert tuple(header) == COLUMNS
    assert rows[0]["external_id"] == "TN-001"
