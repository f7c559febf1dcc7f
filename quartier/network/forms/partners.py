"""Forms of the network's partners and coach teams: the partner list's filters, a
partner (with a new organisation inline), its contact persons and contacts, a coach
team and its members. They validate input; `network.services.partners` re-checks the
rules."""

from django import forms
from django.forms.models import fields_for_model
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.models import Organisation
from quartier.core.widgets import QuickSelect
from quartier.network.models import (
    CoachTeam,
    CoachTeamMember,
    NetworkLevel,
    Partner,
    PartnerContact,
    PartnerPerson,
)
from quartier.network.services.partners import (
    CONTACT_FIELDS,
    MEMBER_FIELDS,
    ORGANISATION_FIELDS,
    PARTNER_FIELDS,
    PERSON_FIELDS,
    TEAM_FIELDS,
)
from quartier.participants.models import TargetGroup

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO = [("", _("all")), ("yes", _("yes")), ("no", _("no"))]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class OfferChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.title


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search organisation, role or notes"), required=False)
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )
    level = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Network level"),
        required=False,
        choices=[("", _("all")), *NetworkLevel.choices],
    )
    district = forms.TypedChoiceField(
        widget=QuickSelect, label=_("District"), required=False, coerce=int, empty_value=None
    )
    target_group = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Target group"),
        required=False,
        choices=[("", _("all")), *TargetGroup.choices],
    )
    quartier = forms.ChoiceField(
        widget=QuickSelect, label=_("Uses Quartier"), required=False, choices=YES_NO
    )
    active = forms.ChoiceField(
        widget=QuickSelect, label=_("Active"), required=False, choices=YES_NO
    )

    def __init__(self, *args, projects, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [
            ("", _("all")),
            *[(project.pk, project.name) for project in projects],
        ]
        self.fields["district"].choices = [
            ("", _("all")),
            *[(district.pk, district.name) for district in districts],
        ]

    def filters(self) -> dict:
        """The selector's keyword arguments (no filters for invalid input)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        yes_no = {"yes": True, "no": False}
        return {
            "query": (data.get("q") or "").strip()[:100],
            "project": data.get("project"),
            "level": data.get("level") or None,
            "district": data.get("district"),
            "target_group": data.get("target_group") or None,
            "uses_quartier": yes_no.get(data.get("quartier")),
            "active": yes_no.get(data.get("active")),
        }

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields)


class PartnerForm(VersionedForm):
    """A partner's place in the network; on create also the project, and the
    organisation: an existing one, or a new one entered here."""

    target_groups = forms.MultipleChoiceField(
        label=_("Target groups reached"),
        choices=TargetGroup.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Partner
        fields = list(PARTNER_FIELDS)
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 3}),
            "districts": forms.CheckboxSelectMultiple,
            "offers": forms.CheckboxSelectMultiple,
        }
        field_classes = {"offers": OfferChoiceField}

    def __init__(self, *args, districts, offers, projects=None, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["districts"].queryset = districts
        self.fields["offers"].queryset = offers
        self.creating = projects is not None
        if not self.creating:
            return
        self.fields["expected_version"].required = False
        self.fields["project"] = forms.ModelChoiceField(
            label=_("Project"), queryset=projects, empty_label=None
        )
        self.fields["partner_organisation"] = forms.ModelChoiceField(
            label=_("Existing organisation"),
            queryset=organisations,
            required=False,
            empty_label=_("– a new organisation (enter it below) –"),
            widget=QuickSelect,
            help_text=_("Pick the organisation if Quartier knows it; otherwise enter it below."),
        )
        new = fields_for_model(Organisation, fields=list(ORGANISATION_FIELDS))
        for name, form_field in new.items():
            form_field.required = False
            self.fields[name] = form_field
        self.fields["name"].label = _("Name of the new organisation")
        self.fields["kind"].initial = Organisation.Kind.OTHER
        self.fields["not_a_duplicate"] = forms.BooleanField(
            label=_("This is a different organisation of the same name: create it anyway"),
            required=False,
        )
        self.order_fields(
            [
                "project",
                "partner_organisation",
                *ORGANISATION_FIELDS,
                "not_a_duplicate",
                *PARTNER_FIELDS,
            ]
        )

    def clean(self):
        data = super().clean()
        if self.creating:
            picked = data.get("partner_organisation")
            name = (data.get("name") or "").strip()
            if picked is None and not name:
                self.add_error(
                    "partner_organisation",
                    _("Choose an existing organisation or enter the name of a new one."),
                )
            elif picked is not None and name:
                self.add_error(
                    "name",
                    _("You picked an existing organisation: leave the new one's name empty."),
                )
        return data

    def project_part(self) -> list:
        return [self["project"]] if "project" in self.fields else []

    def organisation_part(self) -> list:
        names = ["partner_organisation", *ORGANISATION_FIELDS, "not_a_duplicate"]
        return [self[name] for name in names if name in self.fields]

    def network_part(self) -> list:
        return [self[name] for name in PARTNER_FIELDS]

    def clean_offers(self):
        return list(self.cleaned_data.get("offers") or [])

    def clean_districts(self):
        return list(self.cleaned_data.get("districts") or [])

    def partner_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PARTNER_FIELDS}

    def organisation_fields(self) -> dict | None:
        """The new organisation's details, or None when one was picked."""
        if self.cleaned_data.get("partner_organisation") is not None:
            return None
        return {name: self.cleaned_data.get(name) or "" for name in ORGANISATION_FIELDS}


class PartnerPersonForm(VersionedForm):
    class Meta:
        model = PartnerPerson
        fields = list(PERSON_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expected_version"].required = False

    def person_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in PERSON_FIELDS}


class PartnerContactForm(forms.ModelForm):
    class Meta:
        model = PartnerContact
        fields = list(CONTACT_FIELDS)
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}
        field_classes = {"staff": StaffChoiceField}

    def __init__(self, *args, people, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].empty_label = _("– nobody in particular –")
        self.fields["staff"].queryset = staff
        self.fields["staff"].empty_label = _("– nobody –")

    def contact_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in CONTACT_FIELDS}


