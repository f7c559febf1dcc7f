"""Form of an offer's schedules: one date, or weekly on some weekdays, with the dates on
which it does not take place. It validates input; `offers.services` re-checks the rules.
"""

import datetime as dt
import re

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from quartier.offers.models import Location, Schedule

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


WEEKDAY_CHOICES = [(number, WEEKDAYS[number]) for number in range(7)]
_EXCEPTION_LINE = re.compile(r"^\s*(\S+)\s*[-–:]?\s*(.*)$")


def _parse_day(text: str) -> dt.date | None:
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


class ScheduleForm(forms.Form):
    """A schedule of an offer: one date, or weekly on some weekdays; with the dates on
    which it does not take place (holidays, closures)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(
        label=_("How often"),
        choices=Schedule.Kind.choices,
        initial=Schedule.Kind.WEEKLY,
        widget=forms.RadioSelect,
    )
    date = forms.DateField(
        label=_("Date"), required=False, widget=DATE, help_text=_("Only for a single date.")
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Weekdays"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for a weekly schedule."),
    )
    start_time = forms.TimeField(label=_("From"), widget=TIME)
    end_time = forms.TimeField(label=_("Until"), widget=TIME)
    valid_from = forms.DateField(label=_("First date"), required=False, widget=DATE)
    valid_until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=DATE,
        help_text=_("Leave empty if the offer runs until further notice."),
    )
    interval = forms.IntegerField(
        label=_("Every … weeks"), min_value=1, max_value=52, initial=1, required=False
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=Location.objects.none(), required=False
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    exceptions = forms.CharField(
        label=_("Dates on which it does not take place"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "One date a line, with the reason if you like, e.g. “25.12.2026 Christmas”. "
            "Remove a line to let the session take place again."
        ),
    )

    def __init__(self, *args, locations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = locations
        self.fields["location"].empty_label = _("– the offer's location –")

    @classmethod
    def initial_for(cls, schedule: Schedule) -> dict:
        return {
            "expected_version": schedule.version,
            "kind": schedule.kind,
            "date": schedule.date,
            "weekdays": list(schedule.weekdays or []),
            "start_time": schedule.start_time,
            "end_time": schedule.end_time,
            "valid_from": schedule.valid_from,
            "valid_until": schedule.valid_until,
            "interval": schedule.interval,
            "location": schedule.location_id,
            "description": schedule.description,
            "exceptions": "\n".join(
                f"{item.date:%d.%m.%Y} {item.reason}".strip() for item in schedule.exceptions.all()
            ),
        }

    def clean_exceptions(self) -> list[dict]:
        items = []
        for number, line in enumerate(self.cleaned_data["exceptions"].splitlines(), start=1):
            if not line.strip():
                continue
            match = _EXCEPTION_LINE.match(line)
            day = _parse_day(match.group(1)) if match else None
            if day is None:
                raise forms.ValidationError(
                    _("Line %(number)d: “%(text)s” does not start with a date like 25.12.2026.")
                    % {"number": number, "text": line.strip()[:40]}
                )
            items.append({"date": day, "reason": match.group(2).strip()[:200]})
        return items

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be after the start time."))
        if data.get("kind") == Schedule.Kind.ONE_OFF:
            if not data.get("date"):
                self.add_error("date", _("Enter the date."))
        elif data.get("kind") == Schedule.Kind.WEEKLY:
            if not data.get("weekdays"):
                self.add_error("weekdays", _("Choose at least one weekday."))
            if not data.get("valid_from"):
                self.add_error("valid_from", _("Enter the first date."))
        first, last = data.get("valid_from"), data.get("valid_until")
        if first and last and last < first:
            self.add_error("valid_until", _("The last date lies before the first date."))
        return data

    def schedule_fields(self) -> dict:
        data = self.cleaned_data
        weekly = data["kind"] == Schedule.Kind.WEEKLY
        return {
            "kind": data["kind"],
            "date": None if weekly else data["date"],
            "weekdays": data["weekdays"] if weekly else [],
            "start_time": data["start_time"],
            "end_time": data["end_time"],
            "valid_from": data["valid_from"] if weekly else None,
            "valid_until": data["valid_until"] if weekly else None,
            "interval": (data["interval"] or 1) if weekly else 1,
            "location": data["location"],
            "description": data["description"],
        }
