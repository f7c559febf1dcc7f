"""Reads of the public offer map. Everything starts from `published_offers()`: published,
active offers that have not ended, with their places, times and translations, and
nothing about participants. No user, no scoping function: what is here is public.

An offer belongs to a district through its places (`Location.district`); an offer
without a place (phone counselling, say) belongs to the districts of its project.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quartier.core.folding import Fold, fold_loose
from quartier.core.models import District, DistrictStatistic, Organisation, Project, ProjectMember
from quartier.offers import schedules
from quartier.offers.models import Location, Offer, OfferKind, OfferTranslation, Schedule
from quartier.offers.selectors.offers import _json_list_has, published_offers

#: Offers per page of the public list: small pages keep it light on a phone.
PAGE_SIZE = 20

#: Parts of the day for the time filter: (from, until), until excluded.
DAY_PARTS = {
    "morning": (dt.time(0, 0), dt.time(12, 0)),
    "afternoon": (dt.time(12, 0), dt.time(17, 0)),
    "evening": (dt.time(17, 0), dt.time(23, 59, 59)),
}

#: The target groups a resident filters by, in the order the filter shows them.
PUBLIC_TARGET_GROUPS = (
    "families",
    "immigrants",
    "seniors",
    "young_people",
    "long_term_unemployed",
    "single_parents",
    "women_returning",
)


@dataclass(frozen=True)
class PublicFilter:
    """What a resident asked for; every value already checked (see forms.PublicFilterForm)."""

    query: str = ""
    kinds: tuple[str, ...] = ()
    target_group: str = ""
    language: str = ""
    weekday: int | None = None
    day_part: str = ""
    free: bool = False
    accessible: bool = False
    childcare: bool = False
    open_now: bool = False
    place: str = ""
    now: dt.datetime | None = field(default=None, compare=False)


def public_districts() -> QuerySet[District]:
    """Districts with at least one published offer, or a project that works there."""
    offers = published_offers()
    has_place = Exists(offers.filter(locations__district=OuterRef("pk")))
    has_project = Exists(Project.objects.filter(districts=OuterRef("pk")))
    return District.objects.filter(has_place | has_project).order_by("city", "name")


def public_district_get(slug: str) -> District:
    return get_object_or_404(District, slug=slug)


def district_offers(district: District, language: str) -> QuerySet[Offer]:
    """The district's published offers, with only the translation in `language` loaded."""
    links = Offer.locations.through.objects.filter(offer_id=OuterRef("pk"))
    held_here = links.filter(location__district=district)
    project_here = Project.districts.through.objects.filter(
        project_id=OuterRef("project_id"), district=district
    )
    return (
        published_offers()
        .filter(Exists(held_here) | (~Exists(links) & Exists(project_here)))
        .prefetch_related(None)
        .prefetch_related(
            "locations",
            "schedules__exceptions",
            "schedules__location",
            Prefetch(
                "translations",
                queryset=OfferTranslation.objects.filter(language=language or "de"),
            ),
        )
    )


def _json_has(offers: QuerySet[Offer], name: str, value: str) -> QuerySet[Offer]:
    """Offers whose JSON list `name` holds `value`, on SQLite and PostgreSQL alike."""
    return offers.annotate(**{f"{name}_text": Cast(name, TextField())}).filter(
        _json_list_has(name, value)
    )


def _weekday_schedules(weekday: int) -> Q:
    """Schedules with sessions on `weekday` (0 = Monday): weekly ones naming the day,
    single dates falling on it."""
    # Django's week_day: 1 = Sunday … 7 = Saturday.
    return Q(kind=Schedule.Kind.WEEKLY, weekdays_text__contains=str(weekday)) | Q(
        kind=Schedule.Kind.ONE_OFF, date__week_day=(weekday + 1) % 7 + 1
    )


