"""Benchmark of the indicator report (issue 6: "the indicator report for a project with
1,000,000 participants on SQLite and on PostgreSQL").

A fresh database gets BENCH_INDICATOR_PARTICIPANTS participants with their cases in one
project (default 1,000,000) and a twentieth as many in a second project, whose cases
the report must leave out. The rows are written straight to the tables, not through
factories or `seed_demo`: executemany in batches of 10,000 on SQLite, COPY on
PostgreSQL; every column of the models is filled (the fields the report does not read
with the model's defaults). The values vary as a project's do: entries from 2020 to
mid-2025, rising with the ids give or take a few weeks (people are recorded as they
come), ages 15 to 64 on the entry date, all four genders, the four labour statuses
with the start of unemployment up to eight years before entry, ISCED levels and "not
stated", the yes/no/not stated answers, more than half of the cases left (exit answers
and the six-month follow-up), and 0 to 4 assessments per case (about two in five
cases have two or more, for HF1), some of them on the same day.

Measured for one calendar year (BENCH_INDICATOR_YEAR, default 2024) and for all time,
each figure the median of BENCH_REPEAT runs (default 5):

- the report: `indicator_report(project=…, date_from=…, date_to=…)`, whose two SQL
  aggregates (ESF Plus figures by gender; HF1 among the leavers) are all it sends;
- the floor: the same figures from hand-written SQL, per database, also two queries
  (one for the ESF Plus figures and the follow-up coverage, one for HF1; see
  `floor_queries`), run on the cursor; the bench asserts that they equal the report's;
- the loop: the same figures computed in Python (INDICATORS.md section 2 read one
  participant at a time, as the reference test does) over the cases that entered or
  left in the period, and HF1 over the assessments of the period's leavers, both read
  with `.iterator()` as values. It runs once when one run takes longer than
  BENCH_LOOP_BUDGET seconds (default 20), and its figures must equal the report's too.

Printed: the time of each, the ratios report / floor (aim: at most 1.5) and loop /
report (aim: at least 20), and the load average at that moment (the machine may be
shared).

    .venv/bin/python bench/indicators.py
    BENCH_INDICATOR_PARTICIPANTS=100000 .venv/bin/python bench/indicators.py
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/quartier_bench_ind \\
        .venv/bin/python bench/indicators.py
"""

import os
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import record  # noqa: E402
from setup import start_django  # noqa: E402

