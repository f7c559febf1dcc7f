"""API endpoints for participants: the scoped list, intake, detail and changes.

Thin: reads through the same selectors as the pages (`selectors.participants`), writes
through the same services (`services.intake`, `services.participants`). A foreign id is
a 404; the special categories are `null` unless a special-category consent is valid;
every detail read is access-logged.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.pagination import PersonalPagination
from quartier.api.schemas import (
    ConflictOut,
    ErrorOut,
    FilterSchema,
    InputSchema,
)
from quartier.core.tenancy import acting_organisation, projects_with_case_role
from quartier.participants.models import (
    Benefits,
    Gender,
    GermanLevel,
    Isced,
    LabourStatus,
    Participant,
    YesNoNotStated,
)
from quartier.participants.selectors.consents import special_categories_allowed
from quartier.participants.selectors.participants import (
    first_contacts_visible_to,
    participant_list,
    participant_rows,
    participants_visible_to,
    project_district,
)
from quartier.participants.services.intake import DuplicateSuspected, participant_intake
from quartier.participants.services.participants import participant_update
from quartier.privacy.services.access_log import access_log_record

router = Router(tags=["participants"])


class ParticipantOut(Schema):
    id: int
    version: int
    project: str = Field(description="Slug of the project.")
    organisation: str = Field(description="Slug of the owning organisation.")
    case: int | None = Field(description="Id of the participant's case.")
    entry_date: dt.date | None
    external_id: str
    first_name: str
    last_name: str
    birth_date: dt.date
    gender: str
    postcode: str
    district: str | None = Field(description="Slug of the district.")
    street: str
    city: str
    phone: str
    email: str
    labour_status: str
    unemployed_since: dt.date | None
    isced: int | None
    disability: str | None = Field(description="null unless a special-category consent is valid.")
    third_country_national: str
    foreign_background: str
    minority: str | None = Field(description="null unless a special-category consent is valid.")
    homeless: str
    single_parent: str
    rural: bool
    languages: str
    german_level: str
    childcare_needed: bool
    driving_licence: bool
    own_car: bool
    public_transport: bool
    benefits: str
    health_notes: str | None = Field(description="null unless a special-category consent is valid.")
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
        return obj.district.slug if obj.district_id else None

    @staticmethod
    def resolve_case(obj):
        return obj.case.pk if hasattr(obj, "case") else None

    @staticmethod
    def resolve_entry_date(obj):
        return obj.case.entry_date if hasattr(obj, "case") else None

    @staticmethod
    def resolve_disability(obj):
        return obj.disability if special_categories_allowed(obj) else None

    @staticmethod
    def resolve_minority(obj):
        return obj.minority if special_categories_allowed(obj) else None

    @staticmethod
    def resolve_health_notes(obj):
        return obj.health_notes if special_categories_allowed(obj) else None


class ParticipantFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    search: str = Field("", description="Words of the name, or the participant number.")


class ParticipantIntakeIn(InputSchema):
    """Intake: the person and the entry date; creates the participant and their case."""

    project: str = Field(description="Slug of a project in which you hold a case role.")
    organisation: str | None = Field(
        None,
        description="Slug of the owning organisation; default: your organisation in the project.",
    )
    entry_date: dt.date
    first_contact: int | None = Field(
        None, description="Id of the first contact this person came from."
    )
    not_a_duplicate: bool = Field(
        False,
        description="Set after checking the possible duplicates the first attempt named.",
    )
    external_id: str
    first_name: str
    last_name: str
    birth_date: dt.date
    gender: Gender = Gender.NOT_STATED
    postcode: str
    district: str | None = Field(None, description="Slug of one of the project's districts.")
    street: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    labour_status: LabourStatus = LabourStatus.INACTIVE
    unemployed_since: dt.date | None = None
    isced: Isced | None = None
    disability: YesNoNotStated = YesNoNotStated.NOT_STATED
    third_country_national: YesNoNotStated = YesNoNotStated.NOT_STATED
    foreign_background: YesNoNotStated = YesNoNotStated.NOT_STATED
    minority: YesNoNotStated = YesNoNotStated.NOT_STATED
    homeless: YesNoNotStated = YesNoNotStated.NOT_STATED
    single_parent: YesNoNotStated = YesNoNotStated.NOT_STATED
    rural: bool = False
    languages: str = ""
    german_level: GermanLevel = GermanLevel.UNKNOWN
    childcare_needed: bool = False
    driving_licence: bool = False
    own_car: bool = False
    public_transport: bool = True
    benefits: Benefits = Benefits.NOT_STATED
    health_notes: str = ""


class ParticipantPatchIn(InputSchema):
    """Only the fields sent are changed; `version` is the one last read."""

    version: int
    external_id: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    birth_date: dt.date | None = None
    gender: Gender | None = None
    postcode: str | None = None
    district: str | None = Field(None, description="Slug of one of the project's districts.")
    street: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    labour_status: LabourStatus | None = None
    unemployed_since: dt.date | None = None
    isced: Isced | None = None
    disability: YesNoNotStated | None = None
    third_country_national: YesNoNotStated | None = None
    foreign_background: YesNoNotStated | None = None
    minority: YesNoNotStated | None = None
    homeless: YesNoNotStated | None = None
    single_parent: YesNoNotStated | None = None
    rural: bool | None = None
    languages: str | None = None
    german_level: GermanLevel | None = None
    childcare_needed: bool | None = None
    driving_licence: bool | None = None
    own_car: bool | None = None
    public_transport: bool | None = None
    benefits: Benefits | None = None
    health_notes: str | None = None


_INTAKE_ONLY = {"project", "organisation", "entry_date", "first_contact", "not_a_duplicate"}


def _district(project, slug: str | None):
    if not slug:
        return None
    district = project_district(project=project, slug=slug)
    if district is None:
        raise ValidationError(
            {
                "district": _(
                    "Unknown district '%(slug)s': use the slug of one of the project's districts."
                )
                % {"slug": slug}
            }
        )
    return district


def _participant(user, pk: int) -> Participant:
    return get_object_or_404(participant_rows(user), pk=pk)


@router.get("/participants/", url_name="participants", response=list[ParticipantOut])
@paginate(PersonalPagination)
def list_participants(request, filters: Query[ParticipantFilter]):
    """Participants of the organisations in which you hold a case role, in name order."""
    return participant_list(user=request.auth, project=filters.project, query=filters.search)


@router.post(
    "/participants/",
    url_name="participants",
    response={201: ParticipantOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut},
)
def create_participant(request, payload: ParticipantIntakeIn):
    """Intake: the participant and their case (stage: first counselling) in one step.

    A similar name with the same postcode or date of birth is refused with the candidates' ids until
    the request is sent again with `not_a_duplicate: true`.
    """
    user = request.auth
    project = get_object_or_404(projects_with_case_role(user), slug=payload.project)
    organisation = acting_organisation(user, project, slug=payload.organisation)
    if organisation is None:
        raise ValidationError(
            {
                "organisation": _(
                    "You hold no case role in an organisation '%(slug)s' in this project."
                )
                % {"slug": payload.organisation}
            }
        )
    first_contact = None
    if payload.first_contact is not None:
        first_contact = get_object_or_404(
            first_contacts_visible_to(user).filter(project=project),
            pk=payload.first_contact,
        )
    data = payload.model_dump(exclude=_INTAKE_ONLY)
    data["district"] = _district(project, data["district"])
    try:
        case = participant_intake(
            actor=user,
            project=project,
            organisation=organisation,
            participant_data=data,
            entry_date=payload.entry_date,
            first_contact=first_contact,
            not_a_duplicate=payload.not_a_duplicate,
        )
    except DuplicateSuspected as suspected:
        raise ValidationError(
            _(
                "There are people with a similar name and the same postcode or date of birth "
                "(participant ids: %(ids)s). If this is a different person, send the "
                'request again with "not_a_duplicate": true.'
            )
            % {"ids": ", ".join(str(person.pk) for person in suspected.duplicates)},
            code="possible_duplicate",
        ) from None
    return Status(201, _participant(user, case.participant_id))


@router.get(
    "/participants/{int:participant_id}/",
    url_name="participant",
    response={200: ParticipantOut, 404: ErrorOut},
)
def get_participant(request, participant_id: int):
    """One participant; the read is recorded in the access log."""
    participant = _participant(request.auth, participant_id)
    access_log_record(actor=request.auth, action="view", record=participant)
    return participant


@router.patch(
    "/participants/{int:participant_id}/",
    url_name="participant",
    response={200: ParticipantOut, 403: ErrorOut, 404: ErrorOut, 409: ConflictOut, 422: ErrorOut},
)
def update_participant(request, participant_id: int, payload: ParticipantPatchIn):
    """Change the fields sent. A stale `version` is refused with 409 and nothing is saved.

    The special categories can be changed only while a special-category consent is valid.
    """
    user = request.auth
    participant = get_object_or_404(
        participants_visible_to(user).select_related("case", "project"),
        pk=participant_id,
    )
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    if "district" in data:
        data["district"] = _district(participant.project, data["district"])
    with version_guard(participant, payload.version):
        participant_update(
            actor=user, participant=participant, expected_version=payload.version, data=data
        )
    return _participant(user, participant_id)