def filter_offers(offers: QuerySet[Offer], filters: PublicFilter, language: str):
    """Apply a resident's filters in SQL; "open now" checks the candidates' exact
    sessions (holidays, every-other-week) in Python."""
    if filters.kinds:
        offers = offers.filter(kind__in=filters.kinds)
    if filters.place:
        offers = offers.filter(locations__public_id=filters.place)
    if filters.target_group:
        offers = _json_has(offers, "target_groups", filters.target_group)
    if filters.language:
        offers = _json_has(offers, "languages", filters.language)
    if filters.free:
        offers = offers.filter(Q(cost__isnull=True) | Q(cost=0))
    if filters.accessible:
        offers = offers.filter(Q(accessible=True) | Q(locations__accessible=True)).distinct()
    if filters.childcare:
        offers = offers.filter(childcare_available=True)
    if filters.query:
        offers = _search(offers, filters.query, language)
    if filters.weekday is not None or filters.day_part:
        wanted = Schedule.objects.annotate(weekdays_text=Cast("weekdays", TextField()))
        if filters.weekday is not None:
            wanted = wanted.filter(_weekday_schedules(filters.weekday))
        if filters.day_part:
            start, end = DAY_PARTS[filters.day_part]
            wanted = wanted.filter(start_time__gte=start, start_time__lt=end)
        offers = offers.filter(pk__in=wanted.values("offer_id"))
    if filters.open_now:
        offers = offers.filter(pk__in=open_now_ids(offers, filters.now or timezone.localtime()))
    return offers


#: Words of a search that are matched (more are ignored).
SEARCH_WORDS = 6


def search_variants(word: str) -> set[str]:
    """The forms of a search word that a loosely folded text is searched for
    (`quartier.core.folding.fold_loose`: "Café" → "cafe", "Türkçe" → "turkce"): the
    word folded the same way, and, for those who spell umlauts out, with ae, oe, ue
    as a, o, u ("muetter" finds "Mütter")."""
    loose = fold_loose(word)
    if not loose:
        return set()
    return {loose, loose.replace("ae", "a").replace("oe", "o").replace("ue", "u")}


def _lines(*columns: str) -> Concat:
    parts = []
    for column in columns:
        text = Cast(column, TextField())
        parts += [Coalesce(text, Value("", output_field=TextField())), Value("\n")]
    return Concat(*parts[:-1], output_field=TextField())


def _search(offers: QuerySet[Offer], query: str, language: str) -> QuerySet[Offer]:
    """Offers with every word of `query` in their title, short description,
    description, organisation, or title or short description in `language`; accents
    and case do not matter ("cafe" finds "Café", "turkce" "Türkçe"): both sides are
    folded (`search_variants`; in SQL by `Fold`, without an extension)."""
    words = [search_variants(word) for word in query.split()[:SEARCH_WORDS]]
    words = [variants for variants in words if variants]
    if not words:
        return offers
    # One text per offer and per translation, so that SQLite calls the folding
    # function once per row; a line break keeps words from running into each other
    # (a search word holds none).
    found = offers.alias(
        searchable=Fold(
            _lines("title", "short_description", "description", "organisation__name"),
            loose=True,
        )
    )
    translations = OfferTranslation.objects.filter(language=language).alias(
        searchable=Fold(_lines("title", "short_description"), loose=True)
    )
    for variants in words:
        in_offer, in_translation = Q(), Q()
        for variant in sorted(variants):
            in_offer |= Q(searchable__contains=variant)
            in_translation |= Q(searchable__contains=variant)
        translated = translations.filter(in_translation)
        found = found.filter(in_offer | Q(pk__in=translated.values("offer_id")))
    # Folding every text is the expensive part: done once here, not again in each of
    # the page's queries (count, rows, places) that filter by the search.
    ids = list(found.order_by().values_list("pk", flat=True).distinct())
    return offers.filter(pk__in=ids)


def open_now_ids(offers: QuerySet[Offer], now: dt.datetime) -> list[int]:
    """The offers among `offers` with a session going on at `now` (local time).

    SQL finds the schedules running on this weekday at this time, valid today and
    without an exception today; only a schedule every N weeks is checked in Python, by
    week arithmetic from its first week (RRULE INTERVAL counts weeks from DTSTART's
    week, weeks starting on Monday)."""
    today, time = now.date(), now.time()
    candidates = (
        Schedule.objects.annotate(weekdays_text=Cast("weekdays", TextField()))
        .filter(offer__in=offers.values("pk"), start_time__lte=time, end_time__gt=time)
        .filter(_weekday_schedules(today.weekday()))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=today))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
        .exclude(exceptions__date=today)
        .values_list("offer_id", "kind", "interval", "valid_from")
    )
    return sorted(
        {
            offer_id
            for offer_id, kind, interval, valid_from in candidates
            if kind == Schedule.Kind.ONE_OFF
            or (interval or 1) == 1
            or _weeks_since(valid_from, today) % interval == 0
        }
    )


def _weeks_since(first: dt.date, day: dt.date) -> int:
    """Whole weeks (Monday to Sunday) from the week of `first` to the week of `day`."""
    return (
        (day - dt.timedelta(days=day.weekday())) - (first - dt.timedelta(days=first.weekday()))
    ).days // 7


