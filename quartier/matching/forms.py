"""Forms of matching: the decision on a suggestion, the project's weights."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.matching.models import Decision, MatchWeights
from quartier.matching.services import DECISIONS, WEIGHT_FIELDS


class DecisionForm(forms.Form):
    """Propose a vacancy or offer to the person, note that the employer was contacted,
    or dismiss it with a reason."""

    vacancy = forms.IntegerField(required=False, widget=forms.HiddenInput)
    offer = forms.IntegerField(required=False, widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        label=_("decision"), choices=[(d.value, d.label) for d in DECISIONS]
    )
    reason = forms.CharField(label=_("reason"), max_length=300, required=False)
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if bool(data.get("vacancy")) == bool(data.get("offer")):
            raise forms.ValidationError(_("A suggestion is for a vacancy or for an offer."))
        if data.get("decision") == Decision.DISMISSED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why the suggestion is dismissed."))
        return data


class WeightsForm(VersionedForm):
    class Meta:
        model = MatchWeights
        fields = list(WEIGHT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.fields["expected_version"].required = False
