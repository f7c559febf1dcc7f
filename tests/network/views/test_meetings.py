"""Pages of the network's meetings (quartier.network.views.meetings)."""

from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from quartier.core.models import Role
from quartier.network.models import Attendee, Meeting, MeetingEvidence, MeetingOutcome
from tests.factories import MembershipFactory
from tests.network.factories import MeetingFactory, MeetingOutcomeFactory, PartnerFactory
from tests.network.factories_meetings import AttendeeFactory, EvidenceFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

PAST = date(2025, 3, 4)
FUTURE = date(2030, 9, 10)


@pytest.fixture
def coach(world):
    return world.member(Role.NETWORK_COACH, world.org_b)


@pytest.fixture
def meeting(world):
    return MeetingFactory(
        project=world.project,
        organisation=world.org_a,
        title="Beirat März",
        date=PAST,
        agenda="1. Figures of the quarter",
        minutes_public="The board welcomed the new partner.",
        minutes_internal="Budget of org B is at risk.",
    )


def detail(meeting):
    return reverse("network:meeting_detail", args=[meeting.pk])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# The list ----------------------------------------------------------------------------


def test_the_list_shows_upcoming_meetings_first_then_past_ones(world, sender, login):
    MeetingFactory(project=world.project, title="Old conference", date=PAST)
    MeetingFactory(project=world.project, title="Next board", date=FUTURE)
    MeetingFactory(project=world.project, title="Later board", date=date(2031, 1, 5))
    MeetingFactory(project=world.other_project, title="Foreign meeting", date=FUTURE)
    content = login(sender).get(reverse("network:meeting_list")).content.decode()
    assert "Foreign meeting" not in content
    positions = [content.index(t) for t in ("Next board", "Later board", "Old conference")]
    assert positions == sorted(positions)


def test_the_list_filters_searches_and_paginates(world, coach, login):
    MeetingFactory(project=world.project, kind="board", title="Beirat", date=PAST)
    MeetingFactory(
        project=world.project,
        kind="district_conference",
        title="Stadtteilkonferenz",
        agenda="Childcare places",
        date=date(2024, 6, 1),
    )
    client = login(coach)
    url = reverse("network:meeting_list")
    content = client.get(url, {"kind": "board"}).content.decode()
    assert "Beirat" in content
    assert "Stadtteilkonferenz" not in content
    content = client.get(url, {"q": "childcare"}).content.decode()
    assert "Stadtteilkonferenz" in content
    assert "Beirat<" not in content
    content = client.get(url, {"year": "2025"}).content.decode()
    assert "Beirat" in content
    assert "Stadtteilkonferenz" not in content
    content = client.get(url, {"q": "nothing like it"}).content.decode()
    assert "No meeting matches" in content
    for number in range(30):
        MeetingFactory(project=world.project, title=f"Treffen {number}", date=PAST)
    page = client.get(url)
    assert len(page.context["page"].object_list) == 25
    assert client.get(url, {"page": 2}).context["page"].has_previous()


def test_the_empty_list_says_what_to_do(coach, login):
    content = login(coach).get(reverse("network:meeting_list")).content.decode()
    assert "No meetings yet" in content
    assert reverse("network:meeting_create") in content


def test_an_evaluator_has_no_meetings(world, meeting, login):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    client = login(evaluator)
    assert client.get(reverse("network:meeting_list")).status_code == 403
    assert client.get(detail(meeting)).status_code == 404


# Creating and changing ---------------------------------------------------------------


def test_the_network_coach_records_a_meeting(world, coach, login):
    response = login(coach).post(
        reverse("network:meeting_create"),
        {
            "project": world.project.pk,
            "kind": "network",
            "level": "activation",
            "title": "Netzwerktreffen Juni",
            "date": "2026-06-10",
            "starts_at": "10:00",
            "ends_at": "12:00",
            "invited_on": "2026-05-20",
            "place": "Stadtteilbüro",
            "agenda": "1. Welcome",
        },
    )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == detail(meeting)
    assert meeting.organisation == world.org_b
    assert meeting.invited_on == date(2026, 5, 20)


