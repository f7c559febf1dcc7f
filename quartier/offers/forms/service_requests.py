"""Forms of the service request pages. They validate input; the services
(`services.service_request_*`) re-check the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import Case
from quartier.core.models import Project
from quartier.offers.models import Offer, ServiceRequest, ServiceRequestStatus
from quartier.offers.selectors.service_requests import OPEN

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
NOTES = forms.Textarea(attrs={"rows": 3})


class ServiceRequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[
            ("", _("all")),
            (OPEN, _("open (requested or scheduled)")),
            *ServiceRequestStatus.choices,
        ],
    )
    project = forms.ModelChoiceField(
        label=_("Project"),
        required=False,
        queryset=Project.objects.none(),
        empty_label=_("all projects"),
    )
    offer = forms.ModelChoiceField(
        label=_("Practical project"),
        required=False,
        queryset=Offer.objects.none(),
        empty_label=_("all practical projects"),
    )

    def __init__(self, *args, projects, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = projects
        self.fields["offer"].queryset = offers


class ServiceRequestForm(forms.ModelForm):
    """A resident's request, entered by staff on their behalf."""

    class Meta:
        model = ServiceRequest
        fields = [
            "requested_by_name",
            "contact_phone",
            "contact_email",
            "address",
            "district",
            "description",
            "preferred_date",
            "notes",
        ]
        widgets = {
            "preferred_date": DATE,
            "description": forms.Textarea(attrs={"rows": 4}),
            "notes": NOTES,
        }
        help_texts = {
            "requested_by_name": _("The resident who asks, or who the ride or job is for."),
            "contact_phone": _("A phone number or an e-mail address is needed to reply."),
            "description": _(
                "For example: a ride to the doctor and back, pruning the hedge, help with "
                "the laundry. Mention steps, a wheelchair or anything the team should know."
            ),
            "notes": _("Internal, for the team; not for the resident."),
        }

    def __init__(self, *args, offer: Offer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["district"].queryset = offer.project.districts.order_by("name")
        self.fields["district"].empty_label = _("– not known –")


class TeamChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Case) -> str:
        return f"{obj.participant.first_name} {obj.participant.last_name}"


class ServiceRequestScheduleForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    scheduled_for = forms.DateTimeField(label=_("Date and time"), widget=DATETIME)
    team = TeamChoiceField(
        label=_("Participant team"),
        queryset=Case.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("People actively taking part in this practical project."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=NOTES)

    def __init__(self, *args, team_candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = team_candidates


class ServiceRequestDoneForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    done_at = forms.DateTimeField(
        label=_("Done at"),
        required=False,
        widget=DATETIME,
        help_text=_("Leave empty for now."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=NOTES)


class ServiceRequestCancelForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        widget=NOTES,
        help_text=_("For example why it was cancelled and whether the resident knows."),
    )