class TeamFilterForm(forms.Form):
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        widget=QuickSelect, label=_("District"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, projects, districts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].choices = [("", _("all")), *[(p.pk, p.name) for p in projects]]
        self.fields["district"].choices = [("", _("all")), *[(d.pk, d.name) for d in districts]]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {
            "project": self.cleaned_data.get("project"),
            "district": self.cleaned_data.get("district"),
        }

    @property
    def filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(name) for name in self.fields)


class TeamForm(VersionedForm):
    class Meta:
        model = CoachTeam
        fields = list(TEAM_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, districts, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = districts
        self.fields["district"].empty_label = None
        if projects is not None:
            self.fields["expected_version"].required = False
            self.fields["project"] = forms.ModelChoiceField(
                label=_("Project"), queryset=projects, empty_label=None
            )
            self.order_fields(["project", *TEAM_FIELDS])

    def clean(self):
        data = super().clean()
        project, district = data.get("project"), data.get("district")
        if (
            project is not None
            and district is not None
            and not project.districts.filter(pk=district.pk).exists()
        ):
            self.add_error("district", _("Choose a district of the project."))
        return data

    def team_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in TEAM_FIELDS}


class TeamMemberForm(VersionedForm):
    class Meta:
        model = CoachTeamMember
        fields = list(MEMBER_FIELDS)
        field_classes = {"user": StaffChoiceField}

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expected_version"].required = False
        self.fields["user"].queryset = staff
        self.fields["user"].empty_label = _("– not a staff member –")
        self.fields["user"].help_text = _("A staff member of the project, or leave empty.")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Empty: the staff member's name.")

    def clean(self):
        data = super().clean()
        if data.get("user") is None and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a staff member or enter a name."))
        return data

    def member_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEMBER_FIELDS}
