"""The report object: its JSON (INDICATORS.md section 3), its rows, small-cell
suppression, the period as typed, and who may see the figures."""

import json
from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import override_settings

from quartier.core.models import Role
from quartier.reports.indicators import (
    CODES,
    GENDER_COLUMNS,
    GENDERS,
    indicator_access,
    indicator_projects_visible_to,
    indicator_report,
    parse_period,
    small_cell_threshold,
    suppress_small,
)
from tests.factories import MembershipFactory, ProjectFactory, UserFactory
from tests.reports.indicator_people import assess, enter

ENTRY = date(2024, 5, 2)


def test_suppress_small_hides_one_to_four():
    counts = {"total": 12, "women": 4, "men": 1, "non_binary": 0, "not_stated": 5}
    assert suppress_small(counts, 5) == {
        "total": 12,
        "women": "<5",
        "men": "<5",
        "non_binary": 0,
        "not_stated": 5,
    }


def test_suppress_small_with_another_threshold_names_it():
    assert suppress_small({"a": 2, "b": 3, "c": 0}, 3) == {"a": "<3", "b": 3, "c": 0}
    assert suppress_small({"a": 1}, 1) == {"a": 1}


def test_the_threshold_setting():
    assert small_cell_threshold() == 5
    with override_settings(QUARTIER_SMALL_CELL_THRESHOLD=10):
        assert small_cell_threshold() == 10
    with override_settings(QUARTIER_SMALL_CELL_THRESHOLD=0), pytest.raises(ImproperlyConfigured):
        small_cell_threshold()


@pytest.mark.django_db
def test_as_json_has_the_keys_of_section_3_in_order():
    project = ProjectFactory(slug="bqb-sued")
    for _ in range(6):
        enter(project, entry=ENTRY, labour_status="unemployed", unemployed_since=date(2023, 1, 1))
    enter(project, entry=ENTRY, gender="male", exit=date(2024, 6, 1), followup_6m_employed="yes",
          followup_6m_recorded_on=date(2024, 12, 1))  # fmt: skip
    report = indicator_report(
        project=project, date_from=date(2024, 1, 1), date_to=date(2024, 12, 31)
    )
    data = json.loads(json.dumps(report.as_json()))
    assert list(data) == [
        "project", "from", "to", "indicators", "followup_6m", "programme_indicators"
    ]  # fmt: skip
    assert data["project"] == "bqb-sued"
    assert (data["from"], data["to"]) == ("2024-01-01", "2024-12-31")
    outputs = [f"EECO{n:02d}" for n in range(1, 18)]
    results = [f"EECR{n:02d}" for n in range(1, 7)]
    # EECO19 (supported SMEs) after the result indicators, with only its total.
    assert list(data["indicators"]) == [*outputs, *results, "EECO19"]
    assert data["indicators"]["EECO19"] == {"total": 0}
    assert data["indicators"]["EECO02"] == {
        "total": 6, "women": 6, "men": 0, "non_binary": 0, "not_stated": 0
    }  # fmt: skip
    columns = ["total", "women", "men", "non_binary", "not_stated"]
    assert list(data["indicators"]["EECO02"]) == columns
    assert data["indicators"]["EECR05"]["men"] == 1
    assert data["followup_6m"] == {"leavers": 1, "with_data": 1}
    assert data["programme_indicators"] == {
        "HF1": {"total": 0, "women": 0, "men": 0, "non_binary": 0, "not_stated": 0}
    }


@pytest.mark.django_db
def test_an_open_period_is_null_in_json():
    report = indicator_report(project=ProjectFactory(), date_from=None, date_to=None)
    data = report.as_json()
    assert data["from"] is None
    assert data["to"] is None


@pytest.mark.django_db
def test_rows_in_code_order_with_labels_and_every_column():
    project = ProjectFactory()
    enter(project, entry=ENTRY, gender="non_binary")
    rows = list(indicator_report(project=project, date_from=None, date_to=None).rows())
    assert [code for code, _label, _figures in rows] == list(CODES)
    code, label, figures = rows[0]
    assert code == "EECO01"
    assert str(label) == "Total number of participants"
    assert figures == {"total": 1, "women": 0, "men": 0, "non_binary": 1, "not_stated": 0}
    assert list(figures) == list(GENDER_COLUMNS)


def test_genders():
    assert GENDERS == ("women", "men", "non_binary", "not_stated")
    assert GENDER_COLUMNS[1:] == GENDERS
    assert GENDER_COLUMNS[0] == "total"


