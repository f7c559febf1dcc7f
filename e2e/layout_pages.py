"""Every staff page route, sorted into the pages checked for sideways scrolling in the
browser (`LIST_PAGES`, e2e/test_layout.py) and the others (`OTHER_PAGES`).

tests/test_layout_pages.py walks the URLconf and fails on a staff route in neither,
so a new list page cannot be forgotten: add it to LIST_PAGES with how to reach it in
the demo data, or to OTHER_PAGES if it lists nothing (a form, an action, a download).
"""

from dataclasses import dataclass

#: URL prefixes that are not staff pages (or are checked elsewhere).
NOT_STAFF = (
    "admin/",
    "accounts/",
    "api/",
    "hsds/",
    "stadtteilplan/",
    "i18n/",
    "healthz",
    "favicon.ico",
)


@dataclass(frozen=True)
class Demo:
    """What the demo data offers to fill in a route's arguments."""

    project: str
    district: str
    case: int
    offer: int
    register_day: str
    practical_project: int
    #: privacy (area dpo): the participant of `case`.
    participant: int = 0


#: Route name → the path in the demo data, for the pages that list records.
LIST_PAGES = {
    "core:home": lambda d: "/",
    "core:project_list": lambda d: "/projekte/",
    "core:project_detail": lambda d: f"/projekte/{d.project}/",
    "core:project_members": lambda d: f"/projekte/{d.project}/team/",
    "core:district_list": lambda d: "/quartiere/",
    "core:district_detail": lambda d: f"/quartiere/{d.district}/",
    "core:api_tokens": lambda d: "/konto/api-tokens/",
    "core:audit_log": lambda d: "/protokoll/",
    "core:help_index": lambda d: "/hilfe/",
    "core:help": lambda d: "/hilfe/fallarbeit/",
    "participants:consent_texts": lambda d: f"/projekte/{d.project}/einwilligungstexte/",
    "participants:first_contact_list": lambda d: "/erstkontakte/",
    "participants:import_upload": lambda d: f"/projekte/{d.project}/teilnehmende/import/",
    "cases:case_list": lambda d: "/faelle/",
    "cases:my_day": lambda d: "/mein-tag/",
    "cases:case_detail": lambda d: f"/faelle/{d.case}/",
    "cases:assessment_list": lambda d: f"/faelle/{d.case}/potenzialanalysen/",
    "cases:contact_list": lambda d: f"/faelle/{d.case}/kontakte/",
    "cases:document_list": lambda d: f"/faelle/{d.case}/dokumente/",
    "offers:case_certificates": lambda d: f"/faelle/{d.case}/zertifikate/",
    "offers:offer_list": lambda d: "/angebote/",
    "offers:location_list": lambda d: "/angebote/orte/",
    "offers:offer_detail": lambda d: f"/angebote/{d.offer}/",
    "offers:offer_participants": lambda d: f"/angebote/{d.offer}/teilnehmende/",
    "offers:register": lambda d: f"/angebote/{d.offer}/anwesenheit/{d.register_day}/",
    "offers:offer_certificates": lambda d: f"/angebote/{d.offer}/zertifikate/",
    "offers:offer_certificates_issue_all": (
        lambda d: f"/angebote/{d.offer}/zertifikate/alle-ausstellen/"
    ),
    "offers:service_request_list": lambda d: "/anfragen/",
    "economy:employer_list": lambda d: "/betriebe/",
    "offers:offer_service_requests": (lambda d: f"/angebote/{d.practical_project}/anfragen/"),
    "reports:report_list": lambda d: "/auswertung/",
    "economy:vacancy_list": lambda d: "/stellen/",
    "economy:vacancy_inbox": lambda d: "/stellen/gemeldet/",
    "economy:vacancy_import": lambda d: "/stellen/import/",
    "reports:dashboard": lambda d: f"/projekte/{d.project}/auswertung/",
    "reports:district_profile": (
        lambda d: f"/projekte/{d.project}/auswertung/stadtteil/{d.district}/"
    ),
    "reports:indicators": lambda d: f"/projekte/{d.project}/indikatoren/",
    "economy:event_list": lambda d: "/wirtschaft/veranstaltungen/",
    # network: meetings
    "network:meeting_list": lambda d: "/netzwerk/treffen/",
    "economy:unit_list": lambda d: "/wirtschaft/leerstand/",
    "matching:case_matches": lambda d: f"/faelle/{d.case}/passende-stellen/",
    # network: figures (its tables and the graph)
    "network:figures": lambda d: f"/netzwerk/zahlen/?project={d.project}",
    # --- erasure ---
    "privacy:retention_rules": lambda d: f"/projekte/{d.project}/aufbewahrung/",
    "privacy:erasure_log": lambda d: "/datenschutz/loeschprotokoll/",
    # --- end erasure ---
    # network: partners
    "network:partner_list": lambda d: "/netzwerk/partner/",
    "network:team_list": lambda d: "/netzwerk/teams/",
    # network: referrals (the sender's list; the lead sees the referrals of her cases)
    "network:referral_list": lambda d: "/ueberleitungen/",
    # network: inbox
    "network:inbox": lambda d: "/ueberleitungen/eingang/",
    # privacy (area dpo): the persons, one person's page, the register of a project
    "privacy:person_list": lambda d: "/datenschutz/personen/",
    "privacy:person_detail": lambda d: f"/datenschutz/personen/{d.participant}/",
    "privacy:processing_register": lambda d: f"/projekte/{d.project}/verarbeitungsverzeichnis/",
    # --- accesslog ---
    "privacy:access_log": lambda d: "/datenschutz/zugriffsprotokoll/",
    # --- end accesslog ---
    # --- consents: the consent register and the texts' versions (privacy roles) ---
    "privacy:consent_register": lambda d: "/datenschutz/einwilligungen/",
    "privacy:consent_texts": lambda d: "/datenschutz/einwilligungstexte/",
    # --- end consents ---
    # --- sched: the operations page (platform admins) ---
    "operations:index": lambda d: "/betrieb/",
    # --- end sched ---
}

