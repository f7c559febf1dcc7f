"""Factories of the meetings area: attendees and evidence (the meeting and its outcome
come from `tests.network.factories`)."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from quartier.network.models import Attendee, MeetingEvidence
from tests.network.factories import MeetingFactory


class AttendeeFactory(DjangoModelFactory):
    class Meta:
        model = Attendee

    meeting = factory.SubFactory(MeetingFactory)
    name = factory.Sequence(lambda n: f"Guest {n}")


class EvidenceFactory(DjangoModelFactory):
    class Meta:
        model = MeetingEvidence

    meeting = factory.SubFactory(MeetingFactory)
    kind = "network_figures"
    period_start = date(2026, 1, 1)
    period_end = date(2026, 3, 31)
