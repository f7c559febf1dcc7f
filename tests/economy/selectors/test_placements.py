"""Reads of placements: scoping, the start-page parts (the 1-month check-in comes due
on the job coach's start page), the case timeline source, the six-month prefill."""

import datetime as dt

import pytest
import time_machine
from dateutil.relativedelta import relativedelta
from django.urls import reverse

from quartier.core.models import Role
from quartier.economy.selectors.placements import (
    case_timeline,
    checks_visible_to,
    employer_checks_part,
    participant_checks_part,
    placements_visible_to,
    six_month_prefill,
)
from quartier.economy.services.stabilisation import check_record
from tests.economy.factories_placements import coach_case, record

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)


@pytest.fixture(autouse=True)
def pinned_day():
    with time_machine.travel(dt.datetime(2026, 3, 10, 9), tick=False):
        yield


@pytest.fixture
def coach(world):
    return world.member(Role.JOB_COACH)


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON)


def test_the_one_month_check_in_comes_due_on_the_coachs_start_page(world, coach, login):
    """A placement started one month ago: its 1-month check-in with the participant is
    due today and shows in "Mein Tag"."""
    case = coach_case(world, coach, entry_date=dt.date(2025, 9, 1))
    placement = record(case, coach, start=TODAY - relativedelta(months=1))
    part = participant_checks_part(user=coach)
    assert [(c.placement, c.months_after_start) for c in part["participant_checks"]] == [
        (placement, 1)
    ]
    client = login(coach)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("core:home")).text
    assert "Stabilisation check-ins with participants" in page
    check = placement.checks.get(months_after_start=1, with_whom="participant")
    assert reverse("economy:check_record", args=[placement.pk, check.pk]) in page


def test_overdue_first_and_only_a_week_ahead(world, coach):
    case = coach_case(world, coach, entry_date=dt.date(2025, 9, 1))
    record(case, coach, start=dt.date(2026, 1, 20))  # 1 month: 20.02, overdue
    record(
        coach_case(world, coach, entry_date=dt.date(2025, 9, 1)), coach, start=dt.date(2026, 2, 15)
    )  # 15.03
    record(
        coach_case(world, coach, entry_date=dt.date(2025, 9, 1)), coach, start=dt.date(2026, 2, 25)
    )  # 25.03: later
    due = [c.due_date for c in participant_checks_part(user=coach)["participant_checks"]]
    assert due == [dt.date(2026, 2, 20), dt.date(2026, 3, 15)]
    other_coach = world.member(Role.JOB_COACH)
    assert participant_checks_part(user=other_coach)["participant_checks"] == []


def test_the_employer_liaison_sees_the_employer_check_ins_of_her_tenant(world, coach, liaison):
    case = coach_case(world, coach, entry_date=dt.date(2025, 9, 1))
    record(case, coach, start=dt.date(2026, 2, 10))
    checks = employer_checks_part(user=liaison)["employer_checks"]
    assert [(c.with_whom, c.months_after_start) for c in checks] == [("employer", 1)]
    partner_liaison = world.member(Role.EMPLOYER_LIAISON, organisation=world.org_b)
    assert employer_checks_part(user=partner_liaison)["employer_checks"] == []
    assert not placements_visible_to(liaison).exists()
    assert set(checks_visible_to(liaison).values_list("with_whom", flat=True)) == {"employer"}


def test_the_liaisons_start_page_lists_them(world, coach, liaison, login):
    case = coach_case(world, coach, entry_date=dt.date(2025, 9, 1), participant__last_name="Geheim")
    record(case, coach, start=dt.date(2026, 2, 10), employer_name="Pflegedienst Sonne")
    client = login(liaison)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(reverse("core:home")).text
    assert "Stabilisation check-ins with employers" in page
    assert "Pflegedienst Sonne" in page
    assert "Geheim" not in page


def test_the_timeline_source_reads_placements_and_done_check_ins(
    world, coach, django_assert_num_queries
):
    case = coach_case(world, coach, entry_date=dt.date(2025, 9, 1))
    placement = record(case, coach, start=dt.date(2025, 10, 1))
    check = placement.checks.get(months_after_start=1, with_whom="participant")
    check_record(
        actor=coach,
        check=check,
        expected_version=check.version,
        status="stable",
        done_on=dt.date(2025, 11, 3),
        mode="phone",
    )
    record(case, coach, start=dt.date(2026, 1, 5), employer_name="Zweiter Job")
    with django_assert_num_queries(1):
        events = case_timeline(case=case, limit=30)
        [(e.kind, e.date) for e in events]
        [len(e.object.check_list) for e in events if e.kind == "placement"]
    assert sorted((e.kind, e.date) for e in events) == [
        ("placement", dt.date(2025, 10, 1)),
        ("placement", dt.date(2026, 1, 5)),
        ("stabilisation_check", dt.date(2025, 11, 3)),
    ]


def test_a_check_in_near_exit_plus_six_months_offers_a_prefill(world, coach):
    case = coach_case(world, coach, entry_date=dt.date(2025, 3, 1))
    placement = record(case, coach, start=dt.date(2025, 3, 10))
    case.refresh_from_db()
    case.exit_date = dt.date(2025, 3, 31)
    case.stage = "exited"
    case.save()
    check = placement.checks.get(months_after_start=6, with_whom="participant")
    check_record(
        actor=coach,
        check=check,
        expected_version=check.version,
        status="stable",
        done_on=dt.date(2025, 9, 12),
        mode="phone",
        still_employed=True,
    )
    check.refresh_from_db()
    assert six_month_prefill(check) == {
        "employed": "yes",
        "better_situation": "yes",
        "from_check": check.pk,
        "done_on": dt.date(2025, 9, 12),
    }
    case.refresh_from_db()
    assert case.followup_6m_employed == "unknown"  # nothing written by itself
    early = placement.checks.get(months_after_start=1, with_whom="participant")
    check_record(
        actor=coach,
        check=early,
        expected_version=early.version,
        status="stable",
        done_on=dt.date(2025, 4, 10),
        mode="phone",
    )
    early.refresh_from_db()
    assert six_month_prefill(early) is None
