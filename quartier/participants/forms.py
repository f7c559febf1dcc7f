"""Forms for intake, participant data, consents and first contacts.

They validate input; the services in `participants.services` re-check the rules.
"""

from pathlib import Path

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.models import Organisation, Project
from quartier.participants.models import (
    Consent,
    ConsentPurpose,
    FirstContact,
    LabourStatus,
    Participant,
    ReferralPurpose,
    Topic,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

#: The intake fields in the order the form shows them, grouped for fieldsets.
PERSON_FIELDS = ["external_id", "first_name", "last_name", "birth_date", "gender"]
CONTACT_FIELDS = ["street", "postcode", "city", "district", "phone", "email"]
ESF_FIELDS = [
    "labour_status",
    "unemployed_since",
    "isced",
    "third_country_national",
    "foreign_background",
    "homeless",
    "single_parent",
    "rural",
]
SITUATION_FIELDS = [
    "languages",
    "german_level",
    "childcare_needed",
    "driving_licence",
    "own_car",
    "public_transport",
    "benefits",
]
SPECIAL_FIELDS = ["disability", "minority", "health_notes"]


class ParticipantFieldsMixin:
    def _setup(self, project: Project | None):
        if "district" in self.fields:
            self.fields["district"].queryset = (
                project.districts.order_by("name")
                if project
                else self.fields["district"].queryset.none()
            )
        for name in ("birth_date", "unemployed_since"):
            if name in self.fields:
                self.fields[name].widget = DATE
        if "isced" in self.fields:
            self.fields["isced"].help_text = _("Leave empty if not stated.")

    def fieldsets(self):
        groups = [
            (_("Person"), PERSON_FIELDS + ["entry_date"]),
            (_("Contact"), CONTACT_FIELDS),
            (_("ESF Plus entry data"), ESF_FIELDS),
            (_("Situation"), SITUATION_FIELDS),
            (_("Special categories (only with consent)"), SPECIAL_FIELDS),
        ]
        for legend, names in groups:
            fields = [self[name] for name in names if name in self.fields]
            if fields:
                yield legend, fields


class IntakeForm(ParticipantFieldsMixin, forms.ModelForm):
    """Intake: the person, contact data, the ESF Plus entry data and the situation."""

    entry_date = forms.DateField(label=_("Entry date"), widget=DATE, initial=timezone.localdate)
    not_a_duplicate = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a different person."),
        required=False,
    )

    class Meta:
        model = Participant
        fields = PERSON_FIELDS + CONTACT_FIELDS + ESF_FIELDS + SITUATION_FIELDS

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(project)
        self.project = project
        # No preset labour status: it decides EECO01–04, so the person must answer.
        status = self.fields["labour_status"]
        status.choices = [("", _("– please choose –")), *LabourStatus.choices]
        status.initial = None
        self.initial.pop("labour_status", None)

    def clean(self):
        data = super().clean()
        birth, entry = data.get("birth_date"), data.get("entry_date")
        if birth and entry and birth > entry:
            self.add_error("birth_date", _("The date of birth cannot be after the entry date."))
        if data.get("labour_status") == "unemployed" and not data.get("unemployed_since"):
            self.add_error(
                "unemployed_since", _("Please give the date since when the person is unemployed.")
            )
        since = data.get("unemployed_since")
        if since and entry and since > entry:
            self.add_error(
                "unemployed_since", _("'Unemployed since' cannot be after the entry date.")
            )
        return data

    def validate_unique(self):
        # The project is not a form field; check the number within the project here.
        number = self.cleaned_data.get("external_id")
        if number and Participant.objects.filter(project=self.project, external_id=number).exists():
            self.add_error(
                "external_id", _("This participant number is already used in the project.")
            )

    def participant_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}


