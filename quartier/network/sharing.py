"""What a sender may share with a partner, per purpose of the referral, and the packet
built from the case at sending.

Name, contact and the referral's reason are shared by default; the other parts of the
case are offered only where the purpose needs them (a language course needs the
languages, debt counselling the benefits). The packet is a plain dict of strings,
frozen in the referral at sending: what the partner reads later is what was sent, not
what the case says today.
"""

from django.utils.translation import gettext as _

from quartier.network.models import SharedField
from quartier.participants.models import ReferralPurpose

#: Shared unless the sender removes them.
DEFAULT_FIELDS = (SharedField.NAME, SharedField.CONTACT, SharedField.REASON)
#: Always part of a packet: the partner must know whom and why.
REQUIRED_FIELDS = (SharedField.NAME, SharedField.REASON)

_ALL = tuple(SharedField)
#: The parts of a case a sender may share, per purpose.
FIELDS_BY_PURPOSE: dict[str, tuple[str, ...]] = {
    ReferralPurpose.LANGUAGE_COURSE: (
        *DEFAULT_FIELDS,
        SharedField.BIRTH_DATE,
        SharedField.LANGUAGES,
        SharedField.EDUCATION,
        SharedField.CHILDCARE,
    ),
    ReferralPurpose.DEBT_COUNSELLING: (
        *DEFAULT_FIELDS,
        SharedField.BIRTH_DATE,
        SharedField.LABOUR_STATUS,
        SharedField.NEEDS,
    ),
    ReferralPurpose.CHILDCARE: (*DEFAULT_FIELDS, SharedField.CHILDCARE, SharedField.LANGUAGES),
    ReferralPurpose.HEALTH: (*DEFAULT_FIELDS, SharedField.BIRTH_DATE, SharedField.LANGUAGES),
    ReferralPurpose.HOUSING: (
        *DEFAULT_FIELDS,
        SharedField.BIRTH_DATE,
        SharedField.LABOUR_STATUS,
        SharedField.LANGUAGES,
    ),
    ReferralPurpose.QUALIFICATION: _ALL,
    ReferralPurpose.MIGRATION_COUNSELLING: (
        *DEFAULT_FIELDS,
        SharedField.BIRTH_DATE,
        SharedField.LANGUAGES,
        SharedField.EDUCATION,
    ),
    ReferralPurpose.ADDICTION_COUNSELLING: (*DEFAULT_FIELDS, SharedField.BIRTH_DATE),
    ReferralPurpose.WORK_OPPORTUNITY: _ALL,
    ReferralPurpose.EMPLOYMENT_SERVICE: _ALL,
    ReferralPurpose.OTHER: (*DEFAULT_FIELDS, SharedField.BIRTH_DATE),
}


def fields_for(purpose: str) -> tuple[str, ...]:
    """The parts of a case that may be shared for `purpose`."""
    return FIELDS_BY_PURPOSE.get(purpose, DEFAULT_FIELDS)


def clean_fields(purpose: str, fields) -> list[str]:
    """The chosen fields that the purpose allows, with the required ones, in the
    order of `SharedField`."""
    allowed = set(fields_for(purpose))
    chosen = {str(field) for field in fields or ()} | set(REQUIRED_FIELDS)
    return [field for field in SharedField.values if field in chosen and field in allowed]


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def build_packet(*, case, fields, reason: str, assessment=None) -> dict[str, str]:
    """The packet of `fields` from `case` (its participant and, for the needs, its
    newest `assessment`), as {field: text}: what the partner will see."""
    person = case.participant
    packet: dict[str, str] = {}
    for field in fields:
        if field == SharedField.NAME:
            packet[field] = f"{person.first_name} {person.last_name}"
        elif field == SharedField.CONTACT:
            address = ", ".join(
                part for part in (person.street, f"{person.postcode} {person.city}".strip()) if part
            )
            packet[field] = "; ".join(
                part for part in (person.phone, person.email, address) if part
            ) or _("no contact data recorded")
        elif field == SharedField.REASON:
            packet[field] = reason
        elif field == SharedField.BIRTH_DATE:
            packet[field] = person.birth_date.strftime("%d.%m.%Y")
        elif field == SharedField.LANGUAGES:
            level = person.get_german_level_display() if person.german_level else ""
            packet[field] = "; ".join(part for part in (person.languages, level) if part)
        elif field == SharedField.EDUCATION:
            packet[field] = str(person.get_isced_display()) if person.isced is not None else ""
        elif field == SharedField.LABOUR_STATUS:
            parts = [str(person.get_labour_status_display())]
            if person.unemployed_since:
                parts.append(
                    _("unemployed since %s") % person.unemployed_since.strftime("%d.%m.%Y")
                )
            if person.benefits:
                parts.append(str(person.get_benefits_display()))
            packet[field] = "; ".join(parts)
        elif field == SharedField.CHILDCARE:
            packet[field] = _yes(person.childcare_needed)
        elif field == SharedField.MOBILITY:
            packet[field] = "; ".join(
                (
                    _("driving licence: %s") % _yes(person.driving_licence),
                    _("own car: %s") % _yes(person.own_car),
                    _("public transport: %s") % _yes(person.public_transport),
                )
            )
        elif field == SharedField.NEEDS:
            if assessment is None:
                packet[field] = _("no Potenzialanalyse recorded")
            else:
                packet[field] = "; ".join(
                    f"{label}: {value}" for _field, label, value in assessment.needs if value
                ) or _("no support needs rated")
    return packet
