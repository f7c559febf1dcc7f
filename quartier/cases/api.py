"""API endpoints of the case file: cases with exit and six-month follow-up, assessments,
plans with goals, contacts and follow-ups.

Thin: reads start from the `*_visible_to(user)` selectors (through `api_selectors`),
writes go through `cases.services` (and `api_services` where the API needs more).
A foreign id, also one named in a request body, is a 404. Evaluators and network
coaches see empty lists. A stale `version` is a 409 naming what changed.
"""

import datetime as dt
import enum
from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.schemas import (
    ConflictOut,
    ErrorOut,
    FilterSchema,
    InputSchema,
    Integer,
    Pagination,
    UserRef,
    user_ref,
)
from quartier.cases import api_selectors, api_services, selectors, services
from quartier.cases.models import (
    NEED_DOMAINS,
    Case,
    Contact,
    ExitReason,
    FollowUp,
    Goal,
    NeedRating,
    Plan,
    Skill,
    Stage,
    YesNo,
    YesNoUnknown,
)
from quartier.cases.selectors import CASE_LIST_TARGET_GROUPS, CASE_SORTS, CaseFilter
from quartier.core.models import User
from quartier.participants.models import Channel, Topic
from quartier.privacy.services import access_log_record

router = Router()

WRITE_ERRORS = {403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut}

#: The target groups the case list can derive from the entry data.
CaseTargetGroup = enum.Enum(
    "CaseTargetGroup", {group.name: group.value for group in CASE_LIST_TARGET_GROUPS}, type=str
)
CaseOrdering = Literal[tuple(CASE_SORTS)]


def _case(user, case_id: int) -> Case:
    """A case the user may see, for a write; 404 otherwise."""
    return get_object_or_404(
        selectors.cases_visible_to(user).select_related("participant"), pk=case_id
    )


def _staff(user_id: int | None, field: str) -> User | None:
    """The staff member named by id; the services check their role in the case's
    organisation. An unknown id gets the same message, so ids reveal nothing."""
    if user_id is None:
        return None
    person = User.objects.filter(pk=user_id, is_active=True).first()
    if person is None:
        raise ValidationError(
            {field: _("This person has no case role in the organisation that owns the case.")}
        )
    return person


# Cases ---------------------------------------------------------------------------------


class ParticipantRef(Schema):
    id: int
    external_id: str
    first_name: str
    last_name: str


class CaseOut(Schema):
    id: int
    version: int
    participant: ParticipantRef
    project: str = Field(description="Slug of the project.")
    organisation: str = Field(description="Slug of the owning organisation.")
    district: str | None = Field(description="Slug of the participant's district.")
    responsible: UserRef | None
    stage: str
    entry_date: dt.date
    exit_date: dt.date | None
    exit_reason: str
    exit_job_searching: str
    exit_education_training: str
    exit_qualification: str
    exit_employed: str
    followup_6m_employed: str
    followup_6m_better_situation: str
    followup_6m_recorded_on: dt.date | None
    has_overdue: bool = Field(description="An open follow-up is past its due date.")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_project(obj):
        return obj.project.slug

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation.slug

    @staticmethod
    def resolve_district(obj):
        district = obj.participant.district
        return district.slug if district else None

    @staticmethod
    def resolve_responsible(obj):
        return user_ref(obj.responsible)


class CaseListFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    stage: Stage | None = None
    responsible: int | None = Field(None, description="Id of the responsible staff member.")
    district: str | None = Field(None, description="Slug of the participant's district.")
    target_group: CaseTargetGroup | None = None
    overdue: bool = Field(False, description="Only cases with an overdue follow-up.")
    entry_from: dt.date | None = None
    entry_to: dt.date | None = None
    search: str = Field("", description="Words of the name, or the participant number.")
    ordering: CaseOrdering = "-entry"
    include_exited: bool = Field(
        False, description="Without a stage filter, exited cases are left out unless set."
    )


class CasePatchIn(InputSchema):
    version: int
    stage: Stage | None = None
    responsible: int | None = Field(None, description="User id; null for nobody.")
    entry_date: dt.date | None = None


