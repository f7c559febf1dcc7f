"""The page-permission matrix: every staff route × every role × a partner organisation.

Generated from the URL walk (`quartier.core.urlwalk.walk`): every staff route (not
admin/, accounts/, api/, hsds/, stadtteilplan/, i18n/, healthz, nor a public route on
settings.PUBLIC_URL_NAMES) must have an entry in `EXPECTED`, or
`test_every_staff_route_has_an_expected_entry` fails: a new page cannot be added without
saying who may open it.

One world (module-scoped, rolled back at the end) holds one record of each kind, all of
project P's lead organisation A. Each route is asked with GET by

- every role of organisation A (`ALL_ROLES`),
- every role of organisation B, A's consortium partner in the same project, asking for
  A's records ("another organisation"), and
- an anonymous visitor (sent to the login page).

`EXPECTED` says per route which roles of A get 200 and what everyone else gets. Routes
that only take POST answer a GET with 405 for everyone logged in: their permission check
is behind `require_POST` and covered by the apps' own tests (marked `POST_ONLY` below).

The route names are the current ones; they are all in `EXPECTED` and `ARGS`, so a sed
over this file renames them.
"""

from dataclasses import dataclass, field
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from quartier.cases.models import Document
from quartier.core.models import ApiToken, Membership, ProjectMember, Role
from quartier.core.urlwalk import walk
from quartier.economy.models import Placement, StabilisationCheck
from quartier.offers.models import Certificate
from quartier.participants.models import Channel, ImportJob
from quartier.privacy.models import RetentionRule  # erasure
from tests.conftest import ALL_ROLES, give_totp
from tests.economy.factories import (
    ContactPersonFactory,
    EmployerFactory,
    EmployerServiceFactory,
    PlacementFactory,
)
from tests.economy.factories_events import (
    EventFactory,
    EventTaskFactory,
    InvitationFactory,
    UnitFactory,
)
from tests.economy.factories_vacancies import VacancyFactory
from tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ConsentFactory,
    ContactFactory,
    DistrictFactory,
    FirstContactFactory,
    FollowUpFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlanFactory,
    ProjectFactory,
)
from tests.matching.factories import MatchVacancyFactory
from tests.network.factories import (
    CoachTeamFactory,
    CoachTeamMemberFactory,
    MeetingFactory,
    MeetingOutcomeFactory,
    PartnerFactory,
    PartnerPersonFactory,
    ReferralFactory,
    sharing_consent,
)
from tests.network.factories_meetings import AttendeeFactory, EvidenceFactory
from tests.offers.factories import (
    EnrolmentFactory,
    LocationFactory,
    OfferFactory,
    OfferTranslationFactory,
    ScheduleFactory,
    ServiceRequestFactory,
)

#: URL prefixes that are not staff pages (as in e2e/layout_pages.py).
NOT_STAFF = ("/admin/", "/accounts/", "/api/", "/hsds/", "/stadtteilplan/", "/i18n/", "/healthz")

ANONYMOUS = "anonymous"
LEAD, WORKER, COACH = Role.PROJECT_LEAD, Role.CASE_WORKER, Role.JOB_COACH
NETWORK, LIAISON, EVALUATOR, ADMIN = (
    Role.NETWORK_COACH,
    Role.EMPLOYER_LIAISON,
    Role.EVALUATOR,
    Role.ORGANISATION_ADMIN,
)
DPO = Role.DATA_PROTECTION_OFFICER  # erasure
EVERYONE = frozenset(ALL_ROLES)
CASE_ROLES = frozenset({LEAD, WORKER, COACH})
NOBODY = frozenset()
# --- consents ---
_CONSENT_PRIVACY = frozenset({Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN})
# --- end consents ---
#: The participant's name: a page that shows it to a role outside A's case roles leaks.
FIRST_NAME, LAST_NAME = "Matrixa", "Leakcheckowa"


def staff_routes() -> dict[str, str]:
    """Route name → sample path of every staff route in the URLconf."""
    public = settings.PUBLIC_URL_NAMES
    found = {}
    for route in walk():
        if not route.view_name or route.path.startswith(NOT_STAFF):
            continue
        namespace = route.view_name.rsplit(":", 1)[0] if ":" in route.view_name else ""
        if route.view_name in public or f"{namespace}:*" in public:
            continue
        found[route.view_name] = route.path
    return found


# --- The world: one record of each kind, all of organisation A in project P ----------


@dataclass
class World:
    users: dict = field(default_factory=dict)  # (side, role) → user; side "own" or "partner"
    clients: dict = field(default_factory=dict)  # (side, role) → a Client logged in as them


