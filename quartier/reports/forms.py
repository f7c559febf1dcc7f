"""The reports' filter: a period (a preset or two dates) and, on the dashboard, a district."""

from dataclasses import dataclass
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.models import District, Project

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
#: The longest period a report shows month by month.
MAX_YEARS = 10


class Preset:
    PROJECT = "project"
    THIS_YEAR = "this_year"
    LAST_YEAR = "last_year"
    CUSTOM = "custom"


PRESETS = [
    (Preset.PROJECT, _("Whole project")),
    (Preset.THIS_YEAR, _("This year")),
    (Preset.LAST_YEAR, _("Last year")),
]


@dataclass(frozen=True)
class Period:
    """The chosen period; `date_from`/`date_to` None means open (the whole project)."""

    preset: str
    date_from: date | None
    date_to: date | None

    @property
    def is_whole_project(self) -> bool:
        return self.date_from is None and self.date_to is None


def preset_period(preset: str, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    if preset == Preset.THIS_YEAR:
        return Period(preset, date(today.year, 1, 1), date(today.year, 12, 31))
    if preset == Preset.LAST_YEAR:
        return Period(preset, date(today.year - 1, 1, 1), date(today.year - 1, 12, 31))
    return Period(Preset.PROJECT, None, None)


class ReportFilterForm(forms.Form):
    """Read from the query string. Unbound, it stands for the whole project."""

    period = forms.ChoiceField(
        label=_("Period"),
        choices=[*PRESETS, (Preset.CUSTOM, _("From … to …"))],
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=District.objects.none(),
        to_field_name="slug",
        required=False,
        empty_label=_("All districts"),
    )

    def __init__(self, *args, project: Project, districts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project
        if districts is None:
            del self.fields["district"]
        else:
            self.fields["district"].queryset = districts

    def clean(self):
        data = super().clean()
        preset = data.get("period") or ""
        if preset in (Preset.PROJECT, Preset.THIS_YEAR, Preset.LAST_YEAR):
            data["period_value"] = preset_period(preset)
            return data
        if "date_from" in self.errors or "date_to" in self.errors:
            return data
        start, end = data.get("date_from"), data.get("date_to")
        if start is None and end is None:
            data["period_value"] = preset_period(Preset.PROJECT)
            return data
        if start and end and end < start:
            self.add_error(
                "date_to",
                _(
                    "The end of the period (%(end)s) lies before its start (%(start)s). "
                    "Choose an end on or after the start."
                )
                % {"end": f"{end:%d.%m.%Y}", "start": f"{start:%d.%m.%Y}"},
            )
            return data
        first = start or self.project.start_date
        last = end or self.project.end_date
        if last >= first and (last.year - first.year) > MAX_YEARS:
            self.add_error(
                None,
                _("Choose a period of at most %(years)s years.") % {"years": MAX_YEARS},
            )
            return data
        data["period_value"] = Period(Preset.CUSTOM, start, end)
        return data

    def for_display(self, period: Period, district: District | None) -> "ReportFilterForm":
        """An unbound copy showing what was chosen (a preset's dates filled in), so that
        changing only the district keeps the period."""
        initial = {"date_from": period.date_from, "date_to": period.date_to}
        if "district" in self.fields:
            initial["district"] = district
        return type(self)(
            project=self.project,
            districts=self.fields["district"].queryset if "district" in self.fields else None,
            initial=initial,
        )

    def chosen(self) -> tuple[Period, District | None] | None:
        """The period and district asked for; the whole project for an unbound form;
        None when the input is wrong (the form then carries the messages)."""
        if not self.is_bound:
            return preset_period(Preset.PROJECT), None
        if not self.is_valid():
            return None
        return self.cleaned_data["period_value"], self.cleaned_data.get("district")