def next_sessions(offer: Offer, *, now: dt.datetime, count: int = 3, days: int = 120) -> list:
    """The offer's next `count` sessions from `now` on (prefetched schedules; today's
    sessions that have ended left out): the next two weeks first, the longer window
    only where those hold too few."""
    today = timezone.localdate(now)
    soon = schedules.upcoming(offer, now=now, until=today + dt.timedelta(days=min(days, 14)))
    if len(soon) >= count or days <= 14:
        return soon[:count]
    return schedules.upcoming(offer, now=now, until=today + dt.timedelta(days=days))[:count]


def public_offer_get(district: District, public_id) -> Offer:
    """One published offer of the district, by its public id, or 404: held at a place
    in the district, or without a place by a project working there."""
    offer = get_object_or_404(published_offers(), public_id=public_id)
    places = list(offer.locations.all())
    if any(place.district_id == district.pk for place in places):
        return offer
    if not places and offer.project.districts.filter(pk=district.pk).exists():
        return offer
    raise Http404("This offer is not in this district.")


@dataclass
class Place:
    """A place on the map: where offers of the district take place, and how many."""

    location: Location
    offer_count: int
    is_cafe: bool
    url: str = ""


def district_places(offers: QuerySet[Offer]) -> list[Place]:
    """The places of `offers`, each with its number of offers, cafés first. Three
    queries, and a page that grows with the places, not with the offers."""
    wanted = offers.values("pk")
    links = Offer.locations.through.objects.filter(offer_id__in=wanted)
    counts = dict(
        links.values("location_id")
        .annotate(offers=Count("offer_id"))
        .values_list("location_id", "offers")
    )
    cafes = set(
        links.filter(offer__kind=OfferKind.CAFE_MEETING).values_list("location_id", flat=True)
    )
    places = [
        Place(location, counts[location.pk], location.pk in cafes)
        for location in Location.objects.filter(pk__in=list(counts))
    ]
    return sorted(places, key=lambda p: (not p.is_cafe, p.location.name, p.location.pk))


def district_statistic(district: District) -> DistrictStatistic | None:
    """The district's newest statistics, or None."""
    return district.statistics.order_by("-reference_date", "-id").first()


@dataclass(frozen=True)
class ContactPoint:
    """Where residents of a district reach a project: its places there and its
    organisations' contact data."""

    project: Project
    organisations: list[Organisation]
    places: list[Location]


def contact_points(district: District) -> list[ContactPoint]:
    """The projects working in the district, each with its organisations (those with
    published offers in the district first) and its public places there."""
    wanted = district_offers(district, "de").values("pk")
    held_here = Offer.locations.through.objects.filter(
        location_id=OuterRef("pk"), offer_id__in=wanted
    )
    places = Location.objects.filter(district=district).filter(Exists(held_here)).order_by("name")
    points = []
    projects = (
        Project.objects.filter(districts=district)
        .prefetch_related("organisations")
        .order_by("name")
    )
    for project in projects:
        points.append(
            ContactPoint(
                project=project,
                organisations=[
                    organisation
                    for organisation in project.organisations.all()
                    if organisation.phone or organisation.email or organisation.street
                ],
                places=[place for place in places if place.project_id == project.pk],
            )
        )
    return points


# Appointment requests -------------------------------------------------------------------
# Which projects take a district's general request, and who to contact instead. Public
# data only (projects, organisations, places).


def appointment_request_projects(
    district: District, *, today: dt.date | None = None
) -> QuerySet[Project]:
    """Projects that take a general request from the district: they work there, have
    not ended, and have a lead organisation to take the request. By name."""
    today = today or timezone.localdate()
    has_lead = Exists(ProjectMember.objects.filter(project=OuterRef("pk"), is_lead=True))
    return (
        Project.objects.filter(districts=district, end_date__gte=today)
        .filter(has_lead)
        .prefetch_related(
            Prefetch("consortium", queryset=ProjectMember.objects.select_related("organisation"))
        )
        .order_by("name", "pk")
    )


def project_contacts(project: Project) -> list[Organisation]:
    """The project's organisations that can be reached (phone, e-mail or address), the
    lead first."""
    members = project.consortium.select_related("organisation").order_by(
        "-is_lead", "organisation__name"
    )
    return [
        member.organisation
        for member in members
        if member.organisation.phone or member.organisation.email or member.organisation.street
    ]
