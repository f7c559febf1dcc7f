"""Reads for the catalogue pages (Angebotskatalog): the filtered, sorted offer list with
its enrolment figures, the offer page's figures and next sessions, schedules in words,
and the organisations a person may create offers and places for.

Everything starts from the scoping functions in `quartier.offers.selectors`; writes go
through `quartier.offers.services`.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from quartier.core.models import CASE_ROLES, Membership, ProjectMember, User
from quartier.offers import schedules
from quartier.offers.models import (
    CertificateRule,
    Enrolment,
    EnrolmentStatus,
    Location,
    OccupationalField,
    Offer,
    OfferKind,
    Schedule,
)
from quartier.offers.numbers import short_number
from quartier.offers.selectors import locations_visible_to, offers_visible_to

#: The list's sort orders; every one ends with the primary key so pages are stable.
CATALOGUE_SORTS = {
    "title": ("title", "id"),
    "-title": ("-title", "-id"),
    "-created": ("-created_at", "-id"),
    "start": (F("start_date").asc(nulls_last=True), "title", "id"),
    "kind": ("kind", "title", "id"),
}
DEFAULT_CATALOGUE_SORT = "title"
#: What a row of the list shows.
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
class CatalogueFilter:
    query: str = ""
    project: int | None = None
    kind: str = ""
    occupational_field: str = ""
    target_group: str = ""
    published: bool | None = None
    active: bool | None = True
    sort: str = DEFAULT_CATALOGUE_SORT

    @property
    def narrows(self) -> bool:
        """Whether anything beyond the defaults narrows the list (for the empty state)."""
        return bool(
            self.query
            or self.project
            or self.kind
            or self.occupational_field
            or self.target_group
            or self.published is not None
            or self.active is not True
        )


def _json_list_has(field_name: str, value: str) -> Q:
    """Rows whose JSON list holds the code `value`: its text contains the quoted code
    (the same on SQLite and PostgreSQL)."""
    return Q(**{f"{field_name}_text__contains": f'"{value}"'})


def offer_catalogue(*, user, filters: CatalogueFilter | None = None) -> QuerySet[Offer]:
    """The offers the user sees, filtered, searched (every word in the title) and sorted
    in SQL. No per-row figures here: `mark_enrolment_counts` adds them to one page, so
    counting the list stays a plain count."""
    filters = filters or CatalogueFilter()
    offers = offers_visible_to(user)
    if filters.project:
        offers = offers.filter(project_id=filters.project)
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
    for word in filters.query.split()[:5]:
        offers = offers.filter(title__icontains=word)
    order = CATALOGUE_SORTS.get(filters.sort, CATALOGUE_SORTS[DEFAULT_CATALOGUE_SORT])
    # Only the columns the list shows: the database sorts every matching row before it
    # cuts out a page, and the long texts (and the project's description) would triple
    # the data it moves.
    return (
        offers.select_related("project", "organisation").only(*CATALOGUE_COLUMNS).order_by(*order)
    )


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


@dataclass(frozen=True)
class OfferFigures:
    capacity: int | None
    active: int
    waiting: int
    completed: int
    dropped_out: int

    @property
    def free(self) -> int | None:
        return None if self.capacity is None else max(self.capacity - self.active, 0)


def offer_figures(offer: Offer) -> OfferFigures:
    """Places and enrolments by status (counts only, no names), in one query."""
    totals = Enrolment.objects.filter(offer=offer).aggregate(
        **{
            status: Count("id", filter=Q(status=status))
            for status in (
                EnrolmentStatus.ACTIVE,
                EnrolmentStatus.WAITING,
                EnrolmentStatus.COMPLETED,
                EnrolmentStatus.DROPPED_OUT,
            )
        }
    )
    return OfferFigures(
        capacity=offer.capacity,
        active=totals[EnrolmentStatus.ACTIVE],
        waiting=totals[EnrolmentStatus.WAITING],
        completed=totals[EnrolmentStatus.COMPLETED],
        dropped_out=totals[EnrolmentStatus.DROPPED_OUT],
    )


#: How far ahead the offer page looks for the next sessions.
NEXT_SESSIONS_HORIZON = dt.timedelta(days=366)


def next_sessions(offer: Offer, *, count: int = 5, now: dt.datetime | None = None) -> list:
    """The offer's next `count` sessions from `now` on (holidays and today's sessions
    that have ended left out), from the prefetched schedules."""
    now = now or timezone.now()
    until = timezone.localdate(now) + NEXT_SESSIONS_HORIZON
    return schedules.upcoming(offer, now=now, until=until)[:count]


def _weekday_names(days) -> list[str]:
    # date_format gives the weekday in the active language; 2024-01-01 was a Monday.
    monday = dt.date(2024, 1, 1)
    return [date_format(monday + dt.timedelta(days=day), "l") for day in sorted(days)]


def _day(value: dt.date) -> str:
    return date_format(value, "d.m.Y")


def schedule_in_words(schedule: Schedule) -> str:
    """A schedule as a sentence: "every Monday and Wednesday, 09:00–12:00, from
    02.03.2026 until 30.06.2026" or "on 14.05.2026, 18:00–20:00"."""
    times = f"{schedule.start_time:%H:%M}–{schedule.end_time:%H:%M}"
    if schedule.kind == Schedule.Kind.ONE_OFF:
        if schedule.date is None:
            return times
        return _("on %(date)s, %(times)s") % {"date": _day(schedule.date), "times": times}
    days = get_text_list(_weekday_names(schedule.weekdays or []), _("and"))
    interval = schedule.interval or 1
    if interval == 1 and len(schedule.weekdays or []) == 7:
        when = _("every day")
    elif interval == 1:
        when = _("every %(days)s") % {"days": days}
    else:
        when = ngettext(
            "%(days)s, every %(count)d week",
            "%(days)s, every %(count)d weeks",
            interval,
        ) % {"days": days, "count": interval}
    text = f"{when}, {times}"
    if schedule.valid_from and schedule.valid_until:
        text += ", " + _("from %(start)s until %(end)s") % {
            "start": _day(schedule.valid_from),
            "end": _day(schedule.valid_until),
        }
    elif schedule.valid_from:
        text += ", " + _("from %(start)s") % {"start": _day(schedule.valid_from)}
    return text


