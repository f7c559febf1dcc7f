"""Offers (Angebote): the catalogue, where and when, who takes part, who was there,
the certificates that follow, and the requests residents send to practical projects.

An `Offer` belongs to a `Project` and its provider `Organisation`; it takes place at
`Location`s on the dates of its `Schedule`s. A case takes part through an
`Enrolment`, whose `Attendance` per session adds up to the hours a `Certificate`
states. German texts are the offer's own fields; `OfferTranslation` holds the other
languages of the public map.

The models live in one module per area and are imported here, so that Django finds
them and `from quartier.offers.models import Offer` works everywhere (the one package
that re-exports):

- `locations`: `Location`
- `catalogue`: `Offer`, `OfferText`, `OfferTranslation`, their choices and validators
- `schedules`: `Schedule`, `ScheduleException`, the weekday codes
- `enrolments`: `Enrolment`, `Attendance`, their statuses and dropout reasons
- `certificates`: `Certificate`, its kinds and storage path
- `service_requests`: `ServiceRequest` and its statuses
"""

# isort: off
# In the order the models had in one module, which is the order Django registers
# them in (content types, admin lists): not alphabetical.
from quartier.offers.models.locations import (
    Location,
)
from quartier.offers.models.catalogue import (
    ISO_639_1,
    CertificateRule,
    OccupationalField,
    Offer,
    OfferKind,
    OfferText,
    OfferTranslation,
    TranslationLanguage,
    validate_languages,
    validate_target_groups,
)
from quartier.offers.models.schedules import (
    WEEKDAY_CODES,
    Schedule,
    ScheduleException,
    validate_weekdays,
    weekdays_from_codes,
)
from quartier.offers.models.enrolments import (
    OPEN_ENROLMENT_STATUSES,
    Attendance,
    AttendanceStatus,
    DropoutReason,
    Enrolment,
    EnrolmentStatus,
)
from quartier.offers.models.certificates import (
    CERTIFICATE_MUTABLE_FIELDS,
    Certificate,
    CertificateKind,
    certificate_path,
)
from quartier.offers.models.service_requests import (
    ServiceRequest,
    ServiceRequestStatus,
)
# isort: on

__all__ = [
    "Location",
    "OccupationalField",
    "OfferKind",
    "TranslationLanguage",
    "ISO_639_1",
    "validate_target_groups",
    "validate_languages",
    "CertificateRule",
    "Offer",
    "OfferText",
    "OfferTranslation",
    "WEEKDAY_CODES",
    "validate_weekdays",
    "weekdays_from_codes",
    "Schedule",
    "ScheduleException",
    "EnrolmentStatus",
    "OPEN_ENROLMENT_STATUSES",
    "DropoutReason",
    "Enrolment",
    "AttendanceStatus",
    "Attendance",
    "CertificateKind",
    "certificate_path",
    "CERTIFICATE_MUTABLE_FIELDS",
    "Certificate",
    "ServiceRequestStatus",
    "ServiceRequest",
]
