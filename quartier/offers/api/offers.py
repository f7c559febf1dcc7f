"""API endpoints of the catalogue: offers with their enrolment figures and places, and
their texts in the public map's other languages.

Every member of a project sees its catalogue (offers hold no personal data); staff
with a case role in the offer's project and provider organisation change it.
"""

import datetime as dt
import uuid
from decimal import Decimal

from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from quartier.api.conflicts import version_guard
from quartier.api.schemas import (
    ErrorOut,
    FilterSchema,
    InputSchema,
    Pagination,
    Text,
    UserRef,
    user_ref,
)
from quartier.offers.api.common import (
    WRITE_ERRORS,
    LocationRef,
    found,
    project_and_organisation,
    staff_member,
    visible_locations,
    visible_offer,
)
from quartier.offers.models import (
    CertificateRule,
    OccupationalField,
    Offer,
    OfferKind,
    OfferTranslation,
)
from quartier.offers.selectors.catalogue import translation_rows
from quartier.offers.selectors.offers import OfferFilter, offer_rows
from quartier.offers.services.catalogue import (
    offer_create,
    offer_translation_delete,
    offer_translation_save,
    offer_update,
)
from quartier.participants.models import TargetGroup

router = Router()

# Offers --------------------------------------------------------------------------------


class OfferOut(Schema):
    id: int
    version: int
    public_id: uuid.UUID
    project: str = Field(description="Slug of the project.", alias="project.slug")
    organisation: str = Field(
        description="Slug of the provider organisation.", alias="organisation.slug"
    )
    kind: str
    title: str
    short_description: str
    description: str
    how_to_take_part: str
    locations: list[LocationRef]
    capacity: int | None = Field(description="Places; null for no limit.")
    active_enrolments: int = Field(description="Enrolments holding a place.", alias="active_count")
    waiting: int = Field(description="People on the waiting list.", alias="waiting_count")
    free_places: int | None = Field(description="null for no limit.")
    target_groups: list[str]
    languages: list[str] = Field(description="ISO 639-1 codes.")
    part_time_suitable: bool
    childcare_available: bool
    accessible: bool
    cost: Decimal = Field(description="EUR; 0 is free of charge.")
    cost_note: str
    contact_person: UserRef | None
    contact_phone: str
    contact_email: str
    occupational_field: str
    published: bool = Field(description="On the public map; otherwise internal.")
    active: bool
    start_date: dt.date | None
    end_date: dt.date | None
    certificate_rule: str
    certificate_min_months: int
    certificate_min_hours: Decimal | None
    certificate_min_rate: Decimal | None
    certificate_contents: str
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_locations(obj):
        return list(obj.locations.all())

    @staticmethod
    def resolve_free_places(obj):
        return None if obj.capacity is None else max(obj.capacity - obj.active_count, 0)

    @staticmethod
    def resolve_contact_person(obj):
        return user_ref(obj.contact_person)


class OfferListFilter(FilterSchema):
    project: str | None = Field(None, description="Slug of a project.")
    organisation: str | None = Field(None, description="Slug of the provider organisation.")
    kind: OfferKind | None = None
    occupational_field: OccupationalField | None = None
    target_group: TargetGroup | None = None
    language: str | None = Field(None, description="ISO 639-1 code the offer is held in.")
    published: bool | None = Field(None, description="true: on the public map; false: internal.")
    search: str = Field("", description="Words of the title.")
    include_inactive: bool = Field(False, description="Inactive offers are left out unless set.")


