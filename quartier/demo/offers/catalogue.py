"""The demo's catalogue: places, the seed projects' modules and cafés with their weekly
schedules and holiday closures, and translations for the public map.

Public identifiers of places, offers and schedules are derived from their keys
(`_public_id`), so links to the public map survive a reseed.
"""

import bisect
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from dateutil.easter import easter

from quartier.core.models import Project, User
from quartier.demo import data, offer_data
from quartier.offers import schedules as offer_schedules
from quartier.offers.models import (
    CertificateRule,
    Location,
    Offer,
    OfferTranslation,
    Schedule,
    ScheduleException,
)
from quartier.stadtteilplan.services import public_cache

#: Stable public identifiers: uuid5 of the key in this namespace.
PUBLIC_ID_NAMESPACE = uuid.UUID("6f1c2b4e-5d0a-4c1f-9b7e-2a8d3c4e5f60")


WEEKDAYS = {code: number for number, code in enumerate(("MO", "TU", "WE", "TH", "FR", "SA", "SU"))}


def _months_moved(project: Project) -> int:
    """How far seed_demo moved the project's period into the present (data.demo_period)."""
    real = next(spec["start"] for spec in data.PROJECTS if spec["slug"] == project.slug)
    start = project.start_date
    return (start.year - real.year) * 12 + start.month - real.month


def _public_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(PUBLIC_ID_NAMESPACE, f"{kind}/{key}")


def _validate(instance, *exclude: str) -> None:
    """The model's field checks and clean(), without the per-object queries for foreign
    keys and unique fields (the database checks those on insert)."""
    fks = [f.name for f in instance._meta.concrete_fields if f.is_relation]
    instance.full_clean(exclude=[*fks, *exclude], validate_unique=False, validate_constraints=False)


def holidays(year: int, state: str) -> dict[date, str]:
    """Public holidays of a German federal state (NW, RP, TH) in one year."""
    sunday = easter(year)
    days = {
        date(year, 1, 1): "Neujahr",
        sunday - timedelta(days=2): "Karfreitag",
        sunday + timedelta(days=1): "Ostermontag",
        date(year, 5, 1): "Tag der Arbeit",
        sunday + timedelta(days=39): "Christi Himmelfahrt",
        sunday + timedelta(days=50): "Pfingstmontag",
        date(year, 10, 3): "Tag der Deutschen Einheit",
        date(year, 12, 25): "1. Weihnachtstag",
        date(year, 12, 26): "2. Weihnachtstag",
    }
    if state in ("NW", "RP"):
        days[sunday + timedelta(days=60)] = "Fronleichnam"
        days[date(year, 11, 1)] = "Allerheiligen"
    if state == "TH" or year == 2017:  # 2017: the Reformation's 500th, everywhere
        days[date(year, 10, 31)] = "Reformationstag"
    if state == "TH" and year >= 2019:
        days[date(year, 9, 20)] = "Weltkindertag"
    return days


def closures(first: date, last: date, state: str, *, school: bool) -> dict[date, str]:
    """The days between `first` and `last` on which the demo's offers do not take place:
    public holidays, the week between Christmas and New Year (for school offers the
    Christmas holidays up to Epiphany)."""
    closed = {}
    for year in range(first.year, last.year + 1):
        if school:
            for day in range(23, 32):
                closed[date(year, 12, day)] = "Weihnachtsferien"
            for day in range(1, 7):
                closed[date(year, 1, day)] = "Weihnachtsferien"
        else:
            for day in range(24, 32):
                closed[date(year, 12, day)] = "Weihnachtsschließung"
        closed.update(holidays(year, state))
    return {day: reason for day, reason in closed.items() if first <= day <= last}


@dataclass
class _OfferPlan:
    """One offer of the catalogue with what the simulation needs to know about it."""

    key: str
    spec: dict
    offer: Offer
    schedules: list[Schedule] = field(default_factory=list)
    #: Session dates up to yesterday (sorted) and the hours one person can attend.
    dates: list[date] = field(default_factory=list)
    hours: dict[date, Decimal] = field(default_factory=dict)
    #: Session dates of the next weeks (for service requests planned ahead).
    upcoming: list[date] = field(default_factory=list)

    @property
    def enrol(self) -> dict | None:
        return self.spec.get("enrol")

    def first_session(self, day: date) -> date | None:
        index = bisect.bisect_left(self.dates, day)
        return self.dates[index] if index < len(self.dates) else None

    def last_session(self, day: date) -> date | None:
        index = bisect.bisect_right(self.dates, day)
        return self.dates[index - 1] if index else None

    def sessions(self, first: date, last: date) -> list[date]:
        return self.dates[
            bisect.bisect_left(self.dates, first) : bisect.bisect_right(self.dates, last)
        ]


