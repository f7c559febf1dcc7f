"""`privacy.selectors.erasure.erasure_plan`: per scope the rule that keeps longest, its
start (exit, end of the funded period, recording) and end; what goes at once."""

from datetime import date

import pytest

from quartier.privacy.models import RetentionRule
from quartier.privacy.selectors.erasure import erasure_plan, rule_start
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ON = date(2026, 6, 1)


@pytest.fixture
def participant(world):
    world.project.end_date = date(2027, 12, 31)
    world.project.save()
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        entry_date=date(2025, 1, 10),
        exit_date=date(2025, 9, 30),
    )
    return case.participant


def _rule(project, scope, event, months, citation="X"):
    return RetentionRule.objects.create(
        project=project,
        scope=scope,
        legal_basis=f"basis {citation}",
        citation=citation,
        start_event=event,
        duration_months=months,
    )


def test_no_rule_removes_everything(participant):
    plan = erasure_plan(participant, on=ON)
    assert plan.kept == []
    assert plan.removes_everything
    assert plan.erased_now


def test_start_events(participant, world):
    exit_rule = _rule(world.project, "indicator_data", "exit", 12)
    funded = _rule(world.project, "indicator_data", "funded_period_end", 12)
    assert rule_start(exit_rule, participant, on=ON) == date(2025, 9, 30)
    assert rule_start(funded, participant, on=ON) == date(2027, 12, 31)


def test_the_longest_rule_per_scope_wins_and_ended_rules_keep_nothing(participant, world):
    _rule(world.project, "indicator_data", "exit", 12, "short")  # until 2026-09-30
    _rule(world.project, "indicator_data", "funded_period_end", 60, "Art. 82")  # 2032-12-31
    _rule(world.project, "case_file", "exit", 6, "ended")  # until 2026-03-30: over
    plan = erasure_plan(participant, on=ON)
    assert [(item.scope, item.citation, item.until) for item in plan.kept] == [
        ("indicator_data", "Art. 82", date(2032, 12, 31))
    ]
    assert plan.keep_until == date(2032, 12, 31)
    assert not plan.keeps_case_file
    assert not plan.removes_everything


def test_an_open_case_counts_from_the_day_of_the_erasure(world):
    case = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    rule = _rule(world.project, "case_file", "exit", 24)
    assert rule_start(rule, case.participant, on=ON) == ON
    plan = erasure_plan(case.participant, on=ON)
    assert plan.keeps_case_file
    assert plan.erased_now == ()
