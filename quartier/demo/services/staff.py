"""The demo's staff: which project and organisation each generated participant belongs
to (`_Tenant`), the generated case staff with their case loads, and the case slots
that give the demo case-role logins a realistic case load.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from auditlog.context import disable_auditlog
from django.contrib.auth.hashers import make_password

from quartier.core.models import (
    District,
    Membership,
    Organisation,
    Project,
    Role,
    User,
)
from quartier.core.tenancy import CASE_ROLES
from quartier.demo import data

#: Cases per generated staff member (the demo logins have their own, below).
CASELOAD = 40


DEMO_CASELOAD = {Role.CASE_WORKER: 45, Role.JOB_COACH: 40, Role.PROJECT_LEAD: 10}


TEAM_EMAIL = "{project}.team{number}@" + data.DEMO_DOMAIN


@dataclass
class _Tenant:
    """One organisation in one project: its share of participants and its case staff."""

    project: Project
    organisation: Organisation
    members: list[Organisation]
    districts: list[District]
    participants: int
    last_day: date
    demo: list[tuple[User, str]] = field(default_factory=list)
    staff: list[User] = field(default_factory=list)
    slots: list[User] = field(default_factory=list)
    taken: int = 0


def _tenants(projects, organisations, districts, total: int, today: date) -> list[list[_Tenant]]:
    """Per project (in the order of data.PROJECTS), its organisations as tenants, with the
    number of participants each gets: number n goes to project n % 5 and, within it, to
    organisation (n // 5) % (consortium size) (`_tenant_of`)."""
    per_project = []
    for spec in data.PROJECTS:
        project = projects[spec["slug"]]
        members = [organisations[slug] for slug in spec["consortium"]]
        project_districts = [districts[slug] for slug in spec["districts"]]
        per_project.append(
            [
                _Tenant(
                    project=project,
                    organisation=organisation,
                    members=members,
                    districts=project_districts,
                    participants=0,
                    last_day=min(project.end_date, today),
                )
                for organisation in members
            ]
        )
    for number in range(1, total + 1):
        _tenant_of(per_project, number).participants += 1
    return per_project


def _tenant_of(per_project: list[list[_Tenant]], number: int) -> _Tenant:
    """Participant number n's project and organisation. Within a project n % 5 is the
    same for everyone, so the organisation counts the project's own participants
    (n // 5): a five-member consortium's partners all get their share."""
    tenants = per_project[number % len(per_project)]
    return tenants[(number // len(per_project)) % len(tenants)]


def _seed_staff(fake, rng, per_project: list[list[_Tenant]], demo_users) -> int:
    """Case staff for every organisation of every consortium (one per CASELOAD cases, at
    least one), a network coach and an employer liaison per project; then hands out the
    cases: the demo logins get a realistic case load, the generated staff the rest."""
    demo_by_tenant = defaultdict(list)
    for user, role, org_slug, project_slug in demo_users:
        if role in CASE_ROLES:
            demo_by_tenant[(project_slug, org_slug)].append((user, role))

    wanted = []  # (number within the project, tenant, role)
    for tenants in per_project:
        number = 0
        for tenant in tenants:
            tenant.demo = demo_by_tenant[(tenant.project.slug, tenant.organisation.slug)]
            demo_load = sum(DEMO_CASELOAD[role] for _user, role in tenant.demo)
            rest = max(0, tenant.participants - demo_load)
            for index in range(max(1, math.ceil(rest / CASELOAD))):
                number += 1
                role = Role.CASE_WORKER if index % 2 == 0 else Role.JOB_COACH
                wanted.append((number, tenant, role))
        for role in (Role.NETWORK_COACH, Role.EMPLOYER_LIAISON):
            number += 1
            wanted.append((number, tenants[0], role))
    rows = [
        (
            TEAM_EMAIL.format(project=tenant.project.slug, number=number),
            f"{fake.first_name()} {fake.last_name()}",
            tenant,
            role,
        )
        for number, tenant, role in wanted
    ]

    emails = [email for email, *_ in rows]
    generated = User.objects.filter(
        email__endswith=f"@{data.DEMO_DOMAIN}", email__regex=r"\.team[0-9]+@"
    )
    with disable_auditlog():
        # Generated staff of an earlier, bigger seed that this one does not need.
        generated.exclude(email__in=emails).delete()
        Membership.objects.filter(user__in=generated).delete()
    existing = {user.email: user for user in User.objects.filter(email__in=emails)}
    unusable = make_password(None)
    new = []
    for email, name, _tenant, _role in rows:
        if email in existing:
            existing[email].full_name = name
            existing[email].password = unusable
        else:
            new.append(User(email=email, full_name=name, is_demo=True, password=unusable))
    User.objects.bulk_update(existing.values(), ["full_name", "password"], batch_size=1000)
    User.objects.bulk_create(new, batch_size=1000)
    users = {user.email: user for user in User.objects.filter(email__in=emails)}
    memberships = []
    for email, _name, tenant, role in rows:
        user = users[email]
        memberships.append(
            Membership(
                user=user, organisation=tenant.organisation, project=tenant.project, role=role
            )
        )
        if role in CASE_ROLES:
            tenant.staff.append(user)
    Membership.objects.bulk_create(memberships, batch_size=1000)

    for tenants in per_project:
        for tenant in tenants:
            tenant.slots = _case_slots(rng, tenant)
            tenant.staff = [user for user, _role in tenant.demo] + tenant.staff
    return len(rows)


def _case_slots(rng, tenant: _Tenant) -> list[User]:
    """Who is responsible for each of the tenant's cases, in the order they are drawn."""
    n = tenant.participants
    quotas = [(user, DEMO_CASELOAD[role]) for user, role in tenant.demo]
    demo_load = sum(quota for _user, quota in quotas)
    slots: list[User] = []
    if quotas and n <= demo_load:
        # A small demo: the demo logins share all cases in proportion to their loads.
        shares = [(user, quota * n / demo_load) for user, quota in quotas]
        for user, share in shares:
            slots += [user] * int(share)
        by_remainder = sorted(shares, key=lambda item: item[1] - int(item[1]), reverse=True)
        slots += [user for user, _share in by_remainder[: n - len(slots)]]
    else:
        for user, quota in quotas:
            slots += [user] * quota
        generated = list(tenant.staff)
        slots += [generated[index % len(generated)] for index in range(n - len(slots))]
    rng.shuffle(slots)
    return slots
