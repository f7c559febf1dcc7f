"""Forms of the certificate pages. They validate input; `services.certificate_issue`
and `services.certificate_revoke` re-check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.offers.models import CertificateKind
from quartier.offers.services.certificates import KIND_LABELS


class CertificateIssueForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What to issue"),
        choices=list(KIND_LABELS.items()),
        widget=forms.RadioSelect,
        initial=CertificateKind.CERTIFICATE,
    )
    override_reason = forms.CharField(
        label=_("Reason for issuing the certificate although the rule is not met"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only the project lead can decide this. The reason is stored with the "
            "certificate; it is not printed on it."
        ),
    )

    def __init__(self, *args, eligible: bool, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.eligible = eligible
        if eligible or not may_override:
            del self.fields["override_reason"]

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") == CertificateKind.CERTIFICATE
            and not self.eligible
            and "override_reason" in self.fields
            and not (data.get("override_reason") or "").strip()
        ):
            self.add_error(
                "override_reason",
                _("The rule is not met: give the reason for issuing the certificate anyway."),
            )
        return data


class CertificateRevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revoking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "The verification page will say that the certificate was revoked; "
            "the reason is shown to staff only."
        ),
    )


class CertificateNameCheckForm(forms.Form):
    """On the public verification page: the name printed on the certificate."""

    name = forms.CharField(
        label=_("Name on the certificate"),
        max_length=201,
        help_text=_("Enter the name as printed to check that it belongs to this certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
