"""Forms of the public offer map. The filter form is read from the query string and
forgiving: a value it cannot read is left out (and the page says so), never an error.

The appointment request form ("Termin anfragen", below "Appointment requests"): besides
the resident's fields it carries the spam protection's hidden parts: the form
token (see `services.spam_protection`) and a honeypot field that people never see and bots fill.
Every field that has an error gets `aria-invalid` and points at its message with
`aria-describedby`, so a screen reader reads the message with the field.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.models import Project
from quartier.offers.models import OfferKind
from quartier.participants.models import TargetGroup
from quartier.stadtteilplan.language import SPOKEN_LANGUAGES
from quartier.stadtteilplan.selectors import DAY_PARTS, PUBLIC_TARGET_GROUPS, PublicFilter
from quartier.stadtteilplan.services import spam_protection
from quartier.stadtteilplan.services.appointments import ReachBy

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]

DAY_PART_LABELS = {
    "morning": _("mornings (before 12:00)"),
    "afternoon": _("afternoons (12:00–17:00)"),
    "evening": _("evenings (from 17:00)"),
}

#: Public names of the offer kinds: what a resident looks for.
PUBLIC_KINDS = {
    OfferKind.COUNSELLING_HOUR: _("Advice and counselling"),
    OfferKind.CAFE_MEETING: _("Café and meeting place"),
    OfferKind.COURSE: _("Courses"),
    OfferKind.QUALIFICATION_MODULE: _("Qualification for work"),
    OfferKind.WORKSHOP: _("Workshops"),
    OfferKind.PRACTICAL_PROJECT: _("Practical projects and services"),
    OfferKind.EVENT: _("Events"),
    OfferKind.WORK_OPPORTUNITY: _("Work opportunities"),
    OfferKind.SCHOOL_CLASS_OFFER: _("For school classes"),
}

PUBLIC_TARGET_GROUP_LABELS = {
    "families": _("Families"),
    "immigrants": _("Immigrants and refugees"),
    "seniors": _("Seniors"),
    "young_people": _("Young people"),
    "long_term_unemployed": _("Job seekers"),
    "single_parents": _("Single parents"),
    "women_returning": _("Women"),
}
assert set(PUBLIC_TARGET_GROUP_LABELS) == set(PUBLIC_TARGET_GROUPS)
assert set(PUBLIC_TARGET_GROUPS) <= set(TargetGroup.values)


class PublicFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.MultipleChoiceField(
        label=_("Category"),
        required=False,
        choices=list(PUBLIC_KINDS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    group = forms.ChoiceField(
        label=_("For whom"),
        required=False,
        choices=[("", _("everyone"))] + list(PUBLIC_TARGET_GROUP_LABELS.items()),
    )
    language = forms.ChoiceField(
        label=_("Language spoken"),
        required=False,
        choices=[("", _("any language"))] + SPOKEN_LANGUAGES,
    )
    day = forms.TypedChoiceField(
        label=_("Weekday"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("any day"))] + WEEKDAYS,
    )
    time = forms.ChoiceField(
        label=_("Time of day"),
        required=False,
        choices=[("", _("any time"))] + [(key, DAY_PART_LABELS[key]) for key in DAY_PARTS],
    )
    free = forms.BooleanField(label=_("free of charge"), required=False)
    accessible = forms.BooleanField(label=_("wheelchair accessible"), required=False)
    childcare = forms.BooleanField(label=_("childcare"), required=False)
    now = forms.BooleanField(label=_("open now"), required=False)
    ort = forms.UUIDField(label=_("Place"), required=False, widget=forms.HiddenInput)

    def filters(self) -> PublicFilter:
        """The filters that could be read; the others are left out (see `ignored`)."""
        self.is_valid()
        data = self.cleaned_data
        return PublicFilter(
            query=(data.get("q") or "").strip(),
            kinds=tuple(data.get("kind") or ()),
            target_group=data.get("group") or "",
            language=data.get("language") or "",
            weekday=data.get("day"),
            day_part=data.get("time") or "",
            free=bool(data.get("free")),
            accessible=bool(data.get("accessible")),
            childcare=bool(data.get("childcare")),
            open_now=bool(data.get("now")),
            place=str(data["ort"]) if data.get("ort") else "",
        )

    @property
    def ignored(self) -> list[str]:
        """Labels of the filters whose values could not be read."""
        return [str(self.fields[name].label) for name in self.errors]

    @property
    def active(self) -> bool:
        return any(
            self.cleaned_data.get(name) not in (None, "", False, [])
            for name in self.fields
            if name in getattr(self, "cleaned_data", {})
        )


# Appointment requests -------------------------------------------------------------------

#: The honeypot's field name: one a form-filling bot likes to fill.
HONEYPOT = "homepage"
MESSAGE_MAX_LENGTH = 1000


_PHONE = re.compile(r"^\+?[0-9 ()/.\-]{5,40}$")

TOKEN_MESSAGES = {
    "too_fast": _("That was very fast. Please check your entries and press “Send request” again."),
    "expired": _(
        "The form was open for a long time. Please check your entries and press "
        "“Send request” again."
    ),
    "invalid": _(
        "We could not check the form. Please check your entries and press “Send request” again."
    ),
}


class ProjectChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Project) -> str:
        return obj.name


class AppointmentRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Your name or a nickname"),
        max_length=200,
        help_text=_("So that we know who you are when we get in touch."),
    )
    reach_by = forms.ChoiceField(
        label=_("How can we reach you?"),
        choices=ReachBy.CHOICES,
        widget=forms.RadioSelect,
    )
    phone = forms.CharField(
        label=_("Phone number (if by phone)"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail address (if by e-mail)"),
        max_length=150,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    language = forms.ChoiceField(
        label=_("In which language shall we talk?"),
        choices=SPOKEN_LANGUAGES,
        help_text=_("We will try to find someone who speaks your language."),
    )
    message = forms.CharField(
        label=_("What is it about?"),
        max_length=MESSAGE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "A few words are enough. Please do not write about your health or other "
            "private matters here: we can talk about them in person."
        ),
    )
    consent = forms.BooleanField(
        label=_("I have read this and agree."),
        error_messages={
            "required": _(
                "Please agree, so that we may store your request. Otherwise we "
                "cannot get in touch with you."
            )
        },
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    homepage = forms.CharField(
        label=_("Please leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, scope: str, projects=None, message_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.token = None
        projects = list(projects or [])
        if len(projects) > 1:
            self.fields["project"] = ProjectChoiceField(
                label=_("Which project shall get in touch with you?"),
                queryset=Project.objects.filter(pk__in=[project.pk for project in projects]),
                initial=projects[0].pk,
                empty_label=None,
                widget=forms.RadioSelect,
            )
            self.order_fields(["name", "reach_by", "phone", "email", "language", "project"])
        if message_required:
            self.fields["message"].required = True
        self.fields["message"].widget.attrs["maxlength"] = str(MESSAGE_MAX_LENGTH)

    @property
    def is_bot(self) -> bool:
        """Whether the honeypot was filled: people never see the field."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Please tell us a name or a nickname."))
        return name

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data.get("phone", "").split())
        if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 5):
            raise forms.ValidationError(
                _("Please enter a phone number with digits only, e.g. 0151 2345678.")
            )
        return phone

    def clean_message(self) -> str:
        return self.cleaned_data.get("message", "").strip()

    def clean(self):
        data = super().clean()
        reach_by = data.get("reach_by")
        if reach_by == ReachBy.PHONE:
            data["email"] = ""
            if not data.get("phone") and "phone" not in self.errors:
                self.add_error("phone", _("Please enter your phone number, or choose another way."))
        elif reach_by == ReachBy.EMAIL:
            data["phone"] = ""
            if not data.get("email") and "email" not in self.errors:
                self.add_error(
                    "email", _("Please enter your e-mail address, or choose another way.")
                )
        elif reach_by == ReachBy.VISIT:
            data["phone"] = data["email"] = ""
            self.errors.pop("phone", None)
            self.errors.pop("email", None)
        try:
            self.token = spam_protection.check_token(self.data.get("token", ""), self.scope)
        except spam_protection.TokenError as error:
            self.add_error(None, TOKEN_MESSAGES[error.code])
        return data

    def _described_by(self, name: str) -> list[str]:
        """The ids that describe field `name`: its help, the consent text, its error."""
        ids = [f"{name}-help"] if self.fields[name].help_text else []
        if name == "consent":
            ids.append("consent-text")
        if self.is_bound and name in self.errors:
            ids.append(f"{name}-error")
        return ids

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors if self.is_bound else ():
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"

    def describe_help(self) -> None:
        """Point every field at its help text, the consent text and its error message
        (`aria-describedby`), so that a screen reader reads them with the field."""
        for name, field in self.fields.items():
            ids = self._described_by(name)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