class ParticipantForm(ParticipantFieldsMixin, VersionedForm):
    """Change a participant's data; the special categories only while consent is valid."""

    class Meta:
        model = Participant
        fields = PERSON_FIELDS + CONTACT_FIELDS + ESF_FIELDS + SITUATION_FIELDS + SPECIAL_FIELDS

    def __init__(self, *args, special_allowed: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self._setup(self.instance.project)
        if special_allowed:
            self.fields["health_notes"].widget.attrs["rows"] = 3
        else:
            for name in SPECIAL_FIELDS:
                del self.fields[name]

    def validate_unique(self):
        number = self.cleaned_data.get("external_id")
        clash = Participant.objects.filter(
            project_id=self.instance.project_id, external_id=number
        ).exclude(pk=self.instance.pk)
        if number and clash.exists():
            self.add_error(
                "external_id", _("This participant number is already used in the project.")
            )

    def participant_data(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields if name != "expected_version"}


class ConsentForm(forms.ModelForm):
    referral_purposes = forms.MultipleChoiceField(
        label=_("Purposes of referrals"),
        choices=ReferralPurpose.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Only for sharing with a partner: for which purposes data may be passed to it."
        ),
    )

    class Meta:
        model = Consent
        fields = [
            "purpose",
            "partner",
            "referral_purposes",
            "form",
            "text_version",
            "given_on",
            "valid_until",
        ]
        widgets = {"given_on": DATE, "valid_until": DATE}

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = consent_partner_choices(participant)
        self.fields["given_on"].initial = timezone.localdate
        versions = {
            text.purpose: text.text_version
            for text in participant.project.consent_texts.order_by("purpose", "valid_from")
        }
        self.fields["text_version"].initial = versions.get(ConsentPurpose.COUNSELLING, "1.0")
        self.fields["text_version"].help_text = _(
            "The version printed on the consent form, e.g. 1.0."
        )


def consent_partner_choices(participant: Participant):
    """The organisations a consent can name: the project's consortium and the partners
    of its network, without the participant's own organisation."""
    return (
        Organisation.objects.filter(
            Q(projects=participant.project) | Q(network_partnerships__project=participant.project)
        )
        .exclude(pk=participant.organisation_id)
        .distinct()
        .order_by("name")
    )


class ConsentWithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Withdrawn on"), widget=DATE, initial=timezone.localdate)


class FirstContactForm(forms.ModelForm):
    """Recorded in under 30 seconds: everything but the date and channel is optional."""

    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FirstContact
        fields = [
            "date",
            "channel",
            "place",
            "topics",
            "language",
            "target_group",
            "name",
            "reach",
            "notes",
        ]
        widgets = {"date": DATE, "notes": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate
        self.fields["language"].help_text = _("For example: German, Arabic, Turkish.")
        self.fields["name"].help_text = _("Leave empty to keep the contact anonymous.")


class ProjectChoiceForm(forms.Form):
    project = forms.ModelChoiceField(label=_("Project"), queryset=Project.objects.none())

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects.order_by("name")


class ConsentTextForm(forms.ModelForm):
    class Meta:
        from quartier.participants.models import ConsentText

        model = ConsentText
        fields = ["purpose", "text_version", "valid_from", "text"]
        widgets = {"valid_from": DATE, "text": forms.Textarea(attrs={"rows": 8})}


# The participant list import -------------------------------------------------------

#: The extensions the import reads.
ALLOWED_EXTENSIONS = (".csv", ".xlsx")


class ParticipantListUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Participant list"),
        help_text=gettext_lazy("A CSV file (UTF-8) or an Excel workbook (.xlsx)."),
    )
    organisation = forms.ModelChoiceField(
        queryset=None,
        label=gettext_lazy("Organisation that new participants belong to"),
        empty_label=None,
    )
    update = forms.BooleanField(
        required=False,
        label=gettext_lazy("Update participants whose participant number already exists"),
        help_text=gettext_lazy(
            "Their data and case are replaced by the row; rows without changes stay as they are."
        ),
    )

    def __init__(self, *args, organisations, max_bytes: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes = max_bytes
        field = self.fields["organisation"]
        field.queryset = organisations
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk
        self.fields["file"].widget.attrs["accept"] = ",".join(ALLOWED_EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED_EXTENSIONS:
            raise forms.ValidationError(
                gettext(
                    "Only .csv and .xlsx files can be imported. "
                    "Save the list in one of these formats."
                )
            )
        if upload.size > self.max_bytes:
            raise forms.ValidationError(
                gettext(
                    "The file is %(size)s MB; at most %(limit)s MB can be uploaded. "
                    "Split the list into several files and import them one after the other."
                )
                % {
                    "size": number_format(upload.size / 1_000_000, 1),
                    "limit": number_format(self.max_bytes / 1_000_000, 0),
                }
            )
        return upload
