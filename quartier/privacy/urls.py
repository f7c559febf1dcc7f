"""URLs of the privacy app (namespace `privacy:`), one list per area: the consent
register, the access log, a person's page with the Art. 15 export and erasure, a
project's retention rules and erasure log, the register of processing activities and
the evaluators' export. Everything needs a login and a privacy permission."""

app_name = "privacy"

# consents: the register (privacy:consent_register), withdrawal in one step
# (privacy:consent_withdraw <consent_pk>), the consent texts (privacy:consent_texts).
consent_patterns: list = []

# access log: the log with its filters (privacy:access_log), its export
# (privacy:access_log_export <file_format>).
access_log_patterns: list = []

# persons: a person's page (privacy:person_detail <participant_pk>), the Art. 15 ZIP
# (privacy:person_export <participant_pk>), erasure (privacy:person_erase <participant_pk>).
person_patterns: list = []

# retention: a project's rules (privacy:retention_rules <slug>, retention_rule_create <slug>,
# retention_rule_edit <slug> <rule_pk>, retention_rule_delete <slug> <rule_pk>), the erasure
# log (privacy:erasure_log).
retention_patterns: list = []

# register: the register of processing activities (privacy:processing_register <slug>),
# the evaluators' pseudonymised export (privacy:evaluation_export <slug>).
register_patterns: list = []

urlpatterns = (
    consent_patterns
    + access_log_patterns
    + person_patterns
    + retention_patterns
    + register_patterns
)
