"""Reads of the network's meetings (network meetings, Beirat sessions, district
conferences): the scoped list with its filters, one meeting with its attendees,
outcomes and evidence, the choices of its forms, the minutes' data, and the start-page
part with the user's open meeting tasks; the API's lists of meetings, decisions and
tasks (`meeting_rows_by_slug`, `decision_rows`, `task_rows`).

A meeting belongs to its project's network, which the whole consortium shares: it is
seen by the staff with a network view role (`NETWORK_VIEW_ROLES`) in its project,
whatever their organisation; a platform admin sees all of them. A meeting outside that
is a 404. Its outcomes go with it (`outcomes_visible_to`), and a task is also seen by
the person it is assigned to.
"""

from datetime import date
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import District, Organisation, Project, User
from quartier.core.tenancy import (
    NETWORK_VIEW_ROLES,
    NETWORK_WORK_ROLES,
    acting_organisation,
    is_active_user,
    project_ids_with_role,
    staff_with_role,
)
from quartier.network.models import (
    Attendee,
    EvidenceKind,
    Meeting,
    MeetingEvidence,
    MeetingOutcome,
    OutcomeKind,
    Partner,
    level_condition,
)

#: The plain path of the network's figures page (built by the `figures` area); the
#: evidence links to it with the project and the period in the query string.
FIGURES_PATH = "/netzwerk/zahlen/"


def meetings_visible_to(user) -> QuerySet[Meeting]:
    """The meetings of the projects in which the user holds a network view role; every
    meeting for a platform admin; none for anyone else."""
    if not is_active_user(user):
        return Meeting.objects.none()
    if user.is_platform_admin:
        return Meeting.objects.all()
    return Meeting.objects.filter(project_id__in=project_ids_with_role(user, *NETWORK_VIEW_ROLES))


def meeting_projects(user) -> QuerySet[Project]:
    """The projects whose meetings the user sees (for the list's project filter)."""
    if not is_active_user(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *NETWORK_VIEW_ROLES)).order_by(
        "name"
    )


def projects_for_new_meeting(user) -> QuerySet[Project]:
    """The projects in which the user may record a meeting (`network.add_meeting`)."""
    if not is_active_user(user):
        return Project.objects.none()
    if user.is_platform_admin:
        return Project.objects.order_by("name")
    return Project.objects.filter(pk__in=project_ids_with_role(user, *NETWORK_WORK_ROLES)).order_by(
        "name"
    )


def organiser_for(user, project: Project) -> Organisation | None:
    """The organisation a new meeting of `project` is organised by: the one the user
    keeps the network for (a platform admin: the project's lead organisation)."""
    return acting_organisation(user, project, roles=NETWORK_WORK_ROLES)


def project_districts(project_ids) -> QuerySet[District]:
    return District.objects.filter(projects__in=list(project_ids)).distinct().order_by("name")


# The list -----------------------------------------------------------------------------


def meeting_years(meetings: QuerySet[Meeting]) -> list[int]:
    return sorted({d.year for d in meetings.dates("date", "year")}, reverse=True)


def meeting_list(*, user, filters: dict, today: date | None = None) -> list[Meeting]:
    """The meetings the user sees, filtered (`project` id, `kind`, `level`, `year`,
    search `q` in title and agenda): the upcoming ones first, soonest first, then the
    past ones, newest first."""
    today = today or timezone.localdate()
    meetings = meetings_visible_to(user).select_related("project", "organisation", "district")
    if filters.get("project"):
        meetings = meetings.filter(project_id=filters["project"])
    if filters.get("kind"):
        meetings = meetings.filter(kind=filters["kind"])
    if filters.get("level"):
        meetings = meetings.filter(level_condition(filters["level"]))
    if filters.get("year"):
        meetings = meetings.filter(date__year=filters["year"])
    for word in (filters.get("q") or "").split()[:5]:
        meetings = meetings.filter(Q(title__icontains=word) | Q(agenda__icontains=word))
    upcoming = meetings.filter(date__gte=today).order_by("date", "starts_at", "id")
    past = meetings.filter(date__lt=today).order_by("-date", "-starts_at", "-id")
    return [*upcoming, *past]


def meeting_rows_by_slug(
    *, user, project: str | None = None, kind: str | None = None, level: str | None = None
) -> QuerySet[Meeting]:
    """The meetings the user sees, newest first, filtered by the project's slug, the
    kind and the level (meetings on both levels count for either, as on the page).
    The API's list."""
    meetings = meetings_visible_to(user)
    if project:
        meetings = meetings.filter(project__slug=project)
    if kind:
        meetings = meetings.filter(kind=kind)
    if level:
        meetings = meetings.filter(level_condition(level))
    return meetings.select_related("project", "organisation", "district").order_by(
        "-date", "-starts_at", "-id"
    )


# One meeting --------------------------------------------------------------------------


def meeting_get(*, user, pk: int) -> Meeting:
    """One meeting the user may see, or 404."""
    return get_object_or_404(
        meetings_visible_to(user).select_related("project", "organisation", "district"), pk=pk
    )


def meeting_attendees(meeting: Meeting) -> list[Attendee]:
    return list(
        meeting.attendees.select_related("organisation", "user").order_by(
            "organisation__name", "name", "id"
        )
    )


def meeting_outcomes(meeting: Meeting) -> list[MeetingOutcome]:
    """The outcomes in their order (position, then as recorded)."""
    return list(
        meeting.outcomes.select_related(
            "responsible_organisation", "assignee", "done_by", "decision"
        ).order_by("position", "id")
    )


def meeting_evidence(meeting: Meeting) -> list[dict]:
    """The figures the meeting looked at, each with the link to them."""
    return [
        {"evidence": item, "url": evidence_url(item, meeting.project)}
        for item in meeting.evidence.order_by("kind", "period_start", "id")
    ]


