"""The network view's figures: who refers to whom, partners by level and district,
answers and times per recipient, reasons, gaps; the period's bounds; only the
project's referrals; a bounded number of queries."""

from datetime import date

import pytest

from quartier.core.models import Role
from quartier.network.models import ReferralState
from quartier.network.selectors.figures import (
    QUERIES,
    default_period,
    figure_projects,
    network_figures,
)
from tests.factories import DistrictFactory, OrganisationFactory
from tests.network.factories import PartnerFactory
from tests.network.factories_figures import assignment, sent_referral

START, END = date(2025, 1, 1), date(2025, 12, 31)


def _figures(world):
    return network_figures(project=world.project, start=START, end=END)


def _flows(figures):
    return {(flow.sender, flow.recipient): flow.count for flow in figures.flows}


def test_who_refers_to_whom_in_both_directions(world):
    jobcenter = OrganisationFactory(name="Jobcenter Duisburg")
    for _ in range(3):
        sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    sent_referral(world.project, world.org_b, world.org_a, date(2025, 5, 6))
    assignment(world.project, jobcenter, world.org_a, date(2025, 6, 2))
    figures = _figures(world)
    a, b = world.org_a.name, world.org_b.name
    assert _flows(figures) == {(a, b): 3, (b, a): 1, ("Jobcenter Duisburg", a): 1}
    assert figures.flows[0].count == 3  # the biggest flow first
    assert figures.referrals == 5
    assert {o.name for o in figures.organisations} == {a, b, "Jobcenter Duisburg"}


def test_partners_are_coloured_by_their_level(world):
    PartnerFactory(project=world.project, partner_organisation=world.org_b, level="strategy")
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    levels = {o.pk: o.level for o in _figures(world).organisations}
    assert levels == {world.org_a.pk: "", world.org_b.pk: "strategy"}


def test_the_period_includes_its_first_and_last_day_and_nothing_else(world):
    for day in (date(2024, 12, 31), date(2025, 1, 1), date(2025, 12, 31), date(2026, 1, 1)):
        sent_referral(world.project, world.org_a, world.org_b, day)
    # Late in the evening of the last day still counts.
    referral = sent_referral(world.project, world.org_a, world.org_b, date(2025, 12, 31))
    referral.sent_at = referral.sent_at.replace(hour=23, minute=59)
    referral.save()
    assert _figures(world).referrals == 3


def test_drafts_and_another_projects_referrals_are_never_counted(world):
    sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    draft = sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    draft.state, draft.sent_at = ReferralState.DRAFT, None
    draft.save()
    other = OrganisationFactory()
    sent_referral(world.other_project, world.org_c, other, date(2025, 3, 4))
    figures = _figures(world)
    assert figures.referrals == 1
    assert [row.name for row in figures.recipients] == [world.org_b.name]


def test_answers_and_median_times_per_recipient(world):
    project, a, b = world.project, world.org_a, world.org_b
    day = date(2025, 4, 1)
    sent_referral(project, a, b, day, state="accepted", accepted_after=2)
    sent_referral(project, a, b, day, state="completed", accepted_after=4, closed_after=10)
    sent_referral(project, a, b, day, state="completed", accepted_after=6, closed_after=30)
    sent_referral(project, a, b, day, state="not_completed", accepted_after=1, closed_after=5)
    sent_referral(project, a, b, day, state="declined", closed_after=3)
    sent_referral(project, a, b, day)  # still waiting
    sent_referral(project, b, a, day, state="expired", closed_after=14)
    rows = {row.pk: row for row in _figures(world).recipients}
    row = rows[b.pk]
    assert (row.received, row.accepted, row.declined, row.completed) == (6, 4, 1, 2)
    assert (row.not_completed, row.open) == (1, 2)
    assert row.days_to_accept == 3.0  # median of 1, 2, 4, 6
    assert row.days_to_complete == 20.0  # median of 10 and 30: only completed ones
    back = rows[a.pk]
    assert (back.received, back.accepted, back.open) == (1, 0, 0)
    assert back.days_to_accept is None
    assert back.days_to_complete is None


def test_decline_and_not_completed_reasons(world):
    project, a, b = world.project, world.org_a, world.org_b
    day = date(2025, 4, 1)
    sent_referral(project, a, b, day, state="declined", decline_reason="no_capacity")
    sent_referral(project, a, b, day, state="declined", decline_reason="no_capacity")
    sent_referral(project, a, b, day, state="declined", decline_reason="not_eligible")
    sent_referral(project, a, b, day, state="not_completed", not_completed_reason="dropped_out")
    figures = _figures(world)
    declined = {row.code: row.count for row in figures.decline_reasons}
    assert declined["no_capacity"] == 2
    assert declined["not_eligible"] == 1
    assert declined["other"] == 0  # every reason is listed
    assert figures.declined == 3
    not_completed = {row.code: row.count for row in figures.not_completed_reasons}
    assert not_completed == {
        "did_not_come": 0,
        "dropped_out": 1,
        "no_longer_needed": 0,
        "other": 0,
    }