class CaseExitIn(InputSchema):
    version: int
    exit_date: dt.date
    exit_reason: ExitReason
    exit_job_searching: YesNo
    exit_education_training: YesNo
    exit_qualification: YesNo
    exit_employed: YesNo


class FollowUp6mIn(InputSchema):
    version: int
    followup_6m_employed: YesNoUnknown
    followup_6m_better_situation: YesNoUnknown
    followup_6m_recorded_on: dt.date | None = Field(None, description="Default: today.")


def _case_out(user, case_id: int) -> Case:
    return get_object_or_404(
        api_selectors.case_rows(user=user, filters=CaseFilter(show_exited=True)), pk=case_id
    )


@router.get("/cases/", url_name="cases", response=list[CaseOut], tags=["cases"])
@paginate(Pagination)
def list_cases(request, filters: Query[CaseListFilter]):
    """Cases of the organisations in which you hold a case role, newest entry first."""
    if filters.entry_from and filters.entry_to and filters.entry_from > filters.entry_to:
        raise ValidationError({"entry_to": _("'entry_to' cannot be before 'entry_from'.")})
    case_filter = CaseFilter(
        query=filters.search,
        stage=filters.stage or "",
        responsible=filters.responsible,
        target_group=filters.target_group.value if filters.target_group else "",
        overdue=filters.overdue,
        entry_from=filters.entry_from,
        entry_to=filters.entry_to,
        show_exited=filters.include_exited,
        sort=filters.ordering,
    )
    return api_selectors.case_rows(
        user=request.auth,
        filters=case_filter,
        project=filters.project or "",
        district=filters.district or "",
    )


@router.get(
    "/cases/{int:case_id}/", url_name="case", response={200: CaseOut, 404: ErrorOut}, tags=["cases"]
)
def get_case(request, case_id: int):
    """One case; the read is recorded in the access log."""
    case = _case_out(request.auth, case_id)
    access_log_record(actor=request.auth, action="view", record=case)
    return case


