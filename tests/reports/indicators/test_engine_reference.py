"""The report against a plain Python reading of INDICATORS.md section 2, for random
populations and periods, and for participants imported from the participant list."""

from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from quartier.cases.models import Case
from quartier.participants.listformat.writing import write_csv
from quartier.participants.models import Participant
from quartier.participants.services.importing import participants_import
from quartier.reports.indicators import PARTICIPANT_CODES, indicator_report
from tests.factories import ProjectFactory
from tests.participants.services.test_importing import exited, person
from tests.reports.indicator_people import COLUMN, ZERO

pytestmark = pytest.mark.django_db

EMPLOYED = ("employed", "self_employed")


def reference(cases, date_from, date_to, project):
    """INDICATORS.md section 2, one participant at a time, within the project's funded
    period."""
    date_from = max(date_from or project.start_date, project.start_date)
    date_to = min(date_to or project.end_date, project.end_date)

    def within(day):
        return (
            day is not None
            and (date_from is None or day >= date_from)
            and (date_to is None or day <= date_to)
        )

    def followed_up_in_time(case):
        # Recorded (or, without a date, its case created) on or after exit + 6 months.
        recorded = case.followup_6m_recorded_on or timezone.localdate(case.created_at)
        return case.exit_date + relativedelta(months=6) <= recorded

    figures = {code: dict(ZERO) for code in PARTICIPANT_CODES}
    followup = {"leavers": 0, "with_data": 0}
    for case in cases:
        p = case.participant
        column = COLUMN[p.gender]
        counted = []
        if within(case.entry_date):
            age = p.age_on(case.entry_date)
            months = 6 if age < 25 else 12
            long_term = (
                p.labour_status == "unemployed"
                and p.unemployed_since + relativedelta(months=months) <= case.entry_date
            )
            counted += [
                ("EECO01", True),
                ("EECO02", p.labour_status == "unemployed"),
                ("EECO03", long_term),
                ("EECO04", p.labour_status == "inactive"),
                ("EECO05", p.labour_status in EMPLOYED),
                ("EECO06", age < 18),
                ("EECO07", 18 <= age <= 29),
                ("EECO08", age >= 55),
                ("EECO09", p.isced is not None and p.isced <= 2),
                ("EECO10", p.isced in (3, 4)),
                ("EECO11", p.isced is not None and p.isced >= 5),
                ("EECO12", p.disability == "yes"),
                ("EECO13", p.third_country_national == "yes"),
                ("EECO14", p.foreign_background == "yes"),
                ("EECO15", p.minority == "yes"),
                ("EECO16", p.homeless == "yes"),
                ("EECO17", p.rural),
            ]
        if within(case.exit_date):
            followup["leavers"] += 1
            in_time = followed_up_in_time(case)
            followup["with_data"] += in_time and case.followup_6m_employed in ("yes", "no")
            counted += [
                ("EECR01", case.exit_job_searching == "yes"),
                ("EECR02", case.exit_education_training == "yes"),
                ("EECR03", case.exit_qualification == "yes"),
                ("EECR04", case.exit_employed == "yes"),
                ("EECR05", in_time and case.followup_6m_employed == "yes"),
                (
                    "EECR06",
                    in_time
                    and case.followup_6m_better_situation == "yes"
                    and p.labour_status in EMPLOYED,
                ),
            ]
        for code, counts in counted:
            if counts:
                figures[code][column] += 1
                figures[code]["total"] += 1
    # EECO19 counts supported companies, none of which these populations have.
    figures["EECO19"] = {"total": 0}
    return figures, followup


day = st.dates(min_value=date(2022, 1, 1), max_value=date(2025, 12, 31))
yes_no = st.sampled_from(["yes", "no"])
tri = st.sampled_from(["yes", "no", "not_stated"])
person_values = st.fixed_dictionaries(
    {
        "gender": st.sampled_from(list(COLUMN)),
        "age_days": st.integers(min_value=14 * 365, max_value=70 * 365),
        "entry": day,
        "labour_status": st.sampled_from(["unemployed", "inactive", "employed", "self_employed"]),
        "unemployed_days": st.integers(min_value=0, max_value=600),
        "isced": st.none() | st.integers(min_value=0, max_value=8),
        "disability": tri,
        "third_country_national": tri,
        "foreign_background": tri,
        "minority": tri,
        "homeless": tri,
        "rural": st.booleans(),
        "stay_days": st.none() | st.integers(min_value=0, max_value=500),
        "exits": st.tuples(yes_no, yes_no, yes_no, yes_no),
        "followup": st.tuples(*[st.sampled_from(["yes", "no", "unknown"])] * 2),
        # Days from the exit to the follow-up's date; None: no date (as imported).
        "followup_days": st.none() | st.integers(min_value=150, max_value=220),
    }
)


