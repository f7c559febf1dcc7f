"""Forms of the sender's side of referrals: the draft (recipient, purpose, offer,
reason, the data to share), sending (with a project lead's justification for sending
without consent), cancelling, an assignment from outside, and the list's filters.
They validate input; `network.services.referrals` re-checks the rules."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.network import sharing
from quartier.network.models import Direction, ReferralState, SharedField
from quartier.network.services.referrals import Assignment, Draft
from quartier.participants.models import ReferralPurpose

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class OfferChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.title} ({obj.organisation.name})"


class SharedFieldsWidget(forms.CheckboxSelectMultiple):
    """The data to share: the parts always shared are ticked and cannot be unticked."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in sharing.REQUIRED_FIELDS:
            option["attrs"]["checked"] = True
            option["attrs"]["disabled"] = True
        return option


class ReferralForm(forms.Form):
    """A draft referral to a partner: nothing is shared until it is sent."""

    recipient = OrganisationChoiceField(
        label=_("Refer to"),
        queryset=None,
        empty_label=_("– choose the organisation –"),
        help_text=_("The other organisations of the consortium and the network's partners."),
    )
    purpose = forms.ChoiceField(label=_("Purpose"))
    offer = OfferChoiceField(
        label=_("Offer"),
        queryset=None,
        required=False,
        empty_label=_("– no particular offer –"),
        help_text=_("The partner's offer the person is referred to, if any."),
    )
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What the partner should know to help; it is shared with the partner."),
    )
    shared_fields = forms.MultipleChoiceField(
        label=_("Data to share"),
        required=False,
        widget=SharedFieldsWidget,
        help_text=_(
            "Name and reason are always shared. Each purpose allows only the parts it "
            "needs (the form says which it does not); the data are taken from the case "
            "when the referral is sent."
        ),
    )

    def __init__(self, *args, recipients, offers, purpose: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = recipients
        self.fields["offer"].queryset = offers
        self.fields["purpose"].choices = [
            ("", _("– choose the purpose –")),
            *ReferralPurpose.choices,
        ]
        # Offered: what the purpose allows (every part until a purpose is chosen; a
        # posted form accepts every part, and `clean` names those the purpose refuses).
        allowed = (
            sharing.fields_for(purpose)
            if not self.is_bound and purpose in ReferralPurpose.values
            else tuple(SharedField)
        )
        self.fields["shared_fields"].choices = [
            (field.value, field.label) for field in SharedField if field in allowed
        ]
        if not self.is_bound:
            self.initial.setdefault("shared_fields", [str(f) for f in sharing.DEFAULT_FIELDS])
            if purpose in ReferralPurpose.values:
                self.initial.setdefault("purpose", purpose)

    def clean(self):
        data = super().clean()
        purpose = data.get("purpose")
        chosen = set(data.get("shared_fields") or ()) | {str(f) for f in sharing.REQUIRED_FIELDS}
        if purpose:
            not_allowed = [
                SharedField(field).label
                for field in SharedField.values
                if field in chosen and field not in sharing.fields_for(purpose)
            ]
            if not_allowed:
                self.add_error(
                    "shared_fields",
                    _("Not shared for this purpose: %(fields)s. Untick them.")
                    % {"fields": ", ".join(str(label) for label in not_allowed)},
                )
        data["shared_fields"] = [field for field in SharedField.values if field in chosen]
        return data

    def draft(self) -> Draft:
        data = self.cleaned_data
        return Draft(
            recipient=data["recipient"],
            purpose=data["purpose"],
            reason=data["reason"],
            shared_fields=data["shared_fields"],
            offer=data.get("offer"),
        )


class SendForm(forms.Form):
    """Send a draft; a project lead may send without consent with a justification."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    override_justification = forms.CharField(
        label=_("Justification for sending without consent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only when the referral cannot wait for the participant's consent. It is "
            "recorded with the referral."
        ),
    )

    def __init__(self, *args, may_override: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_override:
            del self.fields["override_justification"]


class CancelForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why the referral is withdrawn; recorded with it."),
    )


class AssignmentForm(forms.Form):
    """An assignment that came in from outside (Zuweisung, e.g. from the Jobcenter)."""

    sender = OrganisationChoiceField(
        label=_("Assigned by"),
        queryset=None,
        empty_label=_("– choose the organisation –"),
        help_text=_("A Jobcenter, or an organisation of the consortium or the network."),
    )
    purpose = forms.ChoiceField(
        label=_("Purpose"),
        choices=ReferralPurpose.choices,
        initial=ReferralPurpose.WORK_OPPORTUNITY,
    )
    offer = OfferChoiceField(
        label=_("Offer"), queryset=None, required=False, empty_label=_("– no particular offer –")
    )
    reason = forms.CharField(
        label=_("Reason for the assignment"), widget=forms.Textarea(attrs={"rows": 3})
    )
    external_reference = forms.CharField(label=_("Reference number"), max_length=60, required=False)
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    external_contact = forms.CharField(
        label=_("Contact at the sender"),
        max_length=200,
        required=False,
        help_text=_("Name and phone or e-mail of the person who sent it."),
    )

    def __init__(self, *args, senders, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sender"].queryset = senders
        self.fields["offer"].queryset = offers

    def clean_received_on(self):
        day = self.cleaned_data["received_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The day it came in cannot be in the future."))
        return day

    def assignment(self) -> Assignment:
        data = self.cleaned_data
        return Assignment(
            sender=data["sender"],
            purpose=data["purpose"],
            reason=data["reason"],
            external_reference=data["external_reference"],
            received_on=data["received_on"],
            external_contact=data["external_contact"],
            offer=data.get("offer"),
        )


class ReferralFilterForm(forms.Form):
    q = forms.CharField(label=_("Search the participant's name"), required=False)
    state = forms.ChoiceField(label=_("Status"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    recipient = forms.TypedChoiceField(
        label=_("Organisation"), required=False, coerce=int, empty_value=None
    )
    direction = forms.ChoiceField(label=_("Direction"), required=False)

    def __init__(self, *args, organisations=(), with_search: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        every = [("", _("all"))]
        self.fields["state"].choices = every + list(ReferralState.choices)
        self.fields["purpose"].choices = every + list(ReferralPurpose.choices)
        self.fields["direction"].choices = every + list(Direction.choices)
        self.fields["recipient"].choices = every + [(o.pk, o.name) for o in organisations]
        if not with_search:
            del self.fields["q"]

    def filters(self) -> dict:
        """The valid filters (an invalid value counts as none)."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        filters = {
            "state": data["state"],
            "purpose": data["purpose"],
            "recipient": data["recipient"],
            "direction": data["direction"],
        }
        if "q" in self.fields:
            filters["query"] = data["q"].strip()[:100]
        return filters
