"""Writing the demo's enrolments with their attendance (the last twelve weeks of each
participation; all of it for the short courses, whose certificates count sessions or
hours), a few issued certificates, and residents' requests to the practical projects
(rickshaw rides, household and garden jobs). Written in bulk without a query per row.
"""

import base64
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.core.management.color import no_style
from django.db import connection

from quartier.cases.models import Case
from quartier.core.models import Project
from quartier.demo import offer_data
from quartier.demo.offers.catalogue import _validate
from quartier.demo.offers.taking_part import _Request
from quartier.demo.services.tables import _Table
from quartier.offers.models import (
    Attendance,
    AttendanceStatus,
    Certificate,
    CertificateKind,
    CertificateRule,
    Enrolment,
    EnrolmentStatus,
    ServiceRequest,
    ServiceRequestStatus,
)
from quartier.offers.selectors.certificates import months_taken_part
from quartier.offers.services.certificates import CERTIFICATE_PREFIX

#: Attendance is recorded for the last twelve weeks of a participation.
ATTENDANCE_WEEKS = 12


#: Certificates issued in the demo: per offer (more in DORSTEN TREFF, whose seed names
#: its certificate), and confirmations of participation.
CERTIFICATES_PER_OFFER = {"dorsten-treff": 2}


CONFIRMATIONS = 3


#: Service requests per practical project, by status.
REQUESTS = {
    ServiceRequestStatus.DONE: 7,
    ServiceRequestStatus.SCHEDULED: 2,
    ServiceRequestStatus.REQUESTED: 3,
    ServiceRequestStatus.CANCELLED: 1,
}


TEAM_SIZE = {"rikscha": (1, 1), "household": (1, 2), "garden": (2, 3)}


class _Tables:
    def __init__(self):
        self.enrolments = _Table(Enrolment, with_ids=True)
        self.attendances = _Table(Attendance)


def _write_enrolments(rng, catalogue, requests: list[_Request], tables: _Tables, today: date):
    """Enrolments and their attendance for the last twelve weeks up to yesterday."""
    yesterday = today - timedelta(days=1)
    window = timedelta(weeks=ATTENDANCE_WEEKS) - timedelta(days=1)
    requests.sort(key=lambda request: (request.plan.key, request.case.pk))
    for request in requests:
        request.pk = tables.enrolments.next_id()
        tables.enrolments.add(
            id=request.pk,
            offer_id=request.plan.offer.pk,
            case_id=request.case.pk,
            status=request.status,
            start_date=request.start,
            planned_end_date=request.planned_end if request.start else None,
            end_date=request.end,
            dropout_reason=request.dropout_reason,
            waiting_since=request.waiting_since,
            goal_id=request.goal_id,
            created_by_id=request.case.responsible_id,
        )
        if request.start is None:
            continue
        last = min(request.end or yesterday, yesterday)
        reliability = rng.uniform(0.7, 0.97)
        hours = request.plan.hours
        for day in request.plan.sessions(max(request.start, last - window), last):
            roll = rng.random()
            if roll < reliability:
                status, attended = AttendanceStatus.PRESENT, hours[day]
                if attended > 1 and rng.random() < 0.12:
                    attended -= rng.choice((Decimal("0.5"), Decimal("1"), Decimal("1.5")))
                request.hours += attended
                request.present += 1
            elif roll < reliability + (1 - reliability) * 0.6:
                status, attended = AttendanceStatus.EXCUSED, Decimal(0)
            else:
                status, attended = AttendanceStatus.UNEXCUSED, Decimal(0)
            tables.attendances.add(
                enrolment_id=request.pk,
                date=day,
                status=status,
                hours=attended,
                created_by_id=request.case.responsible_id,
            )
    tables.enrolments.write()
    tables.attendances.write()
    statements = connection.ops.sequence_reset_sql(no_style(), [Enrolment])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _eligible(request: _Request) -> bool:
    """The offer's certificate rule, on the attendance the demo recorded."""
    offer = request.plan.offer
    if offer.certificate_rule == CertificateRule.HOURS:
        return request.hours >= offer.certificate_min_hours
    if offer.certificate_rule == CertificateRule.RATE:
        held = len(request.plan.sessions(request.start, request.end))
        return bool(held) and request.present * 100 >= offer.certificate_min_rate * held
    return months_taken_part(request.start, request.end) >= offer.certificate_min_months