PARTICIPANTS = int(os.environ.get("BENCH_INDICATOR_PARTICIPANTS", "1000000"))
OTHER_PARTICIPANTS = max(1, PARTICIPANTS // 20)
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
YEAR = int(os.environ.get("BENCH_INDICATOR_YEAR", "2024"))
LOOP_BUDGET = float(os.environ.get("BENCH_LOOP_BUDGET", "20"))
BATCH = 10_000
start_django("bench_indicators")

from dateutil.relativedelta import relativedelta  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.management.color import no_style  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from quartier.cases.models import NEED_DOMAINS, Assessment, Case, ExitReason, Stage  # noqa: E402
from quartier.core.models import Organisation, Project, ProjectMember  # noqa: E402
from quartier.participants.models import Participant  # noqa: E402
from quartier.reports.indicators import (  # noqa: E402
    GENDERS,
    PARTICIPANT_CODES,
    hf1_rule,
    indicator_report,
)
from quartier.reports.indicators.followup import followup_early_days  # noqa: E402

NOW = datetime(2025, 7, 1, 8, 0, tzinfo=UTC)
FIRST_DAY, LAST_ENTRY, LAST_DAY = date(2020, 1, 1), date(2025, 6, 30), date(2025, 12, 31)
COLUMN = {"female": "women", "male": "men", "non_binary": "non_binary", "not_stated": "not_stated"}
EMPLOYED = ("employed", "self_employed")
NEEDS = [field for field, _label in NEED_DOMAINS]

FIRST_NAMES = ["Ayşe", "Jürgen", "Fatma", "Lukas", "Olena", "Mehmet", "Anna", "Dariusz", "Leonie"]
LAST_NAMES = ["Yılmaz", "Müller", "Kowalski", "Schmidt", "Öztürk", "Nowak", "Weber", "Hoffmann"]
GENDER_CHOICES = ["female"] * 48 + ["male"] * 46 + ["non_binary"] * 2 + ["not_stated"] * 4
LABOUR_CHOICES = ["unemployed"] * 55 + ["inactive"] * 25 + ["employed"] * 15 + ["self_employed"] * 5
ISCED_CHOICES = [None, None, 0, 1, 2, 2, 2, 3, 3, 3, 3, 4, 5, 6, 6, 7, 8]
TRI = ["yes", "no", "no", "no", "not_stated"]
TRI_RARE = ["yes", "no", "no", "no", "no", "no", "no", "no", "no", "not_stated"]
STAGES = [stage for stage in Stage.values if stage != Stage.EXITED]
EXIT_REASONS = ExitReason.values
YES_NO = ["yes", "no"]
FOLLOWUP = ["yes", "yes", "no", "unknown"]


def load_average() -> str:
    return "load " + "/".join(f"{value:.1f}" for value in os.getloadavg())


# --- The data --------------------------------------------------------------------


def iso_days():
    """ISO strings of every day from 1930 on, by ordinal: dates without a date() each."""
    start, end = date(1930, 1, 1).toordinal(), date(2031, 1, 1).toordinal()
    return start, [date.fromordinal(ordinal).isoformat() for ordinal in range(start, end)]


DAY0, DAYS = iso_days()


def day(ordinal: int) -> str:
    return DAYS[ordinal - DAY0]


class Writer:
    """Writes rows of one model straight to its table: the columns given per row, and
    every other column with the model's default (timestamps: NOW)."""

    def __init__(self, model, fields: list[str]):
        self.model = model
        given = [model._meta.get_field(name) for name in fields]
        rest = [f for f in model._meta.concrete_fields if f.name not in fields]
        for field in rest:
            assert not field.primary_key, field
        self.columns = [f.column for f in given + rest]
        self.constant = tuple(self._default(field) for field in rest)

    @staticmethod
    def _default(field):
        if isinstance(field, models.DateTimeField):
            value = NOW
        elif field.has_default() or field.null or field.empty_strings_allowed:
            value = field.get_default()
        else:
            raise AssertionError(f"no value for {field.model.__name__}.{field.name}")
        if value is None and not field.null:
            raise AssertionError(f"no value for {field.model.__name__}.{field.name}")
        return field.get_db_prep_save(value, connection)

    def write(self, rows) -> int:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        constant, count = self.constant, 0
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + constant)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
                batch = []
                for row in rows:
                    batch.append(row + constant)
                    if len(batch) == BATCH:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count


PARTICIPANT_FIELDS = [
    "id",
    "project",
    "organisation",
    "external_id",
    "first_name",
    "last_name",
    "birth_date",
    "gender",
    "postcode",
    "labour_status",
    "unemployed_since",
    "isced",
    "disability",
    "third_country_national",
    "foreign_background",
    "minority",
    "homeless",
    "single_parent",
    "rural",
    "benefits",
    "german_level",
]
CASE_FIELDS = [
    "id",
    "participant",
    "project",
    "organisation",
    "stage",
    "entry_date",
    "exit_date",
    "exit_reason",
    "exit_job_searching",
    "exit_education_training",
    "exit_qualification",
    "exit_employed",
    "followup_6m_employed",
    "followup_6m_better_situation",
    "followup_6m_recorded_on",
]
ASSESSMENT_FIELDS = ["id", "case", "date", *NEEDS]


