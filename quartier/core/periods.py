"""The funded period of a project: entries and activity must lie within it.

Every service that records something dated for a project's participants (intake and case
entry, contacts, assessments, follow-ups, exits, enrolments and attendance, the
participant import) calls `check_in_period`; a date outside is refused with a message
that names the period, e.g. "Das Projekt läuft vom 01.01.2019 bis 31.12.2022; ein Eintritt
am 04.12.2026 liegt außerhalb." A project without an end has no limit at the end.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from quartier.core.models import Project

#: What is dated, with the message that names the period and the date.
MESSAGES = {
    "entry": _("The project runs from %(start)s to %(end)s; an entry on %(date)s lies outside it."),
    "exit": _("The project runs from %(start)s to %(end)s; an exit on %(date)s lies outside it."),
    "contact": _(
        "The project runs from %(start)s to %(end)s; a contact on %(date)s lies outside it."
    ),
    "assessment": _(
        "The project runs from %(start)s to %(end)s; an assessment on %(date)s lies outside it."
    ),
    "follow_up": _(
        "The project runs from %(start)s to %(end)s; a follow-up on %(date)s lies outside it."
    ),
    "enrolment": _(
        "The project runs from %(start)s to %(end)s; a participation starting on %(date)s "
        "lies outside it."
    ),
    "attendance": _(
        "The project runs from %(start)s to %(end)s; attendance on %(date)s lies outside it."
    ),
}
OPEN_END_MESSAGE = _("The project starts on %(start)s; %(date)s lies before it.")


def _dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def in_period(project: Project, day: date) -> bool:
    end = project.end_date
    return project.start_date <= day and (end is None or day <= end)


def period_message(project: Project, day: date, kind: str) -> str:
    """The message for `day` outside the period (`kind`: a key of `MESSAGES`)."""
    if project.end_date is None:
        return str(OPEN_END_MESSAGE % {"start": _dmy(project.start_date), "date": _dmy(day)})
    return str(
        MESSAGES[kind]
        % {"start": _dmy(project.start_date), "end": _dmy(project.end_date), "date": _dmy(day)}
    )


def check_in_period(project: Project, day: date | None, *, field: str, kind: str) -> None:
    """Raise a field error if `day` lies outside the project's funded period."""
    if day is not None and not in_period(project, day):
        raise ValidationError({field: period_message(project, day, kind)})