class OfferIn(InputSchema):
    project: str = Field(description="Slug of a project in which you hold a case role.")
    organisation: str | None = Field(
        None, description="Slug of the provider; default: your organisation in the project."
    )
    kind: OfferKind
    title: str
    short_description: str = ""
    description: str = ""
    how_to_take_part: str = ""
    locations: list[int] = Field([], description="Ids from /api/v1/locations/.")
    capacity: int | None = Field(None, description="Places; null for no limit.")
    target_groups: list[TargetGroup] = []
    languages: list[str] = Field([], description="ISO 639-1 codes, e.g. de, tr, ar.")
    part_time_suitable: bool = False
    childcare_available: bool = False
    accessible: bool = False
    cost: Decimal = Field(Decimal(0), description="EUR; 0 is free of charge.")
    cost_note: str = ""
    contact_person: int | None = Field(None, description="User id of a member of the project.")
    contact_phone: str = ""
    contact_email: str = ""
    occupational_field: OccupationalField | None = None
    published: bool = Field(False, description="On the public map; default: internal.")
    active: bool = True
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    certificate_rule: CertificateRule = CertificateRule.MONTHS
    certificate_min_months: int = 4
    certificate_min_hours: Decimal | None = None
    certificate_min_rate: Decimal | None = None
    certificate_contents: str = ""


class OfferPatchIn(InputSchema):
    """Only the fields sent are changed; `version` is the one last read."""

    version: int
    kind: OfferKind | None = None
    title: str | None = None
    short_description: str | None = None
    description: str | None = None
    how_to_take_part: str | None = None
    locations: list[int] | None = Field(None, description="The whole list of place ids.")
    capacity: int | None = Field(None, description="null for no limit.")
    target_groups: list[TargetGroup] | None = None
    languages: list[str] | None = None
    part_time_suitable: bool | None = None
    childcare_available: bool | None = None
    accessible: bool | None = None
    cost: Decimal | None = None
    cost_note: str | None = None
    contact_person: int | None = Field(None, description="User id; null for nobody.")
    contact_phone: str | None = None
    contact_email: str | None = None
    occupational_field: OccupationalField | None = Field(None, description="null for none.")
    published: bool | None = None
    active: bool | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    certificate_rule: CertificateRule | None = None
    certificate_min_months: int | None = None
    certificate_min_hours: Decimal | None = None
    certificate_min_rate: Decimal | None = None
    certificate_contents: str | None = None


#: Fields that may be null in the database; for the others a null in a PATCH means
#: "leave as it is".
_OFFER_NULLABLE = {
    "capacity",
    "contact_person",
    "occupational_field",
    "start_date",
    "end_date",
    "certificate_min_hours",
    "certificate_min_rate",
}


def _offer_fields(data: dict) -> dict:
    """Request values as the service takes them: plain codes, users for ids."""
    if "target_groups" in data:
        data["target_groups"] = [str(group) for group in data["target_groups"]]
    if "occupational_field" in data:
        data["occupational_field"] = str(data["occupational_field"] or "")
    if "contact_person" in data:
        data["contact_person"] = staff_member(data["contact_person"], "contact_person")
    return data


def _offer_out(user, offer_id: int) -> Offer:
    return found(offer_rows(user=user).filter(pk=offer_id).first())


@router.get("/offers/", url_name="offers", response=list[OfferOut], tags=["offers"])
@paginate(Pagination)
def list_offers(request, filters: Query[OfferListFilter]):
    """The offer catalogue of the projects you hold a role in, by title, each with its
    places and the number of people enrolled and waiting."""
    offer_filter = OfferFilter(
        query=filters.search,
        project_slug=filters.project or "",
        organisation_slug=filters.organisation or "",
        kind=str(filters.kind or ""),
        occupational_field=str(filters.occupational_field or ""),
        target_group=str(filters.target_group or ""),
        language=(filters.language or "").strip().lower(),
        published=filters.published,
        active=None if filters.include_inactive else True,
    )
    return offer_rows(user=request.auth, filters=offer_filter)


@router.post(
    "/offers/", url_name="offers", response={201: OfferOut, **WRITE_ERRORS}, tags=["offers"]
)
def create_offer(request, payload: OfferIn):
    """A new offer of your organisation (or the one named); internal unless `published`."""
    user = request.auth
    project, organisation = project_and_organisation(user, payload.project, payload.organisation)
    data = _offer_fields(payload.model_dump(exclude={"project", "organisation", "locations"}))
    offer = offer_create(
        actor=user,
        project=project,
        organisation=organisation,
        locations=visible_locations(user, payload.locations),
        **data,
    )
    return Status(201, _offer_out(user, offer.pk))


