"""The demo's employers (`catalogue.EMPLOYERS`) with their size declarations, contact
persons and relationship history; the services they received; the business events
with invitations, attendance and tasks; and the vacant units with their way from vacant
to let. Written with `bulk_create`, a query or two per model.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings

from quartier.demo import data
from quartier.demo.economy import catalogue
from quartier.demo.offers.catalogue import _validate
from quartier.demo.services.drafts import _ascii, _day
from quartier.economy.models import (
    BusinessEvent,
    ContactPerson,
    Employer,
    EmployerContact,
    EmployerService,
    EventInvitation,
    EventTask,
    LegalBasis,
    ServiceAim,
    ServiceKind,
    SizeClass,
    SizeDeclaration,
    UnitStatus,
    UnitStatusChange,
    VacantUnit,
    employer_name_key,
    size_class_for,
)

#: Days before today by which every catalogue employer was first contacted (the b2b
#: fair and the first events lie after it).
FIRST_CONTACT_BEFORE = 210

BASES = [LegalBasis.LEGITIMATE_INTEREST] * 7 + [LegalBasis.CONTRACT] * 2 + [LegalBasis.CONSENT]


def _seed_employers(rng, economy, counts) -> None:
    tz = ZoneInfo(settings.TIME_ZONE)
    plans = _employers(rng, economy)
    Employer.objects.bulk_create([plan["employer"] for plan in plans])
    for plan in plans:
        economy.employers[plan["key"]] = plan["employer"]
    counts.employers = len(plans)
    SizeDeclaration.objects.bulk_create(
        [declaration for plan in plans for declaration in _declarations(plan)]
    )
    persons = [person for plan in plans for person in _contact_persons(rng, plan)]
    ContactPerson.objects.bulk_create(persons)
    for plan in plans:
        active = [person for person in plan["persons"] if person.is_active]
        economy.contact_of[plan["key"]] = (active or plan["persons"])[0]
    EmployerContact.objects.bulk_create(_history(rng, economy, plans))
    services = [service for plan in plans for service in _services(rng, economy, plan)]
    EmployerService.objects.bulk_create(services)
    counts.services = len(services)
    counts.events = _events(rng, economy, plans, tz)
    counts.units = _units(economy)


def _employers(rng, economy) -> list[dict]:
    """One plan per catalogue employer: the Employer (not yet written), its key, its
    first contact and the dates of its size declarations."""
    today = economy.today
    plans = []
    for key, spec in catalogue.EMPLOYERS.items():
        tenant = economy.tenants.get(spec["project"])
        if tenant is None:
            continue
        start = tenant.project.start_date
        first = _day(rng, start, max(start, today - timedelta(days=FIRST_CONTACT_BEFORE)))
        sizes = spec["sizes"]
        # The first declaration at the first contact, the last a month ago, the others
        # evenly between.
        last = max(first, today - timedelta(days=30))
        step = (last - first).days // max(1, len(sizes) - 1)
        declared = [first + timedelta(days=step * index) for index in range(len(sizes))]
        district_key = spec["district"]
        any_district = district_key or next(iter(tenant.districts))
        city = data.DISTRICTS[any_district]["city"]
        headcount = sizes[-1]
        employer = Employer(
            project=tenant.project,
            organisation=tenant.organisation,
            name=spec["name"],
            name_key=employer_name_key(spec["name"]),
            legal_form=spec["legal_form"],
            sector=spec["sector"],
            headcount=headcount,
            size_class=size_class_for(headcount),
            size_declared_on=declared[-1] if headcount is not None else None,
            street=spec["street"],
            postcode=spec.get("postcode") or data.DISTRICTS[district_key]["plz"],
            city=city,
            district=tenant.districts.get(district_key),
            latitude=Decimal(spec["lat"]),
            longitude=Decimal(spec["lon"]),
            in_programme_area=spec.get("in_area", True),
            phone=f"{data.AREA_CODES[city]} {rng.randint(100000, 999999)}",
            email=f"kontakt@{key}.example",
            website=f"https://www.{key}.example" if rng.random() < 0.6 else "",
            responsible=tenant.liaison,
            created_by=tenant.liaison,
        )
        _validate(employer)
        plans.append(
            {"key": key, "spec": spec, "employer": employer, "first": first, "declared": declared}
        )
    return plans


def _declarations(plan) -> list[SizeDeclaration]:
    employer = plan["employer"]
    return [
        SizeDeclaration(
            employer=employer,
            declared_on=day,
            headcount=headcount,
            size_class=size_class_for(headcount),
            created_by=employer.created_by,
        )
        for day, headcount in zip(plan["declared"], plan["spec"]["sizes"], strict=True)
        if headcount is not None
    ]


def _contact_persons(rng, plan) -> list[ContactPerson]:
    """The owner of a one-person business (with consent); elsewhere one or two business
    contacts, the second sometimes one who has left."""
    employer, spec = plan["employer"], plan["spec"]
    wanted = 1 if spec.get("self_employed") else 1 + (rng.random() < 0.45)
    positions = catalogue.POSITIONS.get(spec["sector"], ["Geschäftsführung"])
    persons = []
    for number in range(wanted):
        first_name = rng.choice(catalogue.CONTACT_FIRST_NAMES)
        last_name = rng.choice(catalogue.CONTACT_LAST_NAMES)
        own = spec.get("self_employed")
        person = ContactPerson(
            employer=employer,
            name=f"{first_name} {last_name}",
            position="Inhaber/in" if own else positions[number % len(positions)],
            phone=employer.phone,
            email=f"{_ascii(first_name)}.{_ascii(last_name)}@{plan['key']}.example",
            legal_basis=LegalBasis.CONSENT if own else rng.choice(BASES),
            basis_noted_on=plan["first"],
            is_active=not (number == 1 and rng.random() < 0.3),
            created_by=employer.created_by,
        )
        _validate(person)
        persons.append(person)
    plan["persons"] = persons
    return persons


def _history(rng, economy, plans) -> list[EmployerContact]:
    """Two to six dated steps per employer since the first contact; the latest sets the
    next contact: due already for some (the employer liaison's start page), planned for
    others. Every liaison gets at least two due."""
    today = economy.today
    contacts = []
    due_per_tenant: dict[int, list[EmployerContact]] = {}
    for plan in plans:
        employer, persons = plan["employer"], plan["persons"]
        active = [person for person in persons if person.is_active] or persons
        days = sorted(
            _day(rng, plan["first"] + timedelta(days=1), today - timedelta(days=1))
            for _ in range(rng.randint(1, 5))
        )
        steps = [catalogue.CONTACT_STEPS[0]] + [
            rng.choice(catalogue.CONTACT_STEPS[1:]) for _ in days
        ]
        for day, (channel, subject, notes) in zip([plan["first"], *days], steps, strict=True):
            contacts.append(
                EmployerContact(
                    employer=employer,
                    date=day,
                    channel=channel,
                    contact_person=rng.choice(active),
                    subject=subject,
                    notes=notes,
                    staff=employer.responsible,
                    created_by=employer.responsible,
                )
            )
        latest = contacts[-1]
        roll = rng.random()
        if roll < 0.25:
            latest.next_contact_on = today - timedelta(days=rng.randint(0, 6))
        elif roll < 0.75:
            latest.next_contact_on = today + timedelta(days=rng.randint(3, 40))
        due_per_tenant.setdefault(employer.project_id, []).append(latest)
    for latest_contacts in due_per_tenant.values():
        due = [c for c in latest_contacts if c.next_contact_on and c.next_contact_on <= today]
        for contact in latest_contacts[: max(0, 2 - len(due))]:
            contact.next_contact_on = today - timedelta(days=rng.randint(0, 3))
    for contact in contacts:
        if contact.next_contact_on:
            contact.notes = (
                contact.notes + " " + rng.choice(catalogue.NEXT_CONTACT_SUBJECTS)
            ).strip()
        _validate(contact)
    return contacts


def _services(rng, economy, plan) -> list[EmployerService]:
    """A self-employed resident is coached as a person; large companies get recruitment
    support and diversity-management advice; the others up to three services of the
    kinds their project's turn gives (so that every kind occurs). An employer whose size
    changed gets one service after its last declaration."""
    today, employer, spec = economy.today, plan["employer"], plan["spec"]
    first, last_declared = plan["first"], plan["declared"][-1]
    if spec.get("self_employed"):
        chosen = [(kind, topic, outcome, ServiceAim.PERSON)
                  for kind, topic, outcome in rng.sample(catalogue.PERSON_SERVICES, 2)]  # fmt: skip
    else:
        if employer.size_class == SizeClass.LARGE:
            kinds = [ServiceKind.RECRUITMENT_SUPPORT, ServiceKind.DIVERSITY_MANAGEMENT]
        elif "services" in spec:
            kinds = spec["services"]
        else:
            turn = economy.service_turn.get(spec["project"], 0)
            economy.service_turn[spec["project"]] = turn + 1
            kinds = [ServiceKind.values[turn % len(ServiceKind.values)]]
            kinds += rng.sample(ServiceKind.values, rng.randint(0, 2))
            kinds = list(dict.fromkeys(kinds))
        chosen = [
            (kind, *rng.choice(catalogue.SERVICES[kind]), ServiceAim.COMPANY) for kind in kinds
        ]
    grew = len(plan["declared"]) > 1
    services = []
    for number, (kind, topic, outcome, aim) in enumerate(chosen):
        if grew and number == 0:
            day = _day(rng, last_declared + timedelta(days=1), today - timedelta(days=1))
        elif grew:
            day = _day(rng, first, last_declared - timedelta(days=1))
        else:
            day = _day(rng, first, today - timedelta(days=1))
        service = EmployerService(
            employer=employer,
            date=day,
            kind=kind,
            aim=aim,
            topic=topic,
            staff=employer.responsible,
            duration_minutes=rng.choice((30, 45, 60, 90, 120)),
            outcome=outcome,
            created_by=employer.responsible,
        )
        _validate(service)
        services.append(service)
    return services


def _events(rng, economy, plans, tz) -> int:
    """The catalogue's events: past ones with who came and done follow-ups, upcoming
    ones with invitations and open tasks for the employer liaison."""
    today = economy.today
    by_project: dict[str, list[dict]] = {}
    for plan in plans:
        by_project.setdefault(plan["spec"]["project"], []).append(plan)
    events, invitations, tasks = [], [], []
    for spec in catalogue.EVENTS:
        tenant = economy.tenants.get(spec["project"])
        if tenant is None:
            continue
        day = max(tenant.project.start_date, today + timedelta(days=spec["days"]))
        past = day < today
        event = BusinessEvent(
            project=tenant.project,
            organisation=tenant.organisation,
            kind=spec["kind"],
            title=spec["title"],
            date=day,
            starts_at=time.fromisoformat(spec["from"]),
            ends_at=time.fromisoformat(spec["to"]),
            place=spec["place"],
            district=tenant.districts.get(spec["district"]),
            description=spec["description"],
            supports_companies=spec["supports_companies"],
            responsible=tenant.liaison,
            other_guests=spec["other_guests"] if past else 0,
            created_by=tenant.liaison,
        )
        _validate(event)
        events.append(event)
        known = [
            plan for plan in by_project.get(spec["project"], []) if not past or plan["first"] <= day
        ]
        hosts = [plan for plan in known if plan["spec"]["street"] in spec["place"]]
        others = [plan for plan in known if plan not in hosts]
        wanted = len(known) if spec["invite"] is None else spec["invite"]
        invited = hosts + rng.sample(others, max(0, min(len(others), wanted - len(hosts))))
        for plan in invited:
            came = past and (plan in hosts or rng.random() < spec["came"])
            if came:
                response = EventInvitation.Response.ACCEPTED
            else:
                response = rng.choice(
                    [EventInvitation.Response.ACCEPTED] * 2
                    + [EventInvitation.Response.DECLINED] * 2
                    + [EventInvitation.Response.INVITED] * (1 if past else 3)
                )
            invitations.append(
                EventInvitation(
                    event=event,
                    employer=plan["employer"],
                    response=response,
                    attended=came,
                    attendees=rng.randint(1, 3) if came else 0,
                    created_by=tenant.liaison,
                )
            )
        for title, offset, done, *employer_key in spec["tasks"]:
            due = max(tenant.project.start_date, today + timedelta(days=offset))
            employer = economy.employers.get(employer_key[0]) if employer_key else None
            tasks.append(
                EventTask(
                    event=event,
                    title=title,
                    due_date=due,
                    assigned_to=tenant.liaison,
                    employer=employer,
                    done_at=datetime.combine(due, time(rng.randint(9, 16), 0), tz)
                    if done
                    else None,
                    done_by=tenant.liaison if done else None,
                    created_by=tenant.liaison,
                )
            )
    BusinessEvent.objects.bulk_create(events)
    for row in (*invitations, *tasks):
        row.event_id = row.event.pk
    EventInvitation.objects.bulk_create(invitations)
    EventTask.objects.bulk_create(tasks)
    return len(events)


def _units(economy) -> int:
    """The vacant units with their status history; a let one with the business that
    moved in."""
    today = economy.today
    units, changes = [], []
    for spec in catalogue.UNITS:
        tenant = economy.tenants.get(spec["project"])
        if tenant is None:
            continue
        history = [
            (status, max(tenant.project.start_date, today + timedelta(days=days)), note)
            for status, days, note in spec["history"]
        ]
        status, since, _note = history[-1]
        let_on = since if status == UnitStatus.LET else None
        district = spec["district"]
        unit = VacantUnit(
            project=tenant.project,
            organisation=tenant.organisation,
            title=spec["title"],
            use=spec["use"],
            street=spec["street"],
            postcode=data.DISTRICTS[district]["plz"],
            city=data.DISTRICTS[district]["city"],
            district=tenant.districts.get(district),
            latitude=Decimal(spec["lat"]),
            longitude=Decimal(spec["lon"]),
            area_m2=Decimal(spec["area_m2"]),
            rent_monthly=Decimal(spec["rent"]),
            owner_name=spec["owner"],
            owner_contact=spec["owner_contact"],
            status=status,
            vacant_since=history[0][1],
            status_since=since,
            let_on=let_on,
            tenant=economy.employers.get(spec["tenant"]) if spec["tenant"] else None,
            notes=spec["notes"],
            created_by=tenant.liaison,
        )
        _validate(unit)
        units.append(unit)
        changes += [
            UnitStatusChange(
                unit=unit, status=status, date=day, note=note, by=tenant.liaison,
                created_by=tenant.liaison,
            )
            for status, day, note in history
        ]  # fmt: skip
    VacantUnit.objects.bulk_create(units)
    for change in changes:
        change.unit_id = change.unit.pk
    UnitStatusChange.objects.bulk_create(changes)
    return len(units)
