"""Forms of the offer catalogue: the list's filters, offers, places and translations.
Schedules with their exceptions are in `offers.forms.schedules`. They validate input;
`offers.services` re-checks the rules.
"""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.models import User
from quartier.core.widgets import QuickSelect
from quartier.offers.models import (
    CertificateRule,
    Location,
    OccupationalField,
    Offer,
    OfferKind,
)
from quartier.offers.selectors.locations import Provider
from quartier.offers.selectors.offers import CATALOGUE_SORTS, DEFAULT_CATALOGUE_SORT
from quartier.offers.services.catalogue import LOCATION_FIELDS, OFFER_FIELDS
from quartier.participants.models import TargetGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class LocationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.name} ({obj.address})" if obj.address else obj.name


def _provider_field(providers: list[Provider]) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Project and provider organisation"),
        choices=[(provider.key, provider.label) for provider in providers],
        help_text=_("The offer belongs to this project and is run by this organisation."),
    )


def provider_from(key: str, providers: list[Provider]) -> Provider | None:
    return next((provider for provider in providers if provider.key == key), None)


class OfferFilterForm(forms.Form):
    q = forms.CharField(label=_("Search title"), required=False)
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(widget=QuickSelect, label=_("Kind"), required=False)
    occupational_field = forms.ChoiceField(
        widget=QuickSelect, label=_("Occupational field"), required=False
    )
    target_group = forms.ChoiceField(widget=QuickSelect, label=_("Target group"), required=False)
    published = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Visibility"),
        required=False,
        choices=[
            ("", _("all")),
            ("published", _("on the public map")),
            ("internal", _("internal only")),
        ],
    )
    active = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Status"),
        required=False,
        choices=[("active", _("active")), ("inactive", _("inactive")), ("all", _("all"))],
        initial="active",
    )
    sort = forms.ChoiceField(widget=QuickSelect, label=_("Sort by"), required=False)

    SORT_LABELS = {
        "title": _("title A–Z"),
        "-title": _("title Z–A"),
        "-created": _("newest first"),
        "start": _("start date"),
        "kind": _("kind"),
    }

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("all"))]
        self.fields["project"].choices = everyone + [(p.pk, p.name) for p in projects]
        self.fields["kind"].choices = everyone + list(OfferKind.choices)
        self.fields["occupational_field"].choices = everyone + list(OccupationalField.choices)
        self.fields["target_group"].choices = everyone + list(TargetGroup.choices)
        self.fields["sort"].choices = [
            (key, self.SORT_LABELS[key]) for key in CATALOGUE_SORTS if key in self.SORT_LABELS
        ]
        self.fields["sort"].initial = DEFAULT_CATALOGUE_SORT

    def clean_published(self) -> bool | None:
        return {"published": True, "internal": False}.get(self.cleaned_data["published"])

    def clean_active(self) -> bool | None:
        # Missing (a link without the field) means the default: active offers only.
        return {"inactive": False, "all": None}.get(self.cleaned_data["active"], True)


class LanguageCodesField(forms.CharField):
    """The languages an offer is held in, typed as ISO 639-1 codes: "de, tr, ar"."""

    def prepare_value(self, value):
        if isinstance(value, (list, tuple)):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        if isinstance(value, (list, tuple)):
            return list(value)
        text = super().to_python(value) or ""
        codes = []
        for code in re.split(r"[\s,;/]+", text.lower()):
            if code and code not in codes:
                codes.append(code)
        return codes


