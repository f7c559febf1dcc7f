"""Forms of the vacancy pages: the list's filters, a vacancy (with the skills it asks
for), its status, and the job search import. They validate input; the services
re-check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Skill
from quartier.core.forms import VersionedForm
from quartier.economy.jobsearch import ANGEBOTSART
from quartier.economy.models import Employer, Vacancy, VacancyKind, VacancySource, VacancyStatus
from quartier.economy.models.common import postcode_validator
from quartier.economy.selectors.vacancies import Owner
from quartier.economy.services.vacancies import MANUAL_STATUSES, VACANCY_FIELDS
from quartier.offers.models import OccupationalField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VacancyFilterForm(forms.Form):
    q = forms.CharField(label=_("Search title, employer or postcode"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    occupational_field = forms.ChoiceField(label=_("Occupational field"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["kind"].choices = every + list(VacancyKind.choices)
        self.fields["status"].choices = every + list(VacancyStatus.choices)
        self.fields["source"].choices = every + list(VacancySource.choices)
        self.fields["occupational_field"].choices = every + list(OccupationalField.choices)

    def filters(self) -> dict:
        """The valid filters (an invalid value counts as none)."""
        if not self.is_valid():
            return {"query": ""}
        data = self.cleaned_data
        return {
            "query": data["q"].strip()[:100],
            "kind": data["kind"],
            "status": data["status"],
            "source": data["source"],
            "occupational_field": data["occupational_field"],
        }


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employer) -> str:
        return str(obj)


class SkillChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Skill) -> str:
        return obj.name


def owner_from(key: str, owners: list[Owner]) -> Owner | None:
    return next((owner for owner in owners if owner.key == key), None)


class VacancyForm(VersionedForm):
    essential_skills = SkillChoiceField(
        label=_("Essential skills"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("From the skills list of the Potenzialanalyse."),
    )
    optional_skills = SkillChoiceField(
        label=_("Optional skills"),
        queryset=Skill.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )

    class Meta:
        model = Vacancy
        fields = [
            "kind",
            "title",
            "employer",
            "occupational_field",
            "esco_occupation",
            "hours_per_week",
            "part_time",
            "shift_work",
            "start_date",
            "places",
            "german_level",
            "driving_licence",
            "street",
            "postcode",
            "city",
            "latitude",
            "longitude",
            "external_url",
            "description",
        ]
        field_classes = {"employer": EmployerChoiceField}
        widgets = {"start_date": DATE, "description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, owners: list[Owner] | None = None, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = (
            employers if employers is not None else Employer.objects.none()
        )
        if owners is not None:
            self.fields["owner"] = forms.ChoiceField(
                label=_("Project and organisation"),
                choices=[(owner.key, owner.label) for owner in owners],
                help_text=_("The vacancy belongs to this project and organisation."),
            )
            self.order_fields(["owner"])
        if self.instance.pk and not self.is_bound:
            needs = list(self.instance.skill_needs.all())
            self.initial["essential_skills"] = [n.skill_id for n in needs if n.essential]
            self.initial["optional_skills"] = [n.skill_id for n in needs if not n.essential]

    def clean(self):
        data = super().clean()
        essential = set(data.get("essential_skills") or ())
        if essential & set(data.get("optional_skills") or ()):
            self.add_error(
                "optional_skills", _("A skill is either essential or optional, not both.")
            )
        return data

    def vacancy_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields if name in VACANCY_FIELDS}
        fields["essential_skills"] = list(data.get("essential_skills") or ())
        fields["optional_skills"] = list(data.get("optional_skills") or ())
        return fields


class VacancyStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"))
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [
            (value, label) for value, label in VacancyStatus.choices if value in MANUAL_STATUSES
        ]


class JobImportForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, empty_label=None)
    postcode = forms.CharField(
        label=_("Postcode (wo)"), max_length=5, validators=[postcode_validator]
    )
    radius = forms.IntegerField(label=_("Radius in km (umkreis)"), min_value=0, max_value=200)
    kind = forms.ChoiceField(label=_("Kind"), required=False)

    def __init__(self, *args, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        labels = dict(VacancyKind.choices)
        self.fields["kind"].choices = [("", _("all four kinds"))] + [
            (kind, labels[kind]) for kind in ANGEBOTSART
        ]
