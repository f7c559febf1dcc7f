"""Generating the synthetic participants in batches (`_seed_people`): each batch is
drafted (participant, case, exit), its case files are added, and everything is
written in bulk before the next batch.
"""

from collections import defaultdict
from datetime import date, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings

from quartier.cases.models import (
    ExitReason,
    Stage,
)
from quartier.core.models import (
    User,
)
from quartier.demo import data
from quartier.demo.services.case_files import (
    _converted_first_contacts,
    _my_day,
    _walk_ins,
    _write_case_files,
)
from quartier.demo.services.drafts import (
    _EXIT_REASONS,
    _GENDERS,
    _GERMAN,
    _ISCED,
    _ORIGINS,
    _STAGES,
    _ascii,
    _Counts,
    _day,
    _Draft,
    _pick,
    _Pools,
)
from quartier.demo.services.staff import _tenant_of
from quartier.demo.services.tables import _Rows
from quartier.participants.models import (
    Benefits,
    Gender,
    GermanLevel,
    LabourStatus,
    participant_search_key,
)

#: Participants generated and written per round; their case files follow in the same round.
BATCH_SIZE = 2000


def _seed_people(fake, rng, per_project, total: int, today: date) -> _Counts:
    pools = _Pools(fake)
    rows = _Rows()
    tz = ZoneInfo(settings.TIME_ZONE)
    my_day_cases: dict[User, list[int]] = defaultdict(list)
    participants = 0
    for start in range(1, total + 1, BATCH_SIZE):
        drafts = [
            _draft_participant(rng, pools, per_project, number, today, rows)
            for number in range(start, min(total, start + BATCH_SIZE - 1) + 1)
        ]
        for draft in drafts:
            _draft_case(rng, draft, today, rows)
        _write_case_files(rng, pools, drafts, today, tz, rows)
        _converted_first_contacts(rng, drafts, rows)
        rows.write()
        participants += len(drafts)
        for draft in drafts:
            if draft.demo and draft.exit is None:
                my_day_cases[draft.responsible].append(draft.case.pk)
    _my_day(rng, per_project, my_day_cases, today, rows)
    _walk_ins(rng, per_project, today, rows)
    rows.write()
    rows.reset_sequences()
    return _Counts(
        participants=participants,
        cases=participants,
        contacts=rows.contacts.written,
        first_contacts=rows.first_contacts.written,
    )


