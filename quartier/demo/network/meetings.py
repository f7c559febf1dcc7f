"""The demo's meetings in Duisburg: a session of the Beirat on both levels (agenda,
public and internal minutes, attendees from both networks, an information, two
decisions with the organisation responsible and a due date, tasks: one open for the
network coach, one done by the project lead, and the network figures it looked at), a
past district network meeting and an upcoming strategy network meeting."""

from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from quartier.demo.network import catalogue
from quartier.network.models import Attendee, Meeting, MeetingEvidence, MeetingOutcome


def _weekday_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _save(record):
    record.full_clean()
    record.save()
    return record


def _attendees(meeting, network, organisations, staff) -> None:
    for slug, attended in organisations:
        _save(
            Attendee(
                meeting=meeting,
                organisation=network.organisations[slug],
                invited=True,
                attended=attended and meeting.date <= network.today,
            )
        )
    for user in staff:
        if user is not None:
            _save(
                Attendee(
                    meeting=meeting,
                    user=user,
                    organisation=network.duisburg.owner,
                    attended=meeting.date <= network.today,
                )
            )


def _seed_meetings(network) -> None:
    duisburg = network.duisburg
    if duisburg is None:
        return
    today = network.today
    coach = network.logins.get(catalogue.COACH_LOGIN)
    lead = network.logins.get(catalogue.LEAD_LOGIN)
    # The Beirat met three weeks ago (on a weekday, inside the project's period).
    board_day = max(_weekday_before(today - timedelta(days=21)), duisburg.project.start_date)
    board = _save(
        Meeting(
            project=duisburg.project,
            organisation=duisburg.owner,
            kind="board",
            level="both",
            title=catalogue.BOARD_TITLE,
            date=board_day,
            starts_at=time(14, 0),
            ends_at=time(16, 30),
            place="Stadtteilbüro Marxloh",
            invited_on=board_day - timedelta(days=14),
            agenda=catalogue.BOARD_AGENDA,
            minutes_public=catalogue.BOARD_MINUTES_PUBLIC,
            minutes_internal=catalogue.BOARD_MINUTES_INTERNAL,
            created_by=coach or lead,
        )
    )
    _attendees(board, network, catalogue.BOARD_ATTENDEES, [coach, lead])
    position = 0
    _save(
        MeetingOutcome(
            meeting=board,
            kind="information",
            text=catalogue.BOARD_INFORMATION,
            position=position,
            created_by=coach,
        )
    )
    decisions = []
    for text, slug, due_in in catalogue.BOARD_DECISIONS:
        position += 1
        decisions.append(
            _save(
                MeetingOutcome(
                    meeting=board,
                    kind="decision",
                    text=text,
                    responsible_organisation=network.organisations[slug],
                    due_date=board_day + timedelta(days=due_in),
                    position=position,
                    created_by=coach,
                )
            )
        )
    for text, login, decision, due_in, done in catalogue.BOARD_TASKS:
        assignee = network.logins.get(login)
        if assignee is None:
            continue
        position += 1
        task = _save(
            MeetingOutcome(
                meeting=board,
                kind="task",
                text=text,
                decision=decisions[decision] if decision is not None else None,
                assignee=assignee,
                due_date=today + timedelta(days=due_in),
                position=position,
                created_by=coach,
            )
        )
        if done:
            task.done_at = timezone.make_aware(
                datetime.combine(today + timedelta(days=due_in - 2), time(12, 0))
            )
            task.done_by = assignee
            task.save(update_fields=["done_at", "done_by", "updated_at"])
        network.counts.tasks += 1
    quarter_end = board_day.replace(day=1) - timedelta(days=1)
    _save(
        MeetingEvidence(
            meeting=board,
            kind="network_figures",
            period_start=max(
                quarter_end.replace(day=1) - relativedelta(months=2), duisburg.project.start_date
            ),
            period_end=max(quarter_end, duisburg.project.start_date),
            note="Überleitungen und Rückmeldungen der letzten drei Monate",
        )
    )
    network.meetings["board"] = board
    network.counts.meetings += 1
    for (
        title,
        kind,
        level,
        district,
        days,
        place,
        agenda,
        minutes,
        organisations,
    ) in catalogue.NETWORK_MEETINGS:
        day = max(_weekday_before(today + timedelta(days=days)), duisburg.project.start_date)
        meeting = _save(
            Meeting(
                project=duisburg.project,
                organisation=duisburg.owner,
                kind=kind,
                level=level,
                title=title,
                date=day,
                starts_at=time(10, 0),
                ends_at=time(12, 0),
                place=place,
                district=network.districts[district] if district else None,
                invited_on=min(day, today) - timedelta(days=10),
                agenda=agenda,
                minutes_public=minutes if day <= today else "",
                created_by=coach or lead,
            )
        )
        _attendees(meeting, network, [(slug, True) for slug in organisations], [coach])
        network.meetings["upcoming" if day > today else "past"] = meeting
        network.counts.meetings += 1