def create(project, values_list):
    organisation = project.lead_organisation
    participants = Participant.objects.bulk_create(
        Participant(
            project=project,
            organisation=organisation,
            external_id=str(number),
            first_name="A",
            last_name="B",
            postcode="44649",
            birth_date=values["entry"] - timedelta(days=values["age_days"]),
            gender=values["gender"],
            labour_status=values["labour_status"],
            unemployed_since=(
                values["entry"] - timedelta(days=values["unemployed_days"])
                if values["labour_status"] == "unemployed"
                else None
            ),
            isced=values["isced"],
            disability=values["disability"],
            third_country_national=values["third_country_national"],
            foreign_background=values["foreign_background"],
            minority=values["minority"],
            homeless=values["homeless"],
            rural=values["rural"],
        )
        for number, values in enumerate(values_list)
    )
    cases = []
    for participant, values in zip(participants, values_list, strict=True):
        case = Case(
            participant=participant,
            project=project,
            organisation=organisation,
            entry_date=values["entry"],
        )
        if values["stay_days"] is not None:
            case.exit_date = values["entry"] + timedelta(days=values["stay_days"])
            (
                case.exit_job_searching,
                case.exit_education_training,
                case.exit_qualification,
                case.exit_employed,
            ) = values["exits"]
            case.followup_6m_employed, case.followup_6m_better_situation = values["followup"]
            if values["followup_days"] is not None:
                case.followup_6m_recorded_on = case.exit_date + timedelta(
                    days=values["followup_days"]
                )
        cases.append(case)
    Case.objects.bulk_create(cases)


@given(
    population=st.lists(person_values, min_size=1, max_size=30),
    date_from=st.none() | day,
    length=st.none() | st.integers(min_value=0, max_value=800),
)
def test_random_populations_agree_with_the_python_reading(population, date_from, length):
    project = ProjectFactory()
    create(project, population)
    date_to = None if length is None else (date_from or date(2022, 1, 1)) + timedelta(days=length)
    report = indicator_report(project=project, date_from=date_from, date_to=date_to)
    cases = Case.objects.filter(project=project).select_related("participant")
    figures, followup = reference(cases, date_from, date_to, project)
    assert report.indicators == figures
    assert report.followup_6m == followup


def import_on(world, rows, now: datetime) -> None:
    """Import the participant list at `now` (the day the cases are created)."""
    with mock.patch("django.utils.timezone.now", return_value=now):
        participants_import(
            actor=None,
            project=world.project,
            organisation=world.org_a,
            content=write_csv(rows),
            filename="liste.csv",
            update=False,
            dry_run=False,
        )


def test_imported_participants_count_like_hand_entered_ones(world):
    # The participant list of INDICATORS.md section 1, imported as a project would.
    rows = [
        person(1, birth_date=date(2006, 3, 2), entry_date=date(2024, 3, 1)),  # 17
        person(
            2,
            gender="male",
            birth_date=date(1999, 3, 1),
            entry_date=date(2024, 3, 1),
            unemployed_since=date(2023, 9, 1),
        ),  # 25 today, 6 months: not long-term
        person(
            3,
            gender="non_binary",
            birth_date=date(1999, 3, 2),
            entry_date=date(2024, 3, 1),
            unemployed_since=date(2023, 9, 1),
        ),  # 24, 6 months: long-term
        exited(
            4,
            gender="not_stated",
            labour_status="employed",
            unemployed_since=None,
            followup_6m_better_situation="yes",
        ),
    ]
    # Imported on 1 April 2025, after the leaver's six months (2024-09-30 + 6 months).
    import_on(world, rows, datetime(2025, 4, 1, 9, 0, tzinfo=UTC))
    report = indicator_report(project=world.project, date_from=None, date_to=None)
    assert report.indicators["EECO02"] == {
        "total": 3, "women": 1, "men": 1, "non_binary": 1, "not_stated": 0
    }  # fmt: skip
    # 1 (17, unemployed since 2022-01-15) and 3 are long-term unemployed.
    assert report.indicators["EECO03"] == {
        "total": 2, "women": 1, "men": 0, "non_binary": 1, "not_stated": 0
    }  # fmt: skip
    assert report.indicators["EECO06"]["women"] == 1
    # person(): third-country national and foreign background yes, ISCED 3, the
    # special categories not stated.
    assert report.indicators["EECO13"]["total"] == 4
    assert report.indicators["EECO10"]["total"] == 4
    assert report.indicators["EECO12"]["total"] == 0
    assert report.indicators["EECR03"]["not_stated"] == 1  # exited(): qualification yes
    assert report.indicators["EECR06"]["not_stated"] == 1
    assert report.followup_6m == {"leavers": 1, "with_data": 1}


@pytest.mark.parametrize(
    ("now", "counts"),
    [
        (datetime(2025, 3, 30, 9, 0, tzinfo=UTC), True),  # 2024-09-30 + 6 months
        (datetime(2025, 3, 29, 9, 0, tzinfo=UTC), False),  # a day too early
    ],
)
def test_an_imported_follow_up_counts_from_the_day_of_the_import(world, now, counts):
    """The list has no follow-up date: the import's day stands for it. A list that
    already knows where someone is six months after leaving, before those six months
    have passed, is implausible: the import refuses that row, so it counts nowhere."""
    rows = [
        exited(
            1,
            labour_status="employed",
            unemployed_since=None,
            followup_6m_employed="yes",
            followup_6m_better_situation="yes",
        )
    ]
    import_on(world, rows, now)
    report = indicator_report(project=world.project, date_from=None, date_to=None)
    expected = 1 if counts else 0
    assert report.indicators["EECR05"]["total"] == expected
    assert report.indicators["EECR06"]["total"] == expected
    assert report.followup_6m == {"leavers": expected, "with_data": expected}
    assert report.indicators["EECR04"]["total"] == expected
