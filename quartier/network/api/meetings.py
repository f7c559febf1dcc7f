"""API endpoints of the network's meetings: the list and one meeting with its
attendees and outcomes (information, decisions with the organisation responsible and
the due date, tasks with the assignee, due date and when they were done), the
decisions, the tasks (`mine=true`: yours) and ticking one off."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.schemas import (
    ConflictOut,
    ErrorOut,
    FilterSchema,
    LocalTime,
    Pagination,
    UserRef,
    user_ref,
)
from quartier.network.api.referrals import OrganisationRef, organisation_ref
from quartier.network.models import Meeting, MeetingKind, NetworkLevel, OutcomeKind
from quartier.network.selectors import meetings as selectors
from quartier.network.services import meetings as services

router = Router(tags=["meetings"])


class AttendeeOut(Schema):
    id: int
    organisation: OrganisationRef | None
    user: UserRef | None
    name: str
    invited: bool
    attended: bool


class OutcomeOut(Schema):
    id: int
    kind: str = Field(description="information, decision or task.")
    text: str
    meeting: int = Field(description="Id of the meeting.")
    meeting_title: str
    meeting_date: dt.date
    decision: int | None = Field(description="A task: the id of the decision it follows.")
    responsible_organisation: OrganisationRef | None = Field(
        description="A decision: the organisation responsible for it."
    )
    assignee: UserRef | None = Field(description="A task: who does it.")
    due_date: dt.date | None
    done: bool
    done_at: dt.datetime | None
    done_by: UserRef | None

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting_id

    @staticmethod
    def resolve_meeting_title(obj):
        return obj.meeting.title

    @staticmethod
    def resolve_meeting_date(obj):
        return obj.meeting.date

    @staticmethod
    def resolve_decision(obj):
        return obj.decision_id

    @staticmethod
    def resolve_responsible_organisation(obj):
        return organisation_ref(obj.responsible_organisation)

    @staticmethod
    def resolve_assignee(obj):
        return user_ref(obj.assignee)

    @staticmethod
    def resolve_done(obj):
        return obj.done_at is not None

    @staticmethod
    def resolve_done_by(obj):
        return user_ref(obj.done_by)


class MeetingOut(Schema):
    id: int
    version: int
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(description="Slug of the organiser.", alias="organisation.slug")
    kind: str
    level: str
    title: str
    date: dt.date
    starts_at: LocalTime | None
    ends_at: LocalTime | None
    place: str
    district: str | None = Field(description="Slug of the district.")
    invited_on: dt.date | None
    agenda: str
    minutes_public: str
    minutes_internal: str = Field(description="Only for the project's staff.")
    attendees: list[AttendeeOut]
    information: list[OutcomeOut]
    decisions: list[OutcomeOut]
    tasks: list[OutcomeOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_district(obj):
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_attendees(obj):
        return [
            {
                "id": attendee.pk,
                "organisation": organisation_ref(attendee.organisation),
                "user": user_ref(attendee.user),
                "name": attendee.name,
                "invited": attendee.invited,
                "attended": attendee.attended,
            }
            for attendee in obj.attendees.all()
        ]

    @staticmethod
    def _outcomes(obj, kind):
        return [outcome for outcome in obj.outcomes.all() if outcome.kind == kind]

    @staticmethod
    def resolve_information(obj):
        return MeetingOut._outcomes(obj, OutcomeKind.INFORMATION)

    @staticmethod
    def resolve_decisions(obj):
        return MeetingOut._outcomes(obj, OutcomeKind.DECISION)

    @staticmethod
    def resolve_tasks(obj):
        return MeetingOut._outcomes(obj, OutcomeKind.TASK)


class MeetingFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    kind: MeetingKind | None = None
    level: NetworkLevel | None = Field(
        None, description="activation or strategy (each with the meetings of both); both."
    )


class DecisionFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    open: bool = Field(False, description="Only those not marked done.")


class TaskFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    mine: bool = Field(False, description="Only the tasks assigned to you.")
    open: bool = Field(False, description="Only those not done yet.")


def _with_children(meetings):
    return meetings.select_related("project", "organisation", "district").prefetch_related(
        "attendees__organisation",
        "attendees__user",
        "outcomes__meeting",
        "outcomes__responsible_organisation",
        "outcomes__assignee",
        "outcomes__done_by",
    )


def _meeting(user, pk: int) -> Meeting:
    meeting = _with_children(selectors.meetings_visible_to(user)).filter(pk=pk).first()
    if meeting is None:
        raise Http404
    return meeting


@router.get(
    "/meetings/",
    url_name="meetings",
    response=list[MeetingOut],
    operation_id="quartier_network_api_meetings_list_meetings",
)
@paginate(Pagination)
def list_meetings(request, filters: Query[MeetingFilter]):
    """The meetings of the networks you work in, newest first, with their outcomes."""
    return _with_children(
        selectors.meeting_rows_by_slug(
            user=request.auth,
            project=filters.project or None,
            kind=filters.kind or None,
            level=filters.level or None,
        )
    )


@router.get(
    "/meetings/{int:meeting_id}/",
    url_name="meeting",
    response={200: MeetingOut, 404: ErrorOut},
    operation_id="quartier_network_api_meetings_get_meeting",
)
def get_meeting(request, meeting_id: int):
    """One meeting with its attendees and outcomes."""
    return _meeting(request.auth, meeting_id)


@router.get(
    "/decisions/",
    url_name="decisions",
    response=list[OutcomeOut],
    operation_id="quartier_network_api_meetings_list_decisions",
)
@paginate(Pagination)
def list_decisions(request, filters: Query[DecisionFilter]):
    """The decisions of the meetings you see, by due date."""
    return selectors.decision_rows(
        user=request.auth, project=filters.project or None, open_only=filters.open
    )


@router.get(
    "/tasks/",
    url_name="tasks",
    response=list[OutcomeOut],
    operation_id="quartier_network_api_meetings_list_tasks",
)
@paginate(Pagination)
def list_tasks(request, filters: Query[TaskFilter]):
    """The meetings' tasks you see (`mine=true`: those assigned to you), by due date."""
    return selectors.task_rows(
        user=request.auth,
        project=filters.project or None,
        mine=filters.mine,
        open_only=filters.open,
    )


@router.post(
    "/tasks/{int:task_id}/done/",
    url_name="task_done",
    response={200: OutcomeOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut},
    operation_id="quartier_network_api_meetings_complete_task",
)
def complete_task(request, task_id: int):
    """Tick off a task: its assignee, the network coach or the project lead. A task done
    already is a 409."""
    user = request.auth
    task = selectors.task_rows(user=user).filter(pk=task_id).first()
    if task is None:
        raise Http404
    try:
        change = services.task_set_done(actor=user, task=task, done=True)
    except ValidationError as error:
        return _conflict(" ".join(error.messages))
    if not change.changed:
        return _conflict(_("This task has already been done."))
    return selectors.task_rows(user=user).get(pk=task_id)


def _conflict(detail: str):
    return Status(409, {"detail": detail, "version": None, "changed": []})
