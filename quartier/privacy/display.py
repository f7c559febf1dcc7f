"""The access log as staff read it: the details, written by the views in a fixed English
form (so that the log can be searched the same way in every language), shown in the
reader's language; the record type by its model's name."""

import re
from datetime import date

from django.apps import apps
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from quartier.privacy.models import AccessLogEntry

#: Fixed details, as the views write them.
WORDS = {
    "documents": _("documents"),
    "contacts": _("contacts"),
    "assessments": _("assessments"),
    "consent form": _("consent form"),
    "plan pdf": _("support plan (PDF)"),
    "certificate eligibility": _("certificate eligibility"),
    "certificate issue": _("certificate issued"),
    "certificates": _("certificates"),
    "certificate pdf": _("certificate (PDF)"),
    "public verification": _("public verification"),
    "public verification with name check": _("public verification with name check"),
    # privacy (area dpo): a person's data-protection page
    "data protection page": _("data-protection page"),
    "art. 15 export": _("Art. 15 export"),
    "art. 15 export: manage.py export_person_data": _(
        "Art. 15 export (manage.py export_person_data)"
    ),
    # --- access log ---
    "created": _("created"),
    "deleted": _("deleted"),
    "referral sent": _("referral sent"),
    # --- end access log ---
}
#: Details with figures: a pattern and the text it reads as, with the same names.
PATTERNS = [
    (
        re.compile(r"^case list (?P<format>\w+), (?P<rows>\d+) rows$"),
        _("case list (%(format)s), %(rows)s rows"),
    ),
    (
        re.compile(r"^attendance register of offer (?P<offer>\d+) on (?P<day>\d{4}-\d{2}-\d{2})$"),
        _("attendance register of offer %(offer)s on %(day)s"),
    ),
    (
        re.compile(r"^participants of offer (?P<offer>\d+)$"),
        _("participants of offer %(offer)s"),
    ),
    (
        re.compile(r"^participant list \((?P<format>\w+)\): (?P<rows>\d+) rows$"),
        _("participant list (%(format)s), %(rows)s rows"),
    ),
    (
        re.compile(
            r"^participant list for the funder \((?P<format>\w+), "
            r"(?P<from>[^–]+)–(?P<to>[^)]+)\): (?P<rows>\d+) rows$"
        ),
        _("participant list for the funder (%(format)s, %(from)s–%(to)s), %(rows)s rows"),
    ),
    # --- access log ---
    (
        re.compile(r"^case list, (?P<rows>\d+) rows$"),
        _("case list, %(rows)s rows"),
    ),
    (
        re.compile(r"^access log (?P<format>\w+), (?P<rows>\d+) rows$"),
        _("access log (%(format)s), %(rows)s rows"),
    ),
    (
        re.compile(r"^(?P<model>[a-z_]+\.[a-z_]+) list \(API\), (?P<rows>\d+) rows$"),
        _("list of %(model)s (API), %(rows)s rows"),
    ),
    (
        re.compile(r"^changed: (?P<fields>.+)$"),
        _("changed: %(fields)s"),
    ),
    # --- end access log ---
    (
        re.compile(r"^manage\.py export_participants: (?P<rows>\d+) rows to (?P<file>.+)$"),
        _("manage.py export_participants: %(rows)s rows to %(file)s"),
    ),
    # privacy (area dpo): the person list, the evaluators' export
    (
        re.compile(r"^data protection person list, (?P<rows>\d+) rows$"),
        _("data-protection person list, %(rows)s rows"),
    ),
    (
        re.compile(r"^pseudonymised evaluation data \((?P<format>\w+)\): (?P<rows>\d+) rows$"),
        _("pseudonymised evaluation data (%(format)s), %(rows)s rows"),
    ),
]


def _value(name: str, value: str) -> str:
    if name == "format":
        return value.upper()
    if name == "model":
        try:
            return str(apps.get_model(value)._meta.verbose_name_plural)
        except (LookupError, ValueError):
            return value
    try:
        return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except ValueError:
        return value


def detail_display(detail: str) -> str:
    """`detail` in the active language; unknown text as it was written."""
    if detail in WORDS:
        return str(WORDS[detail])
    for pattern, text in PATTERNS:
        match = pattern.match(detail)
        if match:
            return str(text) % {key: _value(key, value) for key, value in match.groupdict().items()}
    return detail


def record_type_display(entry: AccessLogEntry) -> str:
    """The model's name ("Fall") instead of its label ("cases.case")."""
    try:
        return str(apps.get_model(entry.record_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return entry.record_type
