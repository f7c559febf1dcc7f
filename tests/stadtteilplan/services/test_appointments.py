"""The appointment request's services: storing a request, the inbox's addresses and
the retention."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartier.core.models import ProjectMember, Role
from quartier.participants.models import FirstContact
from quartier.stadtteilplan.services import appointments as appointment_services
from tests.factories import (
    DistrictFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProjectFactory,
)
from tests.stadtteilplan.appointment_world import NAME

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
    assert appointment_services.inbox_addresses(contact) == [
        "inbox@traeger.example",
        "lead@traeger.example",
    ]


def test_organisation_without_any_address_sends_nothing(plan):
    plan["lead"].email = ""
    plan["lead"].save()
    plan["lead_user"].email = ""
    plan["lead_user"].save()
    contact = FirstContact.objects.create(
        project=plan["project"], organisation=plan["lead"], status="request", channel="request"
    )
    assert appointment_services.appointment_request_notify(first_contact=contact) == 0
    assert mail.outbox == []


# The service ---------------------------------------------------------------------------


def test_service_refuses_an_offer_of_another_district(plan):
    with pytest.raises(ValidationError):
        appointment_services.appointment_request_create(
            district=DistrictFactory(),
            offer=plan["offer"],
            name=NAME,
            reach_by="visit",
            language="de",
        )
    assert not FirstContact.objects.exists()


def test_service_refuses_a_project_that_does_not_work_in_the_district(plan):
    with pytest.raises(ValidationError):
        appointment_services.appointment_request_create(
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
        appointment_services.appointment_request_create(
            district=plan["district"],
            offer=plan["offer"],
            name=NAME,
            reach_by="phone",
            language="de",
        )


def test_languages_without_a_django_name_keep_their_own_name(plan):
    contact = appointment_services.appointment_request_create(
        district=plan["district"],
        offer=plan["offer"],
        name=NAME,
        reach_by="visit",
        language="ti",
    )
    assert contact.language == "ትግርኛ"


def test_old_requests_are_deleted_unless_they_became_participants(plan):
    today = timezone.localdate()
    old = today - timedelta(days=appointment_services.APPOINTMENT_REQUEST_RETENTION_DAYS + 1)
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
    assert appointment_services.appointment_requests_expire(today=today) == 2
    remaining = set(FirstContact.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, converted.pk, walk_in.pk}
    assert expired.pk not in remaining
    assert closed.pk not in remaining
