"""Forms of placements, stabilisation check-ins and a project's check-in schedule.
They validate input; `economy.services` re-checks the rules (dates against the case,
vacancy and employer of the case's project, a check-in recorded once)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.economy.models import (
    CheckMode,
    CheckStatus,
    EconomySettings,
    EndReason,
    Placement,
    RiskFlag,
    StabilisationCheck,
)
from quartier.economy.services.placements import check_dates

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO_UNKNOWN = [("", _("not asked")), ("yes", _("yes")), ("no", _("no"))]


def _yes_no(value):
    return {"yes": True, "no": False}.get(value)


class PlacementFields(forms.ModelForm):
    class Meta:
        model = Placement
        fields = [
            "vacancy",
            "employer",
            "employer_name",
            "job_title",
            "contract_kind",
            "start_date",
            "hours_per_week",
            "wage_subsidy",
            "probation_end",
            "notes",
        ]
        widgets = {
            "start_date": DATE,
            "probation_end": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "employer_name": _("Only for a job found elsewhere, with an employer not listed."),
            "job_title": _("Taken from the vacancy when left empty."),
        }

    def __init__(self, *args, case, vacancies, employers, **kwargs):
        self.case = case
        super().__init__(*args, **kwargs)
        if "vacancy" in self.fields:
            self.fields["vacancy"].queryset = vacancies
            self.fields["vacancy"].required = False
        self.fields["employer"].queryset = employers
        self.fields["employer"].required = False
        self.fields["job_title"].required = False

    def clean(self):
        data = super().clean()
        vacancy, employer = data.get("vacancy"), data.get("employer")
        if not vacancy and not employer and not (data.get("employer_name") or "").strip():
            self.add_error(
                "employer_name", _("Choose a vacancy or an employer, or name the employer.")
            )
        if not vacancy and not (data.get("job_title") or "").strip():
            self.add_error("job_title", _("Enter the job title."))
        start, probation = data.get("start_date"), data.get("probation_end")
        if start:
            try:
                check_dates(self.case, start, probation)
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(field, messages)
        return data

    def _post_clean(self):
        # The services validate the whole placement (the case is not set on the form).
        pass


class PlacementForm(PlacementFields):
    """Record a placement."""


class PlacementEditForm(PlacementFields):
    """Change a placement (the vacancy stays; record another placement for another one)."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta(PlacementFields.Meta):
        fields = [f for f in PlacementFields.Meta.fields if f != "vacancy"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["expected_version"] = self.instance.version


class PlacementEndForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    ended_on = forms.DateField(label=_("The job ended on"), widget=DATE)
    end_reason = forms.ChoiceField(
        label=_("Why it ended"), choices=[("", _("– choose –")), *EndReason.choices]
    )


class CheckForm(VersionedForm):
    """Record a check-in that took place."""

    still_employed_choice = forms.ChoiceField(
        label=_("Still employed"), choices=YES_NO_UNKNOWN, required=False
    )
    same_employer_choice = forms.ChoiceField(
        label=_("With the same employer"), choices=YES_NO_UNKNOWN, required=False
    )
    risk_flags = forms.MultipleChoiceField(
        label=_("Risks"),
        choices=RiskFlag.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    status = forms.ChoiceField(
        label=_("Result"),
        choices=[c for c in CheckStatus.choices if c[0] != CheckStatus.DUE],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = StabilisationCheck
        fields = [
            "done_on",
            "mode",
            "hours_per_week",
            "support_given",
            "next_step",
            "status",
            "end_reason",
        ]
        widgets = {"done_on": DATE, "support_given": forms.Textarea(attrs={"rows": 3})}

    field_order = [
        "done_on",
        "mode",
        "still_employed_choice",
        "same_employer_choice",
        "hours_per_week",
        "risk_flags",
        "support_given",
        "next_step",
        "status",
        "end_reason",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        if not self.is_bound:
            self.initial["done_on"] = self.initial.get("done_on") or timezone.localdate()
            self.initial["status"] = None
        self.fields["mode"].required = True
        self.fields["mode"].choices = [("", _("– choose –")), *CheckMode.choices]
        self.fields["end_reason"].choices = [
            ("", _("– only if the job ended –")),
            *EndReason.choices,
        ]

    def clean(self):
        data = super().clean()
        if data.get("status") == CheckStatus.ENDED and not data.get("end_reason"):
            self.add_error("end_reason", _("Say why the job ended."))
        return data

    def _post_clean(self):
        pass

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "done_on": data["done_on"],
            "status": data["status"],
            "mode": data["mode"],
            "still_employed": _yes_no(data["still_employed_choice"]),
            "same_employer": _yes_no(data["same_employer_choice"]),
            "hours_per_week": data["hours_per_week"],
            "risk_flags": data["risk_flags"],
            "support_given": data["support_given"],
            "next_step": data["next_step"],
            "end_reason": data["end_reason"] or "",
        }


class EconomySettingsForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    check_months = forms.CharField(
        label=_("Check-ins after (months)"),
        help_text=_("Whole numbers from 1 to 36, separated by commas, e.g. 1, 3, 6."),
    )
    check_with_participant = forms.BooleanField(
        label=_("Check-ins with the participant"), required=False
    )
    check_with_employer = forms.BooleanField(label=_("Check-ins with the employer"), required=False)

    def __init__(self, *args, settings: EconomySettings | None = None, **kwargs):
        if settings is not None:
            kwargs.setdefault(
                "initial",
                {
                    "expected_version": settings.version if settings.pk else None,
                    "check_months": ", ".join(str(m) for m in settings.check_months),
                    "check_with_participant": settings.check_with_participant,
                    "check_with_employer": settings.check_with_employer,
                },
            )
        super().__init__(*args, **kwargs)

    def clean_check_months(self) -> list[int]:
        parts = [p.strip() for p in self.cleaned_data["check_months"].split(",") if p.strip()]
        try:
            months = [int(p) for p in parts]
        except ValueError:
            raise ValidationError(
                _("Enter the months as whole numbers from 1 to 36, e.g. 1, 3, 6.")
            ) from None
        if not months or any(m < 1 or m > 36 for m in months):
            raise ValidationError(
                _("Enter the months as whole numbers from 1 to 36, e.g. 1, 3, 6.")
            )
        if len(set(months)) != len(months):
            raise ValidationError(_("A month is listed twice."))
        return sorted(months)
