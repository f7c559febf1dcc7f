"""The erasure request (Art. 17): when and how it came, why, and the confirmation."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.privacy.models import ErasureRequest


class ErasureForm(forms.Form):
    received_on = forms.DateField(
        label=_("Request received on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    channel = forms.ChoiceField(label=_("Request received"), choices=ErasureRequest.Channel.choices)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Without the person's name or other identifying details."),
    )
    confirm = forms.BooleanField(
        label=_("I have checked what is erased and what is kept. The erasure cannot be undone."),
        required=True,
    )

    def clean_received_on(self):
        received_on = self.cleaned_data["received_on"]
        if received_on > timezone.localdate():
            raise forms.ValidationError(_("The request cannot be received in the future."))
        return received_on
