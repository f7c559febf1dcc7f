"""URLs of the privacy app (namespace `privacy:`), one list per area: the consent
register, the access log, a person's page with the Art. 15 export and erasure, a
project's retention rules and erasure log, the register of processing activities and
the evaluators' export. Everything needs a login and a privacy permission."""

from django.urls import path

from quartier.privacy.views import access_log as access_log_views  # access log
from quartier.privacy.views import consents  # --- consents ---
from quartier.privacy.views import erasure as erasure_views
from quartier.privacy.views import persons as person_views
from quartier.privacy.views import register as register_views
from quartier.privacy.views import retention as retention_views

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
access_log_patterns: list = [
    path("datenschutz/zugriffsprotokoll/", access_log_views.access_log, name="access_log"),
    path(
        "datenschutz/zugriffsprotokoll/export.<str:file_format>",
        access_log_views.access_log_export,
        name="access_log_export",
    ),
]

# persons (area dpo): the persons a data-protection officer answers for, with search
# (privacy:person_list), a person's page (privacy:person_detail <participant_pk>).
person_patterns: list = [
    path("datenschutz/personen/", person_views.person_list, name="person_list"),
    path(
        "datenschutz/personen/<int:participant_pk>/",
        person_views.person_detail,
        name="person_detail",
    ),
]

# export: the Art. 15 ZIP (privacy:person_export <participant_pk>).
from django.urls import path  # noqa: E402

from quartier.privacy.views import person_export as person_export_views  # noqa: E402

export_patterns: list = [
    path(
        "datenschutz/personen/<int:participant_pk>/auskunft/",
        person_export_views.person_export,
        name="person_export",
    ),
]
# --- end export ---

# --- erasure ---
# erasure: erasing a person (privacy:person_erase <participant_pk>), a project's
# retention rules (privacy:retention_rules <slug>, retention_rule_create <slug>,
# retention_rule_edit <slug> <rule_pk>, retention_rule_delete <slug> <rule_pk>), the
# erasure log (privacy:erasure_log).
erasure_patterns: list = [
    path(
        "datenschutz/personen/<int:participant_pk>/loeschen/",
        erasure_views.person_erase,
        name="person_erase",
    ),
    path("datenschutz/loeschprotokoll/", erasure_views.erasure_log_view, name="erasure_log"),
    path(
        "projekte/<slug:project_slug>/aufbewahrung/",
        retention_views.retention_rules,
        name="retention_rules",
    ),
    path(
        "projekte/<slug:project_slug>/aufbewahrung/neu/",
        retention_views.retention_rule_create,
        name="retention_rule_create",
    ),
    path(
        "projekte/<slug:project_slug>/aufbewahrung/<int:rule_pk>/",
        retention_views.retention_rule_edit,
        name="retention_rule_edit",
    ),
    path(
        "projekte/<slug:project_slug>/aufbewahrung/<int:rule_pk>/loeschen/",
        retention_views.retention_rule_delete,
        name="retention_rule_delete",
    ),
]
# --- end erasure ---

# register (area dpo): the register of processing activities (privacy:processing_register <slug>),
# the evaluators' pseudonymised export (privacy:evaluation_export <slug>).
register_patterns: list = [
    path(
        "projekte/<slug:slug>/verarbeitungsverzeichnis/",
        register_views.processing_register,
        name="processing_register",
    ),
    path(
        "projekte/<slug:slug>/evaluationsdaten/",
        register_views.evaluation_export,
        name="evaluation_export",
    ),
]

urlpatterns = (
    consent_patterns
    + access_log_patterns
    + person_patterns
    + export_patterns
    + erasure_patterns
    + register_patterns
)
