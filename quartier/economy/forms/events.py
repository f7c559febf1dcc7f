"""Forms of business events: the event itself, inviting employers, recording who
came, and a follow-up task. They validate input; `economy.services.events` re-checks
the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.models import User
from quartier.core.widgets import QuickSelect
from quartier.economy.models import BusinessEvent, Employer, EventInvitation, EventKind
from quartier.economy.selectors.events import Owner
from quartier.economy.services.events import EVENT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


def owner_field(owners: list[Owner], help_text) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Project and organisation"),
        choices=[(owner.key, owner.label) for owner in owners],
        help_text=help_text,
    )


def owner_from(key: str, owners: list[Owner]) -> Owner | None:
    return next((owner for owner in owners if owner.key == key), None)


class EventFilterForm(forms.Form):
    """The list's filters, as the page shows them (the selector's `EventFilter` applies
    them)."""

    q = forms.CharField(label=_("Search title or place"), required=False)
    when = forms.ChoiceField(
        widget=QuickSelect,
        label=_("When"),
        required=False,
        choices=[("", _("all")), ("upcoming", _("upcoming")), ("past", _("past"))],
    )
    kind = forms.ChoiceField(widget=QuickSelect, label=_("Kind"), required=False)
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("all"))]
        self.fields["kind"].choices = everyone + list(EventKind.choices)
        self.fields["project"].choices = everyone + [(p.pk, p.name) for p in projects]

    def filters(self) -> dict:
        """The valid filters (an unknown choice in a link is left out, not the rest)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class EventForm(VersionedForm):
    """An event's fields; for a new event (`owners` given) also in whose name."""

    responsible = StaffChoiceField(
        label=_("Responsible"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = BusinessEvent
        fields = list(EVENT_FIELDS)
        widgets = {
            "date": DATE,
            "starts_at": TIME,
            "ends_at": TIME,
            "description": forms.Textarea(attrs={"rows": 3}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "supports_companies": _(
                "Tick this when the event itself supports the companies, for example a "
                "workshop on subsidies or advice on diversity management. Every company "
                "recorded as having come then counts as having received a company-aimed "
                "service: the SMEs among them count for EECO19 (supported SMEs). Leave it "
                "unticked for networking evenings and fairs without advice."
            ),
        }

    def __init__(self, *args, staff, districts, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is not None:
            self.fields["owner"] = owner_field(
                owners, _("The event belongs to this project and is run by this organisation.")
            )
            self.order_fields(["owner", *EVENT_FIELDS])
            self.fields["expected_version"].required = False
        self.fields["responsible"].queryset = staff
        self.fields["responsible"].empty_label = _("– nobody named –")
        self.fields["district"].queryset = districts
        self.fields["kind"].widget = QuickSelect(choices=self.fields["kind"].choices)

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("The event must end after it starts."))
        return data

    def event_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in EVENT_FIELDS}


class EmployerChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class InviteForm(forms.Form):
    employers = EmployerChoices(
        label=_("Employers to invite"),
        queryset=Employer.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one employer.")},
    )

    def __init__(self, *args, employers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employers"].queryset = employers


class AttendanceForm(forms.Form):
    """One row per invitation: the response, whether the company came, and with how
    many people. Field names carry the invitation id (`response_12`)."""

    def __init__(self, *args, invitations: list[EventInvitation], **kwargs):
        super().__init__(*args, **kwargs)
        self.invitations = invitations
        for invitation in invitations:
            pk = invitation.pk
            self.fields[f"response_{pk}"] = forms.ChoiceField(
                label=_("Response"),
                choices=EventInvitation.Response.choices,
                initial=invitation.response,
                widget=QuickSelect,
                # An invitation added after the page was opened is not in the post.
                required=False,
            )
            self.fields[f"attended_{pk}"] = forms.BooleanField(
                label=_("Came"), required=False, initial=invitation.attended
            )
            self.fields[f"attendees_{pk}"] = forms.IntegerField(
                label=_("People"),
                min_value=0,
                max_value=999,
                required=False,
                initial=invitation.attendees,
            )

    @property
    def rows(self) -> list[tuple]:
        return [
            (
                invitation,
                self[f"response_{invitation.pk}"],
                self[f"attended_{invitation.pk}"],
                self[f"attendees_{invitation.pk}"],
            )
            for invitation in self.invitations
        ]

    def attendance(self) -> dict:
        """The rows that were on the page (an invitation added meanwhile keeps what it
        has)."""
        rows = {}
        for invitation in self.invitations:
            pk = invitation.pk
            if not self.cleaned_data[f"response_{pk}"]:
                continue
            attended = self.cleaned_data[f"attended_{pk}"]
            attendees = self.cleaned_data[f"attendees_{pk}"]
            rows[pk] = {
                "response": self.cleaned_data[f"response_{pk}"],
                "attended": attended,
                "attendees": attendees if attended else 0,
            }
        return rows


class TaskForm(forms.Form):
    title = forms.CharField(label=_("What to do"), max_length=200)
    due_date = forms.DateField(label=_("Due on"), widget=DATE)
    assigned_to = StaffChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Employer.objects.none(), required=False
    )

    def __init__(self, *args, staff, employers, **kwargs):
        super().__init__(*args, prefix="task", **kwargs)
        self.fields["assigned_to"].queryset = staff
        self.fields["assigned_to"].empty_label = _("– the event's responsible –")
        self.fields["employer"].queryset = employers
        self.fields["employer"].empty_label = _("– none –")
