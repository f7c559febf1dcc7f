"""The case file of each drafted participant: consents, assessments with skills, plans
with goals, contacts and follow-ups; first contacts that became participants; the
follow-ups that fill "Mein Tag" of the demo logins; and the projects' anonymous
walk-ins.
"""

from datetime import date, datetime, time, timedelta
from types import SimpleNamespace

from quartier.cases.models import (
    NEED_DOMAINS,
    FollowUp,
    Goal,
    Stage,
)
from quartier.core.models import (
    Role,
    User,
)
from quartier.demo import data
from quartier.demo.services.drafts import _CHANNELS, _MINUTES, _TOPICS, _day, _Draft, _pick, _Pools
from quartier.demo.services.staff import _Tenant
from quartier.demo.services.tables import _Rows
from quartier.participants.models import (
    Channel,
    Consent,
    ConsentPurpose,
    FirstContact,
    GuardianReached,
    GuardianRelation,
    LabourStatus,
    Participant,
    ReferralPurpose,
    TargetGroup,
)
from quartier.participants.selectors.consents import guardian_needed

#: What "Mein Tag" of each demo case-role login shows: due today, overdue, next 7 days.
MY_DAY = {Role.CASE_WORKER: (4, 3, 5), Role.JOB_COACH: (3, 2, 4), Role.PROJECT_LEAD: (1, 1, 2)}


LANGUAGE_NEED = {"none": 3, "A1": 3, "A2": 2, "B1": 1, "": 1}


def _write_case_files(rng, pools: _Pools, drafts: list[_Draft], today: date, tz, rows: _Rows):
    """Consents, assessments with skills, plans with goals, contacts and follow-ups."""
    for draft in drafts:
        _consents(rng, draft, rows)
        assessment_dates = _assessments(rng, pools, draft, rows)
        _plan(rng, draft, assessment_dates, rows)
        _contacts(rng, draft, rows)
        _follow_ups(rng, draft, today, tz, rows)


_GUARDIAN_FIRST_NAMES = ("Ayşe", "Thomas", "Olena", "Mehmet", "Sabine", "Nadia")


def demo_guardian(*, pk: int, birth_date: date, entry: date, last_name: str) -> dict:
    """A minor's legal guardian for the demo consents (no random draw: the other demo
    data stay as they were); nothing for an adult."""
    if not guardian_needed(Participant(birth_date=birth_date), entry_date=entry):
        return {}
    return {
        "guardian_name": f"{_GUARDIAN_FIRST_NAMES[pk % len(_GUARDIAN_FIRST_NAMES)]} {last_name}",
        "guardian_relation": GuardianRelation.PARENT,
        "guardian_reached": GuardianReached.IN_PERSON,
    }


def _consent(rng, draft: _Draft, rows: _Rows, purpose, *, withdrawn=None, partner=None, given=None):
    person = draft.participant
    rows.consents.add(
        participant_id=draft.participant.pk,
        purpose=purpose,
        partner_id=partner.pk if partner else None,
        referral_purposes=(
            [ReferralPurpose.LANGUAGE_COURSE, ReferralPurpose.QUALIFICATION]
            if purpose == ConsentPurpose.PARTNER_SHARING
            else []
        ),
        form=Consent.Form.PAPER if rng.random() < 0.7 else Consent.Form.ELECTRONIC,
        text_version="1.0",
        given_on=given or draft.entry,
        withdrawn_on=withdrawn,
        recorded_by_id=draft.responsible.pk,
        created_by_id=draft.responsible.pk,
        **demo_guardian(
            pk=person.pk,
            birth_date=person.birth_date,
            entry=draft.entry,
            last_name=person.last_name,
        ),
    )


def _consents(rng, draft: _Draft, rows: _Rows) -> None:
    """Counselling for everybody, the others for some, a few withdrawn."""
    _consent(rng, draft, rows, ConsentPurpose.COUNSELLING)
    if draft.followup_consent:
        _consent(
            rng, draft, rows, ConsentPurpose.FOLLOWUP_CONTACT, withdrawn=draft.followup_withdrawn
        )
    if rng.random() < 0.25:
        withdrawn = None
        if rng.random() < 0.12 and (draft.activity_end - draft.entry).days >= 14:
            withdrawn = _day(rng, draft.entry + timedelta(days=14), draft.activity_end)
        _consent(rng, draft, rows, ConsentPurpose.PHOTOS, withdrawn=withdrawn)
    if draft.special:
        # Never withdrawn here: the special-category entry fields rely on it.
        _consent(rng, draft, rows, ConsentPurpose.SPECIAL_CATEGORIES)
    members = draft.tenant.members
    if len(members) > 1 and rng.random() < 0.08:
        partners = [org for org in members if org != draft.tenant.organisation]
        _consent(
            rng,
            draft,
            rows,
            ConsentPurpose.PARTNER_SHARING,
            partner=rng.choice(partners),
            given=_day(rng, draft.entry, draft.activity_end),
        )


