"""Forms of reported vacancies: the public form "Stelle oder Praktikumsplatz melden"
and the inbox's confirm and reject.

The public form asks little (company, place, a contact, what the job is). Its spam
protection is the offer map's (`stadtteilplan.services.spam_protection`): a signed,
timestamped one-time token, a honeypot field, and in the view the rate limit per
address and the cross-site check; on top, a submission with a web address in every
text field is refused as spam.
"""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.economy.models import Employer, Vacancy, VacancyKind
from quartier.economy.models.common import postcode_validator
from quartier.economy.services.vacancy_reports import REPORT_KINDS
from quartier.stadtteilplan.services import spam_protection

#: The honeypot's field name: one a form-filling bot likes to fill.
HONEYPOT = "homepage"
DESCRIPTION_MAX_LENGTH = 2000

_PHONE = re.compile(r"^\+?[0-9 ()/.\-]{5,40}$")
_URL = re.compile(r"(https?://|www\.|\b[\w-]+\.(com|net|org|ru|de|info|biz|xyz|top)\b)", re.I)

#: The free-text fields of the form: a URL in every one of them is spam.
TEXT_FIELDS = ("company", "city", "contact_name", "title", "description")

TOKEN_MESSAGES = {
    "too_fast": _("That was very fast. Please check your entries and press “Send” again."),
    "expired": _(
        "The form was open for a long time. Please check your entries and press “Send” again."
    ),
    "invalid": _("We could not check the form. Please check your entries and press “Send” again."),
}
SPAM_MESSAGE = _(
    "Your entries look like advertising and were not accepted. Please describe the job "
    "in your own words, without web addresses."
)


def token_scope(project) -> str:
    return f"vacancy-report/{project.slug}"


def has_url(text: str) -> bool:
    return bool(_URL.search(text or ""))


class VacancyReportForm(forms.Form):
    company = forms.CharField(label=_("Company name"), max_length=200)
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=5,
        validators=[postcode_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    city = forms.CharField(label=_("Place"), max_length=100)
    contact_name = forms.CharField(label=_("Contact person"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        help_text=_("An e-mail address or a phone number is enough."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    title = forms.CharField(label=_("Job title"), max_length=300)
    kind = forms.ChoiceField(label=_("What do you offer?"), initial=VacancyKind.JOB)
    hours_per_week = forms.DecimalField(
        label=_("Hours per week"),
        required=False,
        min_value=1,
        max_value=60,
        max_digits=4,
        decimal_places=1,
    )
    start_date = forms.DateField(
        label=_("Start"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    description = forms.CharField(
        label=_("What is the job about?"),
        max_length=DESCRIPTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Tasks, what you expect, what you offer. A few lines are enough."),
    )
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    homepage = forms.CharField(
        label=_("Please leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, scope: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope = scope
        self.token = None
        labels = dict(VacancyKind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in REPORT_KINDS]

    @property
    def is_bot(self) -> bool:
        """Whether the honeypot was filled: people never see the field."""
        return bool(self.data.get(HONEYPOT, "").strip())

    def _one_line(self, name: str) -> str:
        return " ".join(self.cleaned_data.get(name, "").split())

    def clean_company(self) -> str:
        return self._one_line("company")

    def clean_city(self) -> str:
        return self._one_line("city")

    def clean_contact_name(self) -> str:
        return self._one_line("contact_name")

    def clean_title(self) -> str:
        return self._one_line("title")

    def clean_description(self) -> str:
        return self.cleaned_data.get("description", "").strip()

    def clean_phone(self) -> str:
        phone = self._one_line("phone")
        if phone and (not _PHONE.match(phone) or sum(c.isdigit() for c in phone) < 5):
            raise forms.ValidationError(
                _("Please enter a phone number with digits only, e.g. 03641 123456.")
            )
        return phone

    @property
    def is_spam(self) -> bool:
        """A web address in every text field that was filled in."""
        filled = [self.data.get(name, "") for name in TEXT_FIELDS if self.data.get(name, "")]
        return bool(filled) and all(has_url(text) for text in filled)

    def clean(self):
        data = super().clean()
        if (
            not data.get("email")
            and not data.get("phone")
            and not ("email" in self.errors or "phone" in self.errors)
        ):
            self.add_error("email", _("Please give an e-mail address or a phone number."))
        if self.is_spam:
            raise forms.ValidationError(SPAM_MESSAGE, code="spam")
        try:
            self.token = spam_protection.check_token(self.data.get("token", ""), self.scope)
        except spam_protection.TokenError as error:
            self.add_error(None, TOKEN_MESSAGES[error.code])
        return data

    def report_fields(self) -> dict:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in (
                "company",
                "postcode",
                "city",
                "contact_name",
                "email",
                "phone",
                "title",
                "kind",
                "hours_per_week",
                "start_date",
                "description",
            )
        }


class EmployerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Employer) -> str:
        return str(obj)


class ReportConfirmForm(VersionedForm):
    employer = EmployerChoiceField(
        label=_("Link to an existing employer instead"),
        queryset=Employer.objects.none(),
        required=False,
        empty_label=_("— keep the reported employer —"),
        help_text=_("If the company is already known under another name or address."),
    )

    class Meta:
        model = Vacancy
        fields: list[str] = []

    def __init__(self, *args, employers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if employers is not None:
            self.fields["employer"].queryset = employers


class ReportRejectForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: a duplicate, not a real company, outside the area."),
    )

    class Meta:
        model = Vacancy
        fields: list[str] = []
