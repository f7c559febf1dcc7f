"""Forms of the answers to a referral (accept, decline, complete, not completed) and
the inbox's filters. They validate input; `network.services.referrals` re-checks the
state, the consent, the permission and the version.

Each answer form carries the referral's version (`expected_version`), so that an
answer given on a page that is out of date is refused. Its field names are those the
services name in their errors (`decline_reason`, `outcome`, `not_completed_reason`,
`note`), so that a service's message lands at its field.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.widgets import QuickSelect
from quartier.network.models import (
    DeclineReason,
    NotCompletedReason,
    Outcome,
    ReferralState,
)
from quartier.participants.models import ReferralPurpose

NOTE = forms.Textarea(attrs={"rows": 3})


class InboxFilterForm(forms.Form):
    """The inbox's filters: search, state, purpose."""

    q = forms.CharField(label=_("Search name or sender"), required=False, max_length=100)
    state = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Status"),
        required=False,
        choices=[
            ("", _("all open")),
            (ReferralState.SENT.value, _("waiting for your answer")),
            (ReferralState.ACCEPTED.value, _("accepted, in progress")),
        ],
    )
    purpose = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Purpose"),
        required=False,
        choices=[("", _("all")), *ReferralPurpose.choices],
    )

    def filters(self) -> dict:
        """The valid filters (an unknown choice in a link is left out, not the rest)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {
            {"q": "query"}.get(key, key): value.strip() if isinstance(value, str) else value
            for key, value in self.cleaned_data.items()
            if value not in ("", None)
        }


class AnswerForm(forms.Form):
    """Accepting: an optional note; the base of the other answers."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Note"),
        required=False,
        widget=NOTE,
        help_text=_("Optional: e.g. the first appointment."),
    )

    def answer(self) -> dict:
        """The service's keyword arguments from the cleaned form."""
        return {
            "note": self.cleaned_data.get("note", ""),
            "expected_version": self.cleaned_data["expected_version"],
        }


class DeclineForm(AnswerForm):
    decline_reason = forms.ChoiceField(
        label=_("Reason for declining"),
        choices=[("", _("– choose a reason –")), *DeclineReason.choices],
    )
    field_order = ["decline_reason", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _("Required for “other”: say why in a sentence.")

    def clean(self):
        data = super().clean()
        if data.get("decline_reason") == DeclineReason.OTHER and not data.get("note", "").strip():
            self.add_error("note", _("Describe the reason in a sentence."))
        return data

    def answer(self) -> dict:
        return {**super().answer(), "reason": self.cleaned_data["decline_reason"]}


class CompleteForm(AnswerForm):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=[("", _("– choose the outcome –")), *Outcome.choices]
    )
    field_order = ["outcome", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _(
            "What came of it. The sender reads it only if the person agreed to feedback."
        )

    def answer(self) -> dict:
        return {**super().answer(), "outcome": self.cleaned_data["outcome"]}


class NotCompletedForm(AnswerForm):
    not_completed_reason = forms.ChoiceField(
        label=_("Reason it was not completed"),
        choices=[("", _("– choose a reason –")), *NotCompletedReason.choices],
    )
    field_order = ["not_completed_reason", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = _("Optional: what happened.")

    def clean(self):
        data = super().clean()
        if (
            data.get("not_completed_reason") == NotCompletedReason.OTHER
            and not data.get("note", "").strip()
        ):
            self.add_error("note", _("Describe the reason in a sentence."))
        return data

    def answer(self) -> dict:
        return {**super().answer(), "reason": self.cleaned_data["not_completed_reason"]}


#: The form of each answer, by the URL's `action`.
ANSWER_FORMS: dict[str, type[AnswerForm]] = {
    "accept": AnswerForm,
    "decline": DeclineForm,
    "complete": CompleteForm,
    "not-completed": NotCompletedForm,
}
