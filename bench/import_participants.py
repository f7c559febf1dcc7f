"""Benchmark of the participant list import (INDICATORS.md section 1).

Generates a list of BENCH_IMPORT_ROWS participants (default 100,000) as CSV, imports
it with `participants_import` into an empty project of a fresh database, and as the
baseline, in the same run, writes the same participants and cases into a second
empty project with a plain `bulk_create` (objects built from the already parsed
rows, same batch size). Prints rows per second and the ratio import / baseline.

    .venv/bin/python bench/import_participants.py
    BENCH_IMPORT_ROWS=20000 .venv/bin/python bench/import_participants.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_import \\
        .venv/bin/python bench/import_participants.py
"""

import os
import random
import sys
import time
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import ROOT, start_django  # noqa: E402

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
start_django("bench_import")

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.cases.models import Case, Stage  # noqa: E402
from quartier.cases.services.exits import six_month_survey_earliest  # noqa: E402
from quartier.core.models import District, Organisation, Project, ProjectMember  # noqa: E402
from quartier.participants.listformat.columns import (  # noqa: E402
    GENDERS,
    LABOUR_STATUSES,
    ParticipantRow,
)
from quartier.participants.listformat.parsing import parse_rows  # noqa: E402
from quartier.participants.listformat.reading import read_table  # noqa: E402
from quartier.participants.listformat.writing import write_csv  # noqa: E402
from quartier.participants.models import Participant  # noqa: E402
from quartier.participants.selectors.participant_list import participants_export  # noqa: E402
from quartier.participants.services.import_writing import BATCH_SIZE  # noqa: E402
from quartier.participants.services.importing import participants_import  # noqa: E402

FIRST = ["Ayşe", "Jürgen", "Fatma", "Lukas", "Olena", "Mehmet", "Anna", "Dariusz", "Leonie"]
LAST = ["Yılmaz", "Müller", "Kowalski", "Schmidt", "Öztürk", "Nowak", "Weber", "Hoffmann"]


def generated_rows(count: int, districts: list[str]) -> list[ParticipantRow]:
    rng = random.Random(1)
    today = timezone.localdate()
    rows = []
    for number in range(1, count + 1):
        entry = date(2023, 1, 1) + timedelta(days=rng.randint(0, 900))
        status = rng.choice(LABOUR_STATUSES)
        has_exit = rng.random() < 0.3
        yes_no = ("yes", "no")
        rows.append(
            ParticipantRow(
                external_id=f"TN-{number:06d}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                birth_date=entry - timedelta(days=rng.randint(15 * 365, 64 * 365)),
                gender=rng.choice(GENDERS),
                postcode=f"{rng.randint(10000, 99999)}",
                district=rng.choice(districts),
                entry_date=entry,
                labour_status=status,
                unemployed_since=(entry - timedelta(days=rng.randint(0, 2000)))
                if status == "unemployed"
                else None,
                isced=rng.choice([None, *range(9)]),
                disability=rng.choice(("yes", "no", "not_stated")),
                third_country_national=rng.choice(("yes", "no", "not_stated")),
                foreign_background=rng.choice(("yes", "no", "not_stated")),
                minority="not_stated",
                homeless=rng.choice(("no", "not_stated")),
                single_parent=rng.choice(("yes", "no")),
                rural=rng.choice(yes_no),
                exit_date=entry + timedelta(days=rng.randint(30, 400)) if has_exit else None,
                exit_job_searching=rng.choice(yes_no) if has_exit else "",
                exit_education_training=rng.choice(yes_no) if has_exit else "",
                exit_qualification=rng.choice(yes_no) if has_exit else "",
                exit_employed=rng.choice(yes_no) if has_exit else "",
                followup_6m_employed=rng.choice(("yes", "no", "unknown"))
                if has_exit
                else "unknown",
                followup_6m_better_situation="unknown",
            )
        )
        # A six-month answer only once six months have passed since the exit (the
        # import refuses it earlier); the dates are fixed, today is not.
        exit_date = rows[-1].exit_date
        if exit_date and six_month_survey_earliest(exit_date) > today:
            rows[-1] = replace(rows[-1], followup_6m_employed="unknown")
    return rows


