"""A participant with something stored in every area of the Art. 15 export (area
export): identity, first contact with a request step, consents with their texts and a
guardian, case, assessment with a skill, plan with a goal, contact, follow-up, two
documents (one file missing from the storage), enrolment with attendance and a
certificate, a service job, a match suggestion, a placement with a check-in, a
referral to another organisation with its event, an erasure request and access-log
entries."""

import datetime as dt
from dataclasses import dataclass

from django.core.files.base import ContentFile

from quartier.cases.models import Document, Skill
from quartier.network.models import ReferralEvent
from quartier.offers.models import Certificate
from quartier.participants.models import ConsentText, RequestEvent
from quartier.privacy.models import AccessLogEntry, ErasureRequest
from tests.economy.factories import PlacementFactory, StabilisationCheckFactory
from tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ConsentFactory,
    ContactFactory,
    FirstContactFactory,
    FollowUpFactory,
    GoalFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlanFactory,
)
from tests.matching.factories import MatchSuggestionFactory, MatchVacancyFactory
from tests.network.factories import ReferralFactory
from tests.offers.factories import (
    AttendanceFactory,
    EnrolmentFactory,
    OfferFactory,
    ServiceRequestFactory,
)

CV_BYTES = b"%PDF-1.4 the CV of the person"


@dataclass
class Person:
    participant: object
    case: object
    recipient: object
    referral: object
    suggestion: object
    placement: object
    document: object
    missing_document: object
    certificate: object


def full_person(world, *, first_name="Zofia", last_name="Exportowa", copies: int = 1) -> Person:
    """A participant of organisation A in project P with `copies` records in each list."""
    project, org = world.project, world.org_a
    participant = ParticipantFactory(
        project=project,
        organisation=org,
        first_name=first_name,
        last_name=last_name,
        email=f"{last_name.lower()}@example.org",
        phone="02323 998877",
        street="Bahnhofstraße 12",
        city="Herne",
    )
    case = CaseFactory(participant=participant, stage="placement")
    ConsentText.objects.get_or_create(
        project=project,
        purpose="counselling",
        text_version="1.0",
        defaults={
            "text": "I agree that my counselling data is stored.",
            "valid_from": dt.date(2025, 1, 1),
        },
    )
    recipient = OrganisationFactory(name=f"Sprachschule {last_name}")
    first_contact = FirstContactFactory(
        project=project,
        organisation=org,
        channel="request",
        participant=participant,
        name=f"{first_name} {last_name}",
    )
    RequestEvent.objects.create(first_contact=first_contact, action="step", step="called")
    skill, _created = Skill.objects.get_or_create(name="Teamwork", defaults={"category": "social"})
    plan = PlanFactory(case=case, summary="Find work in gardening.")
    practical = OfferFactory(
        project=project, organisation=org, kind="practical_project", published=True
    )
    for number in range(copies):
        ConsentFactory(
            participant=participant,
            purpose="counselling",
            text_version="1.0",
            guardian_name="Anna Exportowa" if number == 0 else "",
            guardian_relation="parent" if number == 0 else "",
            guardian_reached="in_person" if number == 0 else "",
        )
        ConsentFactory(
            participant=participant,
            purpose="partner_sharing",
            partner=recipient,
            referral_purposes=["language_course"],
        )
        assessment = AssessmentFactory(case=case, strengths="Reliable")
        assessment.skills.add(skill)
        goal = GoalFactory(plan=plan, title=f"Goal {number}: a B1 course")
        ContactFactory(case=case, topics=["application"], notes=f"Contact note {number}")
        FollowUpFactory(case=case)
        offer = OfferFactory(project=project, organisation=org)
        enrolment = EnrolmentFactory(offer=offer, case=case, goal=goal)
        AttendanceFactory(enrolment=enrolment, date=enrolment.start_date)
        service_job = ServiceRequestFactory(offer=practical)
        service_job.team.add(case)
        suggestion = MatchSuggestionFactory(
            case=case,
            vacancy=MatchVacancyFactory(project=project, organisation=org),
            decision="dismissed",
            reason="Too far away",
        )
        placement = PlacementFactory(case=case)
        StabilisationCheckFactory(placement=placement)
        referral = ReferralFactory(case=case, recipient=recipient, state="sent")
        ReferralEvent.objects.create(
            referral=referral, organisation=org, from_state="draft", to_state="sent"
        )
        AccessLogEntry.objects.create(
            action="view",
            record_type="cases.case",
            record_id=case.pk,
            participant_id=participant.pk,
            project_id=project.pk,
            organisation_id=org.pk,
        )
    certificate = Certificate.objects.create(
        enrolment=enrolment,
        number=f"Z-{participant.pk}",
        verification_token=f"token-{participant.pk}",
        issued_on=dt.date(2025, 9, 1),
        period_start=enrolment.start_date,
        period_end=enrolment.start_date,
        hours="40.00",
        participant_name=f"{first_name} {last_name}",
        offer_title=offer.title,
        offer_kind=offer.kind,
        organisation_name=org.name,
        project_name=project.name,
    )
    document = Document.objects.create(
        case=case,
        kind="cv",
        title="CV",
        file=ContentFile(CV_BYTES, name="cv.pdf"),
        original_name="Lebenslauf.pdf",
        content_type="application/pdf",
        size=len(CV_BYTES),
    )
    missing = Document.objects.create(
        case=case,
        kind="letter",
        title="Letter",
        file="cases/0/gone",
        original_name="Bescheid.pdf",
        content_type="application/pdf",
        size=10,
    )
    # An older entry that names only the participant record.
    AccessLogEntry.objects.create(
        action="print",
        record_type="participants.participant",
        record_id=participant.pk,
        project_id=project.pk,
        organisation_id=org.pk,
        detail="consent form",
    )
    ErasureRequest.objects.create(
        project=project,
        participant=participant,
        pseudonym=f"p{participant.pk}",
        state="anonymised",
        received_on=dt.date(2026, 1, 5),
        channel="letter",
    )
    return Person(
        participant=participant,
        case=case,
        recipient=recipient,
        referral=referral,
        suggestion=suggestion,
        placement=placement,
        document=document,
        missing_document=missing,
        certificate=certificate,
    )