def generate(project: Project, organisations: list[int], first_id: int, count: int, rng):
    """Rows of `count` participants, their cases and assessments (ids from `first_id`)."""
    first_entry, last_entry = FIRST_DAY.toordinal(), LAST_ENTRY.toordinal()
    last_day = LAST_DAY.toordinal()
    participants, cases, assessments = [], [], []
    choice, randint, rand = rng.choice, rng.randint, rng.random
    assessment_id = first_id * 5
    span = last_entry - first_entry
    for number in range(first_id, first_id + count):
        # Participants are recorded as they come: entry dates rise with the ids, give or
        # take a few weeks (late entries, a list imported now and then).
        progress = first_entry + span * (number - first_id) // count
        entry = min(last_entry, max(first_entry, progress + randint(-45, 15)))
        age = rand()
        years = (
            randint(15, 17) if age < 0.05 else randint(18, 29) if age < 0.35 else randint(30, 54)
        )
        if age > 0.85:
            years = randint(55, 64)
        birth = entry - years * 365 - randint(0, 364)
        status = choice(LABOUR_CHOICES)
        organisation = organisations[number % len(organisations)]
        participants.append(
            (
                number,
                project.pk,
                organisation,
                f"IND-{number:07d}",
                choice(FIRST_NAMES),
                choice(LAST_NAMES),
                day(birth),
                choice(GENDER_CHOICES),
                f"{44600 + number % 100:05d}",
                status,
                day(entry - randint(0, 2900)) if status == "unemployed" else None,
                choice(ISCED_CHOICES),
                choice(TRI),
                choice(TRI),
                choice(TRI),
                choice(TRI_RARE),
                choice(TRI_RARE),
                choice(TRI),
                rand() < 0.1,
                choice(("sgb2", "sgb3", "none", "not_stated")),
                choice(("A2", "B1", "B2", "native", "")),
            )
        )
        leaves = rand() < 0.6
        exit = entry + randint(0, 720) if leaves else None
        if exit is not None and exit > last_day:
            exit = None
        if exit is None:
            cases.append(
                (number, number, project.pk, organisation, choice(STAGES), day(entry), None)
                + ("", "", "", "", "", "unknown", "unknown", None)
            )
        else:
            employed, better = choice(FOLLOWUP), choice(FOLLOWUP)
            recorded = None if employed == better == "unknown" else day(exit + 183)
            cases.append(
                (number, number, project.pk, organisation, Stage.EXITED, day(entry), day(exit))
                + (choice(EXIT_REASONS), choice(YES_NO), choice(YES_NO), choice(YES_NO))
                + (choice(YES_NO), employed, better, recorded)
            )
        kind = rand()
        how_many = 0 if kind < 0.35 else 1 if kind < 0.6 else 2 if kind < 0.85 else randint(3, 4)
        on = entry + randint(0, 30)
        needs = [randint(0, 3) for _ in NEEDS]
        for _ in range(how_many):
            assessments.append((assessment_id, number, day(on), *needs))
            assessment_id += 1
            # Mostly better, sometimes worse, now and then on the same day.
            on += choice((0, 30, 60, 90, 120, 180))
            needs = [max(0, min(3, need + choice((-1, -1, 0, 0, 0, 1)))) for need in needs]
        if len(participants) == BATCH:
            yield participants, cases, assessments
            participants, cases, assessments = [], [], []
    if participants:
        yield participants, cases, assessments


def fill() -> tuple[Project, int]:
    organisations = [
        Organisation.objects.create(name=f"Träger {n}", slug=f"bench-traeger-{n}") for n in (1, 2)
    ]
    projects = []
    for slug in ("bench-indicators", "bench-other"):
        project = Project.objects.create(
            name=slug, slug=slug, start_date=FIRST_DAY, end_date=LAST_DAY
        )
        for index, organisation in enumerate(organisations):
            ProjectMember.objects.create(
                project=project, organisation=organisation, is_lead=index == 0
            )
        projects.append(project)
    writers = [
        Writer(Participant, PARTICIPANT_FIELDS),
        Writer(Case, CASE_FIELDS),
        Writer(Assessment, ASSESSMENT_FIELDS),
    ]
    rng = random.Random(6)
    totals = [0, 0, 0]
    if connection.vendor == "sqlite":
        # For the writing only: a larger page cache for the indexes (the connection is
        # closed afterwards, so the report runs with the settings' defaults).
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size = -500000")
    with transaction.atomic():
        for project, first_id, count in [
            (projects[0], 1, PARTICIPANTS),
            (projects[1], PARTICIPANTS + 1, OTHER_PARTICIPANTS),
        ]:
            # Participants first (cases point at them), then cases, then assessments,
            # batch by batch, so that memory stays small.
            ids = [o.pk for o in organisations]
            for batch in generate(project, ids, first_id, count, rng):
                for index, (writer, rows) in enumerate(zip(writers, batch, strict=True)):
                    totals[index] += writer.write(iter(rows))
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(
                no_style(), [Participant, Case, Assessment]
            ):
                cursor.execute(sql)
    connection.close()
    return projects[0], totals[2]


