"""The erasure request form: a date not in the future, a channel, the confirmation."""

from datetime import timedelta

from django.utils import timezone

from quartier.privacy.forms.erasure import ErasureForm


def _form(**data):
    return ErasureForm(
        {"received_on": timezone.localdate().isoformat(), "channel": "email", **data}
    )


def test_the_confirmation_is_required():
    assert not _form().is_valid()
    assert _form(confirm="on").is_valid()


def test_a_future_date_and_an_unknown_channel_are_refused():
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "received_on" in _form(confirm="on", received_on=tomorrow).errors
    assert "channel" in _form(confirm="on", channel="pigeon").errors