@router.get(
    "/offers/{int:offer_id}/",
    url_name="offer",
    response={200: OfferOut, 404: ErrorOut},
    tags=["offers"],
)
def get_offer(request, offer_id: int):
    return _offer_out(request.auth, offer_id)


@router.patch(
    "/offers/{int:offer_id}/",
    url_name="offer",
    response={200: OfferOut, **WRITE_ERRORS},
    tags=["offers"],
)
def update_offer(request, offer_id: int, payload: OfferPatchIn):
    """Change the fields sent. More places move people up from the waiting list at once."""
    user = request.auth
    offer = visible_offer(user, offer_id)
    data = payload.model_dump(exclude_unset=True, exclude={"version", "locations"})
    data = {
        field: value
        for field, value in data.items()
        if value is not None or field in _OFFER_NULLABLE
    }
    locations = (
        visible_locations(user, payload.locations) if payload.locations is not None else None
    )
    with version_guard(offer, payload.version):
        offer_update(
            actor=user,
            offer=offer,
            expected_version=payload.version,
            locations=locations,
            **_offer_fields(data),
        )
    return _offer_out(user, offer_id)


# Translations --------------------------------------------------------------------------


class TranslationOut(Schema):
    id: int
    version: int
    language: str
    title: str
    short_description: str
    how_to_take_part: str
    reviewed: bool = Field(description="Checked by someone who speaks the language.")
    reviewed_by: UserRef | None
    reviewed_at: dt.datetime | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_reviewed_by(obj):
        return user_ref(obj.reviewed_by)


class TranslationIn(InputSchema):
    version: int | None = Field(
        None, description="The version last read; null to add a language the offer lacks."
    )
    title: str
    short_description: str = ""
    how_to_take_part: str = ""
    reviewed: bool = Field(
        False, description="Checked by someone who speaks the language; a change unchecks it."
    )


def _translation(offer: Offer, language: str) -> OfferTranslation:
    return found(translation_rows(offer=offer).filter(language=language).first())


@router.get(
    "/offers/{int:offer_id}/translations/",
    url_name="offer_translations",
    response={200: list[TranslationOut], 404: ErrorOut},
    tags=["translations"],
)
def list_translations(request, offer_id: int):
    """The offer's title, short description and "how to take part" in the map's other
    languages; German is the offer's own text and the fallback."""
    return list(translation_rows(offer=visible_offer(request.auth, offer_id)))


@router.put(
    "/offers/{int:offer_id}/translations/{language}/",
    url_name="offer_translation",
    response={200: TranslationOut, 201: TranslationOut, **WRITE_ERRORS},
    tags=["translations"],
)
def put_translation(request, offer_id: int, language: Text, payload: TranslationIn):
    """Add (201) or replace (200) the texts in one language: en, tr, ar, uk, ru, ro, bg."""
    user = request.auth
    offer = visible_offer(user, offer_id)
    existing = translation_rows(offer=offer).filter(language=language).first()
    with version_guard(existing or OfferTranslation(offer=offer), payload.version):
        translation = offer_translation_save(
            actor=user,
            offer=offer,
            language=language,
            title=payload.title,
            short_description=payload.short_description,
            how_to_take_part=payload.how_to_take_part,
            reviewed=payload.reviewed,
            expected_version=payload.version,
        )
    return Status(201 if existing is None else 200, _translation(offer, translation.language))


@router.delete(
    "/offers/{int:offer_id}/translations/{language}/",
    url_name="offer_translation",
    response={204: None, 403: ErrorOut, 404: ErrorOut},
    tags=["translations"],
)
def delete_translation(request, offer_id: int, language: Text):
    user = request.auth
    translation = _translation(visible_offer(user, offer_id), language)
    offer_translation_delete(actor=user, translation=translation)
    return Status(204, None)
