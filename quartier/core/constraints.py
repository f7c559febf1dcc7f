"""Which form field a database constraint's message belongs to.

Every constraint in `Meta.constraints` carries a `violation_error_message` (a test walks
them all). `BaseModel.validate_constraints` puts that message at the field named here,
so that a form shows it beside the input to correct instead of above the form:

- a unique constraint: its last field (the one that repeats within the others);
- a check constraint on one field: that field;
- a check constraint on several fields: the field in `FIELD_OF_CONSTRAINT` (None: the
  message concerns the record as a whole and stays above the form).
"""

from django.db.models import CheckConstraint, UniqueConstraint

FIELD_OF_CONSTRAINT: dict[str, str | None] = {
    # cases
    "case_exit_not_before_entry": "exit_date",
    "case_exit_data_only_with_exit": "exit_date",
    # offers
    "location_both_coordinates_or_none": "longitude",
    "offer_end_not_before_start": "end_date",
    "offer_hours_rule_has_minimum": "certificate_min_hours",
    "offer_rate_rule_has_minimum": "certificate_min_rate",
    "schedule_end_after_start": "end_time",
    "schedule_valid_until_not_before_from": "valid_until",
    "schedule_kind_has_its_dates": None,
    "enrolment_waiting_has_since": "waiting_since",
    "enrolment_started_has_start": "start_date",
    "enrolment_ended_has_end": "end_date",
    "enrolment_open_has_no_end": "end_date",
    "enrolment_end_not_before_start": "end_date",
    "enrolment_planned_end_not_before_start": "planned_end_date",
    "enrolment_reason_only_when_dropped_out": "dropout_reason",
    "attendance_hours_only_present": "hours",
    "certificate_period_end_not_before_start": "period_end",
    "certificate_revocation_has_reason": "revocation_reason",
    "servicerequest_scheduled_has_time": "scheduled_for",
    "servicerequest_done_has_time": None,
    "servicerequest_has_contact": "contact_phone",
    # economy
    "employer_both_coordinates_or_none": "longitude",
    "vacantunit_both_coordinates_or_none": "longitude",
    "vacantunit_let_has_date": "let_on",
    "vacancy_both_coordinates_or_none": "longitude",
    "vacancy_ba_has_refnr": "ba_refnr",
    "bizevent_ends_after_start": "ends_at",
    "placement_probation_after_start": "probation_end",
    "placement_ended_has_date": "ended_on",
    "stabcheck_done_has_result": "status",
    "stabcheck_ended_has_reason": "end_reason",
    # network
    "partner_once_per_project": "partner_organisation",
    "coachteam_name_unique": "name",
    "referral_declined_has_reason": "decline_reason",
    "referral_not_completed_has_reason": "not_completed_reason",
    "referral_completed_has_outcome": "outcome",
    "referral_assignment_has_date": "received_on",
    "referral_not_to_itself": "recipient",
    "networksettings_deadlines_in_order": None,
    "meeting_not_before_invitation": "invited_on",
    "meeting_ends_after_start": "ends_at",
    "attendee_names_someone": "name",
    "outcome_decision_has_responsible": "responsible_organisation",
    "outcome_task_has_assignee": "assignee",
    "outcome_only_tasks_follow_decisions": "decision",
    "evidence_period_in_order": "period_end",
    # matching
    "matchsuggestion_vacancy_or_offer": None,
    "matchsuggestion_dismissed_has_reason": "reason",
    # participants
    "participant_unemployed_since_when_unemployed": "unemployed_since",
    "consent_withdrawn_after_given": "withdrawn_on",
    "consent_partner_only_for_sharing": "partner",
    "consent_valid_until_after_given": "valid_until",
    # privacy
    "retentionrule_duration_bounded": "duration_months",
    # core
    "project_end_after_start": "end_date",
    "projectmember_one_lead": "is_lead",
}


def referenced_fields(constraint) -> set[str]:
    if isinstance(constraint, UniqueConstraint):
        fields = set(constraint.fields)
        if constraint.condition is not None:
            fields |= constraint.condition.referenced_base_fields
        return fields
    if isinstance(constraint, CheckConstraint):
        return set(constraint.condition.referenced_base_fields)
    return set()


def field_of(constraint) -> str | None:
    """The field a violation of `constraint` is shown at, or None (above the form)."""
    if constraint.name in FIELD_OF_CONSTRAINT:
        return FIELD_OF_CONSTRAINT[constraint.name]
    if isinstance(constraint, UniqueConstraint) and constraint.fields:
        return constraint.fields[-1]
    fields = referenced_fields(constraint)
    if len(fields) == 1:
        return next(iter(fields))
    raise LookupError(
        f"Constraint {constraint.name!r} checks several fields: name the one its message "
        "belongs to in quartier.core.constraints.FIELD_OF_CONSTRAINT."
    )
