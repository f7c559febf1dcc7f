"""Issuing certificates (`services.certificates`) and who is eligible
(`selectors.certificates`)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from quartier.offers.models import (
    Attendance,
    Certificate,
)
from quartier.offers.selectors.certificates import (
    certificate_candidates,
    certificate_eligibility,
    certificate_for_verification,
    months_taken_part,
)
from quartier.offers.services.certificates import (
    certificate_attach_pdf,
    certificate_issue,
    certificate_revoke,
)
from tests.factories import FunderFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = dt.timedelta(days=1)


# Certificates ----------------------------------------------------------------------------


def months_ago(months: int) -> dt.date:
    from dateutil.relativedelta import relativedelta

    return TODAY - relativedelta(months=months)


def test_four_full_months_make_a_participant_eligible(offer):
    # A mid-month day: at a month's end "four months ago + 1 day" is no longer a rule.
    today = dt.date(2026, 11, 4)
    eligible = EnrolmentFactory(offer=offer, start_date=dt.date(2026, 7, 5))
    not_yet = EnrolmentFactory(offer=offer, start_date=dt.date(2026, 7, 6))
    assert certificate_eligibility(eligible, today=today).eligible
    result = certificate_eligibility(not_yet, today=today)
    assert not result.eligible
    assert result.months == 3
    assert "needs 4" in result.reason


def test_months_are_counted_to_the_end_of_an_ended_enrolment():
    assert months_taken_part(dt.date(2026, 3, 1), dt.date(2026, 6, 30)) == 4
    assert months_taken_part(dt.date(2026, 3, 1), dt.date(2026, 6, 29)) == 3


def test_hours_rule(offer):
    offer.certificate_rule, offer.certificate_min_hours = "hours", Decimal("5")
    offer.save()
    enrolment = EnrolmentFactory(offer=offer)
    AttendanceFactory(enrolment=enrolment, date=TODAY, hours="3")
    assert not certificate_eligibility(enrolment).eligible
    AttendanceFactory(enrolment=enrolment, date=TODAY - DAY, hours="2")
    assert certificate_eligibility(enrolment).eligible


def test_rate_rule_counts_sessions_held_since_the_start(offer):
    offer.certificate_rule, offer.certificate_min_rate = "rate", Decimal("75")
    offer.save()
    enrolment = EnrolmentFactory(offer=offer, start_date=TODAY - 3 * DAY)  # 4 sessions
    for days in range(3):
        AttendanceFactory(enrolment=enrolment, date=TODAY - days * DAY)
    result = certificate_eligibility(enrolment)
    assert result.eligible
    assert result.rate == Decimal("75.0")
    Attendance.objects.filter(date=TODAY).delete()
    assert not certificate_eligibility(enrolment).eligible


def test_certificate_snapshots_what_it_prints_and_gets_a_unique_number(world, worker, offer):
    world.project.funders.add(FunderFactory(name="ESF Plus"), FunderFactory(name="Land NRW"))
    offer.certificate_contents = "Grünpflege, Arbeitssicherheit"
    offer.save()
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    AttendanceFactory(enrolment=enrolment, date=TODAY, hours="3")
    certificate = certificate_issue(actor=worker, enrolment=enrolment)
    participant = enrolment.case.participant
    assert certificate.number == f"Q-{TODAY.year}-000001"
    assert certificate.participant_name == f"{participant.first_name} {participant.last_name}"
    assert certificate.offer_title == offer.title
    assert certificate.project_name == world.project.name
    assert certificate.funder_names == ["ESF Plus", "Land NRW"]
    assert certificate.contents == "Grünpflege, Arbeitssicherheit"
    assert certificate.hours == Decimal("3")
    assert (certificate.period_start, certificate.period_end) == (months_ago(5), TODAY)
    assert len(certificate.verification_token) >= 32
    assert certificate_for_verification(certificate.verification_token) == certificate
    confirmation = certificate_issue(actor=worker, enrolment=enrolment, kind="confirmation")
    assert confirmation.number == f"Q-{TODAY.year}-000002"


def test_issued_certificate_cannot_be_changed(worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    certificate = certificate_issue(actor=worker, enrolment=enrolment)
    offer.title = "Renamed"
    offer.save()
    certificate.participant_name = "Someone else"
    with pytest.raises(ValueError, match="cannot be changed"):
        certificate.save()
    with pytest.raises(ValueError, match="cannot be changed"):
        certificate.save(update_fields=["participant_name"])
    certificate.refresh_from_db()
    assert certificate.offer_title != "Renamed"


def test_second_certificate_for_the_same_enrolment_is_refused(worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    first = certificate_issue(actor=worker, enrolment=enrolment)
    with pytest.raises(ValidationError) as error:
        certificate_issue(actor=worker, enrolment=enrolment)
    assert first.number in str(error.value)
    certificate_revoke(actor=worker, certificate=first, reason="Falscher Zeitraum")
    assert certificate_issue(actor=worker, enrolment=enrolment).number != first.number


def test_certificate_for_someone_not_eligible_is_refused_for_staff(worker, offer):
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(PermissionDenied) as error:
        certificate_issue(actor=worker, enrolment=enrolment, override_reason="Bitte")
    assert "project lead" in str(error.value)
    assert not Certificate.objects.exists()


def test_lead_issues_against_the_rule_only_with_a_reason(lead, offer):
    enrolment = EnrolmentFactory(offer=offer)
    with pytest.raises(ValidationError) as error:
        certificate_issue(actor=lead, enrolment=enrolment)
    assert "override_reason" in error.value.message_dict
    certificate = certificate_issue(
        actor=lead, enrolment=enrolment, override_reason="Krankheit, Module nachgeholt"
    )
    assert certificate.override_reason == "Krankheit, Module nachgeholt"


def test_confirmation_of_participation_for_anyone_who_started(worker, offer):
    enrolment = EnrolmentFactory(offer=offer, start_date=TODAY - 3 * DAY)
    confirmation = certificate_issue(actor=worker, enrolment=enrolment, kind="confirmation")
    assert confirmation.kind == "confirmation"


def test_no_certificate_for_the_waiting_list(world, worker, offer):
    waiting = EnrolmentFactory(
        offer=offer, status="waiting", start_date=None, waiting_since=timezone.now()
    )
    with pytest.raises(ValidationError):
        certificate_issue(actor=worker, enrolment=waiting, kind="confirmation")


def test_pdf_is_stored_once(worker, offer, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    enrolment = EnrolmentFactory(offer=offer, start_date=months_ago(5))
    certificate = certificate_issue(actor=worker, enrolment=enrolment)
    certificate_attach_pdf(actor=worker, certificate=certificate, content=b"%PDF-1.7")
    assert certificate.pdf.read() == b"%PDF-1.7"
    with pytest.raises(ValidationError):
        certificate_attach_pdf(actor=worker, certificate=certificate, content=b"%PDF")


def test_certificate_candidates_show_who_is_eligible(worker, offer):
    ready = EnrolmentFactory(offer=offer, start_date=months_ago(6))
    early = EnrolmentFactory(offer=offer)
    results = dict(certificate_candidates(user=worker, offer=offer))
    assert results[ready].eligible
    assert not results[early].eligible