def _issue_certificates(rng, catalogue, requests: list[_Request], today: date, tz) -> int:
    """A few certificates for those who met the rule, and confirmations of participation
    for some who dropped out: snapshots as `certificate_issue` takes them, no PDF yet."""
    ended = sorted(
        (r for r in requests if r.end is not None and r.end < today),
        key=lambda r: (r.end, r.pk),
    )
    chosen, per_offer = [], defaultdict(int)
    for request in ended:
        wanted = per_offer[request.plan.key] < CERTIFICATES_PER_OFFER.get(
            request.plan.spec["project"], 1
        )
        if wanted and request.status == EnrolmentStatus.COMPLETED and _eligible(request):
            per_offer[request.plan.key] += 1
            chosen.append((request, CertificateKind.CERTIFICATE))
    dropped = [r for r in ended if r.status == EnrolmentStatus.DROPPED_OUT and r.present]
    chosen += [(r, CertificateKind.CONFIRMATION) for r in dropped[-CONFIRMATIONS:]]
    if not chosen:
        return 0
    names = Case.objects.filter(pk__in=[request.case.pk for request, _kind in chosen]).values_list(
        "pk", "participant__first_name", "participant__last_name", "participant__birth_date"
    )
    people = {pk: (f"{first} {last}".strip(), birth) for pk, first, last, birth in names}
    funders = defaultdict(list)
    through = Project.funders.through.objects.filter(
        project_id__in=[project.pk for project in catalogue.projects.values()]
    )
    for project_id, name in through.values_list("project_id", "funder__name"):
        funders[project_id].append(name)
    numbers = _last_numbers()
    issued = sorted(
        (min(today, request.end + timedelta(days=rng.randint(0, 14))), request.pk, request, kind)
        for request, kind in chosen
    )
    certificates = []
    for issued_on, _pk, request, kind in issued:
        offer = request.plan.offer
        numbers[issued_on.year] += 1
        name, birth = people[request.case.pk]
        certificate = Certificate(
            enrolment_id=request.pk,
            kind=kind,
            number=f"{CERTIFICATE_PREFIX}-{issued_on.year}-{numbers[issued_on.year]:06d}",
            verification_token=base64.urlsafe_b64encode(rng.randbytes(24)).decode().rstrip("="),
            issued_on=issued_on,
            issued_by_id=request.case.responsible_id,
            period_start=request.start,
            period_end=request.end,
            hours=request.hours,
            contents=offer.certificate_contents,
            participant_name=name,
            participant_birth_date=birth,
            offer_title=offer.title,
            offer_kind=offer.kind,
            organisation_name=offer.organisation.name,
            project_name=offer.project.name,
            funder_names=sorted(funders[offer.project_id]),
            created_by_id=request.case.responsible_id,
        )
        _validate(certificate)
        certificates.append(certificate)
    Certificate.objects.bulk_create(certificates)
    return len(certificates)


def _last_numbers() -> dict[int, int]:
    """The highest certificate number issued so far, per year (the demo continues them)."""
    highest = defaultdict(int)
    prefix = f"{CERTIFICATE_PREFIX}-"
    for number in Certificate.objects.filter(number__startswith=prefix).values_list(
        "number", flat=True
    ):
        _prefix, year, serial = number.split("-", 2)
        if year.isdigit() and serial.isdigit():
            highest[int(year)] = max(highest[int(year)], int(serial))
    return highest


