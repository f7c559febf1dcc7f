"""The demo is plausible on any day: its projects run in the present (each seed's period
moved, same length, the real one in the description), and no entry, contact, assessment,
exit, enrolment or attendance lies outside a project's funded period."""

from datetime import date, timedelta

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.core.management import call_command
from django.db.models import Count

from quartier.cases.models import Assessment, Case, Contact
from quartier.core.models import Project
from quartier.demo import data
from quartier.offers.models import Attendance, Enrolment

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def test_demo_period_keeps_the_length_and_contains_today():
    bqb = next(spec for spec in data.PROJECTS if spec["slug"] == "bqb-sued")
    assert data.demo_period(bqb, date(2026, 12, 4)) == (date(2024, 7, 1), date(2027, 6, 30), 54)
    for spec in data.PROJECTS:
        length = relativedelta(spec["end"] + timedelta(days=1), spec["start"])
        for today in (date(2028, 2, 29), date(2026, 12, 31), date(2023, 1, 1), date(2019, 12, 31)):
            start, end, _months = data.demo_period(spec, today)
            assert relativedelta(end + timedelta(days=1), start) == length
            assert start.day == 1
            assert start + relativedelta(years=1) <= today
            assert today + relativedelta(months=6) <= end


def test_a_single_event_keeps_its_weekday():
    saturday = date(2019, 4, 13)
    moved = data.shift_day(saturday, 91, keep_weekday=True)
    assert moved.weekday() == saturday.weekday()
    assert abs((moved - data.shift_day(saturday, 91)).days) <= 3


# 31 December, a leap day, the day after the last seed project ended in its real period,
# the day before BQB-Süd's real start.
@pytest.mark.parametrize(
    "today", [date(2026, 12, 31), date(2028, 2, 29), date(2023, 1, 1), date(2019, 12, 31)]
)
def test_no_activity_outside_a_projects_funded_period(today):
    with time_machine.travel(today, tick=False):
        call_command("seed_demo", "--participants", "60", "--seed", "3")
    for project in Project.objects.all():
        spec = next(spec for spec in data.PROJECTS if spec["slug"] == project.slug)
        assert project.start_date <= today <= project.end_date
        assert f"{spec['start']:%d.%m.%Y} bis {spec['end']:%d.%m.%Y}" in project.description
        period = (project.start_date, project.end_date)
        cases = Case.objects.filter(project=project)
        assert cases.exists()
        for day in cases.values_list("entry_date", flat=True):
            assert period[0] <= day <= today
        for day in cases.exclude(exit_date=None).values_list("exit_date", flat=True):
            assert period[0] <= day <= today
        for model in (Contact, Assessment):
            for day in model.objects.filter(case__project=project).values_list("date", flat=True):
                assert period[0] <= day <= today, (model, day)
        enrolments = Enrolment.objects.filter(case__project=project).exclude(start_date=None)
        for day in enrolments.values_list("start_date", flat=True):
            assert period[0] <= day <= today
        for day in Attendance.objects.filter(enrolment__case__project=project).values_list(
            "date", flat=True
        ):
            assert period[0] <= day < today
    # The case page can be tried with a long history on any day.
    assert max(Case.objects.annotate(n=Count("contacts")).values_list("n", flat=True)) >= 40
