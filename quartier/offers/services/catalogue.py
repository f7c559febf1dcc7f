"""Writes of the catalogue: places (locations), offers and their translations."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from quartier.core.models import Organisation, Project, User
from quartier.core.services import ConcurrentEditError, save_versioned
from quartier.core.tenancy import memberships_with_role
from quartier.offers.models import (
    Location,
    Offer,
    OfferTranslation,
    TranslationLanguage,
)
from quartier.offers.services.checks import (
    _check_consortium,
    _require,
    _require_case_role_in,
    _set_fields,
)
from quartier.offers.services.enrolments import _move_up_waiting

# Locations --------------------------------------------------------------------------

LOCATION_FIELDS = (
    "name",
    "street",
    "postcode",
    "city",
    "district",
    "latitude",
    "longitude",
    "accessible",
    "notes",
)


def _check_district(project: Project, district) -> None:
    if district is not None and not project.districts.filter(pk=district.pk).exists():
        raise ValidationError({"district": _("This district is not one of the project's.")})


@transaction.atomic
def location_create(
    *, actor: User, project: Project, organisation: Organisation, **fields
) -> Location:
    _require(actor, "offers.add_offer", project)
    _require_case_role_in(actor, project, organisation)
    _check_consortium(project, organisation)
    location = Location(project=project, organisation=organisation, created_by=actor)
    _set_fields(location, LOCATION_FIELDS, fields)
    _check_district(project, location.district)
    location.full_clean()
    location.save()
    return location


@transaction.atomic
def location_update(
    *, actor: User, location: Location, expected_version: int, **fields
) -> Location:
    # The rule the place's edit page checks, not a second copy of it.
    _require(actor, "offers.change_location", location)
    _set_fields(location, LOCATION_FIELDS, fields)
    _check_district(location.project, location.district)
    save_versioned(location, expected_version=expected_version)
    return location


# Offers -----------------------------------------------------------------------------

OFFER_FIELDS = (
    "kind",
    "title",
    "short_description",
    "description",
    "how_to_take_part",
    "capacity",
    "target_groups",
    "languages",
    "part_time_suitable",
    "childcare_available",
    "accessible",
    "cost",
    "cost_note",
    "contact_person",
    "contact_phone",
    "contact_email",
    "occupational_field",
    "published",
    "active",
    "start_date",
    "end_date",
    "certificate_rule",
    "certificate_min_months",
    "certificate_min_hours",
    "certificate_min_rate",
    "certificate_contents",
)


def _check_offer_links(offer: Offer, locations) -> None:
    if (
        offer.contact_person_id
        and not memberships_with_role(offer.project_id)
        .filter(user_id=offer.contact_person_id)
        .exists()
    ):
        raise ValidationError(
            {"contact_person": _("The contact person must work in this project.")}
        )
    if locations is not None and any(
        location.project_id != offer.project_id for location in locations
    ):
        raise ValidationError({"locations": _("Choose places of this project.")})


@transaction.atomic
def offer_create(
    *, actor: User, project: Project, organisation: Organisation, locations=(), **fields
) -> Offer:
    """A new offer of `organisation` in `project`; internal (unpublished) unless said."""
    _require(actor, "offers.add_offer", project)
    _require_case_role_in(actor, project, organisation)
    _check_consortium(project, organisation)
    offer = Offer(project=project, organisation=organisation, created_by=actor)
    _set_fields(offer, OFFER_FIELDS, fields)
    locations = list(locations)
    _check_offer_links(offer, locations)
    offer.full_clean()
    offer.save()
    offer.locations.set(locations)
    return offer


@transaction.atomic
def offer_update(
    *, actor: User, offer: Offer, expected_version: int, locations=None, **fields
) -> Offer:
    """Change an offer. More places move people up from the waiting list at once."""
    _require(actor, "offers.change_offer", offer)
    _set_fields(offer, OFFER_FIELDS, fields)
    locations = list(locations) if locations is not None else None
    _check_offer_links(offer, locations)
    save_versioned(offer, expected_version=expected_version)
    if locations is not None:
        offer.locations.set(locations)
    _move_up_waiting(offer)
    return offer


@transaction.atomic
def offer_translation_save(
    *,
    actor: User,
    offer: Offer,
    language: str,
    title: str,
    short_description: str = "",
    how_to_take_part: str = "",
    reviewed: bool = False,
    expected_version: int | None = None,
) -> OfferTranslation:
    """Create or change the offer's texts in one language. Ticking `reviewed` records who
    checked it; changing a text without ticking it marks it as not reviewed again."""
    _require(actor, "offers.change_offer", offer)
    if language not in TranslationLanguage.values:
        raise ValidationError(
            {"language": _("Translations are for the map's other languages, not German.")}
        )
    translation = OfferTranslation.objects.filter(offer=offer, language=language).first()
    texts = {
        "title": title,
        "short_description": short_description,
        "how_to_take_part": how_to_take_part,
    }
    if translation is None:
        if expected_version not in (None, 0):
            raise ConcurrentEditError()
        translation = OfferTranslation(offer=offer, language=language, created_by=actor)
    elif expected_version is None:
        raise ConcurrentEditError()
    changed = translation.pk is None or any(
        getattr(translation, name) != value for name, value in texts.items()
    )
    for name, value in texts.items():
        setattr(translation, name, value)
    if reviewed and (changed or not translation.reviewed):
        translation.reviewed, translation.reviewed_by = True, actor
        translation.reviewed_at = timezone.now()
    elif not reviewed:
        translation.reviewed, translation.reviewed_by, translation.reviewed_at = False, None, None
    if translation.pk is None:
        translation.full_clean()
        translation.save()
    else:
        save_versioned(translation, expected_version=expected_version)
    return translation


@transaction.atomic
def offer_translation_delete(*, actor: User, translation: OfferTranslation) -> None:
    _require(actor, "offers.change_offer", translation.offer)
    translation.delete()
