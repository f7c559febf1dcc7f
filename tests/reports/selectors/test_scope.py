"""Reports stay within the project's funded period (Project.start_date … end_date):
entries, exits, contacts, attendance, certificates and first contacts outside it count
nowhere, whatever period is chosen, and the pages and files say when the chosen period
was cut to it."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation

from quartier.core.models import Role
from quartier.reports.indicators import funded_period, indicator_report
from quartier.reports.selectors.dashboard import project_dashboard
from quartier.reports.selectors.exports import indicator_report_xlsx, participant_rows
from quartier.reports.selectors.scope import ReportScope
from tests.factories import ContactFactory, FirstContactFactory
from tests.offers.factories import AttendanceFactory, EnrolmentFactory, OfferFactory
from tests.reports.indicator_people import enter

pytestmark = pytest.mark.django_db

START, END = date(2019, 1, 1), date(2022, 12, 31)


@pytest.fixture
def project(world):
    """The world's project, funded from 2019 to 2022."""
    project = world.project
    project.start_date, project.end_date = START, END
    project.save()
    return project


@pytest.fixture
def people(project):
    """Entries on the first and last funded day count; the day before the start and an
    intake on 04.12.2026, long after the end, do not. Contacts and attendance after the
    end do not count either."""
    before = enter(project, entry=date(2018, 12, 31), exit=date(2019, 3, 1), exit_employed="yes")
    first = enter(project, entry=START, gender="male")
    last = enter(project, entry=END, exit=END, exit_employed="yes", gender="non_binary")
    late = enter(project, entry=date(2026, 12, 4), exit=date(2026, 12, 5), exit_employed="yes")
    ContactFactory(case=first, date=date(2022, 6, 1), duration_minutes=60)
    ContactFactory(case=first, date=date(2023, 1, 1), duration_minutes=60)
    ContactFactory(case=late, date=date(2026, 12, 4), duration_minutes=60)
    offer = OfferFactory(project=project, start_date=START, end_date=None)
    enrolment = EnrolmentFactory(offer=offer, case=first, start_date=START)
    AttendanceFactory(enrolment=enrolment, date=date(2022, 12, 30), hours="2.00")
    AttendanceFactory(enrolment=enrolment, date=date(2023, 1, 2), hours="3.00")
    FirstContactFactory(project=project, date=date(2022, 12, 31), channel="walk_in")
    FirstContactFactory(project=project, date=date(2023, 1, 1), channel="walk_in")
    return before, first, last, late


# The period ------------------------------------------------------------------------------


def test_funded_period_cuts_the_chosen_period_to_the_project(project):
    whole = funded_period(project, None, None)
    assert (whole.date_from, whole.date_to, whole.limited) == (START, END, False)
    wider = funded_period(project, date(2018, 1, 1), date(2026, 12, 31))
    assert (wider.date_from, wider.date_to, wider.limited) == (START, END, True)
    inside = funded_period(project, date(2020, 1, 1), date(2020, 12, 31))
    assert (inside.date_from, inside.date_to, inside.limited) == (
        date(2020, 1, 1),
        date(2020, 12, 31),
        False,
    )
    assert not inside.empty
    after = funded_period(project, date(2026, 1, 1), date(2026, 12, 31))
    assert after.limited
    assert after.empty
    assert funded_period(project, date(2026, 1, 1), None).empty


# The indicator report (command, API, page and files read it) ----------------------------


@pytest.mark.parametrize(
    ("date_from", "date_to"),
    [(None, None), (date(2018, 1, 1), date(2026, 12, 31)), (None, date(2030, 1, 1))],
)
def test_indicators_count_only_entries_and_exits_in_the_funded_period(
    project, people, date_from, date_to
):
    report = indicator_report(project=project, date_from=date_from, date_to=date_to)
    assert report.indicators["EECO01"]["total"] == 2  # the first and the last day
    # The exits in the period: on the last day, and of the one who entered before it.
    assert report.indicators["EECR04"]["total"] == 2
    assert report.followup_6m["leavers"] == 2
    assert report.funded.limited == ((date_from, date_to) != (None, None))


