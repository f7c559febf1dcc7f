"""Saving schedules and their exceptions (`services.schedules`)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from quartier.offers.services.schedules import schedule_save

pytestmark = pytest.mark.django_db


# Schedules ---------------------------------------------------------------------------


def test_schedule_save_with_rfc_codes_and_exceptions(worker, offer):
    schedule = schedule_save(
        actor=worker,
        offer=offer,
        kind="weekly",
        weekdays=["MO", "WE"],
        start_time=dt.time(9),
        end_time=dt.time(12),
        valid_from=dt.date(2026, 1, 5),
        exceptions=[{"date": dt.date(2026, 1, 7), "reason": "Ferien"}],
    )
    assert schedule.weekdays == [0, 2]
    assert list(schedule.exceptions.values_list("date", "reason")) == [
        (dt.date(2026, 1, 7), "Ferien")
    ]


def test_schedule_ending_before_it_starts_is_refused(worker, offer):
    with pytest.raises(ValidationError) as error:
        schedule_save(
            actor=worker,
            offer=offer,
            kind="weekly",
            weekdays=[0],
            start_time=dt.time(12),
            end_time=dt.time(9),
            valid_from=dt.date(2026, 1, 5),
        )
    assert "end_time" in error.value.message_dict
    assert offer.schedules.count() == 1


def test_exception_on_a_date_without_session_is_refused_and_nothing_saved(worker, offer):
    with pytest.raises(ValidationError) as error:
        schedule_save(
            actor=worker,
            offer=offer,
            kind="weekly",
            weekdays=[0],
            start_time=dt.time(9),
            end_time=dt.time(12),
            valid_from=dt.date(2026, 1, 5),
            exceptions=[{"date": dt.date(2026, 1, 6), "reason": ""}],
        )
    assert "exceptions" in error.value.message_dict
    assert offer.schedules.count() == 1


def test_schedule_outside_the_offers_period_is_refused(worker, offer):
    offer.start_date = dt.date(2026, 2, 1)
    offer.save()
    with pytest.raises(ValidationError) as error:
        schedule_save(
            actor=worker,
            offer=offer,
            kind="one_off",
            date=dt.date(2026, 1, 15),
            start_time=dt.time(9),
            end_time=dt.time(12),
        )
    assert "date" in error.value.message_dict