#: The demo login (local part) for each page: the project lead, unless named here.
PAGE_USERS = {
    "core:audit_log": "orgadmin",
    # --- accesslog ---
    "privacy:access_log": "orgadmin",
    # --- end accesslog ---
    # BQB-Süd's practical projects are run by GBH Herne, where the job coach works.
    "offers:offer_service_requests": "jobcoach",
    "privacy:erasure_log": "orgadmin",  # erasure
    # privacy (area dpo): BQB-Süd's data-protection officer (DRK Herne)
    "privacy:person_list": "datenschutz",
    "privacy:person_detail": "datenschutz",
    "privacy:processing_register": "datenschutz",
    # --- consents ---
    "privacy:consent_register": "orgadmin",
    "privacy:consent_texts": "orgadmin",
    # --- end consents ---
    # --- sched ---
    "operations:index": "admin",  # a platform admin
    # --- end sched ---
}

#: The most used of them, checked on a 360 px phone too.
PHONE_PAGES = [
    "core:home",
    "cases:case_list",
    "cases:case_detail",
    "participants:first_contact_list",
    "offers:offer_list",
    "offers:offer_participants",
    "offers:register",
    "offers:offer_certificates",
]

#: Pages whose tables fit an 800 px tablet whole (no scrolling inside the table either),
#: so that their actions ("Zertifikat ausstellen") are in sight.
TABLES_FIT_TABLET = [
    "offers:offer_list",
    "offers:offer_participants",
    "offers:offer_certificates",
    "offers:offer_certificates_issue_all",
    "offers:case_certificates",
]