def test_a_period_after_the_end_counts_nothing(project, people):
    report = indicator_report(project=project, date_from=date(2026, 1, 1), date_to=None)
    assert report.indicators["EECO01"]["total"] == 0
    assert report.indicators["EECR04"]["total"] == 0
    assert report.hf1["total"] == 0


def test_the_json_names_the_period_counted(project, people):
    report = indicator_report(project=project, date_from=date(2018, 1, 1), date_to=date(2030, 1, 1))
    data = report.as_json()
    assert (data["from"], data["to"]) == ("2019-01-01", "2022-12-31")


# The dashboard ------------------------------------------------------------------------


def test_dashboard_counts_nothing_outside_the_funded_period(project, people):
    board = project_dashboard(
        ReportScope(project=project, date_from=date(2018, 1, 1), date_to=date(2026, 12, 31))
    )
    assert board.months.entries == 2
    assert board.months.exits == 2
    assert board.months.contacts == 1
    assert board.months.attendance_hours == Decimal("2")
    assert board.first_contacts == 1
    months = [row.month for row in board.months.rows]
    assert months[0] == date(2019, 1, 1)
    assert months[-1] == date(2022, 12, 1)
    whole = project_dashboard(ReportScope(project=project))
    assert (whole.months.entries, whole.months.contacts, whole.first_contacts) == (2, 1, 1)
    # Taking part: the participants whose participation overlaps the funded period.
    assert whole.taking_part == 3


def test_dashboard_page_says_the_period_was_cut(project, people, world, login, client):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    url = reverse("reports:dashboard", args=[project.slug])
    wide = {"period": "custom", "date_from": "2018-01-01", "date_to": "2026-12-31"}
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    html = login(lead).get(url, wide).content.decode()
    assert "Zeitraum auf die Förderlaufzeit 01.01.2019–31.12.2022 begrenzt" in html
    inside = {"period": "custom", "date_from": "2020-01-01", "date_to": "2020-12-31"}
    assert "Förderlaufzeit 01.01.2019" not in client.get(url, inside).content.decode()


def test_indicator_page_says_the_period_was_cut_and_counts_within(
    project, people, world, login, client
):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    url = reverse("reports:indicators", args=[project.slug])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    response = login(lead).get(url, {"period": "custom", "date_from": "2015-01-01"})
    assert "Zeitraum auf die Förderlaufzeit 01.01.2019–31.12.2022 begrenzt" in (
        response.content.decode()
    )
    assert response.context["report"].indicators["EECO01"]["total"] == 2
    after = client.get(url, {"period": "custom", "date_from": "2026-01-01"})
    assert "außerhalb der Förderlaufzeit 01.01.2019–31.12.2022" in after.content.decode()
    assert after.context["report"].indicators["EECO01"]["total"] == 0


# The funder's files ----------------------------------------------------------------------


def test_indicator_xlsx_names_the_funded_period_and_the_cut(project, people):
    report = indicator_report(project=project, date_from=date(2018, 1, 1), date_to=None)
    sheet = openpyxl.load_workbook(io.BytesIO(indicator_report_xlsx(report).content)).active
    facts = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=8, values_only=True)}
    assert facts["Zeitraum"] == "01.01.2019 – 31.12.2022"
    assert "Zeitraum auf die Förderlaufzeit 01.01.2019–31.12.2022 begrenzt" in facts["Hinweis"]
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    assert rows["EECO01"][-1] == 2


def test_the_whole_project_in_the_xlsx_is_the_funded_period(project, people):
    report = indicator_report(project=project, date_from=None, date_to=None)
    sheet = openpyxl.load_workbook(io.BytesIO(indicator_report_xlsx(report).content)).active
    facts = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, max_row=8, values_only=True)}
    assert facts["Zeitraum"] == "01.01.2019 – 31.12.2022 (gesamte Förderlaufzeit)"
    assert "Hinweis" not in facts


def test_participant_list_holds_only_participants_within_the_funded_period(project, people, world):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    with translation.override("de"):
        rows = participant_rows(user=lead, project=project, date_from=None, date_to=None)
    # Before the start, but leaving within: takes part in the period. After the end: not.
    entries = sorted(row.entry_date for row in rows)
    assert entries == [date(2018, 12, 31), START, END]
