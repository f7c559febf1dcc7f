"""Forms of employers: the list's filters, recording and changing an employer, its
size declarations, contact persons and the relationship history. They validate input;
`economy.services` re-checks the rules."""

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.widgets import QuickSelect
from quartier.economy.models.common import ReviewStatus
from quartier.economy.models.employers import (
    ContactPerson,
    Employer,
    EmployerContact,
    Sector,
    SizeClass,
)
from quartier.economy.services.employers import (
    CONTACT_PERSON_FIELDS,
    EMPLOYER_CONTACT_FIELDS,
    EMPLOYER_FIELDS,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class EmployerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search name, postcode or city"), required=False)
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )
    size_class = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Size class"),
        required=False,
        choices=[
            ("", _("all")),
            *[(value or "unknown", label) for value, label in SizeClass.choices],
        ],
    )
    sector = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Sector"),
        required=False,
        choices=[("", _("all")), *Sector.choices],
    )
    area = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Programme area"),
        required=False,
        choices=[("", _("all")), ("in", _("in the programme area")), ("out", _("outside"))],
    )
    review = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Review"),
        required=False,
        choices=[("", _("all")), *ReviewStatus.choices],
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [
            ("", _("all")),
            *[(project.pk, project.name) for project in projects],
        ]

    def filters(self) -> dict:
        """The selector's keyword arguments (empty filters for invalid input)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        size = data.get("size_class")
        area = data.get("area")
        return {
            "query": (data.get("q") or "").strip()[:100],
            "project": data.get("project"),
            "size_class": ("" if size == "unknown" else size) if size else None,
            "sector": data.get("sector") or None,
            "in_programme_area": {"in": True, "out": False}.get(area),
            "review_status": data.get("review") or None,
        }

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields)


class EmployerForm(VersionedForm):
    """An employer's master data; on create also the project, the size and the
    confirmation that it is not a duplicate."""

    class Meta:
        model = Employer
        fields = list(EMPLOYER_FIELDS)
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"responsible": StaffChoiceField}

    def __init__(self, *args, districts, staff, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["district"].empty_label = _("– no district –")
        self.fields["responsible"].queryset = staff
        self.fields["responsible"].empty_label = _("– nobody –")
        if projects is not None:
            self.fields["expected_version"].required = False
            self.fields["project"] = forms.ModelChoiceField(
                label=_("Project"), queryset=projects, empty_label=None
            )
            self.fields["headcount"] = forms.IntegerField(
                label=_("Staff (headcount)"), min_value=0, required=False
            )
            self.fields["size_class"] = forms.ChoiceField(
                label=_("Size class"),
                choices=SizeClass.choices,
                required=False,
                help_text=_("Leave empty to derive it from the headcount."),
            )
            self.fields["size_declared_on"] = forms.DateField(
                label=_("Size declared on"), required=False, widget=DATE, initial=date.today
            )
            self.fields["not_a_duplicate"] = forms.BooleanField(
                label=_("This is a different employer: create it anyway"), required=False
            )
            self.order_fields(["project", *EMPLOYER_FIELDS])

    def employer_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EMPLOYER_FIELDS}

    def size_fields(self) -> dict:
        return {
            "headcount": self.cleaned_data.get("headcount"),
            "size_class": self.cleaned_data.get("size_class") or "",
            "size_declared_on": self.cleaned_data.get("size_declared_on"),
        }


class SizeDeclarationForm(forms.Form):
    declared_on = forms.DateField(label=_("Declared on"), widget=DATE, initial=date.today)
    headcount = forms.IntegerField(label=_("Staff (headcount)"), min_value=0, required=False)
    size_class = forms.ChoiceField(
        label=_("Size class"),
        choices=SizeClass.choices,
        required=False,
        help_text=_("Leave empty to derive it from the headcount."),
    )

    def clean(self):
        data = super().clean()
        if data.get("headcount") is None and not data.get("size_class"):
            raise forms.ValidationError(_("Enter the headcount or choose a size class."))
        return data


class ContactPersonForm(VersionedForm):
    class Meta:
        model = ContactPerson
        fields = list(CONTACT_PERSON_FIELDS)
        widgets = {"basis_noted_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expected_version"].required = False
        self.fields["legal_basis"].help_text = _(
            "Why the project may store this person's data (GDPR Art. 6(1))."
        )

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_PERSON_FIELDS}


class EmployerContactForm(forms.ModelForm):
    class Meta:
        model = EmployerContact
        fields = list(EMPLOYER_CONTACT_FIELDS)
        widgets = {
            "date": DATE,
            "next_contact_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"staff": StaffChoiceField}

    def __init__(self, *args, contact_persons, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contact_person"].queryset = contact_persons
        self.fields["contact_person"].empty_label = _("– none –")
        self.fields["staff"].queryset = staff
        self.fields["staff"].empty_label = _("– nobody –")
        self.fields["next_contact_on"].help_text = _(
            "The next contact then appears on the start page a week before it is due."
        )

    def contact_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EMPLOYER_CONTACT_FIELDS}