def test_a_meeting_before_its_invitation_is_refused_at_the_field(world, coach, login):
    response = login(coach).post(
        reverse("network:meeting_create"),
        {
            "project": world.project.pk,
            "kind": "board",
            "level": "both",
            "title": "Beirat",
            "date": "2026-06-10",
            "invited_on": "2026-06-11",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["invited_on"] == [
        "The meeting cannot take place before its invitation was sent."
    ]
    assert "Beirat" in response.content.decode()
    assert not Meeting.objects.exists()


def test_a_case_worker_sees_but_cannot_change(world, sender, meeting, login):
    client = login(sender)
    response = client.get(detail(meeting))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Beirat März" in content
    assert reverse("network:meeting_edit", args=[meeting.pk]) not in content
    assert client.get(reverse("network:meeting_create")).status_code == 403
    assert client.get(reverse("network:meeting_edit", args=[meeting.pk])).status_code == 403
    response = client.post(
        reverse("network:meeting_outcome_add", args=[meeting.pk]),
        {"outcome-kind": "information", "outcome-text": "News"},
    )
    assert response.status_code == 403
    assert not MeetingOutcome.objects.exists()


def test_another_projects_meeting_is_a_404(world, login):
    foreign = MeetingFactory(project=world.other_project)
    coach = world.member(Role.NETWORK_COACH, world.org_a)
    client = login(coach)
    assert client.get(detail(foreign)).status_code == 404
    assert client.get(reverse("network:meeting_minutes", args=[foreign.pk])).status_code == 404
    assert client.get(reverse("network:meeting_edit", args=[foreign.pk])).status_code == 404


def test_edit_a_meeting_and_a_stale_edit_is_refused(coach, meeting, login):
    client = login(coach)
    url = reverse("network:meeting_edit", args=[meeting.pk])
    form = client.get(url).context["form"]
    data = {name: form[name].value() or "" for name in form.fields if name != "district"} | {
        "title": "Beirat März (neu)",
        "date": "2025-03-04",
    }
    data["expected_version"] = meeting.version
    assert client.post(url, data).status_code == 302
    assert Meeting.objects.get(pk=meeting.pk).title == "Beirat März (neu)"
    data["title"] = "An older version"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).title == "Beirat März (neu)"


# Attendees ---------------------------------------------------------------------------


def test_add_attendees_and_tick_who_came(world, coach, sender, meeting, login):
    partner = PartnerFactory(project=world.project, organisation=world.org_a)
    client = login(coach)
    url = reverse("network:meeting_attendee_add", args=[meeting.pk])
    page = client.get(detail(meeting)).context["attendee_form"]
    assert set(page.fields["organisation"].queryset) == {
        world.org_a,
        world.org_b,
        partner.partner_organisation,
    }
    client.post(
        url,
        {"attendee-organisation": partner.partner_organisation.pk, "attendee-name": "Frau Kaya"},
    )
    client.post(url, {"attendee-user": sender.pk, "attendee-invited": "on"})
    assert meeting.attendees.count() == 2
    response = client.post(url, {"attendee-name": ""})
    assert response.context["attendee_form"].errors["name"] == [
        "Name the person or the organisation."
    ]
    kaya = Attendee.objects.get(name="Frau Kaya")
    client.post(
        reverse("network:meeting_attendee_update", args=[meeting.pk, kaya.pk]),
        {"field": "attended", "value": "1"},
    )
    assert Attendee.objects.get(pk=kaya.pk).attended is True
    remove = reverse("network:meeting_attendee_remove", args=[meeting.pk, kaya.pk])
    assert "Remove this attendee" in client.get(remove).content.decode()
    assert Attendee.objects.filter(pk=kaya.pk).exists()
    client.post(remove)
    assert not Attendee.objects.filter(pk=kaya.pk).exists()


# Outcomes ----------------------------------------------------------------------------


def test_a_decision_without_a_responsible_organisation_is_a_field_error(coach, meeting, login):
    response = login(coach).post(
        reverse("network:meeting_outcome_add", args=[meeting.pk]),
        {"outcome-kind": "decision", "outcome-text": "A joint flyer."},
    )
    assert response.status_code == 200
    assert response.context["outcome_form"].errors["responsible_organisation"] == [
        "A decision needs the organisation responsible for it."
    ]
    assert "A joint flyer." in response.content.decode()
    assert not MeetingOutcome.objects.exists()


def test_outcomes_in_order_with_a_task_following_a_decision(world, coach, sender, meeting, login):
    client = login(coach)
    url = reverse("network:meeting_outcome_add", args=[meeting.pk])
    client.post(url, {"outcome-kind": "information", "outcome-text": "New partner."})
    client.post(
        url,
        {
            "outcome-kind": "decision",
            "outcome-text": "A joint flyer.",
            "outcome-responsible_organisation": world.org_b.pk,
            "outcome-due_date": "2025-06-30",
        },
    )
    decision = MeetingOutcome.objects.get(kind="decision")
    response = client.post(
        url,
        {
            "outcome-kind": "task",
            "outcome-text": "Draft the flyer.",
            "outcome-assignee": sender.pk,
            "outcome-due_date": "2025-05-01",
            "outcome-decision": decision.pk,
        },
    )
    assert response.status_code == 302
    task = MeetingOutcome.objects.get(kind="task")
    assert task.decision == decision
    content = client.get(detail(meeting)).content.decode()
    positions = [content.index(t) for t in ("New partner.", "A joint flyer.", "Draft the flyer.")]
    assert positions == sorted(positions)
    assert world.org_b.name in content


def test_a_task_without_assignee_is_a_field_error(coach, meeting, login):
    response = login(coach).post(
        reverse("network:meeting_outcome_add", args=[meeting.pk]),
        {"outcome-kind": "task", "outcome-text": "Call the school."},
    )
    assert response.context["outcome_form"].errors["assignee"] == [
        "A task needs the person who does it."
    ]
    assert not MeetingOutcome.objects.exists()


def test_removing_an_outcome_asks_first(world, coach, sender, meeting, login):
    decision = MeetingOutcomeFactory(
        meeting=meeting, kind="decision", responsible_organisation=world.org_a
    )
    MeetingOutcomeFactory(meeting=meeting, kind="task", assignee=sender, decision=decision)
    client = login(coach)
    url = reverse("network:meeting_outcome_remove", args=[meeting.pk, decision.pk])
    content = client.get(url).content.decode()
    assert "with the tasks that follow from it" in content
    assert MeetingOutcome.objects.count() == 2
    assert client.post(url).status_code == 302
    assert MeetingOutcome.objects.count() == 0


def test_a_case_worker_cannot_remove_an_outcome(sender, meeting, login):
    outcome = MeetingOutcomeFactory(meeting=meeting)
    url = reverse("network:meeting_outcome_remove", args=[meeting.pk, outcome.pk])
    assert login(sender).post(url).status_code == 403
    assert MeetingOutcome.objects.filter(pk=outcome.pk).exists()


# Evidence ----------------------------------------------------------------------------


def test_evidence_links_to_the_figures_and_the_indicators(world, coach, meeting, login):
    client = login(coach)
    url = reverse("network:meeting_evidence_add", args=[meeting.pk])
    client.post(
        url,
        {
            "evidence-kind": "network_figures",
            "evidence-period_start": "2025-01-01",
            "evidence-period_end": "2025-03-31",
        },
    )
    client.post(
        url,
        {
            "evidence-kind": "indicators",
            "evidence-period_start": "2024-01-01",
            "evidence-period_end": "2024-12-31",
            "evidence-note": "Year report",
        },
    )
    assert MeetingEvidence.objects.count() == 2
    content = client.get(detail(meeting)).content.decode()
    slug = world.project.slug
    assert f"/netzwerk/zahlen/?project={slug}&amp;von=2025-01-01&amp;bis=2025-03-31" in content
    indicators = reverse("reports:indicators", args=[slug])
    assert f"{indicators}?period=custom&amp;date_from=2024-01-01&amp;date_to=2024-12-31" in content
    response = client.post(
        url,
        {
            "evidence-kind": "indicators",
            "evidence-period_start": "2024-12-31",
            "evidence-period_end": "2024-01-01",
        },
    )
    assert response.context["evidence_form"].errors["period_end"]
    assert MeetingEvidence.objects.count() == 2


def test_remove_evidence_after_confirmation(coach, meeting, login):
    item = EvidenceFactory(meeting=meeting)
    url = reverse("network:meeting_evidence_remove", args=[meeting.pk, item.pk])
    client = login(coach)
    assert client.get(url).status_code == 200
    client.post(url)
    assert not MeetingEvidence.objects.exists()


# Tasks and the start page --------------------------------------------------------------


def test_a_task_is_on_the_assignees_start_page_until_done(world, sender, meeting, login):
    task = MeetingOutcomeFactory(
        meeting=meeting,
        kind="task",
        text="Send the flyer to the printers.",
        assignee=sender,
        due_date=date(2025, 4, 1),
    )
    MeetingOutcomeFactory(
        meeting=meeting,
        kind="task",
        text="Somebody else's task.",
        assignee=world.member(Role.CASE_WORKER, world.org_a),
    )
    client = login(sender)
    home = client.get(reverse("core:home")).content.decode()
    assert "Send the flyer to the printers." in home
    assert "Somebody else" not in home
    assert reverse("network:task_done", args=[task.pk]) in home
    response = client.post(
        reverse("network:task_done", args=[task.pk]), {"next": reverse("core:home")}
    )
    assert response["Location"] == reverse("core:home")
    assert messages_of(response) == ["The task is done."]
    assert (
        "Send the flyer to the printers." not in client.get(reverse("core:home")).content.decode()
    )


def test_ticking_a_task_off_twice_changes_nothing_and_says_so(sender, meeting, login):
    task = MeetingOutcomeFactory(meeting=meeting, kind="task", assignee=sender)
    client = login(sender)
    url = reverse("network:task_done", args=[task.pk])
    client.post(url, follow=True)  # the page shows (and uses up) the first message
    done_at = MeetingOutcome.objects.get(pk=task.pk).done_at
    response = client.post(url)
    assert messages_of(response) == ["The task was already done; nothing changed."]
    assert MeetingOutcome.objects.get(pk=task.pk).done_at == done_at
    client.get(detail(meeting))
    response = client.post(reverse("network:task_reopen", args=[task.pk]))
    assert messages_of(response) == ["The task is open again."]
    assert MeetingOutcome.objects.get(pk=task.pk).done_at is None


def test_the_network_coachs_start_page_lists_her_tasks(world, coach, meeting, login):
    MeetingOutcomeFactory(meeting=meeting, kind="task", text="Invite the school.", assignee=coach)
    content = login(coach).get(reverse("core:home")).content.decode()
    assert "Invite the school." in content


def test_a_colleague_cannot_tick_off_someone_elses_task(world, sender, meeting, login):
    task = MeetingOutcomeFactory(meeting=meeting, kind="task", assignee=sender)
    colleague = world.member(Role.CASE_WORKER, world.org_b)
    assert login(colleague).post(reverse("network:task_done", args=[task.pk])).status_code == 403
    assert MeetingOutcome.objects.get(pk=task.pk).done_at is None


def test_a_task_of_another_project_is_a_404(world, login):
    outsider = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    foreign = MeetingFactory(project=world.other_project)
    task = MeetingOutcomeFactory(meeting=foreign, kind="task", assignee=outsider)
    assert (
        login(world.member(Role.NETWORK_COACH))
        .post(reverse("network:task_done", args=[task.pk]))
        .status_code
        == 404
    )


def test_the_detail_page_shows_everything(world, coach, sender, meeting, login):
    AttendeeFactory(meeting=meeting, organisation=world.org_b, name="Herr Yilmaz", attended=True)
    EvidenceFactory(meeting=meeting, kind="indicators")
    content = login(coach).get(detail(meeting)).content.decode()
    for text in (
        "Beirat März",
        "1. Figures of the quarter",
        "The board welcomed the new partner.",
        "Budget of org B is at risk.",
        "Herr Yilmaz",
        "ESF Plus indicator table",
        reverse("network:meeting_minutes", args=[meeting.pk]) + "?intern=1",
    ):
        assert text in content


def test_only_the_assignee_and_the_network_staff_get_the_tick_off_button(
    world, sender, coach, meeting, login
):
    task = MeetingOutcomeFactory(meeting=meeting, kind="task", assignee=sender)
    button = reverse("network:task_done", args=[task.pk])
    assert button in login(sender).get(detail(meeting)).content.decode()
    assert button in login(coach).get(detail(meeting)).content.decode()
    colleague = world.member(Role.CASE_WORKER, world.org_b)
    assert button not in login(colleague).get(detail(meeting)).content.decode()


def test_the_list_filters_by_project_and_level(world, login):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    MembershipFactory(
        user=lead, project=world.other_project, organisation=world.org_c, role=Role.PROJECT_LEAD
    )
    MeetingFactory(project=world.other_project, title="Fremdes Treffen", date=PAST)
    coach = world.member(Role.NETWORK_COACH, world.org_a)
    MeetingFactory(project=world.project, level="strategy", title="Strategierunde", date=PAST)
    MeetingFactory(project=world.project, level="activation", title="Aktivierungsrunde", date=PAST)
    url = reverse("network:meeting_list")
    content = login(coach).get(url, {"level": "strategy"}).content.decode()
    assert "Strategierunde" in content
    assert "Aktivierungsrunde" not in content
    content = login(lead).get(url, {"project": world.other_project.pk}).content.decode()
    assert "Strategierunde" not in content
    assert "Fremdes Treffen" in content
    content = login(lead).get(url, {"project": world.project.pk}).content.decode()
    assert "Strategierunde" in content
    assert "Fremdes Treffen" not in content
