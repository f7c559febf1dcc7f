"""Fixtures of the case-file page tests."""

from tests.factories import CaseFactory


def own_case(world, **participant):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        **{f"participant__{k}": v for k, v in participant.items()},
    )


def case_with_records(world, worker, count: int):
    """A case with `count` records of every kind the case page shows: contacts,
    assessments, goals, open and done follow-ups, documents, consents (every purpose,
    every third withdrawn) and enrolments (waiting, active, completed, dropped out)."""
    import datetime as dt

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from quartier.cases.models import Document
    from quartier.participants.models import PARTNER_PURPOSES, ConsentPurpose
    from tests.factories import (
        AssessmentFactory,
        ConsentFactory,
        ContactFactory,
        FollowUpFactory,
        GoalFactory,
        PlanFactory,
    )
    from tests.offers.factories import AttendanceFactory, EnrolmentFactory, OfferFactory

    case = own_case(world)
    case.responsible = worker
    case.save()
    start = dt.date(2025, 3, 1)
    plan = PlanFactory(case=case)
    purposes = list(ConsentPurpose.values)
    statuses = ["waiting", "active", "completed", "dropped_out"]
    for n in range(count):
        day = start + dt.timedelta(days=3 * n)
        ContactFactory(case=case, date=day, staff=worker, duration_minutes=30 + n)
        AssessmentFactory(case=case, date=day + dt.timedelta(days=1), need_language=n % 4)
        GoalFactory(plan=plan, title=f"Goal {n}")
        FollowUpFactory(case=case, title=f"Open {n}", due_date=day + dt.timedelta(days=60))
        FollowUpFactory(
            case=case,
            title=f"Done {n}",
            due_date=day,
            done_at=timezone.make_aware(dt.datetime.combine(day, dt.time(10))),
        )
        document = Document.objects.create(
            case=case,
            title=f"Letter {n}",
            file=ContentFile(b"%PDF-1.4 letter", name=f"letter-{n}.pdf"),
            original_name=f"letter-{n}.pdf",
            content_type="application/pdf",
            size=15,
            created_by=worker,
        )
        Document.objects.filter(pk=document.pk).update(
            created_at=timezone.make_aware(dt.datetime.combine(day, dt.time(11)))
        )
        purpose = purposes[n % len(purposes)]
        ConsentFactory(
            participant=case.participant,
            purpose=purpose,
            partner=world.org_b if purpose in PARTNER_PURPOSES else None,
            given_on=day,
            withdrawn_on=day + dt.timedelta(days=20) if n % 3 == 2 else None,
            recorded_by=worker,
        )
        status = statuses[n % len(statuses)]
        offer = OfferFactory(project=world.project, organisation=world.org_a)
        enrolment = EnrolmentFactory(
            case=case,
            offer=offer,
            status=status,
            start_date=None if status == "waiting" else day,
            waiting_since=(
                timezone.make_aware(dt.datetime.combine(day, dt.time(9))) if n % 2 == 0 else None
            ),
            end_date=day + dt.timedelta(days=40)
            if status in ("completed", "dropped_out")
            else None,
            dropout_reason="health" if status == "dropped_out" else "",
        )
        if status != "waiting":
            AttendanceFactory(enrolment=enrolment, date=day, hours="2.50")
    return case
