"""Forms of vacant commercial units: the unit's details and a status change. They
validate input; `economy.services.units` re-checks the rules."""

import re
from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.widgets import QuickSelect
from quartier.economy.forms.events import DATE, owner_field
from quartier.economy.models import Employer, UnitStatus, VacantUnit
from quartier.economy.services.units import UNIT_FIELDS


class CoordinateField(forms.DecimalField):
    """A coordinate typed with a comma or a point ("50,892" or "50.892")."""

    def __init__(self, *, low: int, high: int, **kwargs):
        super().__init__(
            max_digits=9,
            decimal_places=6,
            min_value=low,
            max_value=high,
            required=False,
            localize=True,
            **kwargs,
        )
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
            if re.fullmatch(r"-?\d{1,3}\.\d{7,}", value):
                value = str(Decimal(value).quantize(Decimal("0.000001")))
        return super().to_python(value)


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Search address"), required=False)
    status = forms.ChoiceField(widget=QuickSelect, label=_("Status"), required=False)
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("all"))]
        self.fields["status"].choices = everyone + list(UnitStatus.choices)
        self.fields["project"].choices = everyone + [(p.pk, p.name) for p in projects]

    def filters(self) -> dict:
        """The valid filters (an unknown choice in a link is left out, not the rest)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class UnitForm(VersionedForm):
    latitude = CoordinateField(low=-90, high=90, label=_("Latitude"))
    longitude = CoordinateField(low=-180, high=180, label=_("Longitude"))

    class Meta:
        model = VacantUnit
        fields = list(UNIT_FIELDS)
        widgets = {
            "vacant_since": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        localized_fields = ["area_m2", "rent_monthly"]

    def __init__(self, *args, districts, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"] = owner_field(
                owners, _("The unit is recorded for this project and organisation.")
            )
            self.order_fields(["owner", *UNIT_FIELDS])
            self.fields["expected_version"].required = False
        self.fields["district"].queryset = districts
        self.fields["use"].widget = QuickSelect(choices=self.fields["use"].choices)

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Enter both latitude and longitude, or neither."))
        return data

    def unit_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in UNIT_FIELDS}


class TenantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class UnitStatusForm(forms.Form):
    """vacant → in talks → let, with the date; "let" may name the business that moved in."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("New status"), choices=UnitStatus.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)
    tenant = TenantChoiceField(
        label=_("Business that moved in"),
        queryset=Employer.objects.none(),
        required=False,
        help_text=_("Only for “let”: an employer of the project. Record it first if it is new."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, unit: VacantUnit, tenants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tenant"].queryset = tenants
        self.fields["tenant"].empty_label = _("– not known –")
        if not self.is_bound:
            self.initial.update(
                {
                    "expected_version": unit.version,
                    "status": _next_status(unit.status),
                    "date": timezone.localdate(),
                    "tenant": unit.tenant_id,
                }
            )

    def clean(self):
        data = super().clean()
        if data.get("status") != UnitStatus.LET:
            data["tenant"] = None
        return data


def _next_status(status: str) -> str:
    order = [UnitStatus.VACANT, UnitStatus.IN_TALKS, UnitStatus.LET]
    index = order.index(status) if status in order else 0
    return order[min(index + 1, len(order) - 1)]