def _draft_participant(rng, pools: _Pools, per_project, number: int, today: date, rows) -> _Draft:
    tenant = _tenant_of(per_project, number)
    responsible = tenant.slots[tenant.taken]
    tenant.taken += 1
    demo = any(responsible == user for user, _role in tenant.demo)
    slug = tenant.project.slug
    district = tenant.districts[number % len(tenant.districts)]
    city = data.DISTRICTS[district.slug]["city"]

    foreign_share, origins = _ORIGINS[slug]
    origin = _pick(rng, origins) if rng.random() < foreign_share else None
    gender = _pick(rng, _GENDERS)
    if origin:
        language, eu, roma, female, male, last_names = data.ORIGINS[origin]
    else:
        language, eu, roma = "", True, False
        female, male, last_names = pools.first_female, pools.first_male, pools.last
    first_pool = (
        female if gender == Gender.FEMALE else male if gender == Gender.MALE else female + male
    )
    first_name, last_name = rng.choice(first_pool), rng.choice(last_names)

    # Entry within the project period, leaving time for something to happen.
    start = tenant.project.start_date
    entry = _day(rng, start, max(start, tenant.last_day - timedelta(days=14)))
    pupil = slug == "job-in-west" and rng.random() < 0.35
    if pupil:
        age = rng.randint(14, 17)
    else:
        band = rng.random()
        age = (
            rng.randint(18, 24)
            if band < 0.25
            else rng.randint(55, 64)
            if band > 0.87
            else rng.randint(25, 54)
        )
    birth = date.fromordinal(entry.toordinal() - int(age * 365.25) - rng.randint(1, 360))

    if pupil:
        status = LabourStatus.INACTIVE
    else:
        roll = rng.random()
        status = (
            LabourStatus.UNEMPLOYED
            if roll < 0.55
            else LabourStatus.INACTIVE
            if roll < 0.83
            else LabourStatus.EMPLOYED
            if roll < 0.97
            else LabourStatus.SELF_EMPLOYED
        )
    unemployed_since = None
    if status == LabourStatus.UNEMPLOYED:
        # About 45 % long-term unemployed (12 months, 6 below the age of 25).
        threshold = 6 if age < 25 else 12
        months = (
            rng.randint(threshold + 1, 72) if rng.random() < 0.45 else rng.randint(1, threshold - 1)
        )
        days = months * 30 + rng.randint(0, 29)
        earliest = birth.toordinal() + 16 * 366
        unemployed_since = date.fromordinal(max(earliest, entry.toordinal() - days))

    isced = rng.choice([1, 1, 2]) if pupil else _pick(rng, _ISCED)
    special = rng.random() < 0.35
    single_parent = (
        "no"
        if pupil
        else "yes"
        if rng.random() < (0.18 if gender == Gender.FEMALE else 0.03)
        else rng.choice(["no"] * 9 + ["not_stated"])
    )
    if origin:
        german = _pick(rng, _GERMAN)
        languages = f"{language}, Deutsch" if german != GermanLevel.NONE else language
        third_country = "no" if eu else ("yes" if rng.random() < 0.6 else "no")
        background = "yes"
    else:
        german = GermanLevel.NATIVE
        languages = "Deutsch, Englisch" if rng.random() < 0.25 else "Deutsch"
        third_country = "no"
        background = "no" if rng.random() < 0.93 else "not_stated"
    disability = minority = "not_stated"
    health_notes = ""
    if special:
        disability = "yes" if rng.random() < 0.12 else "no"
        minority = "yes" if rng.random() < (0.4 if roma else 0.01) else "no"
        health_notes = rng.choice(data.HEALTH_NOTES) if rng.random() < 0.2 else ""
    homeless = "yes" if rng.random() < 0.03 else "no" if rng.random() < 0.93 else "not_stated"
    if single_parent == "yes":
        childcare = rng.random() < 0.7
    else:
        childcare = not pupil and gender == Gender.FEMALE and age < 45 and rng.random() < 0.12
    licence = age >= 18 and rng.random() < (0.25 if origin else 0.45)
    if status == LabourStatus.UNEMPLOYED:
        benefits = Benefits.SGB2 if rng.random() < 0.75 else Benefits.SGB3
    elif status == LabourStatus.INACTIVE:
        benefits = rng.choice(
            [Benefits.SGB2, Benefits.SGB2, Benefits.NONE, Benefits.OTHER, Benefits.NOT_STATED]
        )
    else:
        benefits = Benefits.SGB2 if rng.random() < 0.15 else Benefits.NONE
    if rng.random() < 0.7:
        phone = f"01{rng.choice('567')}{rng.randint(0, 9)} {rng.randint(1000000, 9999999)}"
    else:
        phone = f"{data.AREA_CODES[city]} {rng.randint(10000, 999999)}"
    email = (
        f"{_ascii(first_name)}.{_ascii(last_name)}{number % 100}@example.org"
        if rng.random() < 0.45
        else ""
    )

    values = {
        "project_id": tenant.project.pk,
        "organisation_id": tenant.organisation.pk,
        "external_id": f"{slug[:3].upper()}-{number:06d}",
        "first_name": first_name,
        "last_name": last_name,
        "birth_date": birth,
        "gender": gender,
        "postcode": data.DISTRICTS[district.slug]["plz"],
        "district_id": district.pk,
        "street": f"{rng.choice(pools.streets)} {rng.randint(1, 120)}",
        "city": city,
        "phone": phone if rng.random() < 0.9 else "",
        "email": email,
        "labour_status": status,
        "unemployed_since": unemployed_since,
        "isced": isced,
        "disability": disability,
        "third_country_national": third_country,
        "foreign_background": background,
        "minority": minority,
        "homeless": homeless,
        "single_parent": single_parent,
        "languages": languages,
        "german_level": german,
        "childcare_needed": childcare,
        "driving_licence": licence,
        "own_car": licence and rng.random() < 0.5,
        "public_transport": rng.random() < 0.92,
        "benefits": benefits,
        "health_notes": health_notes,
        "created_by_id": responsible.pk,
    }
    values["search_key"] = participant_search_key(first_name, last_name, values["external_id"])
    pk = rows.participants.next_id()
    rows.participants.add(id=pk, **values)
    participant = SimpleNamespace(
        pk=pk, number=number, full_name=f"{first_name} {last_name}", age=age, **values
    )

    span = (tenant.last_day - entry).days
    exit_date = None
    if span >= 30 and rng.random() < 0.30:
        exit_date = entry + timedelta(days=rng.randint(30, min(span, 540)))
    if exit_date:
        stage = Stage.EXITED
        activity_end = exit_date
    else:
        stage = _pick(rng, _STAGES)
        # The demo logins' open cases are live: their work reaches today.
        activity_end = today if demo else tenant.last_day
    followup_consent = rng.random() < 0.55
    followup_withdrawn = None
    if followup_consent and rng.random() < 0.06 and (activity_end - entry).days >= 14:
        followup_withdrawn = _day(rng, entry + timedelta(days=14), activity_end)
    return _Draft(
        participant=participant,
        tenant=tenant,
        responsible=responsible,
        demo=demo,
        entry=entry,
        activity_end=activity_end,
        stage=stage,
        exit=exit_date,
        special=special,
        followup_consent=followup_consent,
        followup_withdrawn=followup_withdrawn,
    )


