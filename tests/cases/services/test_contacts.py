"""The rules of `cases.services.contacts`."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from quartier.cases.services import contacts as contact_services

pytestmark = pytest.mark.django_db


def test_contact_in_the_future_is_refused(worker, case):
    with pytest.raises(ValidationError):
        contact_services.contact_create(
            actor=worker,
            case=case,
            date=timezone.localdate() + timedelta(days=1),
            duration_minutes=30,
            channel="phone",
            topics=["job_search"],
        )


def test_contact_with_unknown_topic_is_refused(worker, case):
    with pytest.raises(ValidationError):
        contact_services.contact_create(
            actor=worker,
            case=case,
            date=date(2025, 4, 1),
            duration_minutes=30,
            channel="phone",
            topics=["astrology"],
        )