@pytest.mark.django_db
def test_suppressed_report_hides_small_counts_everywhere():
    project = ProjectFactory()
    for _ in range(5):
        enter(project, entry=ENTRY, gender="female")
    leaving = enter(project, entry=ENTRY, gender="male", exit=date(2024, 9, 1))
    assess(leaving, date(2024, 5, 3), 9)
    assess(leaving, date(2024, 8, 3), 3)
    report = indicator_report(project=project, date_from=None, date_to=None)
    hidden = report.suppressed()
    assert hidden.suppressed_below == 5
    assert report.suppressed_below is None
    assert hidden.indicators["EECO01"] == {
        "total": 6, "women": 5, "men": "<5", "non_binary": 0, "not_stated": 0
    }  # fmt: skip
    assert hidden.followup_6m == {"leavers": "<5", "with_data": 0}
    assert hidden.hf1["total"] == "<5"
    assert hidden.as_json()["programme_indicators"]["HF1"]["men"] == "<5"
    # The exact report is untouched.
    assert report.indicators["EECO01"]["men"] == 1
    with override_settings(QUARTIER_SMALL_CELL_THRESHOLD=7):
        assert report.suppressed().indicators["EECO01"]["total"] == "<7"


# The period -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2024-01-01", "2024-12-31", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2024-02-29", "2024-02-29", (date(2024, 2, 29), date(2024, 2, 29))),
        ("", "", (None, None)),
        (None, None, (None, None)),
        (" 2024-03-01 ", None, (date(2024, 3, 1), None)),
        (None, "2024-03-01", (None, date(2024, 3, 1))),
    ],
)
def test_parse_period(start, end, expected):
    assert parse_period(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("2024-13-01", None, "The start of the period, '2024-13-01', is not a date that exists."),
        ("2023-02-29", None, "The start of the period, '2023-02-29', is not a date that exists."),
        ("01.03.2024", None, "The start of the period, '01.03.2024', is not a date as YYYY-MM-DD."),
        (None, "20240101", "The end of the period, '20240101', is not a date as YYYY-MM-DD."),
        (None, "2024-W01-1", "The end of the period, '2024-W01-1', is not a date as YYYY-MM-DD."),
        (
            "2024-12-31",
            "2024-01-01",
            "The end of the period (2024-01-01) lies before its start (2024-12-31).",
        ),
    ],
)
def test_a_bad_period_says_what_is_wrong(start, end, message):
    with pytest.raises(ValidationError) as error:
        parse_period(start, end)
    assert error.value.messages == [message]


def test_both_ends_wrong_gives_both_messages():
    with pytest.raises(ValidationError) as error:
        parse_period("gestern", "morgen")
    assert len(error.value.messages) == 2


def test_a_very_long_value_is_cut_short_in_the_message():
    with pytest.raises(ValidationError) as error:
        parse_period("x" * 5000, None)
    assert len(error.value.messages[0]) < 120


# Who sees the figures -----------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "access"),
    [
        (Role.PROJECT_LEAD, "exact"),
        (Role.CASE_WORKER, "exact"),
        (Role.JOB_COACH, "exact"),
        (Role.EVALUATOR, "suppressed"),
        (Role.NETWORK_COACH, None),
        (Role.EMPLOYER_LIAISON, None),
        (Role.ORGANISATION_ADMIN, None),
    ],
)
def test_indicator_access_per_role(world, role, access):
    user = world.member(role)
    assert indicator_access(user=user, project=world.project) == access
    assert indicator_access(user=user, project=world.other_project) is None
    visible = set(indicator_projects_visible_to(user))
    assert visible == ({world.project} if access else set())


@pytest.mark.django_db
def test_a_case_role_beside_the_evaluator_role_sees_exact_figures(world):
    user = world.member(Role.EVALUATOR)
    MembershipFactory(user=user, project=world.project, organisation=world.org_a, role="job_coach")
    assert indicator_access(user=user, project=world.project) == "exact"


@pytest.mark.django_db
def test_platform_admins_see_exact_figures_and_anonymous_nothing(world, platform_admin):
    from django.contrib.auth.models import AnonymousUser

    assert indicator_access(user=platform_admin, project=world.project) == "exact"
    assert indicator_access(user=AnonymousUser(), project=world.project) is None
    inactive = world.member(Role.PROJECT_LEAD)
    inactive.is_active = False
    assert indicator_access(user=inactive, project=world.project) is None
    assert not indicator_projects_visible_to(UserFactory()).exists()
