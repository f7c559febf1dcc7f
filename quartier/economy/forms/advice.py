"""The form of an employer service (kind, aim, topic, staff, outcome); the service
re-checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.economy.forms.employers import DATE, StaffChoiceField
from quartier.economy.models.advice import EmployerService
from quartier.economy.services.advice import SERVICE_FIELDS


class EmployerServiceForm(VersionedForm):
    class Meta:
        model = EmployerService
        fields = list(SERVICE_FIELDS)
        widgets = {
            "date": DATE,
            "aim": forms.RadioSelect,
            "outcome": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"staff": StaffChoiceField}

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expected_version"].required = False
        self.fields["staff"].queryset = staff
        self.fields["staff"].empty_label = _("– nobody –")
        self.fields["aim"].help_text = _(
            "Only services for the company itself count for the SMEs supported (EECO19)."
        )

    def service_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in SERVICE_FIELDS}