def _build_world() -> World:
    w = World()
    w.org_a, w.org_b, w.org_c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    w.project = ProjectFactory(lead=w.org_a)
    ProjectMember.objects.create(project=w.project, organisation=w.org_b)
    w.other_project = ProjectFactory(lead=w.org_c)
    w.district = DistrictFactory()
    w.project.districts.add(w.district)
    for role in ALL_ROLES:
        for side, organisation in (("own", w.org_a), ("partner", w.org_b)):
            membership = MembershipFactory(project=w.project, organisation=organisation, role=role)
            give_totp(membership.user)
            w.users[side, role] = membership.user
    w.colleague_membership = Membership.objects.get(user=w.users["own", WORKER])
    lead = w.users["own", LEAD]
    w.api_token = ApiToken.objects.create(
        user=lead, name="matrix", key_hash=ApiToken.hash_key("matrix-key")
    )
    w.participant = ParticipantFactory(
        project=w.project, organisation=w.org_a, first_name=FIRST_NAME, last_name=LAST_NAME
    )
    w.case = CaseFactory(participant=w.participant)
    w.consent = ConsentFactory(participant=w.participant)
    w.assessment = AssessmentFactory(case=w.case)
    w.plan = PlanFactory(case=w.case)
    w.contact = ContactFactory(case=w.case)
    w.follow_up = FollowUpFactory(case=w.case)
    w.document = Document.objects.create(
        case=w.case,
        title="CV",
        file=ContentFile(b"%PDF-1.4 matrix", name="cv.pdf"),
        original_name="cv.pdf",
        content_type="application/pdf",
        size=15,
    )
    w.first_contact = FirstContactFactory(
        project=w.project, organisation=w.org_a, channel=Channel.REQUEST
    )
    w.import_job = ImportJob.objects.create(
        project=w.project,
        organisation=w.org_a,
        token="matrixtoken",
        extension=".csv",
        filename="list.csv",
        created_by=lead,
    )
    w.location = LocationFactory(project=w.project, organisation=w.org_a)
    w.offer = OfferFactory(project=w.project, organisation=w.org_a)
    w.offer.locations.add(w.location)
    w.schedule = ScheduleFactory(offer=w.offer, location=w.location)
    w.translation = OfferTranslationFactory(offer=w.offer, language="en")
    w.enrolment = EnrolmentFactory(offer=w.offer, case=w.case)
    today = timezone.localdate()
    w.day = (today - timedelta(days=1)).isoformat()
    w.certificate = Certificate.objects.create(
        enrolment=w.enrolment,
        number="Z-MATRIX",
        verification_token="matrix-verification-token",
        issued_on=today,
        period_start=w.enrolment.start_date,
        period_end=today,
        hours="40.00",
        participant_name="(Snapshot)",
        offer_title=w.offer.title,
        offer_kind=w.offer.kind,
        organisation_name=w.org_a.name,
        project_name=w.project.name,
    )
    w.practical = OfferFactory(
        project=w.project, organisation=w.org_a, kind="practical_project", published=True
    )
    w.service_request = ServiceRequestFactory(offer=w.practical)
    # economy: employers (with a placement of A's participant, for the leak check)
    w.employer = EmployerFactory(project=w.project, organisation=w.org_a)
    w.contact_person = ContactPersonFactory(employer=w.employer)
    w.employer_service = EmployerServiceFactory(employer=w.employer)
    w.employer_placement = PlacementFactory(
        case=w.case, vacancy=None, employer=w.employer, job_title="Helfer"
    )
    w.placement = Placement.objects.create(
        case=w.case,
        employer_name="Matrix GmbH",
        job_title="Lager",
        contract_kind="mini_job",
        start_date=w.case.entry_date,
    )
    w.employer_check = StabilisationCheck.objects.create(
        placement=w.placement,
        with_whom="employer",
        months_after_start=1,
        due_date=w.case.entry_date + timedelta(days=30),
    )
    # economy: vacancies (one of A, one reported and still to check)
    w.vacancy = VacancyFactory(project=w.project, organisation=w.org_a)
    w.reported_vacancy = VacancyFactory(
        project=w.project,
        organisation=w.org_a,
        source="employer_report",
        review_status="to_check",
    )
    # Economy: a business event with an invitation and a task, a vacant unit (all A's).
    w.business_event = EventFactory(project=w.project, organisation=w.org_a)
    w.event_invitation = InvitationFactory(event=w.business_event)
    w.event_task = EventTaskFactory(event=w.business_event)
    w.vacant_unit = UnitFactory(project=w.project, organisation=w.org_a)
    w.match_vacancy = MatchVacancyFactory(project=w.project, organisation=w.org_a)
    # network: meetings. A meeting of project P organised by A, with an attendee, a task
    # (of A's case worker) and evidence.
    w.meeting = MeetingFactory(project=w.project, organisation=w.org_a)
    w.meeting_attendee = AttendeeFactory(meeting=w.meeting)
    w.meeting_task = MeetingOutcomeFactory(
        meeting=w.meeting, kind="task", assignee=w.users["own", WORKER]
    )
    w.meeting_evidence = EvidenceFactory(meeting=w.meeting)
    # network: partners: a partner of P's network kept by A, with a contact person; a
    # coach team of A in P's district with a member.
    w.network_partner = PartnerFactory(project=w.project, organisation=w.org_a)
    w.partner_person = PartnerPersonFactory(partner=w.network_partner)
    w.coach_team = CoachTeamFactory(project=w.project, organisation=w.org_a, district=w.district)
    w.team_member = CoachTeamMemberFactory(team=w.coach_team)
    # network: referrals. A draft of A's case to B, and one sent by letter to a partner
    # outside the consortium (with a logged override: no consent needed for the world).
    w.referral = ReferralFactory(case=w.case, recipient=w.org_b)
    w.letter_referral = ReferralFactory(
        case=w.case,
        recipient=w.org_c,
        state="sent",
        by_letter=True,
        shared_fields=["name", "reason"],
        shared_data={"name": f"{FIRST_NAME} {LAST_NAME}", "reason": "Matrix"},
        override_justification="The matrix needs a referral sent by letter.",
        sent_at=timezone.now(),
        answer_due=today + timedelta(days=14),
    )
    # network: inbox. A's case referred to B, sent and waiting for B's answer, with the
    # consent to share. Its packet is frozen at sending; here it names a stand-in, so
    # that the leak check still catches any page that shows the case's own name to B.
    w.inbox_referral = ReferralFactory(
        case=w.case,
        recipient=w.org_b,
        state="sent",
        consent=sharing_consent(w.case, w.org_b),
        sent_by=lead,
        sent_at=timezone.now(),
        answer_due=today + timedelta(days=14),
        shared_data={"name": "Packeta Standin", "reason": "Needs a B1 course."},
    )
    # end of network: inbox
    # --- erasure ---
    w.retention_rule = RetentionRule.objects.create(
        project=w.project,
        scope="indicator_data",
        legal_basis="Funder",
        citation="Art. 82 VO (EU) 2021/1060",
        duration_months=60,
    )
    # --- end erasure ---
    return w


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module inside a transaction rolled back at the end."""
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = _build_world()
            # One logged-in client per user for the whole module (a login is a session
            # row; each test's requests are rolled back, the sessions stay).
            for key, user in world.users.items():
                world.clients[key] = Client()
                world.clients[key].force_login(
                    user, backend="django.contrib.auth.backends.ModelBackend"
                )
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


# --- Each route's path arguments, from the world ------------------------------------

ARGS = {
    "core:home": lambda w: [],
    "core:project_list": lambda w: [],
    "core:project_detail": lambda w: [w.project.slug],
    "core:project_edit": lambda w: [w.project.slug],
    "core:project_members": lambda w: [w.project.slug],
    "core:membership_edit": lambda w: [w.project.slug, w.colleague_membership.pk],
    "core:membership_delete": lambda w: [w.project.slug, w.colleague_membership.pk],
    "core:organisation_detail": lambda w: [w.org_a.slug],
    "core:organisation_edit": lambda w: [w.org_a.slug],
    "core:district_list": lambda w: [],
    "core:district_detail": lambda w: [w.district.slug],
    "core:api_tokens": lambda w: [],
    "core:api_token_revoke": lambda w: [w.api_token.pk],
    "core:audit_log": lambda w: [],
    "core:help_index": lambda w: [],
    "core:help": lambda w: ["fallarbeit"],
    "participants:intake": lambda w: [],
    "participants:participant_edit": lambda w: [w.participant.pk],
    "participants:consent_create": lambda w: [w.participant.pk],
    "participants:consent_withdraw": lambda w: [w.consent.pk],
    "participants:consent_texts": lambda w: [w.project.slug],
    "participants:first_contact_list": lambda w: [],
    "participants:first_contact_edit": lambda w: [w.first_contact.pk],
    "participants:request_assign": lambda w: [w.first_contact.pk],
    "participants:request_step": lambda w: [w.first_contact.pk],
    "participants:request_close": lambda w: [w.first_contact.pk],
    "participants:import_upload": lambda w: [w.project.slug],
    "participants:export": lambda w: [w.project.slug, "csv"],
    "participants:import_job": lambda w: [w.project.slug, w.import_job.pk],
    "participants:import_preview": lambda w: [w.project.slug, w.import_job.token],
    "participants:import_confirm": lambda w: [w.project.slug, w.import_job.token],
    "participants:import_cancel": lambda w: [w.project.slug, w.import_job.token],
    "cases:case_list": lambda w: [],
    "cases:case_list_csv": lambda w: [],
    "cases:case_list_xlsx": lambda w: [],
    "cases:my_day": lambda w: [],
    "cases:case_detail": lambda w: [w.case.pk],
    "cases:case_edit": lambda w: [w.case.pk],
    "cases:assessment_list": lambda w: [w.case.pk],
    "cases:assessment_create": lambda w: [w.case.pk],
    "cases:assessment_edit": lambda w: [w.case.pk, w.assessment.pk],
    "cases:plan_edit": lambda w: [w.case.pk],
    "cases:contact_list": lambda w: [w.case.pk],
    "cases:contact_create": lambda w: [w.case.pk],
    "cases:follow_up_create": lambda w: [w.case.pk],
    "cases:follow_up_toggle": lambda w: [w.follow_up.pk],
    "cases:case_exit": lambda w: [w.case.pk],
    "cases:case_exit_undo": lambda w: [w.case.pk],
    "cases:six_month_survey": lambda w: [w.case.pk],
    "cases:document_list": lambda w: [w.case.pk],
    "cases:document_upload": lambda w: [w.case.pk],
    "cases:document_download": lambda w: [w.case.pk, w.document.pk],
    "cases:document_delete": lambda w: [w.case.pk, w.document.pk],
    "cases:plan_pdf": lambda w: [w.case.pk],
    "cases:consent_form_pdf": lambda w: [w.participant.pk],
    "offers:offer_list": lambda w: [],
    "offers:offer_create": lambda w: [],
    "offers:location_list": lambda w: [],
    "offers:location_create": lambda w: [],
    "offers:location_edit": lambda w: [w.location.pk],
    "offers:offer_detail": lambda w: [w.offer.pk],
    "offers:offer_edit": lambda w: [w.offer.pk],
    "offers:offer_ical": lambda w: [w.offer.pk],
    "offers:schedule_create": lambda w: [w.offer.pk],
    "offers:schedule_edit": lambda w: [w.offer.pk, w.schedule.pk],
    "offers:schedule_delete": lambda w: [w.offer.pk, w.schedule.pk],
    "offers:translation_edit": lambda w: [w.offer.pk, "en"],
    "offers:translation_delete": lambda w: [w.offer.pk, "en"],
    "offers:offer_participants": lambda w: [w.offer.pk],
    "offers:enrol_from_offer": lambda w: [w.offer.pk],
    "offers:enrol_from_case": lambda w: [w.case.pk],
    "offers:enrolment_end": lambda w: [w.enrolment.pk],
    "offers:enrolment_change": lambda w: [w.enrolment.pk],
    "offers:register_start": lambda w: [w.offer.pk],
    "offers:register": lambda w: [w.offer.pk, w.day],
    "offers:register_row": lambda w: [w.offer.pk, w.day, w.enrolment.pk],
    "offers:offer_certificates": lambda w: [w.offer.pk],
    "offers:offer_certificates_issue_all": lambda w: [w.offer.pk],
    "offers:certificate_issue": lambda w: [w.enrolment.pk],
    "offers:certificate_detail": lambda w: [w.certificate.pk],
    "offers:certificate_pdf": lambda w: [w.certificate.pk],
    "offers:certificate_revoke": lambda w: [w.certificate.pk],
    "offers:case_certificates": lambda w: [w.case.pk],
    "offers:service_request_list": lambda w: [],
    "offers:offer_service_requests": lambda w: [w.practical.pk],
    "offers:service_request_create": lambda w: [w.practical.pk],
    "offers:service_request_detail": lambda w: [w.service_request.pk],
    "offers:service_request_schedule": lambda w: [w.service_request.pk],
    "offers:service_request_done": lambda w: [w.service_request.pk],
    "offers:service_request_cancel": lambda w: [w.service_request.pk],
    "economy:employer_list": lambda w: [],
    "economy:employer_create": lambda w: [],
    "economy:employer_detail": lambda w: [w.employer.pk],
    "economy:employer_edit": lambda w: [w.employer.pk],
    "economy:employer_size": lambda w: [w.employer.pk],
    "economy:contact_person_create": lambda w: [w.employer.pk],
    "economy:contact_person_edit": lambda w: [w.employer.pk, w.contact_person.pk],
    "economy:employer_contact_create": lambda w: [w.employer.pk],
    "economy:employer_service_create": lambda w: [w.employer.pk],
    "economy:employer_service_edit": lambda w: [w.employer.pk, w.employer_service.pk],
    "economy:employer_service_delete": lambda w: [w.employer.pk, w.employer_service.pk],
    "reports:indicators": lambda w: [w.project.slug],
    "reports:indicator_report": lambda w: [w.project.slug, "xlsx"],
    "reports:report_list": lambda w: [],
    "reports:dashboard": lambda w: [w.project.slug],
    "reports:district_profile": lambda w: [w.project.slug, w.district.slug],
    "reports:participant_list": lambda w: [w.project.slug, "csv"],
    "economy:placement_create": lambda w: [w.case.pk],
    "economy:placement_detail": lambda w: [w.placement.pk],
    "economy:placement_edit": lambda w: [w.placement.pk],
    "economy:placement_end": lambda w: [w.placement.pk],
    "economy:check_record": lambda w: [w.placement.pk, w.employer_check.pk],
    "economy:economy_settings": lambda w: [w.project.slug],
    "network:deadlines": lambda w: [w.project.slug],
    "economy:vacancy_list": lambda w: [],
    "economy:vacancy_create": lambda w: [],
    "economy:vacancy_detail": lambda w: [w.vacancy.pk],
    "economy:vacancy_edit": lambda w: [w.vacancy.pk],
    "economy:vacancy_status": lambda w: [w.vacancy.pk],
    "economy:vacancy_import": lambda w: [],
    "economy:vacancy_inbox": lambda w: [],
    "economy:vacancy_report_confirm": lambda w: [w.reported_vacancy.pk],
    "economy:vacancy_report_reject": lambda w: [w.reported_vacancy.pk],
    "economy:event_list": lambda w: [],
    "economy:event_create": lambda w: [],
    "economy:event_detail": lambda w: [w.business_event.pk],
    "economy:event_edit": lambda w: [w.business_event.pk],
    "economy:event_delete": lambda w: [w.business_event.pk],
    "economy:event_invite": lambda w: [w.business_event.pk],
    "economy:event_attendance": lambda w: [w.business_event.pk],
    "economy:event_invitation_delete": lambda w: [w.business_event.pk, w.event_invitation.pk],
    "economy:event_task_create": lambda w: [w.business_event.pk],
    "economy:event_task_done": lambda w: [w.event_task.pk],
    "economy:unit_list": lambda w: [],
    "economy:unit_create": lambda w: [],
    "economy:unit_detail": lambda w: [w.vacant_unit.pk],
    "economy:unit_edit": lambda w: [w.vacant_unit.pk],
    "economy:unit_status": lambda w: [w.vacant_unit.pk],
    "economy:unit_delete": lambda w: [w.vacant_unit.pk],
    "matching:case_matches": lambda w: [w.case.pk],
    "matching:suggestion_decide": lambda w: [w.case.pk],
    "matching:vacancy_matches": lambda w: [w.match_vacancy.pk],
    "matching:weights": lambda w: [w.project.slug],
    # network: meetings
    "network:meeting_list": lambda w: [],
    "network:meeting_create": lambda w: [],
    "network:meeting_detail": lambda w: [w.meeting.pk],
    "network:meeting_edit": lambda w: [w.meeting.pk],
    "network:meeting_minutes": lambda w: [w.meeting.pk],
    "network:meeting_attendee_add": lambda w: [w.meeting.pk],
    "network:meeting_attendee_update": lambda w: [w.meeting.pk, w.meeting_attendee.pk],
    "network:meeting_attendee_remove": lambda w: [w.meeting.pk, w.meeting_attendee.pk],
    "network:meeting_outcome_add": lambda w: [w.meeting.pk],
    "network:meeting_outcome_remove": lambda w: [w.meeting.pk, w.meeting_task.pk],
    "network:meeting_evidence_add": lambda w: [w.meeting.pk],
    "network:meeting_evidence_remove": lambda w: [w.meeting.pk, w.meeting_evidence.pk],
    "network:task_done": lambda w: [w.meeting_task.pk],
    "network:task_reopen": lambda w: [w.meeting_task.pk],
    # network: figures (project and period in the query string; none: the first project)
    "network:figures": lambda w: [],
    # network: partners
    "network:partner_list": lambda w: [],
    "network:partner_create": lambda w: [],
    "network:partner_detail": lambda w: [w.network_partner.pk],
    "network:partner_edit": lambda w: [w.network_partner.pk],
    "network:partner_person_create": lambda w: [w.network_partner.pk],
    "network:partner_person_edit": lambda w: [w.network_partner.pk, w.partner_person.pk],
    "network:partner_person_delete": lambda w: [w.network_partner.pk, w.partner_person.pk],
    "network:partner_contact_create": lambda w: [w.network_partner.pk],
    "network:team_list": lambda w: [],
    "network:team_create": lambda w: [],
    "network:team_detail": lambda w: [w.coach_team.pk],
    "network:team_edit": lambda w: [w.coach_team.pk],
    "network:team_member_create": lambda w: [w.coach_team.pk],
    "network:team_member_edit": lambda w: [w.coach_team.pk, w.team_member.pk],
    "network:team_member_delete": lambda w: [w.coach_team.pk, w.team_member.pk],
    # network: referrals
    "network:referral_list": lambda w: [],
    "network:referral_create": lambda w: [w.case.pk],
    "network:assignment_create": lambda w: [w.case.pk],
    "network:referral_detail": lambda w: [w.referral.pk],
    "network:referral_send": lambda w: [w.referral.pk],
    "network:referral_cancel": lambda w: [w.referral.pk],
    "network:referral_letter": lambda w: [w.letter_referral.pk],
    # --- export ---
    "privacy:person_export": lambda w: [w.participant.pk],
    # --- end export ---
    # network: inbox
    "network:inbox": lambda w: [],
    "network:inbox_detail": lambda w: [w.inbox_referral.pk],
    "network:referral_answer": lambda w: [w.inbox_referral.pk, "accept"],
    # --- erasure ---
    "privacy:retention_rules": lambda w: [w.project.slug],
    "privacy:retention_rule_create": lambda w: [w.project.slug],
    "privacy:retention_rule_edit": lambda w: [w.project.slug, w.retention_rule.pk],
    "privacy:retention_rule_delete": lambda w: [w.project.slug, w.retention_rule.pk],
    "privacy:person_erase": lambda w: [w.participant.pk],
    "privacy:erasure_log": lambda w: [],
    # --- end erasure ---
    # privacy (area dpo): persons, the register of processing activities, evaluation data
    "privacy:person_list": lambda w: [],
    "privacy:person_detail": lambda w: [w.participant.pk],
    "privacy:processing_register": lambda w: [w.project.slug],
    "privacy:evaluation_export": lambda w: [w.project.slug],
    # end of privacy (area dpo)
    # --- accesslog ---
    "privacy:access_log": lambda w: [],
    "privacy:access_log_export": lambda w: ["csv"],
    # --- end accesslog ---
    # --- consents ---
    "privacy:consent_register": lambda w: [],
    "privacy:consent_withdraw": lambda w: [w.consent.pk],
    "privacy:consent_texts": lambda w: [],
    # --- end consents ---
    # --- sched ---
    "operations:index": lambda w: [],
    "operations:job_run_retry": lambda w: [1],
    "operations:task_retry": lambda w: ["00000000-0000-0000-0000-000000000001"],
    # --- end sched ---
}


# --- The expected answers ------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    """Who gets what on one route.

    `allowed`: roles of organisation A that get `ok` (200, or 302 where the page sends on
    somewhere); the other roles of A get `denied`. `partner`: the roles of partner
    organisation B that get `ok`; the others of B get `partner_denied`. `exceptions`:
    ("own"|"partner", role) → status, for a cell that differs from this rule."""

    allowed: frozenset
    denied: int = 403
    partner: frozenset = NOBODY
    partner_denied: int = 404
    ok: int = 200
    exceptions: dict = field(default_factory=dict)

    def expect(self, side: str, role: str) -> int:
        if (side, role) in self.exceptions:
            return self.exceptions[side, role]
        if side == "own":
            return self.ok if role in self.allowed else self.denied
        return self.ok if role in self.partner else self.partner_denied


def post_only() -> Cell:
    """A route that takes only POST: a GET is 405 for everyone logged in."""
    return Cell(allowed=EVERYONE, partner=EVERYONE, ok=405)


#: A participant's records of organisation A: A's case roles; everyone else 404 (a record
#: outside the user's reach is not even confirmed to exist).
CASE_RECORD = Cell(allowed=CASE_ROLES, denied=404)
#: A list or form of the case roles, each seeing and writing their own organisation's
#: records: the partner's case roles open it too (and see none of A's records).
CASE_WORK = Cell(allowed=CASE_ROLES, partner=CASE_ROLES, partner_denied=403)
#: Changes to an offer of A (its places, schedules, translations, requests): A's case
#: roles; B's roles see the offer but may not change it.
OFFER_OWNER = Cell(allowed=CASE_ROLES, partner_denied=403)
#: Open to every role of the project: pages without personal data, or lists scoped to
#: what the user may see (the leak check below proves that A's participant is not named).
ANY_ROLE = Cell(allowed=EVERYONE, partner=EVERYONE)
#: Aggregated figures: case roles and the evaluator, of any organisation in the project.
FIGURES = Cell(
    allowed=CASE_ROLES | {EVALUATOR}, partner=CASE_ROLES | {EVALUATOR}, partner_denied=403
)
TEAM_MANAGERS = frozenset({LEAD, ADMIN})
#: The local economy (quartier.core.tenancy): vacancy roles see, economy roles change.
ECONOMY_ROLES = frozenset({LEAD, COACH, LIAISON})
VACANCY_ROLES = ECONOMY_ROLES | {WORKER}
#: An economy list or form: every organisation's economy staff, each their own records.
VACANCY_WORK = Cell(allowed=VACANCY_ROLES, partner=VACANCY_ROLES, partner_denied=403)
ECONOMY_WORK = Cell(allowed=ECONOMY_ROLES, partner=ECONOMY_ROLES, partner_denied=403)
#: An economy record of A: A's vacancy roles see it; everyone else 404.
ECONOMY_RECORD_VIEW = Cell(allowed=VACANCY_ROLES, denied=404)
#: Changing it: A's economy roles; A's case worker sees it, so 403; everyone else 404.
ECONOMY_RECORD_CHANGE = Cell(allowed=ECONOMY_ROLES, denied=404, exceptions={("own", WORKER): 403})
INBOX_ROLES = frozenset({LEAD, LIAISON})
#: Business events and vacant units (economy): seen by the vacancy roles of the owning
#: organisation, changed by its economy roles.
_EVENT_VACANCY_ROLES = frozenset({LEAD, WORKER, COACH, LIAISON})
_EVENT_ECONOMY_ROLES = frozenset({LEAD, COACH, LIAISON})
EVENTS_LIST = Cell(allowed=_EVENT_VACANCY_ROLES, partner=_EVENT_VACANCY_ROLES, partner_denied=403)
EVENTS_CREATE = Cell(allowed=_EVENT_ECONOMY_ROLES, partner=_EVENT_ECONOMY_ROLES, partner_denied=403)
EVENTS_RECORD = Cell(allowed=_EVENT_VACANCY_ROLES, denied=404)
EVENTS_CHANGE = Cell(allowed=_EVENT_ECONOMY_ROLES, denied=404, exceptions={("own", WORKER): 403})
#: The network (quartier.network.rules): the project's network is the consortium's.
#: Network view roles (case roles, network coach, employer liaison) of any organisation
#: in the project see it; the network coach and the project lead keep it.
NETWORK_VIEW = CASE_ROLES | {NETWORK, LIAISON}
NETWORK_KEEP = frozenset({LEAD, NETWORK})
NETWORK_LIST = Cell(allowed=NETWORK_VIEW, partner=NETWORK_VIEW, partner_denied=403)
NETWORK_CREATE = Cell(allowed=NETWORK_KEEP, partner=NETWORK_KEEP, partner_denied=403)
#: A partner or team: seen by the view roles of either organisation, others not told.
NETWORK_RECORD = Cell(allowed=NETWORK_VIEW, denied=404, partner=NETWORK_VIEW)
#: Changing it: the keepers of either organisation; who sees it without keeping: 403.
NETWORK_CHANGE = Cell(
    allowed=NETWORK_KEEP,
    denied=404,
    partner=NETWORK_KEEP,
    exceptions={
        (side, role): 403 for side in ("own", "partner") for role in NETWORK_VIEW - NETWORK_KEEP
    },
)

#: network: meetings. The project's network is the consortium's: its view roles (case
#: roles, network coach, employer liaison) of every organisation see a meeting, its
#: work roles (project lead, network coach) change it; everyone else: 404 (403 on the
#: list and the new-meeting form, which name no record).
_NETWORK_VIEW = CASE_ROLES | {NETWORK, LIAISON}
_NETWORK_WORK = frozenset({LEAD, NETWORK})
MEETINGS_LIST = Cell(allowed=_NETWORK_VIEW, partner=_NETWORK_VIEW, partner_denied=403)
MEETINGS_CREATE = Cell(allowed=_NETWORK_WORK, partner=_NETWORK_WORK, partner_denied=403)
MEETING_RECORD = Cell(allowed=_NETWORK_VIEW, denied=404, partner=_NETWORK_VIEW)
MEETING_CHANGE = Cell(
    allowed=_NETWORK_WORK,
    denied=404,
    partner=_NETWORK_WORK,
    exceptions={
        (side, role): 403 for side in ("own", "partner") for role in _NETWORK_VIEW - _NETWORK_WORK
    },
)

#: network: inbox. The roles through which an organisation receives referrals.
RECIPIENTS = CASE_ROLES | {Role.PARTNER_STAFF}

#: privacy (area dpo): the data-protection roles of an organisation (quartier.core.tenancy),
#: who see its persons' names on the privacy pages.
DPO = Role.DATA_PROTECTION_OFFICER
PRIVACY = frozenset({ADMIN, DPO})
PRIVACY_NAMES = frozenset({("own", ADMIN), ("own", DPO)})

EXPECTED: dict[str, Cell] = {
    # core
    "core:home": ANY_ROLE,
    "core:project_list": ANY_ROLE,
    "core:project_detail": ANY_ROLE,
    # A project lead of any organisation in the project leads the project.
    "core:project_edit": Cell(allowed={LEAD}, partner={LEAD}, partner_denied=403),
    "core:project_members": Cell(allowed=TEAM_MANAGERS, partner=TEAM_MANAGERS, partner_denied=403),
    # The colleague is A's case worker: A's lead and admin manage them; the worker may not
    # edit their own membership (403); B's lead and admin are refused, the rest not told.
    "core:membership_edit": Cell(
        allowed=TEAM_MANAGERS,
        denied=404,
        exceptions={("own", WORKER): 403, ("partner", LEAD): 403, ("partner", ADMIN): 403},
    ),
    "core:membership_delete": Cell(
        allowed=TEAM_MANAGERS,
        denied=404,
        exceptions={("own", WORKER): 403, ("partner", LEAD): 403, ("partner", ADMIN): 403},
    ),
    "core:organisation_detail": ANY_ROLE,
    "core:organisation_edit": Cell(allowed={ADMIN}, partner_denied=403),
    "core:district_list": ANY_ROLE,
    "core:district_detail": ANY_ROLE,
    "core:api_tokens": ANY_ROLE,  # the user's own tokens
    "core:api_token_revoke": post_only(),
    "core:audit_log": Cell(allowed={ADMIN}, partner={ADMIN}, partner_denied=403),
    "core:help_index": ANY_ROLE,
    "core:help": ANY_ROLE,
    # participants
    "participants:intake": CASE_WORK,
    "participants:participant_edit": CASE_RECORD,
    "participants:consent_create": CASE_RECORD,
    "participants:consent_withdraw": CASE_RECORD,
    "participants:consent_texts": CASE_WORK,
    "participants:first_contact_list": CASE_WORK,
    "participants:first_contact_edit": CASE_RECORD,
    "participants:request_assign": post_only(),
    "participants:request_step": post_only(),
    "participants:request_close": post_only(),
    # The participant import and export: project leads, each for their organisation.
    "participants:import_upload": Cell(allowed={LEAD}, partner={LEAD}, partner_denied=403),
    "participants:export": Cell(allowed={LEAD}, partner={LEAD}, partner_denied=403),
    # An import run is seen only by whoever confirmed it (A's lead here).
    "participants:import_job": Cell(allowed={LEAD}, denied=404),
    # No file waits under this token: A's lead is sent back to the upload page; B's lead
    # is not told that the upload exists.
    "participants:import_preview": Cell(
        allowed={LEAD}, ok=302, partner_denied=403, exceptions={("partner", LEAD): 404}
    ),
    "participants:import_confirm": post_only(),
    "participants:import_cancel": post_only(),
    # cases
    "cases:case_list": CASE_WORK,
    "cases:case_list_csv": CASE_WORK,
    "cases:case_list_xlsx": CASE_WORK,
    "cases:my_day": ANY_ROLE,
    "cases:case_detail": CASE_RECORD,
    "cases:case_edit": CASE_RECORD,
    "cases:assessment_list": CASE_RECORD,
    "cases:assessment_create": CASE_RECORD,
    "cases:assessment_edit": CASE_RECORD,
    "cases:plan_edit": CASE_RECORD,
    "cases:contact_list": CASE_RECORD,
    "cases:contact_create": CASE_RECORD,
    "cases:follow_up_create": CASE_RECORD,
    "cases:follow_up_toggle": post_only(),
    "cases:case_exit": CASE_RECORD,
    "cases:case_exit_undo": CASE_RECORD,
    # The case has no exit yet: the six-month survey sends back to the case.
    "cases:six_month_survey": Cell(allowed=CASE_ROLES, denied=404, ok=302),
    "cases:document_list": CASE_RECORD,
    "cases:document_upload": post_only(),
    "cases:document_download": CASE_RECORD,
    "cases:document_delete": CASE_RECORD,
    "cases:plan_pdf": CASE_RECORD,
    "cases:consent_form_pdf": CASE_RECORD,
    # offers: the catalogue is the project's (every role reads it); A's offer is changed
    # by A's case roles only.
    "offers:offer_list": ANY_ROLE,
    "offers:offer_create": CASE_WORK,
    "offers:location_list": ANY_ROLE,
    "offers:location_create": CASE_WORK,
    "offers:location_edit": OFFER_OWNER,
    "offers:offer_detail": ANY_ROLE,
    "offers:offer_edit": OFFER_OWNER,
    "offers:offer_ical": ANY_ROLE,
    "offers:schedule_create": OFFER_OWNER,
    "offers:schedule_edit": OFFER_OWNER,
    "offers:schedule_delete": post_only(),
    "offers:translation_edit": OFFER_OWNER,
    "offers:translation_delete": post_only(),
    # Who takes part: a list scoped to the cases the user may see (empty for the rest).
    "offers:offer_participants": ANY_ROLE,
    # Partners enrol their own cases in A's offers and keep their attendance.
    "offers:enrol_from_offer": CASE_WORK,
    "offers:enrol_from_case": CASE_RECORD,
    "offers:enrolment_end": CASE_RECORD,
    "offers:enrolment_change": CASE_RECORD,
    # Sends on to the register of the latest session.
    "offers:register_start": Cell(
        allowed=CASE_ROLES, partner=CASE_ROLES, partner_denied=403, ok=302
    ),
    "offers:register": CASE_WORK,
    "offers:register_row": post_only(),
    # Scoped to the enrolments the user may see: an empty list for the other roles
    # (403 would say it more plainly; no data is shown, see the leak check).
    "offers:offer_certificates": ANY_ROLE,
    "offers:offer_certificates_issue_all": ANY_ROLE,
    "offers:certificate_issue": CASE_RECORD,
    "offers:certificate_detail": CASE_RECORD,
    "offers:certificate_pdf": CASE_RECORD,
    "offers:certificate_revoke": CASE_RECORD,
    "offers:case_certificates": CASE_RECORD,
    "offers:service_request_list": ANY_ROLE,
    "offers:offer_service_requests": OFFER_OWNER,
    # Anyone in the project may pass on a resident's request for a practical project.
    "offers:service_request_create": ANY_ROLE,
    "offers:service_request_detail": CASE_RECORD,
    "offers:service_request_schedule": post_only(),
    "offers:service_request_done": post_only(),
    "offers:service_request_cancel": post_only(),
    # economy, employers: A's vacancy roles see A's employers, its economy roles change
    # them (A's case worker may look but not change: 403); B's roles get 404 for A's
    # employer, and B's list shows only B's (none here).
    "economy:employer_list": VACANCY_WORK,
    "economy:employer_create": ECONOMY_WORK,
    "economy:employer_detail": ECONOMY_RECORD_VIEW,
    "economy:employer_edit": ECONOMY_RECORD_CHANGE,
    "economy:employer_size": ECONOMY_RECORD_CHANGE,
    "economy:contact_person_create": ECONOMY_RECORD_CHANGE,
    "economy:contact_person_edit": ECONOMY_RECORD_CHANGE,
    "economy:employer_contact_create": ECONOMY_RECORD_CHANGE,
    "economy:employer_service_create": ECONOMY_RECORD_CHANGE,
    "economy:employer_service_edit": ECONOMY_RECORD_CHANGE,
    # GET asks for the confirmation.
    "economy:employer_service_delete": ECONOMY_RECORD_CHANGE,
    # reports
    "reports:indicators": FIGURES,
    "reports:indicator_report": FIGURES,
    "reports:report_list": ANY_ROLE,
    "reports:dashboard": FIGURES,
    "reports:district_profile": FIGURES,
    # The funder's participant list: project leads, each their organisation's people.
    "reports:participant_list": Cell(allowed={LEAD}, denied=404, partner={LEAD}),
    # economy: placements are part of the case; a check-in with the employer is also
    # the employer liaison's of A (she sees the first name and initial, no more).
    "economy:placement_create": CASE_RECORD,
    "economy:placement_detail": CASE_RECORD,
    "economy:placement_edit": CASE_RECORD,
    "economy:placement_end": CASE_RECORD,
    "economy:check_record": Cell(allowed=CASE_ROLES | {LIAISON}, denied=404),
    # The check-in schedule: a project lead of any organisation in the project.
    "economy:economy_settings": Cell(allowed={LEAD}, partner={LEAD}, partner_denied=403),
    "network:deadlines": Cell(allowed={LEAD}, partner={LEAD}, partner_denied=403),
    # economy: vacancies. Seen by the vacancy roles (economy roles and case workers) of
    # their own organisation, changed by the economy roles; the inbox and the job search
    # import are the project lead's and employer liaison's, of any organisation.
    "economy:vacancy_list": Cell(allowed=VACANCY_ROLES, partner=VACANCY_ROLES, partner_denied=403),
    "economy:vacancy_create": Cell(
        allowed=ECONOMY_ROLES, partner=ECONOMY_ROLES, partner_denied=403
    ),
    "economy:vacancy_detail": Cell(allowed=VACANCY_ROLES, denied=404),
    "economy:vacancy_edit": Cell(
        allowed=ECONOMY_ROLES, denied=404, exceptions={("own", WORKER): 403}
    ),
    "economy:vacancy_status": post_only(),
    "economy:vacancy_import": Cell(allowed=INBOX_ROLES, partner=INBOX_ROLES, partner_denied=403),
    "economy:vacancy_inbox": Cell(allowed=INBOX_ROLES, partner=INBOX_ROLES, partner_denied=403),
    "economy:vacancy_report_confirm": Cell(
        allowed=INBOX_ROLES, partner=INBOX_ROLES, partner_denied=403
    ),
    "economy:vacancy_report_reject": Cell(
        allowed=INBOX_ROLES, partner=INBOX_ROLES, partner_denied=403
    ),
    # economy: business events and vacant units. Lists scoped to the user's tenants for
    # the vacancy roles (economy roles and case workers) of any organisation; a record of
    # A is seen by A's vacancy roles and changed by A's economy roles (A's case worker:
    # 403); everyone else is not told it exists (404).
    "economy:event_list": EVENTS_LIST,
    "economy:event_create": EVENTS_CREATE,
    "economy:event_detail": EVENTS_RECORD,
    "economy:event_edit": EVENTS_CHANGE,
    "economy:event_delete": EVENTS_CHANGE,
    "economy:event_invite": post_only(),
    "economy:event_attendance": post_only(),
    "economy:event_invitation_delete": post_only(),
    "economy:event_task_create": post_only(),
    "economy:event_task_done": post_only(),
    "economy:unit_list": EVENTS_LIST,
    "economy:unit_create": EVENTS_CREATE,
    "economy:unit_detail": EVENTS_RECORD,
    "economy:unit_edit": EVENTS_CHANGE,
    "economy:unit_status": EVENTS_CHANGE,
    "economy:unit_delete": EVENTS_CHANGE,
    # matching: a case's matches are part of the case; a vacancy's people are for A's case
    # roles (the employer liaison sees the vacancy, not the people: 403); the weights are
    # the project lead's.
    "matching:case_matches": CASE_RECORD,
    "matching:suggestion_decide": post_only(),
    "matching:vacancy_matches": Cell(
        allowed=CASE_ROLES, denied=404, exceptions={("own", LIAISON): 403}
    ),
    "matching:weights": Cell(allowed={LEAD}, partner={LEAD}, partner_denied=403),
    # network: meetings (see MEETING_RECORD above); the minutes are the meeting's.
    "network:meeting_list": MEETINGS_LIST,
    "network:meeting_create": MEETINGS_CREATE,
    "network:meeting_detail": MEETING_RECORD,
    "network:meeting_edit": MEETING_CHANGE,
    "network:meeting_minutes": MEETING_RECORD,
    "network:meeting_attendee_add": post_only(),
    "network:meeting_attendee_update": post_only(),
    "network:meeting_attendee_remove": MEETING_CHANGE,
    "network:meeting_outcome_add": post_only(),
    "network:meeting_outcome_remove": MEETING_CHANGE,
    "network:meeting_evidence_add": post_only(),
    "network:meeting_evidence_remove": MEETING_CHANGE,
    "network:task_done": post_only(),
    "network:task_reopen": post_only(),
    # network: figures. The network view roles (case roles, network coach, employer
    # liaison) of any organisation in the project see the project's network figures
    # (organisations and counts, no person data); the other roles are refused.
    "network:figures": Cell(
        allowed=CASE_ROLES | {NETWORK, LIAISON},
        partner=CASE_ROLES | {NETWORK, LIAISON},
        partner_denied=403,
    ),
    # network: partners and coach teams (the GET of a removal asks for confirmation).
    "network:partner_list": NETWORK_LIST,
    "network:partner_create": NETWORK_CREATE,
    "network:partner_detail": NETWORK_RECORD,
    "network:partner_edit": NETWORK_CHANGE,
    "network:partner_person_create": NETWORK_CHANGE,
    "network:partner_person_edit": NETWORK_CHANGE,
    "network:partner_person_delete": NETWORK_CHANGE,
    "network:partner_contact_create": NETWORK_CHANGE,
    "network:team_list": NETWORK_LIST,
    "network:team_create": NETWORK_CREATE,
    "network:team_detail": NETWORK_RECORD,
    "network:team_edit": NETWORK_CHANGE,
    "network:team_member_create": NETWORK_CHANGE,
    "network:team_member_edit": NETWORK_CHANGE,
    "network:team_member_delete": NETWORK_CHANGE,
    # network: referrals. A referral is part of the case: A's case roles; B (the
    # recipient of the draft) does not see a draft, nor anyone the sender's pages. The
    # list: the case roles (their cases' referrals) and the network coach (the project's
    # referrals without names), of any organisation.
    "network:referral_list": Cell(
        allowed=CASE_ROLES | {NETWORK}, partner=CASE_ROLES | {NETWORK}, partner_denied=403
    ),
    "network:referral_create": CASE_RECORD,
    "network:assignment_create": CASE_RECORD,
    "network:referral_detail": CASE_RECORD,
    "network:referral_send": CASE_RECORD,
    "network:referral_cancel": CASE_RECORD,
    "network:referral_letter": CASE_RECORD,
    # --- export ---
    # The Art. 15 ZIP: POST only (it writes to the access log); the privacy roles of A
    # download it, everyone else gets 404 (tests/privacy/views/test_person_export.py).
    "privacy:person_export": post_only(),
    # --- end export ---
    # network: inbox. Every organisation's recipient roles (case roles, partner staff)
    # open their inbox; the packet of A's referral to B and its answer are B's recipient
    # roles' only (A's case staff answer only for a letter partner: 404 here, as for all
    # others).
    "network:inbox": Cell(allowed=RECIPIENTS, partner=RECIPIENTS, partner_denied=403),
    "network:inbox_detail": Cell(allowed=NOBODY, denied=404, partner=RECIPIENTS),
    "network:referral_answer": Cell(allowed=NOBODY, denied=404, partner=RECIPIENTS),
    # --- erasure ---
    # A project's retention rules: read by the privacy roles and the project lead of
    # every organisation in the project, kept by the project lead and the DPO.
    "privacy:retention_rules": Cell(
        allowed={LEAD, DPO, ADMIN}, partner={LEAD, DPO, ADMIN}, partner_denied=403
    ),
    "privacy:retention_rule_create": Cell(
        allowed={LEAD, DPO}, partner={LEAD, DPO}, partner_denied=403
    ),
    "privacy:retention_rule_edit": Cell(
        allowed={LEAD, DPO}, partner={LEAD, DPO}, partner_denied=403
    ),
    "privacy:retention_rule_delete": Cell(
        allowed={LEAD, DPO}, partner={LEAD, DPO}, partner_denied=403
    ),
    # Erasing A's participant: A's privacy roles; nobody else is told the person exists.
    "privacy:person_erase": Cell(allowed={DPO, ADMIN}, denied=404),
    # The erasure log: every privacy role, of their own projects' erasures.
    "privacy:erasure_log": Cell(allowed={DPO, ADMIN}, partner={DPO, ADMIN}, partner_denied=403),
    # --- end erasure ---
    # privacy (area dpo): the persons of A are A's privacy roles' (data-protection officer,
    # organisation admin); B's privacy roles open their list (without A's persons), A's
    # person is not found for anyone else. The register of processing activities: the
    # privacy roles and the project lead of any organisation in the project; the
    # pseudonymised evaluation data: the project's evaluators.
    "privacy:person_list": Cell(allowed=PRIVACY, partner=PRIVACY, partner_denied=403),
    "privacy:person_detail": Cell(allowed=PRIVACY, denied=404),
    "privacy:processing_register": Cell(
        allowed=PRIVACY | {LEAD}, partner=PRIVACY | {LEAD}, partner_denied=403
    ),
    "privacy:evaluation_export": Cell(allowed={EVALUATOR}, partner={EVALUATOR}, partner_denied=403),
    # --- accesslog ---
    # The access log: the privacy roles (data-protection officer, organisation admin) of
    # any organisation, each seeing her own organisations' entries.
    "privacy:access_log": Cell(
        allowed={Role.DATA_PROTECTION_OFFICER, ADMIN},
        partner={Role.DATA_PROTECTION_OFFICER, ADMIN},
        partner_denied=403,
    ),
    "privacy:access_log_export": Cell(
        allowed={Role.DATA_PROTECTION_OFFICER, ADMIN},
        partner={Role.DATA_PROTECTION_OFFICER, ADMIN},
        partner_denied=403,
    ),
    # --- end accesslog ---
    # --- consents ---
    # The register and the texts: the privacy roles (data-protection officer,
    # organisation admin) of every organisation, each seeing their own organisation's
    # consents. A consent's withdrawal: A's privacy roles and A's case staff.
    "privacy:consent_register": Cell(
        allowed=_CONSENT_PRIVACY, partner=_CONSENT_PRIVACY, partner_denied=403
    ),
    "privacy:consent_withdraw": Cell(allowed=CASE_ROLES | _CONSENT_PRIVACY, denied=404),
    "privacy:consent_texts": Cell(
        allowed=_CONSENT_PRIVACY, partner=_CONSENT_PRIVACY, partner_denied=403
    ),
    # --- end consents ---
    # end of privacy (area dpo)
    # --- sched ---
    # The operations page: platform admins only (no project role opens it; they are
    # tested in tests/operations/test_views.py). Its retry buttons take only POST.
    "operations:index": Cell(allowed=NOBODY, partner_denied=403),
    "operations:job_run_retry": post_only(),
    "operations:task_retry": post_only(),
    # --- end sched ---
}

#: privacy (area dpo): pages that name A's participant to more than A's case roles.
MAY_NAME = {
    "privacy:person_list": PRIVACY_NAMES,
    "privacy:person_detail": PRIVACY_NAMES,
    "privacy:consent_register": PRIVACY_NAMES,
    "privacy:consent_withdraw": PRIVACY_NAMES,
}

#: Routes that accept only POST (GET answers 405 before any permission check).
POST_ONLY = sorted(name for name, cell in EXPECTED.items() if cell.ok == 405)


# --- The tests -------------------------------------------------------------------------


def test_every_staff_route_has_an_expected_entry():
    routes = staff_routes()
    missing = sorted(set(routes) - set(EXPECTED))
    assert missing == [], (
        "Staff routes without an entry in tests/core/test_page_matrix.py EXPECTED (say who "
        "may open them) and ARGS: " + ", ".join(f"{n} ({routes[n]})" for n in missing)
    )
    assert sorted(set(EXPECTED) - set(routes)) == [], "EXPECTED names routes that are gone"
    assert sorted(set(ARGS) - set(routes)) == [], "ARGS names routes that are gone"


def _login_redirect(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("account_login"))


def _shows_name(response) -> bool:
    """Whether a page (HTML, CSV, iCalendar: anything not streamed) names the participant."""
    if response.status_code != 200 or response.streaming:
        return False
    return LAST_NAME.encode() in response.content


DUMP = bool(__import__("os").environ.get("MATRIX_DUMP"))


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ARGS))
def test_page_matrix(matrix, name):
    url = reverse(name, args=ARGS[name](matrix))
    anonymous = Client().get(url)
    observed, names_shown = {}, set()
    for side in ("own", "partner"):
        for role in ALL_ROLES:
            response = matrix.clients[side, role].get(url)
            observed[side, role] = response.status_code
            if _shows_name(response):
                names_shown.add((side, role))
    if DUMP:
        print(
            f"\nMATRIX {name} anon={anonymous.status_code} "
            + " ".join(f"{side[0]}:{role}={code}" for (side, role), code in observed.items())
            + " NAMES "
            + ",".join(f"{s[0]}:{r}" for s, r in sorted(names_shown))
        )
        return
    assert _login_redirect(anonymous), f"{name}: anonymous got {anonymous.status_code}"
    cell = EXPECTED[name]
    wrong = [
        f"{side} {role}: got {code}, expected {cell.expect(side, role)}"
        for (side, role), code in observed.items()
        if code != cell.expect(side, role)
    ]
    leaks = sorted(
        names_shown - {("own", role) for role in CASE_ROLES} - MAY_NAME.get(name, frozenset())
    )
    wrong += [f"{side} {role}: the page names A's participant" for side, role in leaks]
    assert wrong == [], f"{name} ({url}):\n  " + "\n  ".join(wrong)


# --- attack ---------------------------------------------------------------------------
# No state change on GET: around each route's GETs (every role of A and B, anonymous),
# no table's row count or latest `updated_at` may change, but for the tables on
# `tests.db_snapshot.MAY_CHANGE` (sessions, login attempts, the access log), each
# with its reason there.


@pytest.fixture(autouse=True)
def _get_changes_nothing(request):
    if "matrix" not in request.fixturenames or request.node.originalname != "test_page_matrix":
        yield
        return
    from tests.db_snapshot import changes, snapshot

    request.getfixturevalue("matrix")
    before = snapshot()
    yield
    changed = changes(before, snapshot())
    assert changed == [], f"GET changed the database: {'; '.join(changed)}"


# --- end attack -----------------------------------------------------------------------