def _service_requests(rng, catalogue, requests: list[_Request], today: date, tz) -> int:
    """Residents' requests to the practical projects: done ones with the participants who
    went, some planned for the next days, new ones and a cancelled one."""
    by_offer = defaultdict(list)
    for request in requests:
        if request.start is not None:
            by_offer[request.plan.key].append(request)
    rows, teams = [], []
    for plan in catalogue.offers:
        kind = plan.spec.get("requests")
        if not kind:
            continue
        spec = offer_data.SERVICE_REQUESTS[kind]
        district = next(
            (location.district for location in catalogue.locations.values()
             if location.project_id == plan.offer.project_id and location.district),
            None,
        )  # fmt: skip
        city = offer_data.LOCATIONS[plan.spec["locations"][0]]["city"]
        enrolled = by_offer.get(plan.key, [])
        start_time = plan.schedules[0].start_time
        for status, count in REQUESTS.items():
            for _ in range(count):
                row, team = _service_request(
                    rng, plan, spec, status, enrolled, today, tz, start_time
                )
                if row is None:
                    continue
                row.address = f"{rng.choice(spec['streets'])} {rng.randint(1, 140)}, {city}"
                row.district = district
                row.contact_phone = f"{spec['area_code']} {rng.randint(10000, 999999)}"
                _validate(row)
                rows.append(row)
                teams.append(team)
    ServiceRequest.objects.bulk_create(rows)
    ServiceRequest.team.through.objects.bulk_create(
        ServiceRequest.team.through(servicerequest_id=row.pk, case_id=case_id)
        for row, team in zip(rows, teams, strict=True)
        for case_id in team
    )
    return len(rows)


def _service_request(rng, plan, spec, status, enrolled, today, tz, start_time):
    """One request and the cases of its team (None when the status cannot be shown:
    nobody took part on any day yet, or nobody takes part now)."""
    low, high = TEAM_SIZE[plan.spec["requests"]]
    row = ServiceRequest(
        offer=plan.offer,
        requested_by_name=rng.choice(offer_data.REQUESTERS),
        description=rng.choice(spec["asks"]),
        status=status,
        created_by=None if rng.random() < 0.4 else plan.offer.contact_person,
    )
    team: list[int] = []
    if status == ServiceRequestStatus.CANCELLED:
        if not plan.dates:
            return None, []
        row.preferred_date = rng.choice(plan.dates[-120:])
        row.notes = "Termin wurde von der Bewohnerin abgesagt."
        return row, []
    if status == ServiceRequestStatus.DONE:
        ran = [request for request in enrolled if request.start < today]
        if not ran:
            return None, []
        someone = rng.choice(ran)
        days = plan.sessions(someone.start, min(someone.end or today, today - timedelta(days=1)))
        if not days:
            return None, []
        day = rng.choice(days)
        row.preferred_date = day
        present = [r for r in ran if r.start <= day and (r.end is None or day <= r.end)]
        team = [r.case.pk for r in rng.sample(present, min(len(present), rng.randint(low, high)))]
        row.scheduled_for = datetime.combine(day, _later(start_time, 1), tz)
        row.done_at = row.scheduled_for + timedelta(hours=2)
    elif status == ServiceRequestStatus.SCHEDULED:
        now = [r for r in enrolled if r.status == EnrolmentStatus.ACTIVE]
        if not now or not plan.upcoming:
            return None, []
        day = rng.choice(plan.upcoming)
        now = [r for r in now if r.start <= day]
        if not now:
            return None, []
        team = [r.case.pk for r in rng.sample(now, min(len(now), rng.randint(low, high)))]
        row.preferred_date = day
        row.scheduled_for = datetime.combine(day, _later(start_time, 1), tz)
    else:
        row.preferred_date = today + timedelta(days=rng.randint(3, 21))
    return row, team


def _later(start: time, hours: int) -> time:
    return time(min(start.hour + hours, 20), start.minute)