def _assessments(rng, pools: _Pools, draft: _Draft, rows: _Rows) -> list[date]:
    """None yet in first counselling, else one to three, with the needs falling."""
    if draft.stage == Stage.FIRST_COUNSELLING:
        return []
    end = draft.activity_end
    first = min(end, draft.entry + timedelta(days=rng.randint(3, 21)))
    wanted = rng.randint(1, 3) if (end - first).days >= 60 else 1
    dates = [first] + sorted(_day(rng, first + timedelta(days=30), end) for _ in range(wanted - 1))
    slug = draft.tenant.project.slug
    needs = _initial_needs(rng, draft.participant, draft.special)
    skills = _initial_skills(rng, pools, slug, draft.participant)
    for number, day in enumerate(dates):
        if number:
            needs = {name: max(0, value - (rng.random() < 0.5)) for name, value in needs.items()}
            extra = pools.field_skills[slug] + pools.general_skills
            skills = skills | set(rng.sample(extra, min(rng.randint(0, 2), len(extra))))
        assessment_id = rows.assessments.next_id()
        rows.assessments.add(
            id=assessment_id,
            case_id=draft.case.pk,
            date=day,
            strengths=rng.choice(data.STRENGTHS) if rng.random() < 0.3 else "",
            created_by_id=draft.responsible.pk,
            **needs,
        )
        for skill in sorted(skills):
            rows.assessment_skills.add(assessment_id=assessment_id, skill_id=skill)
    return dates


def _plan(rng, draft: _Draft, assessment_dates: list[date], rows: _Rows) -> None:
    """A plan for most open cases past profiling, some in profiling, many leavers."""
    if draft.exit:
        share = 0.7
    elif draft.stage == Stage.FIRST_COUNSELLING:
        share = 0.0
    elif draft.stage == Stage.PROFILING:
        share = 0.4
    else:
        share = 0.9
    if rng.random() >= share:
        return
    end = draft.activity_end
    start = assessment_dates[0] if assessment_dates else draft.entry
    agreed = min(end, start + timedelta(days=rng.randint(0, 14)))
    plan_id = rows.plans.next_id()
    rows.plans.add(
        id=plan_id,
        case_id=draft.case.pk,
        agreed_on=agreed,
        summary=rng.choice(data.PLAN_SUMMARIES),
        created_by_id=draft.responsible.pk,
    )
    for position, (title, steps, who) in enumerate(rng.sample(data.GOALS, rng.randint(2, 4))):
        due = agreed + timedelta(days=rng.randint(30, 240))
        rows.goals.add(
            plan_id=plan_id,
            title=title,
            steps=steps,
            responsible=who,
            due_date=due,
            status=_goal_status(rng, due, end, closed=draft.exit is not None),
            position=position,
            created_by_id=draft.responsible.pk,
        )


