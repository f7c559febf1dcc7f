"""Texts of Django and the installed packages that Quartier translates itself.

Django's German catalogue has no "- Select an option -" (the blank choice of a select)
and django-auditlog ships no German at all, so their English texts would show in the
German UI. Naming them here lets `make messages` (makemessages) keep them in
Quartier's catalogues with their translations; without this module it drops them as
obsolete. Nothing imports these constants: they exist for the message extraction.
"""

from django.utils.translation import gettext_noop, ngettext_lazy

#: Django: the blank choice of a select (django.db.models.fields.BLANK_CHOICE_LABEL).
DJANGO = (gettext_noop("- Select an option -"),)

#: django-auditlog: the admin of the audit log, its field names and actions.
AUDITLOG = (
    gettext_noop("Audit log: %s"),
    gettext_noop("Click to filter by records with this correlation id"),
    gettext_noop("Correlation ID"),
    gettext_noop("Created {repr:s}"),
    gettext_noop("Deleted {repr:s}"),
    gettext_noop("Logged {repr:s}"),
    gettext_noop("Updated {repr:s}"),
    gettext_noop("Relationship"),
    gettext_noop("Resource"),
    gettext_noop("Resource Type"),
    gettext_noop("access"),
    gettext_noop("create"),
    gettext_noop("update"),
    gettext_noop("delete"),
    gettext_noop("actor"),
    gettext_noop("actor email"),
    gettext_noop("additional data"),
    gettext_noop("object pk"),
    gettext_noop("object representation"),
    gettext_noop("remote address"),
    gettext_noop("remote port"),
    gettext_noop("timestamp"),
    gettext_noop("No field changes"),
    gettext_noop("No log entries found."),
    ngettext_lazy("entry", "entries", 1),
    gettext_noop("About"),
)
