"""The project's deadlines for an answer to a referral, in working days."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.network.models import NetworkSettings


class DeadlinesForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remind_after = forms.IntegerField(
        label=_("Remind the recipient after (working days)"), min_value=1, max_value=60
    )
    escalate_after = forms.IntegerField(
        label=_("Tell the sender after (working days)"), min_value=1, max_value=60
    )
    expire_after = forms.IntegerField(
        label=_("Expire unanswered after (working days)"),
        min_value=1,
        max_value=60,
        help_text=_("Working days are Monday to Friday; public holidays are not counted out."),
    )

    def __init__(self, *args, settings: NetworkSettings, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "expected_version": settings.version if settings.pk else None,
                "remind_after": settings.remind_after,
                "escalate_after": settings.escalate_after,
                "expire_after": settings.expire_after,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        remind, escalate, expire = (
            data.get("remind_after"),
            data.get("escalate_after"),
            data.get("expire_after"),
        )
        if None not in (remind, escalate, expire) and not remind <= escalate <= expire:
            self.add_error(
                "escalate_after",
                _("The reminder comes before the escalation, and both before the expiry."),
            )
        return data
