"""Forms of the case file, with the upload form of the case documents. They validate
input; `cases.services` re-checks the rules (size and type of an upload too)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quartier.cases.models import (
    NEED_DOMAINS,
    Case,
    Document,
    ExitReason,
    Goal,
    NeedRating,
    Skill,
    Stage,
    YesNo,
    YesNoUnknown,
)
from quartier.cases.selectors.cases import CASE_LIST_TARGET_GROUPS, DEFAULT_CASE_SORT
from quartier.cases.services.document_types import accept_attribute
from quartier.cases.services.documents import document_max_mb
from quartier.core.forms import VersionedForm
from quartier.core.models import User
from quartier.core.tenancy import CASE_ROLES, staff_with_role
from quartier.core.widgets import QuickSelect
from quartier.participants.models import Channel, Topic

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def case_staff(case: Case):
    """People who may be responsible for or assigned in a case."""
    return staff_with_role(case.project_id, *CASE_ROLES, organisation=case.organisation_id)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name or obj.email


class CaseForm(VersionedForm):
    responsible = StaffChoiceField(
        label=_("Responsible staff member"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Case
        fields = ["stage", "responsible", "entry_date"]
        widgets = {"entry_date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = case_staff(self.instance)
        if self.instance.exit_date is None:
            self.fields["stage"].choices = [c for c in Stage.choices if c[0] != Stage.EXITED]


class AssessmentForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    skills = forms.ModelMultipleChoiceField(
        label=_("Strengths and competences"),
        queryset=Skill.objects.order_by("category", "name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    strengths = forms.CharField(
        label=_("Further strengths (free text)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    # Shown only when another assessment exists on the date (see the views).
    confirm_same_day = forms.BooleanField(
        label=_("Yes, save a second assessment on this day."), required=False
    )

    def __init__(self, *args, previous=None, **kwargs):
        super().__init__(*args, **kwargs)
        for field, label in NEED_DOMAINS:
            self.fields[field] = forms.TypedChoiceField(
                label=label,
                choices=NeedRating.choices,
                coerce=int,
                initial=getattr(previous, field, 0),
                widget=forms.RadioSelect(attrs={"class": "rating"}),
            )
        if previous is not None:
            self.fields["skills"].initial = list(previous.skills.values_list("pk", flat=True))

    def need_fields(self):
        return [self[field] for field, _label in NEED_DOMAINS]

    def needs(self) -> dict[str, int]:
        return {field: self.cleaned_data[field] for field, _label in NEED_DOMAINS}


class AssessmentEditForm(AssessmentForm):
    """Correct an assessment: the same fields, with the version it was read in."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, assessment, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "expected_version": assessment.version,
                "date": assessment.date,
                "strengths": assessment.strengths,
                "notes": assessment.notes,
            },
        )
        super().__init__(*args, previous=assessment, **kwargs)


class PlanForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    agreed_on = forms.DateField(label=_("Agreed on"), widget=DATE, required=False)
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class GoalForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Goal"), max_length=200)
    steps = forms.CharField(
        label=_("Steps"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_date = forms.DateField(label=_("Due date"), widget=DATE, required=False)
    # The initial value is the status the blank "new goal" form preselects, so that a blank
    # form posting it is unchanged (and skipped), not a goal without a title.
    status = forms.ChoiceField(
        label=_("Status"), choices=Goal.Status.choices, initial=Goal.Status.OPEN
    )
    responsible = forms.CharField(label=_("Who is responsible"), max_length=100, required=False)


class BaseGoalFormSet(forms.BaseFormSet):
    def error_items(self) -> list[tuple[str, str, str]]:
        """(anchor id, label, message) of every error, for the summary at the top."""
        if not self.is_bound or self.is_valid():
            return []
        items = [("", "", str(error)) for error in self.non_form_errors()]
        for form in self.forms:
            if self.can_delete and self._should_delete_form(form):
                continue
            name = form.initial.get("title") or _("New goal")
            for error in form.non_field_errors():
                items.append(("", str(name), str(error)))
            for field in form:
                for error in field.errors:
                    label = f"{name} – {field.label}" if name else str(field.label)
                    items.append((field.id_for_label, label, str(error)))
        return items


GoalFormSet = forms.formset_factory(GoalForm, formset=BaseGoalFormSet, extra=1, can_delete=True)


class ContactForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"), min_value=1, max_value=24 * 60, initial=30
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices)
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class FollowUpForm(forms.Form):
    due_date = forms.DateField(label=_("Due on"), widget=DATE)
    title = forms.CharField(label=_("What to do"), max_length=200)
    assigned_to = StaffChoiceField(
        label=_("Assigned to"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args, case: Case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_to"].queryset = case_staff(case)
        self.fields["assigned_to"].empty_label = _("– the responsible staff member –")


def _yes_no(label, choices=YesNo.choices):
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect)


class ExitForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    exit_date = forms.DateField(label=_("Exit date"), widget=DATE, initial=timezone.localdate)
    exit_reason = forms.ChoiceField(label=_("Reason for leaving"), choices=ExitReason.choices)
    exit_job_searching = _yes_no(_("Engaged in job searching upon leaving?"))
    exit_education_training = _yes_no(_("In education or training upon leaving?"))
    exit_qualification = _yes_no(_("Gained a qualification upon leaving?"))
    exit_employed = _yes_no(_("In employment (incl. self-employment) upon leaving?"))


class SixMonthSurveyForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)
    employed = _yes_no(
        _("In employment (incl. self-employment) six months after leaving?"), YesNoUnknown.choices
    )
    better_situation = _yes_no(
        _("Better labour market situation six months after leaving?"), YesNoUnknown.choices
    )
    recorded_on = forms.DateField(label=_("Recorded on"), widget=DATE, initial=timezone.localdate)


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search name or number"), required=False)
    project = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Project"), required=False, coerce=int, empty_value=None
    )
    stage = forms.ChoiceField(widget=QuickSelect, label=_("Stage"), required=False)
    responsible = forms.TypedChoiceField(
        widget=QuickSelect, label=_("Responsible"), required=False, coerce=int, empty_value=None
    )
    district = forms.TypedChoiceField(
        widget=QuickSelect, label=_("District"), required=False, coerce=int, empty_value=None
    )
    target_group = forms.ChoiceField(widget=QuickSelect, label=_("Target group"), required=False)
    overdue = forms.BooleanField(label=_("Only with overdue follow-ups"), required=False)
    show_exited = forms.BooleanField(label=_("Include exited cases"), required=False)
    entry_from = forms.DateField(label=_("Entry from"), required=False, widget=DATE)
    entry_to = forms.DateField(label=_("Entry until"), required=False, widget=DATE)
    sort = forms.ChoiceField(widget=QuickSelect, label=_("Sort by"), required=False)

    SORT_LABELS = {
        "-entry": _("newest entry first"),
        "entry": _("oldest entry first"),
        "name": _("name A–Z"),
        "-name": _("name Z–A"),
        "stage": _("stage"),
        "number": _("participant number"),
    }

    def __init__(self, *args, projects, staff, districts, **kwargs):
        super().__init__(*args, **kwargs)
        everyone = [("", _("all"))]
        self.fields["project"].choices = everyone + [(p.pk, p.name) for p in projects]
        self.fields["stage"].choices = everyone + list(Stage.choices)
        self.fields["responsible"].choices = everyone + [
            (pk, full_name or email) for pk, full_name, email in staff
        ]
        self.fields["district"].choices = everyone + [(d.pk, d.name) for d in districts]
        self.fields["target_group"].choices = everyone + [
            (group.value, group.label) for group in CASE_LIST_TARGET_GROUPS
        ]
        self.fields["sort"].choices = [(key, label) for key, label in self.SORT_LABELS.items()]
        self.fields["sort"].initial = DEFAULT_CASE_SORT


class DocumentUploadForm(forms.Form):
    # The file comes last: the multipart body is read in field order, and the size
    # guard stops reading at the file, after the CSRF token and the other fields.
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("Optional, for example “Certificate of the language course B1”."),
    )
    file = forms.FileField(label=_("File"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].initial = Document.Kind.OTHER
        self.fields["file"].widget.attrs["accept"] = accept_attribute()
        self.fields["file"].help_text = _(
            "PDF, image (PNG, JPEG, WebP, GIF) or office document (Word, Excel, PowerPoint, "
            "OpenDocument), at most %(max)s MB."
        ) % {"max": document_max_mb()}