def _contacts(rng, draft: _Draft, rows: _Rows) -> None:
    """About ten per case, between entry and the end of the activity; one case in fifty
    is a long one with 40 to 80 contacts."""
    # The first case of every project is always a long one, so the case page can be
    # tried with a long history whatever day the demo is seeded.
    long = rng.random() < 0.02 or draft.participant.number <= len(data.PROJECTS)
    count = rng.randint(40, 80) if long else rng.randint(2, 16)
    first_day, last_day = draft.entry.toordinal(), draft.activity_end.toordinal()
    responsible, colleagues = draft.responsible.pk, [user.pk for user in draft.tenant.staff]
    for _ in range(count):
        channel = _pick(rng, _CHANNELS)
        low, high = _MINUTES[channel]
        topics = [_pick(rng, _TOPICS)]
        if rng.random() < 0.35:
            topics.append(_pick(rng, _TOPICS))
        topics = list(dict.fromkeys(topics))
        staff = responsible if rng.random() < 0.85 else rng.choice(colleagues)
        rows.contacts.add(
            case_id=draft.case.pk,
            date=date.fromordinal(rng.randint(first_day, last_day)),
            duration_minutes=rng.randint(low // 5, high // 5) * 5,
            channel=channel,
            topics=topics,
            notes=rng.choice(data.CONTACT_NOTES[topics[0]]),
            staff_id=staff,
            created_by_id=staff,
        )


def _follow_up(rows: _Rows, draft: _Draft, due: date, title: str, **extra) -> None:
    rows.follow_ups.add(
        case_id=draft.case.pk,
        due_date=due,
        title=title,
        assigned_to_id=draft.responsible.pk,
        created_by_id=draft.responsible.pk,
        **extra,
    )


def _follow_ups(rng, draft: _Draft, today: date, tz, rows: _Rows) -> None:
    """Done ones in the past; open ones around today for open cases (the demo logins'
    "Mein Tag" is planned separately, in `_write_my_day`); the six-month follow-up."""
    if rng.random() < 0.6:
        for _ in range(rng.randint(1, 3)):
            due = _day(rng, draft.entry, draft.activity_end)
            done = min(draft.activity_end, due + timedelta(days=rng.randint(0, 3)))
            title = rng.choice(data.FOLLOW_UP_TITLES)
            done_at = _at(rng, done, tz)
            _follow_up(rows, draft, due, title, done_at=done_at, done_by_id=draft.responsible.pk)
    if draft.six_month:
        due, recorded_on = draft.six_month
        done = {}
        if recorded_on:
            done = {"done_at": _at(rng, recorded_on, tz), "done_by_id": draft.responsible.pk}
        title = "Sechs-Monats-Nachbefragung nach dem Austritt"
        _follow_up(rows, draft, due, title, kind=FollowUp.Kind.SIX_MONTH, **done)
    if draft.exit is not None:
        return
    if draft.demo:
        if rng.random() < 0.3:
            due = today + timedelta(days=rng.randint(8, 60))
            _follow_up(rows, draft, due, rng.choice(data.FOLLOW_UP_TITLES))
    elif rng.random() < 0.45:
        due = today + timedelta(days=rng.randint(-10, 45))
        _follow_up(rows, draft, due, rng.choice(data.FOLLOW_UP_TITLES))
    if draft.stage == Stage.STABILISATION:
        due = today + timedelta(days=rng.randint(8, 40))
        title = rng.choice(data.STABILISATION_TITLES)
        _follow_up(rows, draft, due, title, kind=FollowUp.Kind.STABILISATION)


def _at(rng, day: date, tz) -> datetime:
    return datetime.combine(day, time(rng.randint(8, 16), rng.choice((0, 15, 30, 45))), tz)


def _initial_needs(rng, participant: SimpleNamespace, special: bool) -> dict[str, int]:
    """Support needs at the first assessment, derived from the entry data."""
    needs = {name: 0 for name, _label in NEED_DOMAINS}
    needs["need_language"] = LANGUAGE_NEED.get(participant.german_level, 0)
    needs["need_childcare"] = rng.randint(2, 3) if participant.childcare_needed else 0
    needs["need_housing"] = 3 if participant.homeless == "yes" else rng.choice((0, 0, 0, 1, 2))
    needs["need_mobility"] = (
        2
        if not participant.public_transport and not participant.driving_licence
        else rng.choice((0, 0, 1))
    )
    needs["need_digital"] = rng.choice((0, 1, 1, 2, 2, 3))
    needs["need_debts"] = rng.choice((0, 0, 0, 1, 2, 3))
    needs["need_residence"] = (
        rng.randint(1, 2) if participant.third_country_national == "yes" else 0
    )
    needs["need_stability"] = rng.choice((0, 1, 1, 2, 3))
    needs["need_basic_skills"] = 2 if (participant.isced or 0) <= 1 else rng.choice((0, 0, 1))
    # Health is special-category data: rated only with the participant's consent.
    needs["need_health"] = rng.choice((0, 0, 1, 2)) if special else 0
    return needs


def _initial_skills(rng, pools: _Pools, slug: str, participant: SimpleNamespace) -> set[int]:
    # min(): the skill list is admin data and may be shorter than the demo expects.
    general, field = pools.general_skills, pools.field_skills[slug]
    skills = set(rng.sample(general, min(rng.randint(2, 3), len(general))))
    skills |= set(rng.sample(field, min(rng.randint(1, 2), len(field))))
    if participant.foreign_background == "yes" and pools.language_skills and rng.random() < 0.5:
        skills.add(rng.choice(pools.language_skills))
    return skills


def _goal_status(rng, due: date, now: date, *, closed: bool) -> str:
    if closed:
        return rng.choice(
            [Goal.Status.ACHIEVED] * 5 + [Goal.Status.DROPPED] * 2 + [Goal.Status.IN_PROGRESS]
        )
    if due < now:
        return rng.choice(
            [Goal.Status.ACHIEVED] * 5
            + [Goal.Status.IN_PROGRESS] * 3
            + [Goal.Status.DROPPED, Goal.Status.OPEN]
        )
    return rng.choice(
        [Goal.Status.OPEN] * 4 + [Goal.Status.IN_PROGRESS] * 5 + [Goal.Status.ACHIEVED]
    )


def _target_group(participant: SimpleNamespace, entry: date) -> str:
    age = participant.age
    if age < 18:
        return TargetGroup.PUPILS
    if participant.single_parent == "yes":
        return TargetGroup.SINGLE_PARENTS
    if participant.third_country_national == "yes" or participant.foreign_background == "yes":
        return TargetGroup.IMMIGRANTS
    if age < 27:
        return TargetGroup.YOUNG_PEOPLE
    if participant.labour_status == LabourStatus.UNEMPLOYED:
        return TargetGroup.LONG_TERM_UNEMPLOYED
    return TargetGroup.OTHER


def _converted_first_contacts(rng, drafts: list[_Draft], rows: _Rows) -> None:
    """About one participant in four came in as a first contact that was converted."""
    for draft in drafts:
        if rng.random() >= 0.25:
            continue
        participant, tenant = draft.participant, draft.tenant
        channel = rng.choice(
            [Channel.WALK_IN] * 6 + [Channel.OUTREACH] * 2 + [Channel.PHONE, Channel.REQUEST]
        )
        place = rng.choice(data.PLACES[tenant.project.slug]) if channel == Channel.WALK_IN else ""
        day = max(tenant.project.start_date, draft.entry - timedelta(days=rng.randint(0, 28)))
        rows.first_contacts.add(
            project_id=tenant.project.pk,
            organisation_id=tenant.organisation.pk,
            date=day,
            channel=channel,
            place=place,
            topics=[_pick(rng, _TOPICS)],
            language=participant.languages.split(",")[0],
            target_group=_target_group(participant, draft.entry),
            name=participant.full_name,
            status=FirstContact.Status.CONVERTED,
            participant_id=participant.pk,
            created_by_id=draft.responsible.pk,
        )


def _my_day(rng, per_project, my_day_cases: dict[User, list[int]], today: date, rows) -> None:
    """Follow-ups due today, overdue and in the next days for each demo case-role login."""
    for tenants in per_project:
        for tenant in tenants:
            for user, role in tenant.demo:
                case_ids = my_day_cases.get(user)
                if not case_ids:
                    continue
                case_ids = rng.sample(case_ids, len(case_ids))
                due_today, overdue, upcoming = MY_DAY[role]
                days = (
                    [0] * due_today
                    + [-rng.randint(1, 14) for _ in range(overdue)]
                    + [rng.randint(1, 7) for _ in range(upcoming)]
                )
                for index, offset in enumerate(days):
                    rows.follow_ups.add(
                        case_id=case_ids[index % len(case_ids)],
                        due_date=today + timedelta(days=offset),
                        title=rng.choice(data.FOLLOW_UP_TITLES),
                        assigned_to_id=user.pk,
                        created_by_id=user.pk,
                    )


def _walk_ins(rng, per_project, today: date, rows: _Rows) -> None:
    """Anonymous walk-ins and outreach contacts over each project's period, and a few
    recent ones (some with a name, some appointment requests from the offer map)."""
    for tenants in per_project:
        lead = tenants[0]
        project = lead.project
        participants = sum(tenant.participants for tenant in tenants)
        for _ in range(participants * 35 // 100 + 10):
            channel = Channel.WALK_IN if rng.random() < 0.8 else Channel.OUTREACH
            day = _day(rng, project.start_date, lead.last_day)
            _walk_in(rng, rows, lead, day, FirstContact.Status.CLOSED, channel)
        for _ in range(6):
            day = today - timedelta(days=rng.randint(0, 14))
            _walk_in(rng, rows, lead, day, FirstContact.Status.OPEN)
        for _ in range(3):
            day = today - timedelta(days=rng.randint(0, 10))
            name = f"{rng.choice(['Frau', 'Herr'])} {rng.choice(['A.', 'K.', 'S.', 'M.'])}"
            phone = f"01{rng.choice('567')}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}"
            _walk_in(rng, rows, lead, day, FirstContact.Status.OPEN, name=name, reach=phone)
        for number in range(1, 4):
            day = today - timedelta(days=rng.randint(0, 5))
            _walk_in(
                rng,
                rows,
                lead,
                day,
                FirstContact.Status.REQUEST,
                Channel.REQUEST,
                name=f"Anfrage {number} über den Angebotsplan",
                reach=f"anfrage{number}.{project.slug}@example.org",
            )


def _walk_in(rng, rows, lead: _Tenant, day, status, channel=Channel.WALK_IN, name="", reach=""):
    """A first contact at the project's lead organisation (which runs the café)."""
    place = rng.choice(data.PLACES[lead.project.slug]) if channel == Channel.WALK_IN else ""
    rows.first_contacts.add(
        project_id=lead.project.pk,
        organisation_id=lead.organisation.pk,
        date=day,
        channel=channel,
        place=place,
        topics=[_pick(rng, _TOPICS)],
        language=rng.choice(["Deutsch"] * 5 + ["Türkisch", "Arabisch", "Bulgarisch"]),
        target_group=rng.choice(TargetGroup.values),
        name=name,
        reach=reach,
        notes=rng.choice(data.FIRST_CONTACT_NOTES),
        status=status,
        created_by_id=lead.staff[0].pk if lead.staff else None,
    )