# --- The floor: hand-written SQL -----------------------------------------------------


def between(column: str, date_from, date_to) -> tuple[str, list]:
    """`column` set and within the period, as SQL with its parameters."""
    sql, params = [f"{column} IS NOT NULL"], []
    if date_from is not None:
        sql.append(f"{column} >= %s")
        params.append(date_from)
    if date_to is not None:
        sql.append(f"{column} <= %s")
        params.append(date_to)
    return " AND ".join(sql), params


def floor_queries(project: Project, date_from, date_to) -> list[tuple[str, list]]:
    """The ESF Plus query and the HF1 query, hand-written for this database.

    The ESF Plus query reads each case with its participant once, in a subquery that
    turns each date into the number YYYYMMDD once (the database may not merge it into
    the outer query: LIMIT -1 on SQLite, OFFSET 0 on PostgreSQL); the outer query counts
    with one filtered COUNT per figure, by gender. The date rules are those of
    docs/indicators.md: age ≥ N ⟺ entry − birth ≥ N × 10000, and start + k months ≤
    entry ⟺ gap ≥ 100 k, or gap > 100 k − 70 on the last day of a month, where gap is
    (months × 100 + day) of entry less that of start. The six-month follow-up counts when
    exit + 6 months ≤ its date (or its case's creation day) + the early days."""
    postgres = connection.vendor == "postgresql"
    entered, entered_params = between("c.entry_date", date_from, date_to)
    left, left_params = between("c.exit_date", date_from, date_to)
    early = followup_early_days()
    if postgres:
        number = "CAST(to_char({}, 'YYYYMMDD') AS INTEGER)"
        month_end = "EXTRACT(DAY FROM entry + 1) = 1"
        recorded = (
            "COALESCE(c.followup_6m_recorded_on, "
            f"(c.created_at AT TIME ZONE '{settings.TIME_ZONE}')::date)"
        )
        recorded_number = f"CAST(to_char({recorded} + {early:d}, 'YYYYMMDD') AS INTEGER)"
        recorded_month_end = f"EXTRACT(DAY FROM {recorded} + {early + 1:d}) = 1"
        fence = "OFFSET 0"
    else:
        number = "CAST(REPLACE({}, '-', '') AS INTEGER)"
        month_end = "strftime('%%d', entry, '+1 days') = '01'"
        # The bench's cases are created at 08:00 UTC: the same day in Berlin.
        recorded = "COALESCE(c.followup_6m_recorded_on, date(c.created_at))"
        recorded_number = f"CAST(strftime('%%Y%%m%%d', {recorded}, '+{early:d} days') AS INTEGER)"
        recorded_month_end = f"strftime('%%d', {recorded}, '+{early + 1:d} days') = '01'"
        fence = "LIMIT -1"
    # The follow-up recorded in time: a subquery run once, reading the recording day only
    # for the leavers with follow-up answers (so the outer query needs no table rows).
    exit_number = number.format("c.exit_date")
    followup_gap = (
        f"(({recorded_number} - 8800 * ({recorded_number} / 10000))"
        f" - ({exit_number} - 8800 * ({exit_number} / 10000)))"
    )
    inner = f"""
        SELECT p.gender AS gender, p.labour_status AS status, p.isced AS isced,
               p.disability AS disability, p.third_country_national AS tcn,
               p.foreign_background AS foreign_background, p.minority AS minority,
               p.homeless AS homeless, p.rural AS rural,
               ({entered}) AS entered, ({left}) AS left_, c.entry_date AS entry,
               {number.format("c.entry_date")} AS e, {number.format("p.birth_date")} AS b,
               {number.format("p.unemployed_since")} AS s,
               c.exit_job_searching AS job_searching, c.exit_education_training AS education,
               c.exit_qualification AS qualification, c.exit_employed AS exit_employed,
               c.followup_6m_employed AS f_employed, c.followup_6m_better_situation AS f_better,
               c.id IN (
                   SELECT c.id FROM cases_case c
                   WHERE c.project_id = %s AND {left}
                     AND (c.followup_6m_employed IN ('yes', 'no')
                          OR c.followup_6m_better_situation = 'yes')
                     AND ({followup_gap} >= 600 OR ({followup_gap} > 530 AND {recorded_month_end}))
               ) AS in_time
        FROM cases_case c JOIN participants_participant p ON p.id = c.participant_id
        WHERE c.project_id = %s AND (({entered}) OR ({left}))
        {fence}
    """
    params = [*entered_params, *left_params, project.pk, *left_params]
    params += [project.pk, *entered_params, *left_params]
    gap = "((e - 8800 * (e / 10000)) - (s - 8800 * (s / 10000)))"
    months = "(CASE WHEN e - b < 250000 THEN 600 ELSE 1200 END)"
    long_term = f"({gap} >= {months} OR ({gap} > {months} - 70 AND {month_end}))"
    employed = "status IN ('employed', 'self_employed')"
    in_time = "in_time"
    outputs = [
        "TRUE",
        "status = 'unemployed'",
        f"status = 'unemployed' AND {long_term}",
        "status = 'inactive'",
        employed,
        "e - b < 180000",
        "e - b BETWEEN 180000 AND 299999",
        "e - b >= 550000",
        "isced <= 2",
        "isced BETWEEN 3 AND 4",
        "isced >= 5",
        "disability = 'yes'",
        "tcn = 'yes'",
        "foreign_background = 'yes'",
        "minority = 'yes'",
        "homeless = 'yes'",
        "rural",
    ]
    results = [
        "job_searching = 'yes'",
        "education = 'yes'",
        "qualification = 'yes'",
        "exit_employed = 'yes'",
        f"f_employed = 'yes' AND {in_time}",
        f"f_better = 'yes' AND {employed} AND {in_time}",
        "TRUE",  # leavers
        f"f_employed IN ('yes', 'no') AND {in_time}",  # with six-month data
    ]
    figures = [f"COUNT(*) FILTER (WHERE entered AND {c})" for c in outputs]
    figures += [f"COUNT(*) FILTER (WHERE left_ AND {c})" for c in results]
    esf = f"SELECT gender, {', '.join(figures)} FROM ({inner}) cases GROUP BY gender"

    # HF1: the leavers whose first assessment's total exceeds the last (or lowest) one's
    # by the minimum, read through the assessments' (case, date, id) index.
    rule = hf1_rule()
    total = " + ".join(f"a.{field}" for field in NEEDS)
    of_case = "FROM cases_assessment a WHERE a.case_id = c.id"
    first = f"(SELECT {total} {of_case} ORDER BY a.date, a.id LIMIT 1)"
    if rule.compare == "first_vs_last":
        other = f"(SELECT {total} {of_case} ORDER BY a.date DESC, a.id DESC LIMIT 1)"
    else:
        other = f"(SELECT MIN({total}) {of_case})"
    hf1 = f"""
        SELECT p.gender, COUNT(*)
        FROM cases_case c JOIN participants_participant p ON p.id = c.participant_id
        WHERE c.project_id = %s AND {left} AND {first} >= {other} + {rule.min_improvement:d}
        GROUP BY p.gender
    """
    return [(esf, params), (hf1, [project.pk, *left_params])]


