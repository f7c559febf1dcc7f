"""`cases.selectors.case_page`: the case page's data, one read per kind of record, and
the timeline built from the same lists."""

import pytest
from django.utils import timezone

from quartier.cases.selectors.case_page import TIMELINE_LIMIT, case_overview
from quartier.core.models import Role
from tests.cases.views.conftest import case_with_records

pytestmark = pytest.mark.django_db


def _timeline_read_per_kind(case, limit=TIMELINE_LIMIT):
    """The timeline as the case page built it before, with a query per kind: the
    reference the timeline built from the overview's lists must match."""
    events = [(case.entry_date, "entry", case.pk)]
    if case.exit_date:
        events.append((case.exit_date, "exit", case.pk))
    for contact in case.contacts.order_by("-date", "-id")[:limit]:
        events.append((contact.date, "contact", contact.pk))
    for assessment in case.assessments.order_by("-date", "-id")[:limit]:
        events.append((assessment.date, "assessment", assessment.pk))
    for follow_up in case.follow_ups.filter(done_at__isnull=False).order_by("-done_at")[:limit]:
        events.append((timezone.localdate(follow_up.done_at), "follow_up", follow_up.pk))
    for document in case.documents.order_by("-created_at")[:limit]:
        events.append((timezone.localdate(document.created_at), "document", document.pk))
    for consent in case.participant.consents.order_by("-given_on", "purpose")[:limit]:
        events.append((consent.given_on, "consent", consent.pk))
        if consent.withdrawn_on:
            events.append((consent.withdrawn_on, "withdrawal", consent.pk))
    overview_enrolments = case_overview(case=case).enrolments
    for enrolment in overview_enrolments:
        if enrolment.waiting_since:
            events.append((timezone.localdate(enrolment.waiting_since), "enrolment", enrolment.pk))
        if enrolment.start_date and enrolment.status != "waiting":
            events.append((enrolment.start_date, "enrolment", enrolment.pk))
        if enrolment.end_date:
            events.append((enrolment.end_date, "enrolment", enrolment.pk))
    events.sort(key=lambda event: event[0], reverse=True)
    return events[:limit]


@pytest.mark.parametrize("records", [1, 7, 40])
def test_timeline_is_the_one_a_read_per_kind_gives(world, records):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = case_with_records(world, worker, records)
    timeline = case_overview(case=case).timeline
    shown = [
        (
            event.date,
            "enrolment" if event.kind.startswith("enrolment_") else event.kind,
            event.object.pk,
        )
        for event in timeline
    ]
    assert shown == _timeline_read_per_kind(case)


def test_timeline_is_bounded_but_the_overview_counts_everything(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = case_with_records(world, worker, 40)
    overview = case_overview(case=case)
    assert len(overview.timeline) == TIMELINE_LIMIT
    dates = [event.date for event in overview.timeline]
    assert dates == sorted(dates, reverse=True)
    assert overview.contact_count == 40
    assert len(overview.latest_contacts) == 5
    assert len(overview.assessments) == 40
    assert len(overview.documents) == 10
    assert len(overview.open_follow_ups) == 10
    assert overview.hours == round(sum(30 + n for n in range(40)) / 60, 1)


def test_each_timeline_event_names_its_partial(world):
    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = case_with_records(world, worker, 4)
    for event in case_overview(case=case).timeline:
        assert event.template == f"cases/timeline/_{event.kind}.html"


def test_consents_are_prefetched_for_the_consent_selectors(world, django_assert_num_queries):
    from quartier.participants.selectors.consents import consents_missing

    worker = world.member(Role.CASE_WORKER, world.org_a)
    case = case_with_records(world, worker, 5)
    case_overview(case=case)
    with django_assert_num_queries(0):
        assert consents_missing(case.participant) == []
