"""Forms for intake, participant data, consents and first contacts.

They validate input; the services in `participants.services` re-check the rules.
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.models import Organisation, Project
from quartier.participants.models import (
    BLOCK_PURPOSES,
    PARTNER_PURPOSES,
    Consent,
    ConsentPurpose,
    FirstContact,
    GuardianReached,
    GuardianRelation,
    LabourStatus,
    Participant,
    ReferralPurpose,
    Topic,
)
from quartier.participants.selectors.consents import guardian_needed

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
#: The consent block's fields (the intake shows them in a fieldset of their own).
CONSENT_BLOCK_FIELDS = ["purposes", "form", "text_version", "given_on", "valid_until"]
GUARDIAN_FIELDS = ["guardian_name", "guardian_relation", "guardian_reached"]


def check_guardian(form: forms.Form, data: dict) -> None:
    """A minor's consent names the legal guardian: who, relation, how reached (field
    errors; the service checks again)."""
    if not (data.get("guardian_name") or "").strip():
        form.add_error(
            "guardian_name",
            _("The participant is a minor: name the legal guardian who consented."),
        )
    if not data.get("guardian_relation"):
        form.add_error(
            "guardian_relation", _("Say how the guardian is related to the participant.")
        )
    if not data.get("guardian_reached"):
        form.add_error("guardian_reached", _("Say how the guardian was reached."))


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


# The consent block: several purposes on one form ------------------------------------


def _newest_version(project: Project | None) -> str:
    if project is None:
        return "1.0"
    text = (
        project.consent_texts.filter(purpose=ConsentPurpose.COUNSELLING)
        .order_by("-valid_from", "-id")
        .first()
    )
    return text.text_version if text else "1.0"


class ConsentBlockMixin:
    """The consent block of the intake and the consent page: a checkbox per purpose of
    `BLOCK_PURPOSES`, the form's version and date, and for a participant younger than
    settings.GUARDIAN_CONSENT_AGE on the entry date the legal guardian (who, relation,
    how reached). One consent per ticked purpose (`services.consents.consents_record`)."""

    def _add_consent_fields(self, *, project: Project | None, required: bool) -> None:
        self.consents_required = required
        labels = dict(ConsentPurpose.choices)
        self.fields["purposes"] = forms.MultipleChoiceField(
            label=_("Consents given"),
            choices=[(purpose.value, labels[purpose]) for purpose in BLOCK_PURPOSES],
            required=required,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("One consent is recorded per ticked purpose."),
        )
        self.fields["form"] = forms.ChoiceField(
            label=_("Form"),
            choices=Consent.Form.choices,
            initial=Consent.Form.PAPER,
            required=required,
        )
        self.fields["text_version"] = forms.CharField(
            label=_("Version of the consent form"),
            max_length=20,
            required=False,
            initial=_newest_version(project),
            help_text=_("The version printed on the consent form, e.g. 1.0."),
        )
        self.fields["given_on"] = forms.DateField(
            label=_("Date given"), widget=DATE, required=False, initial=timezone.localdate
        )
        self.fields["valid_until"] = forms.DateField(
            label=_("Valid until"),
            widget=DATE,
            required=False,
            help_text=_("Leave empty when the consent holds until it is withdrawn."),
        )
        self.fields["guardian_name"] = forms.CharField(
            label=_("Legal guardian"), max_length=200, required=False
        )
        self.fields["guardian_relation"] = forms.ChoiceField(
            label=_("Relation to the participant"),
            choices=[("", "---------"), *GuardianRelation.choices],
            required=False,
        )
        self.fields["guardian_reached"] = forms.ChoiceField(
            label=_("Guardian reached"),
            choices=[("", "---------"), *GuardianReached.choices],
            required=False,
        )

    def consent_fields(self):
        return [self[name] for name in CONSENT_BLOCK_FIELDS]

    def guardian_fields(self):
        return [self[name] for name in GUARDIAN_FIELDS]

    def _is_minor(self, data) -> bool:
        """Overridden: whether the participant is a minor on the entry date."""
        return False

    def _clean_consents(self, data: dict) -> None:
        if not data.get("purposes"):
            return
        if not (data.get("text_version") or "").strip():
            self.add_error("text_version", _("Give the version printed on the consent form."))
        given_on = data.get("given_on")
        if given_on is None:
            if "given_on" not in self.errors:
                self.add_error("given_on", _("Give the date the consent was given."))
        elif given_on > timezone.localdate():
            self.add_error("given_on", _("A consent cannot be dated in the future."))
        valid_until = data.get("valid_until")
        if given_on and valid_until and valid_until < given_on:
            self.add_error("valid_until", _("The consent cannot end before the day it was given."))
        if self._is_minor(data):
            check_guardian(self, data)

    def consent_data(self) -> dict:
        """The keyword arguments of `consents_record` (without actor and participant);
        empty when no purpose is ticked."""
        data = self.cleaned_data
        if not data.get("purposes"):
            return {}
        return {
            "purposes": list(data["purposes"]),
            "form": data.get("form") or Consent.Form.PAPER,
            "text_version": data["text_version"].strip(),
            "given_on": data["given_on"],
            "valid_until": data.get("valid_until"),
            **{name: data.get(name) or "" for name in GUARDIAN_FIELDS},
        }

    @property
    def guardian_age(self) -> int:
        return settings.GUARDIAN_CONSENT_AGE


class IntakeForm(ConsentBlockMixin, ParticipantFieldsMixin, forms.ModelForm):
    """Intake: the person, contact data, the ESF Plus entry data and the situation, and
    the consents signed at intake (the consent block, optional)."""

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
        self._add_consent_fields(project=project, required=False)
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
        self._clean_consents(data)
        return data

    def _is_minor(self, data) -> bool:
        """Younger than settings.GUARDIAN_CONSENT_AGE on the entry date entered."""
        birth, entry = data.get("birth_date"), data.get("entry_date")
        if not (birth and entry):
            return False
        return guardian_needed(Participant(birth_date=birth), entry_date=entry)

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
            *GUARDIAN_FIELDS,
        ]
        widgets = {"given_on": DATE, "valid_until": DATE}

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        # The other purposes are recorded together on the consent block (`ConsentsForm`).
        labels = dict(ConsentPurpose.choices)
        self.fields["purpose"].choices = [
            (purpose.value, labels[purpose]) for purpose in PARTNER_PURPOSES
        ]
        self.fields["partner"].queryset = consent_partner_choices(participant)
        self.fields["partner"].required = True
        self.fields["given_on"].initial = timezone.localdate
        versions = {
            text.purpose: text.text_version
            for text in participant.project.consent_texts.order_by("purpose", "valid_from")
        }
        self.fields["text_version"].initial = versions.get(
            ConsentPurpose.PARTNER_SHARING, versions.get(ConsentPurpose.COUNSELLING, "1.0")
        )
        self.fields["text_version"].help_text = _(
            "The version printed on the consent form, e.g. 1.0."
        )

    def clean(self):
        data = super().clean()
        if guardian_needed(self.participant):
            check_guardian(self, data)
        return data


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


class ConsentsForm(ConsentBlockMixin, forms.Form):
    """The consent page: several purposes signed on one form."""

    def __init__(self, *args, participant: Participant, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant = participant
        self._add_consent_fields(project=participant.project, required=True)

    def _is_minor(self, data) -> bool:
        return guardian_needed(self.participant)

    def clean(self):
        data = super().clean()
        self._clean_consents(data)
        return data


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