def test_partners_by_level_and_district_count_both_levels_in_each(world):
    north, south = DistrictFactory(name="Marxloh"), DistrictFactory(name="Hochfeld")
    world.project.districts.add(north, south)
    both = PartnerFactory(project=world.project, level="both")
    both.districts.add(north, south)
    activation = PartnerFactory(project=world.project, level="activation")
    activation.districts.add(north)
    PartnerFactory(project=world.project, level="strategy")  # no district named
    retired = PartnerFactory(project=world.project, level="activation", is_active=False)
    retired.districts.add(south)
    PartnerFactory(project=world.other_project, level="activation").districts.add(north)
    figures = _figures(world)
    rows = {row.district: (row.activation, row.strategy, row.total) for row in figures.levels}
    assert rows == {"Hochfeld": (1, 1, 1), "Marxloh": (2, 1, 2), None: (0, 1, 1)}
    total = figures.levels_total
    assert (total.activation, total.strategy, total.total) == (2, 2, 3)


def test_a_district_no_partner_serves_is_listed_with_zeros(world):
    world.project.districts.add(DistrictFactory(name="Hochfeld"))
    figures = _figures(world)
    assert [(r.district, r.total) for r in figures.levels] == [("Hochfeld", 0)]
    assert figures.levels_total.total == 0


def test_gaps_per_district_and_target_group(world):
    north, south = DistrictFactory(name="Marxloh"), DistrictFactory(name="Hochfeld")
    world.project.districts.add(north, south)
    everyone = [
        "long_term_unemployed",
        "benefit_recipients",
        "unregistered",
        "young_people",
        "women_returning",
        "single_parents",
        "immigrants",
        "seniors",
        "families",
        "pupils",
        "disabilities",
    ]
    wide = PartnerFactory(project=world.project, target_groups=everyone[:-1])
    wide.districts.add(north)
    PartnerFactory(project=world.project, target_groups=["disabilities"]).districts.add(north)
    # Reaches young people, but serves no district of the project: no help in Hochfeld.
    PartnerFactory(project=world.project, target_groups=["young_people"])
    # Inactive partners close no gap.
    PartnerFactory(project=world.project, target_groups=["seniors"], is_active=False).districts.add(
        south
    )
    # Another project's partner closes no gap either.
    PartnerFactory(project=world.other_project, target_groups=everyone).districts.add(south)
    gaps = {gap.district: gap.groups for gap in _figures(world).gaps}
    assert list(gaps) == ["Hochfeld"]  # Marxloh is covered completely
    assert len(gaps["Hochfeld"]) == len(everyone)
    assert "seniors" in [str(g) for g in gaps["Hochfeld"]]


def test_the_number_of_queries_does_not_grow_with_the_data(world, django_assert_num_queries):
    with django_assert_num_queries(QUERIES):
        empty = _figures(world)
    assert empty.referrals == 0
    assert empty.gaps == []
    district = DistrictFactory()
    world.project.districts.add(district)
    for index in range(4):
        partner = PartnerFactory(project=world.project, level="both", target_groups=["seniors"])
        partner.districts.add(district)
        sent_referral(world.project, world.org_a, partner.partner_organisation, date(2025, 2, 3))
        sent_referral(
            world.project,
            world.org_b,
            partner.partner_organisation,
            date(2025, 2, 3),
            state="completed",
            accepted_after=index,
            closed_after=index + 5,
        )
    with django_assert_num_queries(QUERIES):
        full = _figures(world)
    assert full.referrals == 8
    assert len(full.recipients) == 4


def test_no_person_data_is_read(world):
    """The figures name organisations only: the participant's name appears nowhere."""
    referral = sent_referral(world.project, world.org_a, world.org_b, date(2025, 3, 4))
    name = referral.case.participant.last_name
    assert name not in repr(_figures(world))


def test_default_period_is_this_year_up_to_today():
    assert default_period(date(2026, 7, 15)) == (date(2026, 1, 1), date(2026, 7, 15))


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        (Role.NETWORK_COACH, True),
        (Role.PROJECT_LEAD, True),
        (Role.CASE_WORKER, True),
        (Role.EMPLOYER_LIAISON, True),
        (Role.EVALUATOR, False),
        (Role.PARTNER_STAFF, False),
        (Role.ORGANISATION_ADMIN, False),
    ],
)
def test_projects_offered_are_those_with_a_network_view_role(world, role, offered):
    user = world.member(role)
    assert list(figure_projects(user)) == ([world.project] if offered else [])