def floor_figures(queries) -> tuple[dict, dict, dict]:
    (esf, esf_params), (hf1, hf1_params) = queries
    indicators = {code: dict.fromkeys(("total", *GENDERS), 0) for code in PARTICIPANT_CODES}
    followup = {"leavers": 0, "with_data": 0}
    hf1_figures = dict.fromkeys(("total", *GENDERS), 0)
    with connection.cursor() as cursor:
        cursor.execute(esf, esf_params)
        for gender, *counts in cursor.fetchall():
            column = COLUMN[gender]
            for code, value in zip(PARTICIPANT_CODES, counts, strict=False):
                indicators[code][column] += value or 0
                indicators[code]["total"] += value or 0
            followup["leavers"] += counts[-2] or 0
            followup["with_data"] += counts[-1] or 0
        cursor.execute(hf1, hf1_params)
        for gender, value in cursor.fetchall():
            hf1_figures[COLUMN[gender]] += value
            hf1_figures["total"] += value
    indicators["EECO19"] = {"total": 0}  # the benchmark has no employers
    return indicators, followup, hf1_figures


# --- The loop: INDICATORS.md section 2 in Python ----------------------------------


def loop_figures(project: Project, date_from, date_to) -> tuple[dict, dict, dict]:
    rule = hf1_rule()
    early = followup_early_days()

    def within(value):
        return (
            value is not None
            and (date_from is None or value >= date_from)
            and (date_to is None or value <= date_to)
        )

    indicators = {code: dict.fromkeys(("total", *GENDERS), 0) for code in PARTICIPANT_CODES}
    followup = {"leavers": 0, "with_data": 0}
    leavers = {}

    def lookups(field):
        found = {f"{field}__isnull": False}
        if date_from is not None:
            found[f"{field}__gte"] = date_from
        if date_to is not None:
            found[f"{field}__lte"] = date_to
        return found

    entered, left = lookups("entry_date"), lookups("exit_date")
    rows = (
        Case.objects.filter(project=project)
        .filter(models.Q(**entered) | models.Q(**left))
        .order_by()
        .values_list(
            "id",
            "entry_date",
            "exit_date",
            "exit_job_searching",
            "exit_education_training",
            "exit_qualification",
            "exit_employed",
            "followup_6m_employed",
            "followup_6m_better_situation",
            "followup_6m_recorded_on",
            "created_at",
            "participant__gender",
            "participant__birth_date",
            "participant__labour_status",
            "participant__unemployed_since",
            "participant__isced",
            "participant__disability",
            "participant__third_country_national",
            "participant__foreign_background",
            "participant__minority",
            "participant__homeless",
            "participant__rural",
        )
    )
    for (
        case_id,
        entry,
        exit,
        job_searching,
        education,
        qualification,
        exit_employed,
        f_employed,
        f_better,
        recorded,
        created,
        gender,
        birth,
        status,
        since,
        isced,
        disability,
        tcn,
        foreign,
        minority,
        homeless,
        rural,
    ) in rows.iterator(chunk_size=BATCH):
        column = COLUMN[gender]
        counted = []
        if within(entry):
            age = entry.year - birth.year - ((entry.month, entry.day) < (birth.month, birth.day))
            long_term = (
                status == "unemployed"
                and since + relativedelta(months=6 if age < 25 else 12) <= entry
            )
            counted += [
                ("EECO01", True),
                ("EECO02", status == "unemployed"),
                ("EECO03", long_term),
                ("EECO04", status == "inactive"),
                ("EECO05", status in EMPLOYED),
                ("EECO06", age < 18),
                ("EECO07", 18 <= age <= 29),
                ("EECO08", age >= 55),
                ("EECO09", isced is not None and isced <= 2),
                ("EECO10", isced in (3, 4)),
                ("EECO11", isced is not None and isced >= 5),
                ("EECO12", disability == "yes"),
                ("EECO13", tcn == "yes"),
                ("EECO14", foreign == "yes"),
                ("EECO15", minority == "yes"),
                ("EECO16", homeless == "yes"),
                ("EECO17", rural),
            ]
        if within(exit):
            leavers[case_id] = column
            recorded = (recorded or timezone.localdate(created)) + timedelta(days=early)
            in_time = exit + relativedelta(months=6) <= recorded
            followup["leavers"] += 1
            followup["with_data"] += in_time and f_employed in ("yes", "no")
            counted += [
                ("EECR01", job_searching == "yes"),
                ("EECR02", education == "yes"),
                ("EECR03", qualification == "yes"),
                ("EECR04", exit_employed == "yes"),
                ("EECR05", in_time and f_employed == "yes"),
                ("EECR06", in_time and f_better == "yes" and status in EMPLOYED),
            ]
        for code, counts in counted:
            if counts:
                indicators[code][column] += 1
                indicators[code]["total"] += 1

    # HF1: the leavers' assessments in order, per case first and last (or lowest) total.
    totals = defaultdict(list)
    assessments = (
        Assessment.objects.filter(case__project=project)
        .filter(**{f"case__{lookup}": value for lookup, value in left.items()})
        .order_by("case_id", "date", "id")
        .values_list("case_id", *NEEDS)
    )
    for case_id, *needs in assessments.iterator(chunk_size=BATCH):
        if case_id in leavers:
            totals[case_id].append(sum(needs))
    hf1 = dict.fromkeys(("total", *GENDERS), 0)
    for case_id, case_totals in totals.items():
        other = case_totals[-1] if rule.compare == "first_vs_last" else min(case_totals)
        if len(case_totals) >= 2 and case_totals[0] - other >= rule.min_improvement:
            hf1[leavers[case_id]] += 1
            hf1["total"] += 1
    indicators["EECO19"] = {"total": 0}  # the benchmark has no employers
    return indicators, followup, hf1