class OfferForm(VersionedForm):
    """An offer's fields. For a new offer (`providers` given) the form also asks in whose
    name it is offered."""

    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = LanguageCodesField(
        label=_("Languages"),
        required=False,
        help_text=_("Two-letter codes, separated by commas, e.g. de, tr, ar."),
    )
    locations = LocationChoiceField(
        label=_("Locations"),
        queryset=Location.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_person = StaffChoiceField(label=_("Contact person"), queryset=User.objects.none())

    class Meta:
        model = Offer
        fields = list(OFFER_FIELDS) + ["locations"]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "description": forms.Textarea(attrs={"rows": 5}),
            "how_to_take_part": forms.Textarea(attrs={"rows": 3}),
            "certificate_contents": forms.Textarea(attrs={"rows": 4}),
            "certificate_rule": forms.RadioSelect,
        }
        localized_fields = ["cost", "certificate_min_hours", "certificate_min_rate"]

    field_order = ["provider", *OFFER_FIELDS[:5], "locations", *OFFER_FIELDS[5:]]

    def __init__(self, *args, locations, contact_people, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            self.fields["provider"] = _provider_field(providers)
            self.order_fields(self.field_order)
        self.fields["locations"].queryset = locations
        self.fields["contact_person"].queryset = contact_people
        self.fields["contact_person"].required = False
        self.fields["contact_person"].empty_label = _("– nobody named –")
        self.fields["certificate_rule"].choices = CertificateRule.choices
        self.fields["kind"].widget = QuickSelect(choices=self.fields["kind"].choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end lies before the start."))
        return data

    FIELDSETS = (
        (
            _("The offer"),
            (
                "provider",
                "kind",
                "title",
                "short_description",
                "description",
                "how_to_take_part",
                "occupational_field",
                "target_groups",
                "languages",
            ),
        ),
        (
            _("Where, when and for how many"),
            (
                "locations",
                "start_date",
                "end_date",
                "capacity",
                "part_time_suitable",
                "childcare_available",
                "accessible",
            ),
        ),
        (
            _("Cost and contact"),
            ("cost", "cost_note", "contact_person", "contact_phone", "contact_email"),
        ),
        (_("Visibility"), ("published", "active")),
        (
            _("Certificate"),
            (
                "certificate_rule",
                "certificate_min_months",
                "certificate_min_hours",
                "certificate_min_rate",
                "certificate_contents",
            ),
        ),
    )

    @property
    def fieldsets(self) -> list:
        return [
            (legend, [self[name] for name in names if name in self.fields])
            for legend, names in self.FIELDSETS
        ]

    def offer_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in OFFER_FIELDS}


class CoordinateField(forms.DecimalField):
    """A coordinate typed with a comma or a point ("51,538" or "51.538")."""

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
            # More decimals than a metre's worth are rounded, not refused.
            if re.fullmatch(r"-?\d{1,3}\.\d{7,}", value):
                value = str(Decimal(value).quantize(Decimal("0.000001")))
        return super().to_python(value)


class LocationForm(VersionedForm):
    latitude = CoordinateField(
        low=-90, high=90, label=_("Latitude"), help_text=_("For example 51.538 (Herne).")
    )
    longitude = CoordinateField(
        low=-180, high=180, label=_("Longitude"), help_text=_("For example 7.164 (Herne).")
    )

    class Meta:
        model = Location
        fields = list(LOCATION_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, districts, providers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if providers is not None:
            self.fields["provider"] = _provider_field(providers)
            self.fields["provider"].help_text = _(
                "The place belongs to this project; offers of the project can use it."
            )
            self.order_fields(["provider", *LOCATION_FIELDS])
        self.fields["district"].queryset = districts
        self.fields["district"].empty_label = _("– no district –")

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        # Both or neither is the model's own check (Location.clean), run by the form.
        swapped = (
            latitude is not None
            and longitude is not None
            and 5 <= latitude <= 16
            and 47 <= longitude <= 56
        )
        if swapped:
            self.add_error(
                "latitude",
                _(
                    "Latitude and longitude seem to be swapped: in Germany the "
                    "latitude is about 47 to 55 and the longitude about 6 to 15."
                ),
            )
        return data

    def location_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in LOCATION_FIELDS}


class TranslationForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    short_description = forms.CharField(
        label=_("Short description"), max_length=300, required=False
    )
    how_to_take_part = forms.CharField(
        label=_("How to take part"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    reviewed = forms.BooleanField(
        label=_("Reviewed by someone who speaks the language"),
        required=False,
        help_text=_("Leave unticked for a machine or draft translation."),
    )