def _draft_case(rng, draft: _Draft, today: date, rows) -> None:
    case = SimpleNamespace(
        participant_id=draft.participant.pk,
        project_id=draft.tenant.project.pk,
        organisation_id=draft.tenant.organisation.pk,
        responsible_id=draft.responsible.pk,
        stage=draft.stage,
        entry_date=draft.entry,
        created_by_id=draft.responsible.pk,
    )
    draft.case = SimpleNamespace(pk=rows.cases.next_id())
    if draft.exit:
        _draft_exit(rng, draft, case, today)
    rows.cases.add(id=draft.case.pk, **vars(case))


def _draft_exit(rng, draft: _Draft, case: SimpleNamespace, today: date) -> None:
    """The ESF Plus exit data, consistent with the reason for leaving."""
    reason = _pick(rng, _EXIT_REASONS)
    employed = reason == ExitReason.EMPLOYMENT or (
        reason == ExitReason.APPRENTICESHIP and rng.random() < 0.5
    )
    training = reason in (ExitReason.APPRENTICESHIP, ExitReason.EDUCATION, ExitReason.OTHER_MEASURE)
    searching = not employed and not training and rng.random() < 0.7
    qualified = rng.random() < (0.6 if reason == ExitReason.COMPLETED else 0.25)
    case.exit_date = draft.exit
    case.exit_reason = reason
    case.exit_employed = "yes" if employed else "no"
    case.exit_education_training = "yes" if training else "no"
    case.exit_job_searching = "yes" if searching else "no"
    case.exit_qualification = "yes" if qualified else "no"

    # The six-month follow-up, only for those who agreed to be contacted after leaving:
    # recorded for about two in three whose date has passed (always for the demo
    # logins' older leavers, so that their day is not flooded with old ones).
    withdrawn = draft.followup_withdrawn
    if draft.followup_consent and (withdrawn is None or withdrawn > draft.exit):
        due = draft.exit + relativedelta(months=6)
        recorded_on = None
        if due <= today and (
            rng.random() < 0.65 or (draft.demo and due < today - timedelta(days=30))
        ):
            recorded_on = min(today, due + timedelta(days=rng.randint(0, 21)))
            employed_6m = rng.random() < (0.8 if employed else 0.2)
            case.followup_6m_employed = "yes" if employed_6m else "no"
            better = employed_6m and rng.random() < 0.5
            case.followup_6m_better_situation = "yes" if better else "no"
            case.followup_6m_recorded_on = recorded_on
        draft.six_month = (due, recorded_on)