@router.patch(
    "/cases/{int:case_id}/",
    url_name="case",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def update_case(request, case_id: int, payload: CasePatchIn):
    """Change stage, responsible person or entry date of an open case. Exiting is
    `POST /cases/{id}/exit/`."""
    case = _case(request.auth, case_id)
    data = payload.model_dump(exclude_unset=True)
    responsible = (
        _staff(data["responsible"], "responsible") if "responsible" in data else case.responsible
    )
    with version_guard(case, payload.version):
        services.case_update(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            stage=payload.stage or case.stage,
            responsible=responsible,
            entry_date=payload.entry_date or case.entry_date,
        )
    return _case_out(request.auth, case_id)


@router.post(
    "/cases/{int:case_id}/exit/",
    url_name="case_exit",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def exit_case(request, case_id: int, payload: CaseExitIn):
    """Close the case with the ESF Plus exit data. With a valid consent to be contacted
    after leaving, the six-month follow-up is planned."""
    case = _case(request.auth, case_id)
    with version_guard(case, payload.version):
        services.case_exit(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            **payload.model_dump(exclude={"version"}),
        )
    return _case_out(request.auth, case_id)


@router.delete(
    "/cases/{int:case_id}/exit/",
    url_name="case_exit",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def undo_exit(request, case_id: int, version: Integer):
    """Reopen a case closed by mistake: the exit data and the open six-month follow-up go."""
    case = _case(request.auth, case_id)
    with version_guard(case, version):
        services.case_exit_undo(actor=request.auth, case=case, expected_version=version)
    return _case_out(request.auth, case_id)


@router.put(
    "/cases/{int:case_id}/followup-6m/",
    url_name="case_followup_6m",
    response={200: CaseOut, **WRITE_ERRORS},
    tags=["cases"],
)
def record_followup_6m(request, case_id: int, payload: FollowUp6mIn):
    """The six-month follow-up after leaving (EECR05, EECR06)."""
    case = _case(request.auth, case_id)
    with version_guard(case, payload.version):
        services.case_record_followup_6m(
            actor=request.auth,
            case=case,
            expected_version=payload.version,
            employed=payload.followup_6m_employed,
            better_situation=payload.followup_6m_better_situation,
            recorded_on=payload.followup_6m_recorded_on,
        )
    return _case_out(request.auth, case_id)


# Skills and assessments ----------------------------------------------------------------


class SkillOut(Schema):
    id: int
    name: str
    category: str
    esco_uri: str


class AssessmentOut(Schema):
    id: int
    version: int
    case: int
    date: dt.date
    skills: list[SkillOut]
    strengths: str
    need_language: int
    need_childcare: int
    need_health: int
    need_debts: int
    need_housing: int
    need_mobility: int
    need_digital: int
    need_residence: int
    need_stability: int
    need_basic_skills: int
    notes: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_skills(obj):
        return list(obj.skills.all())


_NEED = Field(NeedRating.NONE, description="0 (no support needed) to 3 (much support).")


class AssessmentIn(InputSchema):
    case: int
    date: dt.date
    skills: list[int] = Field([], description="Ids from /api/v1/skills/.")
    strengths: str = ""
    need_language: NeedRating = _NEED
    need_childcare: NeedRating = _NEED
    need_health: NeedRating = _NEED
    need_debts: NeedRating = _NEED
    need_housing: NeedRating = _NEED
    need_mobility: NeedRating = _NEED
    need_digital: NeedRating = _NEED
    need_residence: NeedRating = _NEED
    need_stability: NeedRating = _NEED
    need_basic_skills: NeedRating = _NEED
    notes: str = ""


class AssessmentPatchIn(InputSchema):
    version: int
    date: dt.date | None = None
    skills: list[int] | None = Field(None, description="The whole list; ids from /skills/.")
    strengths: str | None = None
    need_language: NeedRating | None = None
    need_childcare: NeedRating | None = None
    need_health: NeedRating | None = None
    need_debts: NeedRating | None = None
    need_housing: NeedRating | None = None
    need_mobility: NeedRating | None = None
    need_digital: NeedRating | None = None
    need_residence: NeedRating | None = None
    need_stability: NeedRating | None = None
    need_basic_skills: NeedRating | None = None
    notes: str | None = None


class AssessmentFilter(FilterSchema):
    case: int | None = None


def _skills(ids: list[int]) -> list[Skill]:
    skills = list(Skill.objects.filter(pk__in=ids))
    missing = sorted(set(ids) - {skill.pk for skill in skills})
    if missing:
        raise ValidationError(
            {"skills": _("Unknown skill id: %(id)s (see /api/v1/skills/).") % {"id": missing[0]}}
        )
    return skills


@router.get("/skills/", url_name="skills", response=list[SkillOut], tags=["assessments"])
@paginate(Pagination)
def list_skills(request):
    """The curated strengths and competences an assessment can name."""
    return Skill.objects.order_by("category", "name", "id")


@router.get(
    "/assessments/", url_name="assessments", response=list[AssessmentOut], tags=["assessments"]
)
@paginate(Pagination)
def list_assessments(request, filters: Query[AssessmentFilter]):
    """Assessments (Potenzialanalysen), per case in date order."""
    return api_selectors.assessment_list(user=request.auth, case=filters.case)


@router.post(
    "/assessments/",
    url_name="assessments",
    response={201: AssessmentOut, **WRITE_ERRORS},
    tags=["assessments"],
)
def create_assessment(request, payload: AssessmentIn):
    case = _case(request.auth, payload.case)
    needs = {field: int(getattr(payload, field)) for field, _label in NEED_DOMAINS}
    assessment = services.assessment_create(
        actor=request.auth,
        case=case,
        date=payload.date,
        needs=needs,
        skills=_skills(payload.skills),
        strengths=payload.strengths,
        notes=payload.notes,
    )
    return Status(201, _assessment(request.auth, assessment.pk))


def _assessment(user, pk: int):
    return get_object_or_404(api_selectors.assessment_list(user=user), pk=pk)


@router.get(
    "/assessments/{int:assessment_id}/",
    url_name="assessment",
    response={200: AssessmentOut, 404: ErrorOut},
    tags=["assessments"],
)
def get_assessment(request, assessment_id: int):
    return _assessment(request.auth, assessment_id)


@router.patch(
    "/assessments/{int:assessment_id}/",
    url_name="assessment",
    response={200: AssessmentOut, **WRITE_ERRORS},
    tags=["assessments"],
)
def update_assessment(request, assessment_id: int, payload: AssessmentPatchIn):
    assessment = get_object_or_404(
        selectors.assessments_visible_to(request.auth).select_related("case"), pk=assessment_id
    )
    data = payload.model_dump(exclude_unset=True, exclude={"version", "skills"})
    skills = _skills(payload.skills) if payload.skills is not None else None
    with version_guard(assessment, payload.version):
        api_services.assessment_update(
            actor=request.auth,
            assessment=assessment,
            expected_version=payload.version,
            data={field: value for field, value in data.items() if value is not None},
            skills=skills,
        )
    return _assessment(request.auth, assessment_id)


# Plans ---------------------------------------------------------------------------------


class GoalOut(Schema):
    id: int
    title: str
    steps: str
    due_date: dt.date | None
    status: str
    responsible: str
    position: int


class PlanOut(Schema):
    id: int
    version: int
    case: int
    agreed_on: dt.date | None
    summary: str
    goals: list[GoalOut]
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_goals(obj):
        return list(obj.goals.all())


class GoalIn(InputSchema):
    id: int | None = Field(None, description="Id of an existing goal of the plan; none for new.")
    title: str
    steps: str = ""
    due_date: dt.date | None = None
    status: Goal.Status = Goal.Status.OPEN
    responsible: str = Field("", description="Who does it, e.g. the participant, the Jobcenter.")


class PlanCreateIn(InputSchema):
    case: int
    agreed_on: dt.date | None = None
    summary: str = ""
    goals: list[GoalIn] = []


class PlanPutIn(InputSchema):
    version: int
    agreed_on: dt.date | None = None
    summary: str = ""
    goals: list[GoalIn] = Field(
        [], description="The whole list in order; goals of the plan left out are deleted."
    )


class PlanFilter(FilterSchema):
    case: int | None = None


def _plan(user, pk: int) -> Plan:
    return get_object_or_404(api_selectors.plan_list(user=user), pk=pk)


@router.get("/plans/", url_name="plans", response=list[PlanOut], tags=["plans"])
@paginate(Pagination)
def list_plans(request, filters: Query[PlanFilter]):
    """Plans (Förderpläne) with their goals; a case has at most one."""
    return api_selectors.plan_list(user=request.auth, case=filters.case)


@router.post("/plans/", url_name="plans", response={201: PlanOut, **WRITE_ERRORS}, tags=["plans"])
def create_plan(request, payload: PlanCreateIn):
    """The first plan of a case. A case that has one already gets a 409 naming it."""
    case = _case(request.auth, payload.case)
    existing = Plan.objects.filter(case=case).first()
    if existing is not None:
        return Status(
            409,
            {
                "detail": _(
                    "This case already has a plan (id %(id)s, version %(version)s). Change it "
                    "with PUT /api/v1/plans/%(id)s/."
                )
                % {"id": existing.pk, "version": existing.version},
                "version": existing.version,
                "changed": [],
            },
        )
    plan = services.plan_save(
        actor=request.auth,
        case=case,
        expected_version=None,
        agreed_on=payload.agreed_on,
        summary=payload.summary,
        goals=[goal.model_dump() for goal in payload.goals],
    )
    return Status(201, _plan(request.auth, plan.pk))


@router.get(
    "/plans/{int:plan_id}/", url_name="plan", response={200: PlanOut, 404: ErrorOut}, tags=["plans"]
)
def get_plan(request, plan_id: int):
    return _plan(request.auth, plan_id)


@router.put(
    "/plans/{int:plan_id}/",
    url_name="plan",
    response={200: PlanOut, **WRITE_ERRORS},
    tags=["plans"],
)
def replace_plan(request, plan_id: int, payload: PlanPutIn):
    """Replace the plan and its goals as a whole; nothing is saved if one goal is wrong."""
    plan = get_object_or_404(
        selectors.plans_visible_to(request.auth).select_related("case"), pk=plan_id
    )
    goals = [goal.model_dump() for goal in payload.goals]
    kept = {goal["id"] for goal in goals if goal["id"]}
    goals += [
        {"id": goal_id, "delete": True}
        for goal_id in plan.goals.values_list("id", flat=True)
        if goal_id not in kept
    ]
    with version_guard(plan, payload.version):
        services.plan_save(
            actor=request.auth,
            case=plan.case,
            expected_version=payload.version,
            agreed_on=payload.agreed_on,
            summary=payload.summary,
            goals=goals,
        )
    return _plan(request.auth, plan_id)


# Contacts ------------------------------------------------------------------------------


class ContactOut(Schema):
    id: int
    version: int
    case: int
    date: dt.date
    duration_minutes: int
    channel: str
    topics: list[str]
    notes: str
    staff: UserRef | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_staff(obj):
        return user_ref(obj.staff)


class ContactIn(InputSchema):
    case: int
    date: dt.date
    duration_minutes: int = Field(30, ge=0, le=24 * 60)
    channel: Channel = Channel.WALK_IN
    topics: list[Topic] = []
    notes: str = ""


class ContactPatchIn(InputSchema):
    version: int
    date: dt.date | None = None
    duration_minutes: int | None = Field(None, ge=0, le=24 * 60)
    channel: Channel | None = None
    topics: list[Topic] | None = None
    notes: str | None = None


class ContactFilter(FilterSchema):
    case: int | None = None
    date_from: dt.date | None = Field(None, description="Inclusive.")
    date_to: dt.date | None = Field(None, description="Inclusive.")


def _contact(user, pk: int) -> Contact:
    return get_object_or_404(api_selectors.contact_list(user=user), pk=pk)


@router.get("/contacts/", url_name="contacts", response=list[ContactOut], tags=["contacts"])
@paginate(Pagination)
def list_contacts(request, filters: Query[ContactFilter]):
    """Counselling contacts, newest first. Their notes are personal data: only those who
    may see the case see them."""
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise ValidationError({"date_to": _("'date_to' cannot be before 'date_from'.")})
    return api_selectors.contact_list(
        user=request.auth, case=filters.case, date_from=filters.date_from, date_to=filters.date_to
    )


@router.post(
    "/contacts/", url_name="contacts", response={201: ContactOut, **WRITE_ERRORS}, tags=["contacts"]
)
def create_contact(request, payload: ContactIn):
    case = _case(request.auth, payload.case)
    contact = services.contact_create(
        actor=request.auth,
        case=case,
        date=payload.date,
        duration_minutes=payload.duration_minutes,
        channel=payload.channel,
        topics=[str(topic) for topic in payload.topics],
        notes=payload.notes,
    )
    return Status(201, _contact(request.auth, contact.pk))


@router.get(
    "/contacts/{int:contact_id}/",
    url_name="contact",
    response={200: ContactOut, 404: ErrorOut},
    tags=["contacts"],
)
def get_contact(request, contact_id: int):
    return _contact(request.auth, contact_id)


@router.patch(
    "/contacts/{int:contact_id}/",
    url_name="contact",
    response={200: ContactOut, **WRITE_ERRORS},
    tags=["contacts"],
)
def update_contact(request, contact_id: int, payload: ContactPatchIn):
    contact = get_object_or_404(
        selectors.contacts_visible_to(request.auth).select_related("case"), pk=contact_id
    )
    data = {
        field: value
        for field, value in payload.model_dump(exclude_unset=True, exclude={"version"}).items()
        if value is not None
    }
    if "topics" in data:
        data["topics"] = [str(topic) for topic in data["topics"]]
    with version_guard(contact, payload.version):
        api_services.contact_change(
            actor=request.auth, contact=contact, expected_version=payload.version, data=data
        )
    return _contact(request.auth, contact_id)


# Follow-ups ----------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    version: int
    case: int
    due_date: dt.date
    title: str
    kind: str
    assigned_to: UserRef | None
    done: bool
    done_at: dt.datetime | None
    done_by: UserRef | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_case(obj):
        return obj.case_id

    @staticmethod
    def resolve_assigned_to(obj):
        return user_ref(obj.assigned_to)

    @staticmethod
    def resolve_done_by(obj):
        return user_ref(obj.done_by)

    @staticmethod
    def resolve_done(obj):
        return obj.done_at is not None


class FollowUpIn(InputSchema):
    case: int
    due_date: dt.date
    title: str
    assigned_to: int | None = Field(None, description="User id; default: the responsible.")
    kind: FollowUp.Kind = FollowUp.Kind.GENERAL


class FollowUpPatchIn(InputSchema):
    version: int
    due_date: dt.date | None = None
    title: str | None = None
    assigned_to: int | None = Field(None, description="User id; null for nobody.")
    kind: FollowUp.Kind | None = None
    done: bool | None = Field(None, description="true ticks it off, false reopens it.")


class FollowUpFilter(FilterSchema):
    case: int | None = None
    assigned_to_me: bool = False
    due_before: dt.date | None = Field(None, description="Due strictly before this date.")
    open: bool | None = Field(None, description="true: not done yet; false: done.")


def _follow_up(user, pk: int) -> FollowUp:
    return get_object_or_404(api_selectors.follow_up_list(user=user), pk=pk)


@router.get("/follow-ups/", url_name="follow_ups", response=list[FollowUpOut], tags=["follow-ups"])
@paginate(Pagination)
def list_follow_ups(request, filters: Query[FollowUpFilter]):
    """Follow-ups (Wiedervorlagen) by due date."""
    return api_selectors.follow_up_list(
        user=request.auth,
        case=filters.case,
        assigned_to_me=filters.assigned_to_me,
        due_before=filters.due_before,
        is_open=filters.open,
    )


@router.post(
    "/follow-ups/",
    url_name="follow_ups",
    response={201: FollowUpOut, **WRITE_ERRORS},
    tags=["follow-ups"],
)
def create_follow_up(request, payload: FollowUpIn):
    case = _case(request.auth, payload.case)
    follow_up = services.follow_up_create(
        actor=request.auth,
        case=case,
        due_date=payload.due_date,
        title=payload.title,
        assigned_to=_staff(payload.assigned_to, "assigned_to"),
        kind=payload.kind,
    )
    return Status(201, _follow_up(request.auth, follow_up.pk))


@router.get(
    "/follow-ups/{int:follow_up_id}/",
    url_name="follow_up",
    response={200: FollowUpOut, 404: ErrorOut},
    tags=["follow-ups"],
)
def get_follow_up(request, follow_up_id: int):
    return _follow_up(request.auth, follow_up_id)


@router.patch(
    "/follow-ups/{int:follow_up_id}/",
    url_name="follow_up",
    response={200: FollowUpOut, **WRITE_ERRORS},
    tags=["follow-ups"],
)
def update_follow_up(request, follow_up_id: int, payload: FollowUpPatchIn):
    """Change a follow-up and/or tick it off (`done`)."""
    follow_up = get_object_or_404(
        selectors.follow_ups_visible_to(request.auth).select_related("case"), pk=follow_up_id
    )
    data = payload.model_dump(exclude_unset=True, exclude={"version", "done"})
    if "assigned_to" in data:
        data["assigned_to"] = _staff(data["assigned_to"], "assigned_to")
    for field in ("due_date", "title", "kind"):
        if field in data and data[field] is None:
            del data[field]
    with version_guard(follow_up, payload.version):
        api_services.follow_up_change(
            actor=request.auth,
            follow_up=follow_up,
            expected_version=payload.version,
            data=data,
            done=payload.done,
        )
    return _follow_up(request.auth, follow_up_id)