class _Catalogue:
    """Builds the places, offers, schedules with their closures and translations."""

    def __init__(self, projects, organisations, districts, logins, today: date, tz):
        self.projects, self.today, self.tz = projects, today, tz
        self.logins = logins
        self.horizon = today + timedelta(days=365)
        self.locations = {
            key: self._location(key, spec, projects, organisations, districts)
            for key, spec in offer_data.LOCATIONS.items()
        }
        self.offers: list[_OfferPlan] = [
            self._offer(spec, projects, organisations) for spec in offer_data.OFFERS
        ]
        self.exceptions: list[ScheduleException] = []
        for plan in self.offers:
            self._schedules(plan)
        self.translations = [
            self._translation(plan, language, texts)
            for plan in self.offers
            for language, texts in offer_data.TRANSLATIONS.get(plan.key, {}).items()
        ]

    def _location(self, key, spec, projects, organisations, districts) -> Location:
        location = Location(
            public_id=_public_id("location", key),
            project=projects[spec["project"]],
            organisation=organisations[spec["organisation"]],
            name=spec["name"],
            street=spec["street"],
            postcode=spec["postcode"],
            city=spec["city"],
            district=districts[spec["district"]] if spec["district"] else None,
            latitude=Decimal(spec["lat"]),
            longitude=Decimal(spec["lon"]),
            accessible=spec["accessible"],
            notes=spec["notes"],
        )
        _validate(location)
        return location

    def _contact(self, spec) -> User | None:
        local = offer_data.CONTACTS.get(spec["organisation"])
        local = local or offer_data.PROJECT_LEAD_LOGINS[spec["project"]]
        return self.logins.get(local)

    def _offer(self, spec, projects, organisations) -> _OfferPlan:
        project = projects[spec["project"]]
        rule, minimum = spec.get("certificate", (CertificateRule.MONTHS, 4))
        contact = self._contact(spec)
        city = offer_data.LOCATIONS[spec["locations"][0]]["city"]
        public = spec["kind"] in ("cafe_meeting", "counselling_hour", "practical_project")
        offer = Offer(
            public_id=_public_id("offer", spec["key"]),
            project=project,
            organisation=organisations[spec["organisation"]],
            kind=spec["kind"],
            title=spec["title"],
            short_description=spec["short_description"],
            description=spec["description"],
            how_to_take_part=spec["how_to_take_part"],
            capacity=spec["capacity"],
            target_groups=spec["target_groups"],
            languages=spec["languages"],
            part_time_suitable=spec.get("part_time_suitable", False),
            childcare_available=spec.get("childcare_available", False),
            accessible=spec.get("accessible", False),
            cost_note=spec.get("cost_note", ""),
            contact_person=contact,
            # Numbers in the towns' area codes, made up (like the participants' ones).
            contact_phone=f"{data.AREA_CODES[city]} {_number(spec['key'])}" if public else "",
            contact_email=f"{spec['key']}@{data.DEMO_DOMAIN}",
            occupational_field=spec.get("occupational_field", ""),
            published=spec["published"],
            start_date=(
                data.shift_day(spec["start"], _months_moved(project))
                if "start" in spec
                else project.start_date
            ),
            certificate_rule=rule,
            certificate_min_months=minimum if rule == CertificateRule.MONTHS else 4,
            certificate_min_hours=Decimal(minimum) if rule == CertificateRule.HOURS else None,
            certificate_min_rate=Decimal(minimum) if rule == CertificateRule.RATE else None,
            certificate_contents=spec.get("certificate_contents", ""),
            created_by=contact,
        )
        _validate(offer)
        return _OfferPlan(key=spec["key"], spec=spec, offer=offer)

    def _schedules(self, plan: _OfferPlan) -> None:
        spec, offer = plan.spec, plan.offer
        state = offer_data.PROJECT_STATES[spec["project"]]
        yesterday = self.today - timedelta(days=1)
        closed = closures(offer.start_date, self.horizon, state, school=spec.get("school", False))
        hours: dict[date, Decimal] = defaultdict(Decimal)
        upcoming = set()
        for number, item in enumerate(spec["schedules"]):
            location = self.locations[item.get("location", spec["locations"][0])]
            schedule = Schedule(
                public_id=_public_id("schedule", f"{plan.key}/{number}"),
                offer=offer,
                location=location,
                start_time=time.fromisoformat(item["from"]),
                end_time=time.fromisoformat(item["to"]),
                description=item.get("note", ""),
                created_by=offer.created_by,
            )
            if "days" in item:
                schedule.kind = Schedule.Kind.WEEKLY
                schedule.weekdays = sorted(WEEKDAYS[code] for code in item["days"].split())
                schedule.interval = item.get("every", 1)
                schedule.valid_from = offer.start_date
            else:
                schedule.kind = Schedule.Kind.ONE_OFF
                schedule.date = (
                    data.shift_day(item["on"], _months_moved(offer.project), keep_weekday=True)
                    if "on" in item
                    else self._ahead(item["in_days"], item["weekday"])
                )
            _validate(schedule)
            plan.schedules.append(schedule)
            length = offer_schedules.session_length(schedule)
            for session in offer_schedules.occurrences(schedule, offer.start_date, self.horizon):
                reason = closed.get(session.date) if schedule.kind == Schedule.Kind.WEEKLY else None
                if reason is not None:
                    self.exceptions.append(
                        ScheduleException(
                            schedule=schedule,
                            date=session.date,
                            reason=reason,
                            created_by=offer.created_by,
                        )
                    )
                elif session.date <= yesterday:
                    hours[session.date] += length
                elif session.date <= self.today + timedelta(days=30):
                    upcoming.add(session.date)
        plan.hours = dict(hours)
        plan.dates = sorted(hours)
        plan.upcoming = sorted(upcoming)

    def _ahead(self, days: int, weekday: str) -> date:
        day = self.today + timedelta(days=days)
        return day + timedelta(days=(WEEKDAYS[weekday] - day.weekday()) % 7)

    def _translation(self, plan: _OfferPlan, language: str, texts) -> OfferTranslation:
        title, short_description, how_to_take_part, reviewed = texts
        lead = self.logins.get(offer_data.PROJECT_LEAD_LOGINS[plan.spec["project"]])
        reviewed_at = None
        if reviewed:
            reviewed_at = datetime.combine(
                plan.offer.start_date + timedelta(days=30), time(10, 0), self.tz
            )
        translation = OfferTranslation(
            offer=plan.offer,
            language=language,
            title=title,
            short_description=short_description,
            how_to_take_part=how_to_take_part,
            reviewed=reviewed,
            reviewed_by=lead if reviewed else None,
            reviewed_at=reviewed_at,
            created_by=plan.offer.created_by,
        )
        _validate(translation)
        return translation

    def write(self) -> None:
        Location.objects.bulk_create(self.locations.values())
        Offer.objects.bulk_create([plan.offer for plan in self.offers])
        Offer.locations.through.objects.bulk_create(
            Offer.locations.through(offer_id=plan.offer.pk, location_id=self.locations[key].pk)
            for plan in self.offers
            for key in plan.spec["locations"]
        )
        for plan in self.offers:
            for schedule in plan.schedules:
                schedule.offer_id, schedule.location_id = plan.offer.pk, schedule.location.pk
        Schedule.objects.bulk_create(
            [schedule for plan in self.offers for schedule in plan.schedules]
        )
        for exception in self.exceptions:
            exception.schedule_id = exception.schedule.pk
        ScheduleException.objects.bulk_create(self.exceptions, batch_size=2000)
        for translation in self.translations:
            translation.offer_id = translation.offer.pk
        OfferTranslation.objects.bulk_create(self.translations)
        # bulk_create sends no signals: the public pages' cache must hear of it (public).
        public_cache.bump()


def _number(key: str) -> str:
    """A made-up, stable phone extension for an offer."""
    return f"{(uuid.uuid5(PUBLIC_ID_NAMESPACE, key).int % 90000) + 10000}"
