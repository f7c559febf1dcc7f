"""Which offers and places a user sees, and the offer list with its one filter
(`OfferFilter`), used by the catalogue page and the API alike.

Offers and locations are visible to every member of their project (they hold no
personal data); the public map reads `published_offers()` alone.
"""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.core.models import District, Project, User
from quartier.core.selectors import projects_visible_to
from quartier.core.tenancy import case_grants, project_ids_with_role, tenant_condition
from quartier.offers.models import (
    Enrolment,
    EnrolmentStatus,
    Location,
    OccupationalField,
    Offer,
    OfferKind,
    OfferText,
    OfferTranslation,
)


def _anonymous(user) -> bool:
    return user is None or not user.is_authenticated or not user.is_active


def _member_project_ids(user) -> set[int]:
    return set(project_ids_with_role(user).values_list("project_id", flat=True))


def offers_visible_to(user) -> QuerySet[Offer]:
    """The offers of every project in which the user holds any role."""
    if _anonymous(user):
        return Offer.objects.none()
    if user.is_platform_admin:
        return Offer.objects.all()
    return Offer.objects.filter(project_id__in=_member_project_ids(user))


def offers_managed_by(user) -> QuerySet[Offer]:
    """Offers the user may change: a case role in the offer's project and organisation."""
    if _anonymous(user):
        return Offer.objects.none()
    if user.is_platform_admin:
        return Offer.objects.all()
    condition = tenant_condition(case_grants(user))
    if condition is None:
        return Offer.objects.none()
    return Offer.objects.filter(condition)


def locations_visible_to(user) -> QuerySet[Location]:
    if _anonymous(user):
        return Location.objects.none()
    if user.is_platform_admin:
        return Location.objects.all()
    return Location.objects.filter(project_id__in=_member_project_ids(user))


def offer_get(*, user, pk: int) -> Offer:
    """One offer the user may see, or 404."""
    return get_object_or_404(
        offers_visible_to(user)
        .select_related("project", "organisation", "contact_person")
        .prefetch_related("locations", "schedules__exceptions", "schedules__location"),
        pk=pk,
    )


def published_offers() -> QuerySet[Offer]:
    """Offers on the public map: published, active and not yet over. Only the offer and
    its places, times and translations are loaded, never anything about participants."""
    today = timezone.localdate()
    return (
        Offer.objects.filter(published=True, active=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("organisation", "project")
        .prefetch_related(
            "locations",
            "schedules__exceptions",
            "schedules__location",
            Prefetch("translations", queryset=OfferTranslation.objects.order_by("language")),
        )
    )


def offer_text(offer: Offer, language: str) -> OfferText:
    """Title, short description and how to take part in `language`, German where missing."""
    return offer.text_in(language)


def _json_list_has(field_name: str, value: str) -> Q:
    """Rows whose JSON list `field_name` holds `value` (codes without quotes), on SQLite
    and PostgreSQL alike: the list's text contains the quoted code."""
    return Q(**{f"{field_name}_text__contains": f'"{value}"'})


CATALOGUE_SORTS = {
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "-created": ("-created_at", "-id"),
    "start": (F("start_date").asc(nulls_last=True), "title", "id"),
    "kind": ("kind", "title", "id"),
}
DEFAULT_CATALOGUE_SORT = "title"
#: What a row of the catalogue page's list shows.
CATALOGUE_COLUMNS = (
    "title",
    "kind",
    "capacity",
    "occupational_field",
    "published",
    "active",
    "start_date",
    "created_at",
    "project__name",
    "organisation__name",
)


@dataclass(frozen=True)
class OfferFilter:
    """The one offer filter, of the catalogue page and of the API's offer list.

    The page names a project by id (`project`), the API by slug (`project_slug`, and
    the provider by `organisation_slug`); every other field means the same on both.
    `active=None` lists active and inactive offers; `published=None` both kinds."""

    query: str = ""
    project: int | None = None
    project_slug: str = ""
    organisation: int | None = None
    organisation_slug: str = ""
    kind: str = ""
    occupational_field: str = ""
    target_group: str = ""
    language: str = ""
    published: bool | None = None
    active: bool | None = True
    sort: str = DEFAULT_CATALOGUE_SORT

    @property
    def narrows(self) -> bool:
        """Whether anything beyond the defaults narrows the list (for the empty state)."""
        return bool(
            self.query
            or self.project
            or self.project_slug
            or self.organisation
            or self.organisation_slug
            or self.kind
            or self.occupational_field
            or self.target_group
            or self.language
            or self.published is not None
            or self.active is not True
        )


def offer_list(*, user, filters: OfferFilter | None = None) -> QuerySet[Offer]:
    """The offers the user sees, filtered, searched (every word in the title, at most
    five words) and sorted in SQL, with their project and organisation. No per-row
    figures here, so counting the list stays a plain count: `with_enrolment_counts`
    (API) or `mark_list_rows` (one page) add them."""
    filters = filters or OfferFilter()
    offers = offers_visible_to(user)
    if filters.project:
        offers = offers.filter(project_id=filters.project)
    if filters.project_slug:
        offers = offers.filter(project__slug=filters.project_slug)
    if filters.organisation:
        offers = offers.filter(organisation_id=filters.organisation)
    if filters.organisation_slug:
        offers = offers.filter(organisation__slug=filters.organisation_slug)
    if filters.kind:
        offers = offers.filter(kind=filters.kind)
    if filters.occupational_field:
        offers = offers.filter(occupational_field=filters.occupational_field)
    if filters.published is not None:
        offers = offers.filter(published=filters.published)
    if filters.active is not None:
        offers = offers.filter(active=filters.active)
    if filters.target_group:
        offers = offers.annotate(target_groups_text=Cast("target_groups", TextField())).filter(
            _json_list_has("target_groups", filters.target_group)
        )
    if filters.language:
        offers = offers.annotate(languages_text=Cast("languages", TextField())).filter(
            _json_list_has("languages", filters.language)
        )
    for word in filters.query.split()[:5]:
        offers = offers.filter(title__icontains=word)
    order = CATALOGUE_SORTS.get(filters.sort, CATALOGUE_SORTS[DEFAULT_CATALOGUE_SORT])
    return offers.select_related("project", "organisation").order_by(*order)


def with_enrolment_counts(offers: QuerySet[Offer]) -> QuerySet[Offer]:
    """Each offer with its number of active and waiting enrolments (`active_count`,
    `waiting_count`), counted in the same query."""
    return offers.annotate(
        active_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ACTIVE)),
        waiting_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
    )


