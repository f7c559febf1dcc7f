"""The minutes of a meeting as a PDF (network:meeting_minutes), read back with pypdf:
everything of the meeting; the internal part only on request and only for those who
keep the network."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from pypdf import PdfReader

from quartier.core.models import Role
from tests.network.factories import MeetingFactory, MeetingOutcomeFactory
from tests.network.factories_meetings import AttendeeFactory, EvidenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

INTERNAL = "Budget of org B is at risk"


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture
def meeting(world, sender):
    world.org_b.name = "Bildungswerk Süd"
    world.org_b.save()
    meeting = MeetingFactory(
        project=world.project,
        organisation=world.org_a,
        kind="board",
        title="Beirat Frühjahr",
        date=date(2025, 3, 4),
        place="Rathaus Saal 2",
        agenda="TOP 1 Zahlen des Quartals",
        minutes_public="Der Beirat begrüßt den neuen Partner.",
        minutes_internal=f"{INTERNAL}.",
    )
    AttendeeFactory(meeting=meeting, organisation=world.org_b, name="Frau Kaya", attended=True)
    AttendeeFactory(meeting=meeting, name="Herr Yilmaz", attended=False)
    MeetingOutcomeFactory(
        meeting=meeting, kind="information", text="Neue Kita eröffnet.", position=1
    )
    decision = MeetingOutcomeFactory(
        meeting=meeting,
        kind="decision",
        text="Gemeinsamer Flyer.",
        responsible_organisation=world.org_b,
        due_date=date(2025, 6, 30),
        position=2,
    )
    sender.full_name = "Fatma Demir"
    sender.save()
    MeetingOutcomeFactory(
        meeting=meeting,
        kind="task",
        text="Flyer entwerfen.",
        assignee=sender,
        due_date=date(2025, 5, 1),
        decision=decision,
        position=3,
    )
    EvidenceFactory(
        meeting=meeting,
        kind="indicators",
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
    )
    return meeting


def minutes(meeting, internal=False) -> str:
    url = reverse("network:meeting_minutes", args=[meeting.pk])
    return url + ("?intern=1" if internal else "")


def test_the_public_minutes_show_the_meeting_without_the_internal_part(sender, meeting, login):
    text = pdf_text(login(sender).get(minutes(meeting)))
    for expected in (
        "Beirat Frühjahr",
        "04.03.2025",
        "Rathaus Saal 2",
        "Bildungswerk Süd",
        "Frau Kaya",
        "Herr Yilmaz",
        "TOP 1 Zahlen des Quartals",
        "Der Beirat begrüßt den neuen Partner.",
        "Information: Neue Kita eröffnet.",
        "Beschluss: Gemeinsamer Flyer.",
        "Verantwortlich: Bildungswerk Süd · fällig am 30.06.2025",
        "Aufgabe: Flyer entwerfen.",
        "Zuständig: Fatma Demir · fällig am 01.05.2025",
        "ESF-Plus-Indikatorentabelle, 01.01.2024–31.12.2024",
    ):
        assert expected in text, expected
    assert text.index("Information:") < text.index("Beschluss:") < text.index("Aufgabe:")
    assert INTERNAL not in text
    assert "Interner Teil" not in text


def test_a_case_worker_asking_for_the_internal_part_gets_the_public_minutes(sender, meeting, login):
    text = pdf_text(login(sender).get(minutes(meeting, internal=True)))
    assert "Der Beirat begrüßt den neuen Partner." in text
    assert INTERNAL not in text


def test_the_network_coach_gets_the_internal_part_on_request(world, meeting, login):
    coach = world.member(Role.NETWORK_COACH, world.org_b)
    client = login(coach)
    assert INTERNAL not in pdf_text(client.get(minutes(meeting)))
    text = pdf_text(client.get(minutes(meeting, internal=True)))
    assert "Interner Teil" in text
    assert INTERNAL in text


def test_no_minutes_for_an_evaluator_or_another_project(world, meeting, login):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    assert login(evaluator).get(minutes(meeting)).status_code == 404
    outsider = world.member(Role.NETWORK_COACH, world.org_c, project=world.other_project)
    assert login(outsider).get(minutes(meeting, internal=True)).status_code == 404
