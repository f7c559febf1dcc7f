"""Forms of the network's meetings: the list's filters, the meeting itself, an
attendee, an outcome, evidence. They validate input; `network.services.meetings`
re-checks the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from quartier.core.forms import VersionedForm
from quartier.core.models import Organisation, User
from quartier.core.widgets import QuickSelect
from quartier.network.models import (
    EvidenceKind,
    Meeting,
    MeetingEvidence,
    MeetingKind,
    MeetingOutcome,
    NetworkLevel,
    OutcomeKind,
)
from quartier.network.services.meetings import MEETING_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.text[:80]


class MeetingFilterForm(forms.Form):
    """The list's filters: project, kind, level, year, and a search in title and agenda."""

    q = forms.CharField(label=_("Search title or agenda"), required=False)
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(widget=QuickSelect, label=_("Kind"), required=False)
    level = forms.ChoiceField(widget=QuickSelect, label=_("Network level"), required=False)
    year = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Year"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, projects, years, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("all"))]
        self.fields["project"].choices = everyone + [(p.pk, p.name) for p in projects]
        self.fields["kind"].choices = everyone + list(MeetingKind.choices)
        self.fields["level"].choices = everyone + list(NetworkLevel.choices)
        self.fields["year"].choices = everyone + [(year, str(year)) for year in years]

    def filters(self) -> dict:
        """The valid filters (an unknown choice in a link is left out, not the rest)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value not in ("", None)}


class MeetingForm(VersionedForm):
    """A meeting's fields; for a new meeting (`projects` given) also its project."""

    class Meta:
        model = Meeting
        fields = list(MEETING_FIELDS)
        widgets = {
            "date": DATE,
            "starts_at": TIME,
            "ends_at": TIME,
            "invited_on": DATE,
            "agenda": forms.Textarea(attrs={"rows": 5}),
            "minutes_public": forms.Textarea(attrs={"rows": 8}),
            "minutes_internal": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, districts, projects=None, **kwargs):
        super().__init__(*args, **kwargs)
        if projects is not None:
            self.fields["project"] = forms.ModelChoiceField(
                label=_("Project"),
                queryset=projects,
                empty_label=None,
                help_text=_("The meeting belongs to this project's network."),
            )
            self.order_fields(["project", *MEETING_FIELDS])
            self.fields["expected_version"].required = False
        self.fields["district"].queryset = districts
        self.fields["kind"].widget = QuickSelect(choices=self.fields["kind"].choices)
        self.fields["level"].widget = QuickSelect(choices=self.fields["level"].choices)

    def meeting_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MEETING_FIELDS}


class AttendeeForm(forms.Form):
    """An organisation and/or a person: a name, or a staff member."""

    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none(), required=False
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    user = StaffChoiceField(label=_("Staff member"), queryset=User.objects.none(), required=False)
    invited = forms.BooleanField(label=_("Invited"), required=False, initial=True)
    attended = forms.BooleanField(label=_("Attended"), required=False)

    def __init__(self, *args, organisations, staff, **kwargs):
        super().__init__(*args, prefix="attendee", **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].empty_label = _("– no organisation –")
        self.fields["user"].queryset = staff
        self.fields["user"].empty_label = _("– no staff member –")

    def clean(self):
        data = super().clean()
        if not (data.get("organisation") or data.get("user") or (data.get("name") or "").strip()):
            self.add_error("name", _("Name the person or the organisation."))
        return data


class OutcomeForm(forms.ModelForm):
    """An outcome: its kind, the text, and for a decision the organisation responsible,
    for a task the staff member who does it; a due date; a task may follow from one of
    the meeting's decisions."""

    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Required for a decision."),
    )
    assignee = StaffChoiceField(
        label=_("Assigned to"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Required for a task: it appears on this person's start page until done."),
    )
    decision = DecisionChoiceField(
        label=_("Follows from the decision"),
        queryset=MeetingOutcome.objects.none(),
        required=False,
    )

    class Meta:
        model = MeetingOutcome
        fields = ["kind", "text", "responsible_organisation", "assignee", "due_date", "decision"]
        widgets = {"due_date": DATE, "text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, organisations, staff, decisions, **kwargs):
        super().__init__(*args, prefix="outcome", **kwargs)
        self.fields["kind"].choices = list(OutcomeKind.choices)
        self.fields["kind"].widget = QuickSelect(choices=self.fields["kind"].choices)
        self.fields["responsible_organisation"].queryset = organisations
        self.fields["responsible_organisation"].empty_label = _("– none –")
        self.fields["assignee"].queryset = staff
        self.fields["assignee"].empty_label = _("– nobody –")
        self.fields["decision"].queryset = decisions
        self.fields["decision"].empty_label = _("– none –")

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == OutcomeKind.DECISION and not data.get("responsible_organisation"):
            self.add_error(
                "responsible_organisation",
                _("A decision needs the organisation responsible for it."),
            )
        if kind == OutcomeKind.TASK and not data.get("assignee"):
            self.add_error("assignee", _("A task needs the person who does it."))
        return data

    def _post_clean(self):
        # The service builds and checks the record (with the meeting and position).
        pass

    def outcome_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class EvidenceForm(forms.ModelForm):
    class Meta:
        model = MeetingEvidence
        fields = ["kind", "period_start", "period_end", "note"]
        widgets = {"period_start": DATE, "period_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="evidence", **kwargs)
        self.fields["kind"].choices = list(EvidenceKind.choices)
        self.fields["kind"].widget = QuickSelect(choices=self.fields["kind"].choices)

    def _post_clean(self):
        # The service builds and checks the record (the period's order at its field).
        pass

    def evidence_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}