def baseline(project: Project, organisation: Organisation, rows, district_ids) -> None:
    """The same participants and cases, written with a plain bulk_create."""
    participants, cases = [], []
    for row in rows:
        participant = Participant(
            project=project,
            organisation=organisation,
            external_id=row.external_id,
            first_name=row.first_name,
            last_name=row.last_name,
            birth_date=row.birth_date,
            gender=row.gender,
            postcode=row.postcode,
            district_id=district_ids.get(row.district),
            labour_status=row.labour_status,
            unemployed_since=row.unemployed_since,
            isced=row.isced,
            disability=row.disability,
            third_country_national=row.third_country_national,
            foreign_background=row.foreign_background,
            minority=row.minority,
            homeless=row.homeless,
            single_parent=row.single_parent,
            rural=row.rural == "yes",
        )
        participants.append(participant)
        cases.append(
            Case(
                participant=participant,
                project=project,
                organisation=organisation,
                stage=Stage.EXITED if row.exit_date else Stage.FIRST_COUNSELLING,
                entry_date=row.entry_date,
                exit_date=row.exit_date,
                exit_job_searching=row.exit_job_searching,
                exit_education_training=row.exit_education_training,
                exit_qualification=row.exit_qualification,
                exit_employed=row.exit_employed,
                followup_6m_employed=row.followup_6m_employed,
                followup_6m_better_situation=row.followup_6m_better_situation,
            )
        )
    with transaction.atomic():
        Participant.objects.bulk_create(participants, batch_size=BATCH_SIZE)
        Case.objects.bulk_create(cases, batch_size=BATCH_SIZE)


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def line(
    name: str,
    seconds: float,
    rows: int,
    extra: str = "",
    baseline: float | None = None,
    baseline_name: str = "",
) -> None:
    print(f"{name:<44} {seconds:8.2f} s   {rows / seconds:10,.0f} rows/s{extra}")
    record(
        name,
        figure=seconds,
        baseline=baseline,
        unit="s",
        baseline_name=baseline_name,
        note=f"{rows:,} rows, {rows / seconds:,.0f} rows/s",
    )


def main() -> None:
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Participant list import on {connection.vendor}, {ROWS:,} rows (load average {load})")
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Bench-Träger", slug="bench-traeger")
    districts = [
        District.objects.create(
            name=f"Quartier {n}",
            city="Herne",
            slug=f"quartier-{n}",
            centre_lat=51.5,
            centre_lon=7.2,
        )
        for n in range(3)
    ]
    projects = []
    for slug in ("bench-import", "bench-baseline"):
        project = Project.objects.create(
            name=slug, slug=slug, start_date=date(2023, 1, 1), end_date=date(2026, 12, 31)
        )
        ProjectMember.objects.create(project=project, organisation=organisation, is_lead=True)
        project.districts.set(districts)
        projects.append(project)
    target, base_project = projects

    rows = generated_rows(ROWS, ["", *(d.slug for d in districts)])
    content = write_csv(rows)
    (ROOT / "var").mkdir(exist_ok=True)
    (ROOT / "var" / "bench-participants.csv").write_bytes(content)
    print(f"{'generated CSV':<44} {len(content) / 1e6:8.1f} MB   var/bench-participants.csv")

    def do_import(update=False, dry_run=False):
        result = participants_import(
            actor=None,
            project=target,
            organisation=organisation,
            content=content,
            filename="bench-participants.csv",
            update=update,
            dry_run=dry_run,
        )
        assert result.ok, result.problems[:5]
        return result

    # The baseline first, on the fresh database; its rows are removed again (not timed),
    # so that the import meets the same empty tables.
    _header, table = read_table(content, "bench.csv")
    parsed, problems = parse_rows(table, districts=[d.slug for d in districts])
    assert not problems
    district_ids = {d.slug: d.pk for d in districts}
    base = timed(lambda: baseline(base_project, organisation, parsed, district_ids))
    assert Participant.objects.filter(project=base_project).count() == ROWS
    # Emptied with plain SQL (the ORM's delete would send a signal and write an audit
    # entry per row), and truncated rather than deleted on PostgreSQL, so that no dead
    # rows are left for the import to step over.
    tables = [Case._meta.db_table, Participant._meta.db_table]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
        else:
            for table_name in tables:
                cursor.execute(f"DELETE FROM {table_name}")

    dry = timed(lambda: do_import(dry_run=True))
    imported = timed(do_import)
    assert Participant.objects.filter(project=target).count() == ROWS
    assert Case.objects.filter(project=target).count() == ROWS

    again = timed(lambda: do_import(update=True))
    exported = []
    export_seconds = timed(
        lambda: exported.append(participants_export(project=target, file_format="csv").content)
    )
    assert exported[0] == content, "export of the import is not the imported file"

    line("participants_import (dry run, empty project)", dry, ROWS)
    line(
        "participants_import (new participants)",
        imported,
        ROWS,
        f"   baseline bulk_create {base:6.2f} s ({ROWS / base:,.0f} rows/s)"
        f"   ratio {imported / base:5.2f}",
        baseline=base,
        baseline_name="plain bulk_create",
    )
    line("participants_import --update (all unchanged)", again, ROWS)
    line("participants_export csv (same bytes)", export_seconds, ROWS)


if __name__ == "__main__":
    main()
