"""The appointment request's services: storing a request, the inbox's addresses, the
retention, and the spam protection's tokens and hourly counters (one check-and-use
each, also across workers)."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartier.core.models import ProjectMember, Role
from quartier.participants.models import FirstContact
from quartier.stadtteilplan import services
from quartier.stadtteilplan.models import RequestCounter, UsedRequestToken
from tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProjectFactory,
)
from tests.stadtteilplan.appointment_world import NAME, in_parallel

# Spam and forgery protection ---------------------------------------------------------


def test_the_hourly_window_ends_and_old_rows_are_forgotten(rf, db):
    request = rf.post("/", REMOTE_ADDR="198.51.100.9")
    start = timezone.now() - timedelta(hours=3)
    assert [services.take(request, "sent", 2, now=start) for _ in range(3)] == [
        True,
        True,
        False,
    ]
    assert services.count(request, "sent", now=start) == 2
    later = start + timedelta(seconds=services.WINDOW_SECONDS + 1)
    assert services.count(request, "sent", now=later) == 0
    assert services.take(request, "sent", 2, now=later)
    assert services.count(request, "sent", now=later) == 1
    token = services.Token(nonce="n1", scope="s", issued_at=0)
    assert services.claim(token, now=start)
    assert not services.claim(token, now=start)
    services.claim(services.Token(nonce="n2", scope="s", issued_at=0), now=timezone.now())
    assert list(UsedRequestToken.objects.values_list("nonce", flat=True)) == ["n2"]
    assert not RequestCounter.objects.filter(window_start__lt=later).exists()


@pytest.mark.django_db(transaction=True)
def test_claim_and_take_admit_exactly_one_and_exactly_the_limit_at_once(rf):
    token = services.Token(nonce="same", scope="s", issued_at=0)
    assert sorted(in_parallel(8, lambda number: services.claim(token))) == [False] * 7 + [True]
    request = rf.post("/", REMOTE_ADDR="198.51.100.20")
    taken = in_parallel(9, lambda number: services.take(request, "sent", 5))
    assert sorted(taken) == [False] * 4 + [True] * 5
    assert services.count(request, "sent") == 5


def test_ipv6_addresses_of_one_network_share_a_limit(rf):
    one = rf.post("/", REMOTE_ADDR="2001:db8:1:2::10")
    two = rf.post("/", REMOTE_ADDR="2001:db8:1:2:aaaa::99")
    other = rf.post("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert services.address_key(one) == services.address_key(two)
    assert services.address_key(one) != services.address_key(other)


def test_behind_a_proxy_the_forwarded_address_counts(rf, settings):
    settings.PROXY_COUNT = 1
    one = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    two = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.2")
    spoofed = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1")
    assert services.client_address(one) == "198.51.100.1"
    assert services.address_key(one) != services.address_key(two)
    assert services.client_address(spoofed) == "198.51.100.1"


# The notification ---------------------------------------------------------------------


def test_leads_of_other_organisations_and_inactive_leads_are_not_notified(plan):
    partner = OrganisationFactory()
    ProjectMember.objects.create(project=plan["project"], organisation=partner)
    MembershipFactory(
        project=plan["project"],
        organisation=partner,
        role=Role.PROJECT_LEAD,
        user__email="partner-lead@example.org",
    )
    MembershipFactory(
        project=plan["project"],
        organisation=plan["lead"],
        role=Role.PROJECT_LEAD,
        user__email="gone@example.org",
        user__is_active=False,
    )
    MembershipFactory(
        project=plan["project"],
        organisation=plan["lead"],
        role=Role.CASE_WORKER,
        user__email="worker@example.org",
    )
    contact = FirstContact.objects.create(
        project=plan["project"], organisation=plan["lead"], status="request", channel="request"
    )
    assert services.inbox_addresses(contact) == ["inbox@traeger.example", "lead@traeger.example"]


def test_organisation_without_any_address_sends_nothing(plan):
    plan["lead"].email = ""
    plan["lead"].save()
    plan["lead_user"].email = ""
    plan["lead_user"].save()
    contact = FirstContact.objects.create(
        project=plan["project"], organisation=plan["lead"], status="request", channel="request"
    )
    assert services.appointment_request_notify(first_contact=contact) == 0
    assert mail.outbox == []


# The service ---------------------------------------------------------------------------


def test_service_refuses_an_offer_of_another_district(plan):
    with pytest.raises(ValidationError):
        services.appointment_request_create(
            district=DistrictFactory(),
            offer=plan["offer"],
            name=NAME,
            reach_by="visit",
            language="de",
        )
    assert not FirstContact.objects.exists()


def test_service_refuses_a_project_that_does_not_work_in_the_district(plan):
    with pytest.raises(ValidationError):
        services.appointment_request_create(
            district=plan["district"],
            offer=None,
            project=ProjectFactory(end_date=date(2099, 1, 1)),
            name=NAME,
            reach_by="visit",
            language="de",
            message="Hallo",
        )
    assert not FirstContact.objects.exists()


def test_service_refuses_a_missing_phone_number(plan):
    with pytest.raises(ValidationError):
        services.appointment_request_create(
            district=plan["district"],
            offer=plan["offer"],
            name=NAME,
            reach_by="phone",
            language="de",
        )


def test_languages_without_a_django_name_keep_their_own_name(plan):
    contact = services.appointment_request_create(
        district=plan["district"],
        offer=plan["offer"],
        name=NAME,
        reach_by="visit",
        language="ti",
    )
    assert contact.language == "ትግርኛ"


def test_old_requests_are_deleted_unless_they_became_participants(plan):
    today = timezone.localdate()
    old = today - timedelta(days=services.APPOINTMENT_REQUEST_RETENTION_DAYS + 1)
    expired = FirstContact.objects.create(
        project=plan["project"],
        organisation=plan["lead"],
        status="request",
        channel="request",
        date=old,
    )
    closed = FirstContact.objects.create(
        project=plan["project"],
        organisation=plan["lead"],
        status="closed",
        channel="request",
        date=old,
    )
    recent = FirstContact.objects.create(
        project=plan["project"],
        organisation=plan["lead"],
        status="request",
        channel="request",
        date=today - timedelta(days=10),
    )
    participant = ParticipantFactory(project=plan["project"], organisation=plan["lead"])
    converted = FirstContact.objects.create(
        project=plan["project"],
        organisation=plan["lead"],
        status="converted",
        channel="request",
        date=old,
        participant=participant,
    )
    walk_in = FirstContact.objects.create(
        project=plan["project"], organisation=plan["lead"], channel="walk_in", date=old
    )
    assert services.appointment_requests_expire(today=today) == 2
    remaining = set(FirstContact.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, converted.pk, walk_in.pk}
    assert expired.pk not in remaining
    assert closed.pk not in remaining