def evidence_url(evidence: MeetingEvidence, project: Project) -> str:
    """The page of the figures: the network's figures or the ESF Plus indicator table,
    for the project and the evidence's period."""
    if evidence.kind == EvidenceKind.INDICATORS:
        query = urlencode(
            {
                "period": "custom",
                "date_from": evidence.period_start.isoformat(),
                "date_to": evidence.period_end.isoformat(),
            }
        )
        return f"{reverse('reports:indicators', args=[project.slug])}?{query}"
    query = urlencode(
        {
            "project": project.slug,
            "von": evidence.period_start.isoformat(),
            "bis": evidence.period_end.isoformat(),
        }
    )
    return f"{FIGURES_PATH}?{query}"


def meeting_organisations(meeting: Meeting) -> QuerySet[Organisation]:
    """The organisations an attendee or a decision may name: the project's consortium
    and the organisations of its network partners."""
    partner_organisations = Partner.objects.filter(project_id=meeting.project_id).values(
        "partner_organisation_id"
    )
    return (
        Organisation.objects.filter(
            Q(pk__in=meeting.project.organisations.values("pk")) | Q(pk__in=partner_organisations)
        )
        .distinct()
        .order_by("name")
    )


def meeting_staff(meeting: Meeting) -> QuerySet[User]:
    """Whom a task may be assigned to (and which staff member may attend): the active
    staff with a network view role in the meeting's project, who can open the meeting."""
    return staff_with_role(meeting.project_id, *NETWORK_VIEW_ROLES)


def meeting_decisions(meeting: Meeting) -> QuerySet[MeetingOutcome]:
    return meeting.outcomes.filter(kind=OutcomeKind.DECISION).order_by("position", "id")


def meeting_outcome_get(meeting: Meeting, pk: int) -> MeetingOutcome:
    return get_object_or_404(meeting.outcomes.select_related("meeting"), pk=pk)


def meeting_attendee_get(meeting: Meeting, pk: int) -> Attendee:
    return get_object_or_404(meeting.attendees.select_related("meeting"), pk=pk)


def meeting_evidence_get(meeting: Meeting, pk: int) -> MeetingEvidence:
    return get_object_or_404(meeting.evidence.select_related("meeting"), pk=pk)


# Tasks --------------------------------------------------------------------------------


def outcomes_visible_to(user) -> QuerySet[MeetingOutcome]:
    """The outcomes of the meetings the user sees, and the tasks assigned to the user
    (wherever they come from); every outcome for a platform admin."""
    if not is_active_user(user):
        return MeetingOutcome.objects.none()
    if user.is_platform_admin:
        return MeetingOutcome.objects.all()
    return MeetingOutcome.objects.filter(
        Q(meeting__in=meetings_visible_to(user)) | Q(kind=OutcomeKind.TASK, assignee=user)
    )


def task_get(*, user, pk: int) -> MeetingOutcome:
    return get_object_or_404(
        outcomes_visible_to(user).filter(kind=OutcomeKind.TASK).select_related("meeting"), pk=pk
    )


def decision_rows(
    *, user, project: str | None = None, open_only: bool = False
) -> QuerySet[MeetingOutcome]:
    """The decisions of the meetings the user sees (`project`: its slug; `open_only`:
    not marked done), by due date (those without last). The API's list."""
    decisions = outcomes_visible_to(user).filter(kind=OutcomeKind.DECISION)
    if project:
        decisions = decisions.filter(meeting__project__slug=project)
    if open_only:
        decisions = decisions.filter(done_at__isnull=True)
    return decisions.select_related("meeting", "responsible_organisation").order_by(
        "due_date", "meeting__date", "position", "id"
    )


def task_rows(
    *, user, project: str | None = None, mine: bool = False, open_only: bool = False
) -> QuerySet[MeetingOutcome]:
    """The tasks the user sees (`mine`: only those assigned to the user; `project`: its
    slug; `open_only`: not done), by due date (those without last). The API's list."""
    tasks = outcomes_visible_to(user).filter(kind=OutcomeKind.TASK)
    if mine:
        tasks = tasks.filter(assignee=user)
    if project:
        tasks = tasks.filter(meeting__project__slug=project)
    if open_only:
        tasks = tasks.filter(done_at__isnull=True)
    return tasks.select_related(
        "meeting", "assignee", "done_by", "decision", "responsible_organisation"
    ).order_by("due_date", "meeting__date", "position", "id")


def open_tasks_part(*, user, today: date | None = None) -> dict:
    """The start page: the user's open meeting tasks (assigned to them, not done), by
    due date (those without a date last), each with its meeting."""
    today = today or timezone.localdate()
    tasks = list(
        MeetingOutcome.objects.filter(kind=OutcomeKind.TASK, assignee=user, done_at__isnull=True)
        .filter(meeting__in=meetings_visible_to(user))
        .select_related("meeting", "meeting__project")
        .order_by("due_date", "meeting__date", "id")[:100]
    )
    tasks.sort(key=lambda task: (task.due_date is None, task.due_date or today, task.pk))
    return {"meeting_tasks_start": {"today": today, "tasks": tasks}}


# The minutes --------------------------------------------------------------------------


def minutes_data(*, meeting: Meeting, internal: bool) -> dict:
    """What the minutes PDF shows; the internal part only when `internal`."""
    return {
        "meeting": meeting,
        "project": meeting.project,
        "organisation": meeting.organisation,
        "attendees": meeting_attendees(meeting),
        "outcomes": meeting_outcomes(meeting),
        "evidence": meeting_evidence(meeting),
        "internal": internal,
        "today": timezone.localdate(),
    }