def certificate_rule_in_words(offer: Offer) -> str:
    """The offer's certificate rule as a phrase: "after at least 4 months"."""
    if offer.certificate_rule == CertificateRule.HOURS:
        return _("after attending at least %(hours)s hours") % {
            "hours": short_number(offer.certificate_min_hours or 0)
        }
    if offer.certificate_rule == CertificateRule.RATE:
        return _("after attending at least %(rate)s %% of the sessions") % {
            "rate": short_number(offer.certificate_min_rate or 0)
        }
    months = offer.certificate_min_months
    return ngettext(
        "after taking part for at least %(months)d month",
        "after taking part for at least %(months)d months",
        months,
    ) % {"months": months}


# Who may create what where ------------------------------------------------------------


@dataclass(frozen=True)
class Provider:
    """A project and an organisation of its consortium in whose name the user may
    create offers and places."""

    project_id: int
    project_name: str
    organisation_id: int
    organisation_name: str

    @property
    def key(self) -> str:
        return f"{self.project_id}-{self.organisation_id}"

    @property
    def label(self) -> str:
        return f"{self.project_name} – {self.organisation_name}"


def providers_for(user: User) -> list[Provider]:
    """The (project, organisation) pairs in which the user holds a case role and the
    organisation belongs to the project's consortium; all pairs for platform admins."""
    consortium = ProjectMember.objects.all()
    if not user.is_platform_admin:
        pairs = Membership.objects.filter(user=user, role__in=list(CASE_ROLES)).values_list(
            "project_id", "organisation_id"
        )
        condition = Q(pk__in=[])
        for project_id, organisation_id in set(pairs):
            condition |= Q(project_id=project_id, organisation_id=organisation_id)
        consortium = consortium.filter(condition)
    rows = consortium.order_by("project__name", "organisation__name").values_list(
        "project_id", "project__name", "organisation_id", "organisation__name"
    )
    return [Provider(*row) for row in rows]


def may_manage_location(user: User, location: Location) -> bool:
    """A case role in the place's project and organisation (what `location_update`
    checks), or a platform admin."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_platform_admin:
        return True
    return Membership.objects.filter(
        user=user,
        project_id=location.project_id,
        organisation_id=location.organisation_id,
        role__in=list(CASE_ROLES),
    ).exists()


def mark_manageable(locations, *, user: User, providers: list[Provider]) -> None:
    """Set `can_manage` on each place of one page, from the user's provider pairs (no
    query per row)."""
    pairs = {(provider.project_id, provider.organisation_id) for provider in providers}
    for location in locations:
        location.can_manage = user.is_platform_admin or (
            (location.project_id, location.organisation_id) in pairs
        )


def location_list(*, user, query: str = "", project: int | None = None) -> QuerySet[Location]:
    """The places the user sees, by name, with how many offers use each."""
    locations = locations_visible_to(user)
    if project:
        locations = locations.filter(project_id=project)
    for word in query.split()[:5]:
        locations = locations.filter(Q(name__icontains=word) | Q(city__icontains=word))
    return (
        locations.select_related("project", "organisation", "district")
        .annotate(offer_count=Count("offers"))
        .order_by("name", "id")
    )


def location_choices(*, user, project_ids) -> QuerySet[Location]:
    """Places an offer of these projects may take place at."""
    return (
        locations_visible_to(user)
        .filter(project_id__in=list(project_ids))
        .select_related("project")
        .order_by("name", "id")
    )


def contact_person_choices(*, project_ids) -> QuerySet[User]:
    """Active staff of these projects, who may be named as an offer's contact person."""
    return User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(project_id__in=list(project_ids)).values("user_id"),
    ).order_by("full_name", "email")