#: Staff routes that list nothing: forms, confirmations, actions and downloads.
OTHER_PAGES = {
    # --- accesslog ---
    "privacy:access_log_export",  # a download
    # --- end accesslog ---
    # --- consents: the withdrawal's confirmation ---
    "privacy:consent_withdraw",
    # --- end consents ---
    # Placements: forms, and the placement's page with its few check-ins (the demo data
    # has no placement to reach it by yet).
    "economy:placement_create",
    "economy:placement_detail",
    "economy:placement_edit",
    "economy:placement_end",
    "economy:check_record",
    "economy:economy_settings",
    "network:deadlines",
    # --- erasure --- (forms and a confirmation; the lists follow in LIST_PAGES)
    "privacy:retention_rule_create",
    "privacy:retention_rule_edit",
    "privacy:retention_rule_delete",
    "privacy:person_erase",
    # --- end erasure ---
    "matching:suggestion_decide",
    "matching:weights",
    # A list, but the demo data names no vacancy id here (the economy's demo vacancies
    # are seeded by another part); e2e/test_matching.py opens it in the browser.
    "matching:vacancy_matches",
    "participants:request_assign",
    "participants:request_step",
    "participants:request_close",
    "core:invitation_accept",
    "cases:assessment_edit",
    "core:project_edit",
    "core:membership_edit",
    "core:membership_delete",
    "core:organisation_detail",
    "core:organisation_edit",
    "core:api_token_revoke",
    "participants:intake",
    "participants:participant_edit",
    "participants:consent_create",
    "participants:consent_withdraw",
    "participants:first_contact_edit",
    "participants:export",
    "participants:import_job",
    "participants:import_preview",
    "participants:import_confirm",
    "participants:import_cancel",
    "cases:case_list_csv",
    "cases:case_list_xlsx",
    "cases:case_edit",
    "cases:assessment_create",
    "cases:plan_edit",
    "cases:contact_create",
    "cases:follow_up_create",
    "cases:follow_up_toggle",
    "cases:case_exit",
    "cases:case_exit_undo",
    "cases:six_month_survey",
    "cases:document_upload",
    "cases:document_download",
    "cases:document_delete",
    "cases:plan_pdf",
    "cases:consent_form_pdf",
    "offers:offer_create",
    "offers:location_create",
    "offers:location_edit",
    "offers:offer_edit",
    "offers:offer_ical",
    "offers:schedule_create",
    "offers:schedule_edit",
    "offers:schedule_delete",
    "offers:translation_edit",
    "offers:translation_delete",
    "offers:enrol_from_offer",
    "offers:enrol_from_case",
    "offers:enrolment_end",
    "offers:enrolment_change",
    "offers:register_start",
    "offers:register_row",
    "offers:certificate_issue",
    "offers:certificate_detail",
    "offers:certificate_pdf",
    "offers:certificate_revoke",
    "offers:certificate_verify",
    "offers:service_request_create",
    "offers:service_request_detail",
    "offers:service_request_schedule",
    "offers:service_request_done",
    "offers:service_request_cancel",
    # The employer page needs an employer id in the demo data (`Demo`): for now here.
    "economy:employer_detail",
    "economy:employer_create",
    "economy:employer_edit",
    "economy:employer_size",
    "economy:contact_person_create",
    "economy:contact_person_edit",
    "economy:employer_contact_create",
    "economy:employer_service_create",
    "economy:employer_service_edit",
    "economy:employer_service_delete",
    "reports:indicator_report",
    "reports:participant_list",
    "economy:vacancy_create",
    "economy:vacancy_detail",
    "economy:vacancy_edit",
    "economy:vacancy_status",
    "economy:vacancy_report_confirm",
    "economy:vacancy_report_reject",
    "economy:vacancy_report",
    "economy:vacancy_report_thanks",
    # Business events and vacant units. The detail pages (invitations table, history)
    # belong in LIST_PAGES once `Demo` carries a demo event's and unit's id.
    "economy:event_create",
    "economy:event_detail",
    "economy:event_edit",
    "economy:event_delete",
    "economy:event_invite",
    "economy:event_attendance",
    "economy:event_invitation_delete",
    "economy:event_task_create",
    "economy:event_task_done",
    # network: meetings. The detail page belongs in LIST_PAGES once `Demo` carries a
    # demo meeting's id.
    "network:meeting_create",
    "network:meeting_detail",
    "network:meeting_edit",
    "network:meeting_minutes",
    "network:meeting_attendee_add",
    "network:meeting_attendee_update",
    "network:meeting_attendee_remove",
    "network:meeting_outcome_add",
    "network:meeting_outcome_remove",
    "network:meeting_evidence_add",
    "network:meeting_evidence_remove",
    "network:task_done",
    "network:task_reopen",
    "economy:unit_create",
    "economy:unit_detail",
    "economy:unit_edit",
    "economy:unit_status",
    "economy:unit_delete",
    # network: partners. The partner and team pages need their ids in the demo data
    # (`Demo`): for now here.
    "network:partner_create",
    "network:partner_detail",
    "network:partner_edit",
    "network:partner_person_create",
    "network:partner_person_edit",
    "network:partner_person_delete",
    "network:partner_contact_create",
    "network:team_create",
    "network:team_detail",
    "network:team_edit",
    "network:team_member_create",
    "network:team_member_edit",
    "network:team_member_delete",
    # network: referrals. The page of one referral and its history belong in LIST_PAGES
    # once `Demo` carries a demo referral's id.
    "network:referral_create",
    "network:referral_detail",
    "network:referral_send",
    "network:referral_cancel",
    "network:referral_letter",
    "network:assignment_create",
    # network: inbox. A referral's packet and its answer forms (the demo data names no
    # referral id here).
    "network:inbox_detail",
    "network:referral_answer",
    # --- export ---
    # The Art. 15 ZIP: a download by POST, no page.
    "privacy:person_export",
    # --- end export ---
    # privacy (area dpo): the evaluators' export page (an explanation and a download).
    "privacy:evaluation_export",
    # --- sched: the operations page's retry buttons (POST only) ---
    "operations:job_run_retry",
    "operations:task_retry",
    # --- end sched ---
}


def staff_routes() -> dict[str, str]:
    """Route name → pattern of every staff page in the URLconf."""
    from django.urls import URLResolver, get_resolver

    found: dict[str, str] = {}

    def walk(resolver, prefix: str, namespace: str) -> None:
        for entry in resolver.url_patterns:
            pattern = prefix + str(entry.pattern)
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                walk(entry, pattern, inner)
            elif entry.name and not pattern.startswith(NOT_STAFF):
                found[f"{namespace}:{entry.name}" if namespace else entry.name] = pattern

    walk(get_resolver(), "", "")
    return found