# --- Measuring -----------------------------------------------------------------------


def timed(function) -> float:
    start = time.perf_counter()
    function()
    return (time.perf_counter() - start) * 1000


def median_ms(function, repeat: int = REPEAT) -> float:
    function()  # warm up (and the page cache)
    return statistics.median(timed(function) for _ in range(repeat))


def main() -> None:
    print(
        f"Indicator report on {connection.vendor}: {PARTICIPANTS:,} participants in the project,"
        f" {OTHER_PARTICIPANTS:,} in another ({load_average()})"
    )
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    project, assessments = fill()
    seconds = time.perf_counter() - start
    analyse = 0.0
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum would have them by the time anybody asks.
        start = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        analyse = time.perf_counter() - start
    total = PARTICIPANTS + OTHER_PARTICIPANTS
    print(
        f"{'generated':<28} {seconds:8.1f} s   {total / seconds:,.0f} participants/s"
        f"   {total:,} participants and cases, {assessments:,} assessments"
        + (f"; VACUUM ANALYZE {analyse:.1f} s" if analyse else "")
        + f" ({load_average()})"
    )
    record(
        "generated (participants, cases, assessments)",
        figure=seconds,
        baseline=None,
        unit="s",
        note=f"{total:,} participants and cases, {assessments:,} assessments",
    )

    for label, date_from, date_to in [
        (f"year {YEAR}", date(YEAR, 1, 1), date(YEAR, 12, 31)),
        ("all time", None, None),
    ]:
        report = indicator_report(project=project, date_from=date_from, date_to=date_to)
        engine = (report.indicators, report.followup_6m, report.hf1)
        queries = floor_queries(project, date_from, date_to)
        assert floor_figures(queries) == engine, f"{label}: the floor differs from the report"
        start = time.perf_counter()
        looped = loop_figures(project, date_from, date_to)
        loop_once = (time.perf_counter() - start) * 1000
        assert looped == engine, f"{label}: the loop differs from the report"

        def run_report(date_from=date_from, date_to=date_to):
            indicator_report(project=project, date_from=date_from, date_to=date_to)

        engine_ms = median_ms(run_report)
        engine_load = load_average()
        floor_ms = median_ms(lambda queries=queries: floor_figures(queries))
        floor_load = load_average()
        if loop_once > LOOP_BUDGET * 1000:
            loop_ms, loop_note = loop_once, "1 run"
        else:
            loop_ms = statistics.median(
                [loop_once]
                + [
                    timed(lambda d=date_from, t=date_to: loop_figures(project, d, t))
                    for _ in range(REPEAT - 1)
                ]
            )
            loop_note = f"median of {REPEAT}"
        loop_load = load_average()
        counted = report.indicators["EECO01"]["total"]
        leavers = report.followup_6m["leavers"]
        print(f"{label}: {counted:,} entered, {leavers:,} left, HF1 {report.hf1['total']:,}")
        print(f"  {'indicator_report':<26} {engine_ms:10.1f} ms   ({engine_load})")
        print(
            f"  {'floor (2 SQL queries)':<26} {floor_ms:10.1f} ms   ({floor_load})"
            f"   report / floor {engine_ms / floor_ms:5.2f} (aim ≤ 1.5)"
        )
        print(
            f"  {'loop in Python':<26} {loop_ms:10.1f} ms   ({loop_load}, {loop_note})"
            f"   loop / report {loop_ms / engine_ms:6.1f} (aim ≥ 20)"
        )
        record(
            f"indicator report, {label}",
            figure=engine_ms,
            baseline=floor_ms,
            unit="ms",
            baseline_name="hand-written SQL (2 queries)",
            note=f"aim ≤ 1.5; {engine_load}",
        )
        record(
            f"indicator report, {label}, against the loop",
            figure=engine_ms,
            baseline=loop_ms,
            unit="ms",
            baseline_name=f"loop in Python ({loop_note})",
            note=f"aim ≤ 0.05 (the loop at least 20x slower); {loop_load}",
        )


if __name__ == "__main__":
    main()