def offer_catalogue(*, user, filters: OfferFilter | None = None) -> QuerySet[Offer]:
    """The catalogue page's list: `offer_list` with only the columns a row shows. The
    database sorts every matching row before it cuts out a page, and the long texts
    (and the project's description) would triple the data it moves."""
    return offer_list(user=user, filters=filters).only(*CATALOGUE_COLUMNS)


def enrolment_counts(offer_ids) -> dict[int, dict[str, int]]:
    """Active and waiting enrolments per offer, in one grouped query."""
    rows = (
        Enrolment.objects.filter(
            offer_id__in=list(offer_ids),
            status__in=[EnrolmentStatus.ACTIVE, EnrolmentStatus.WAITING],
        )
        .values("offer_id")
        .annotate(
            active=Count("id", filter=Q(status=EnrolmentStatus.ACTIVE)),
            waiting=Count("id", filter=Q(status=EnrolmentStatus.WAITING)),
        )
        .order_by()
    )
    return {row["offer_id"]: {"active": row["active"], "waiting": row["waiting"]} for row in rows}


def mark_list_rows(offers) -> None:
    """Set what a row of the list shows on each offer of one page: `active_count`,
    `waiting_count`, `free_places` (None: no limit), and `kind_label` and `field_label`
    (translated once per page: `get_…_display` rebuilds its choices on every call)."""
    counts = enrolment_counts(offer.pk for offer in offers)
    kinds = {value: str(label) for value, label in OfferKind.choices}
    fields = {value: str(label) for value, label in OccupationalField.choices}
    for offer in offers:
        offer.kind_label = kinds.get(offer.kind, offer.kind)
        offer.field_label = fields.get(offer.occupational_field, offer.occupational_field)
        found = counts.get(offer.pk, {})
        offer.active_count = found.get("active", 0)
        offer.waiting_count = found.get("waiting", 0)
        offer.free_places = (
            None if offer.capacity is None else max(offer.capacity - offer.active_count, 0)
        )


# Offers -------------------------------------------------------------------------------


def offer_rows(*, user, filters: OfferFilter | None = None) -> QuerySet[Offer]:
    """`offer_list` with what the API shows of each offer: its enrolment counts,
    contact person and places. The API lists inactive offers only when asked."""
    offers = with_enrolment_counts(
        offer_list(user=user, filters=filters or OfferFilter(active=None))
    )
    return offers.select_related("contact_person").prefetch_related(
        Prefetch("locations", queryset=Location.objects.order_by("name", "id"))
    )


def offer_for_write(*, user, pk: int) -> Offer | None:
    """An offer the user may see, with what the services read; None if there is none."""
    return offers_visible_to(user).select_related("project", "organisation").filter(pk=pk).first()


def offer_with_schedules(*, user, pk: int) -> Offer | None:
    """An offer the user may see with its schedules and their exceptions, from which the
    register computes the session dates without a query per schedule."""
    return (
        offers_visible_to(user)
        .select_related("project", "organisation")
        .prefetch_related("schedules__exceptions")
        .filter(pk=pk)
        .first()
    )


def project_for(*, user, slug: str) -> Project | None:
    """A project the user holds a role in, by slug."""
    return projects_visible_to(user).filter(slug=slug).first()


def project_district(*, project: Project, slug: str) -> District | None:
    return project.districts.filter(slug=slug).first()


def active_staff(pk: int) -> User | None:
    return User.objects.filter(pk=pk, is_active=True).first()
