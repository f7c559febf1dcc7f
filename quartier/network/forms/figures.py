"""The network view's choice of project and period, read from the query string
(`?project=<slug>&von=YYYY-MM-DD&bis=YYYY-MM-DD`). Without dates, or with a bad one,
the period is the current calendar year up to today."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.network.selectors.figures import default_period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]


class FiguresFilterForm(forms.Form):
    project = forms.ModelChoiceField(
        label=_("Project"), queryset=None, to_field_name="slug", empty_label=None, required=False
    )
    von = forms.DateField(label=_("From"), required=False, widget=DATE, input_formats=DATE_FORMATS)
    bis = forms.DateField(label=_("To"), required=False, widget=DATE, input_formats=DATE_FORMATS)

    def __init__(self, *args, projects, today: date | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.fields["project"].queryset = projects
        if len(projects) < 2:
            self.fields["project"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if "von" in self.errors or "bis" in self.errors:
            return data
        start, end = self._period(data.get("von"), data.get("bis"))
        if end < start:
            self.add_error(
                "bis",
                _(
                    "The end of the period (%(end)s) lies before its start (%(start)s). "
                    "Choose an end on or after the start."
                )
                % {"end": f"{end:%d.%m.%Y}", "start": f"{start:%d.%m.%Y}"},
            )
        return data

    def _period(self, start: date | None, end: date | None) -> tuple[date, date]:
        end = end or self.today
        start = start or date(end.year, 1, 1)
        return start, end

    def period(self) -> tuple[date, date]:
        """The chosen period; the default (this year up to today) if the form has an
        error or names no dates."""
        if not self.is_bound or not self.is_valid():
            return default_period(self.today)
        return self._period(self.cleaned_data.get("von"), self.cleaned_data.get("bis"))
