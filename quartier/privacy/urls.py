"""URLs of the privacy app (namespace `privacy:`), one list per area: the consent
register, the access log, a person's page with the Art. 15 export and erasure, a
project's retention rules and erasure log, the register of processing activities and
the evaluators' export. Everything needs a login and a privacy permission."""

from django.urls import path

from quartier.privacy.views import consents  # --- consents ---

app_name = "privacy"

# consents: the register (privacy:consent_register), withdrawal in one step
# (privacy:consent_withdraw <consent_pk>), the consent texts (privacy:consent_texts).
consent_patterns: list = [
    path("datenschutz/einwilligungen/", consents.consent_register, name="consent_register"),
    path(
        "datenschutz/einwilligungen/<int:consent_pk>/widerrufen/",
        consents.consent_withdraw,
        name="consent_withdraw",
    ),
    path("datenschutz/einwilligungstexte/", consents.consent_texts, name="consent_texts"),
]
# --- end consents ---

# access log: the log with its filters (privacy:access_log), its export
# (privacy:access_log_export <file_format>).
access_log_patterns: list = []

# persons (area dpo): the persons a data-protection officer answers for, with search
# (privacy:person_list), a person's page (privacy:person_detail <participant_pk>).
person_patterns: list = []

# export: the Art. 15 ZIP (privacy:person_export <participant_pk>).
export_patterns: list = []

# erasure: erasing a person (privacy:person_erase <participant_pk>), a project's
# retention rules (privacy:retention_rules <slug>, retention_rule_create <slug>,
# retention_rule_edit <slug> <rule_pk>, retention_rule_delete <slug> <rule_pk>), the
# erasure log (privacy:erasure_log).
erasure_patterns: list = []

# register (area dpo): the register of processing activities (privacy:processing_register <slug>),
# the evaluators' pseudonymised export (privacy:evaluation_export <slug>).
register_patterns: list = []

urlpatterns = (
    consent_patterns
    + access_log_patterns
    + person_patterns
    + export_patterns
    + erasure_patterns
    + register_patterns
)
