"""URLs of the offers app, one `offers:` namespace built from one list per area:
the catalogue, enrolments and the attendance register, certificates, and service
requests (Anfragen an Praxisprojekte). The certificate verification page is public (it
is on settings.PUBLIC_URL_NAMES); everything else needs a login."""

from django.urls import path

from quartier.offers.views import (
    certificates,
    enrolments,
    issued_certificates,
    locations,
    offers,
    register,
    service_requests,
    translations,
)

app_name = "offers"

catalogue_patterns = [
    path("angebote/", offers.offer_list, name="offer_list"),
    path("angebote/neu/", offers.offer_create, name="offer_create"),
    path("angebote/orte/", locations.location_list, name="location_list"),
    path("angebote/orte/neu/", locations.location_create, name="location_create"),
    path(
        "angebote/orte/<int:location_pk>/bearbeiten/", locations.location_edit, name="location_edit"
    ),
    path("angebote/<int:offer_pk>/", offers.offer_detail, name="offer_detail"),
    path("angebote/<int:offer_pk>/bearbeiten/", offers.offer_edit, name="offer_edit"),
    path("angebote/<int:offer_pk>/kalender.ics", offers.offer_ical, name="offer_ical"),
    path("angebote/<int:offer_pk>/termine/neu/", offers.schedule_create, name="schedule_create"),
    path(
        "angebote/<int:offer_pk>/termine/<int:schedule_pk>/",
        offers.schedule_edit,
        name="schedule_edit",
    ),
    path(
        "angebote/<int:offer_pk>/termine/<int:schedule_pk>/loeschen/",
        offers.schedule_delete,
        name="schedule_delete",
    ),
    path(
        "angebote/<int:offer_pk>/uebersetzungen/<slug:language>/",
        translations.translation_edit,
        name="translation_edit",
    ),
    path(
        "angebote/<int:offer_pk>/uebersetzungen/<slug:language>/loeschen/",
        translations.translation_delete,
        name="translation_delete",
    ),
]

enrolment_patterns = [
    path(
        "angebote/<int:offer_pk>/teilnehmende/",
        enrolments.offer_participants,
        name="offer_participants",
    ),
    path(
        "angebote/<int:offer_pk>/teilnehmende/neu/",
        enrolments.enrol_from_offer,
        name="enrol_from_offer",
    ),
    path("faelle/<int:case_pk>/angebote/neu/", enrolments.enrol_from_case, name="enrol_from_case"),
    path("teilnahmen/<int:enrolment_pk>/beenden/", enrolments.enrolment_end, name="enrolment_end"),
    path(
        "teilnahmen/<int:enrolment_pk>/bearbeiten/",
        enrolments.enrolment_change,
        name="enrolment_change",
    ),
    path("angebote/<int:offer_pk>/anwesenheit/", register.register_start, name="register_start"),
    path("angebote/<int:offer_pk>/anwesenheit/<str:day>/", register.register, name="register"),
    path(
        "angebote/<int:offer_pk>/anwesenheit/<str:day>/zeile/<int:enrolment_pk>/",
        register.register_row,
        name="register_row",
    ),
]

certificate_patterns = [
    path(
        "angebote/<int:offer_pk>/zertifikate/",
        certificates.offer_certificates,
        name="offer_certificates",
    ),
    path(
        "angebote/<int:offer_pk>/zertifikate/alle-ausstellen/",
        certificates.offer_certificates_issue_all,
        name="offer_certificates_issue_all",
    ),
    path(
        "zertifikate/ausstellen/<int:enrolment_pk>/",
        certificates.certificate_issue,
        name="certificate_issue",
    ),
    path(
        "zertifikate/<int:certificate_pk>/",
        issued_certificates.certificate_detail,
        name="certificate_detail",
    ),
    path(
        "zertifikate/<int:certificate_pk>/pdf/",
        issued_certificates.certificate_pdf,
        name="certificate_pdf",
    ),
    path(
        "zertifikate/<int:certificate_pk>/widerrufen/",
        issued_certificates.certificate_revoke,
        name="certificate_revoke",
    ),
    path(
        "faelle/<int:case_pk>/zertifikate/",
        issued_certificates.case_certificates,
        name="case_certificates",
    ),
    path(
        "zertifikate/pruefen/<str:token>/",
        issued_certificates.certificate_verify,
        name="certificate_verify",
    ),
]

service_request_patterns = [
    path("anfragen/", service_requests.service_request_list, name="service_request_list"),
    path(
        "angebote/<int:offer_pk>/anfragen/",
        service_requests.offer_service_requests,
        name="offer_service_requests",
    ),
    path(
        "angebote/<int:offer_pk>/anfragen/neu/",
        service_requests.service_request_create,
        name="service_request_create",
    ),
    path(
        "anfragen/<int:service_request_pk>/",
        service_requests.service_request_detail,
        name="service_request_detail",
    ),
    path(
        "anfragen/<int:service_request_pk>/planen/",
        service_requests.service_request_schedule,
        name="service_request_schedule",
    ),
    path(
        "anfragen/<int:service_request_pk>/erledigt/",
        service_requests.service_request_done,
        name="service_request_done",
    ),
    path(
        "anfragen/<int:service_request_pk>/absagen/",
        service_requests.service_request_cancel,
        name="service_request_cancel",
    ),
]

urlpatterns = [
    *catalogue_patterns,
    *enrolment_patterns,
    *certificate_patterns,
    *service_request_patterns,
]
