""" "Long-term unemployed" has one definition: the case list's target group counts the
people the indicator report counts as EECO03 (12 months unemployed by the entry date,
6 below the age of 25), not "unemployed since a year before today"."""

from datetime import timedelta

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from quartier.cases.selectors.cases import CaseFilter, case_list
from quartier.core.models import Role
from quartier.participants.models import TargetGroup
from quartier.reports.indicators.engine import OUTPUT_CONDITIONS
from quartier.reports.indicators.unemployment import long_term_unemployed
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def entered(world, *, age, months_unemployed, entry, status="unemployed"):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__birth_date=entry - relativedelta(years=age, days=10),
        participant__labour_status=status,
        participant__unemployed_since=entry - relativedelta(months=months_unemployed)
        if status == "unemployed"
        else None,
        entry_date=entry,
    )


def test_the_case_list_filter_is_the_indicators_rule(world):
    today = timezone.localdate()
    long_ago = today - relativedelta(years=2)
    recent = today - timedelta(days=20)
    adult_a_year = entered(world, age=30, months_unemployed=13, entry=recent)
    young_half_a_year = entered(world, age=22, months_unemployed=7, entry=recent)
    # Unemployed for 7 months when entering two years ago: a year before today, but not
    # long-term unemployed on entry (the list used to show them).
    entered(world, age=30, months_unemployed=7, entry=long_ago)
    entered(world, age=22, months_unemployed=3, entry=recent)
    entered(world, age=30, months_unemployed=0, entry=recent, status="employed")
    worker = world.member(Role.CASE_WORKER, world.org_a)

    listed = case_list(
        user=worker, filters=CaseFilter(target_group=TargetGroup.LONG_TERM_UNEMPLOYED)
    )

    assert set(listed.values_list("pk", flat=True)) == {adult_a_year.pk, young_half_a_year.pk}
    assert OUTPUT_CONDITIONS["EECO03"] == long_term_unemployed()
