"""Forms of the core app. They validate input; the services re-check the rules."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from quartier.core.models import Membership, Organisation, Project, Role
from quartier.core.services import ORGANISATION_DETAIL_FIELDS, ConcurrentEditError


class VersionedForm(forms.ModelForm):
    """Carries the record's version so that a concurrent save can be detected."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["expected_version"] = self.instance.version


@dataclass
class VersionedSave:
    """What `save_versioned_form` did: saved (with the service's result), or refused, with
    the form carrying the message and, after a stale save, the fields that differ."""

    saved: bool
    result: object = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def add_service_error(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: next to the field it names when
    the form has that field, at the top otherwise."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def save_versioned_form(
    form: forms.Form,
    save: Callable[[], object],
    *,
    stored: Callable[[], Model],
    skip=(),
) -> VersionedSave:
    """Run a service that saves a versioned record from a `VersionedForm`.

    `save` calls the service; `stored` reads the record as it is now in the database,
    only called after a refused stale save to list what changed meanwhile
    (`stale_changes`). A `ValidationError` from the service lands on the form, so the
    page shows it at the top (or at its field) and keeps the input.
    """
    try:
        result = save()
    except ConcurrentEditError as error:
        form.add_error(None, error)
        return VersionedSave(saved=False, changes=stale_changes(form, stored(), skip=skip))
    except ValidationError as error:
        add_service_error(form, error)
        return VersionedSave(saved=False)
    return VersionedSave(saved=True, result=result)


class ProjectForm(VersionedForm):
    class Meta:
        model = Project
        fields = ["name", "description", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end lies before the start."))
        return data


class OrganisationForm(VersionedForm):
    class Meta:
        model = Organisation
        fields = list(ORGANISATION_DETAIL_FIELDS)


class MembershipCreateForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        required=False,
        help_text=_("Only needed if the person has no account yet."),
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("– choose an organisation –"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("– choose a role –")), *Role.choices])

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")


class MembershipRoleForm(VersionedForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["role"]


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What the token is for, e.g. 'Export to the evaluation'."),
    )
    expires_at = forms.DateField(
        label=_("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Leave empty for a token that is valid until you revoke it."),
    )


def _comparable(value):
    if isinstance(value, (list, tuple, QuerySet)):
        return sorted(str(item.pk if isinstance(item, Model) else item) for item in value)
    if isinstance(value, Model):
        return value.pk
    return value


def _shown(field: forms.Field, value) -> str:
    if value in (None, "", [], ()):
        return "–"
    if isinstance(value, (list, tuple, QuerySet)):
        return ", ".join(_shown(field, item) for item in value)
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, Model):
        return getattr(value, "full_name", "") or str(value)
    if isinstance(field, forms.ChoiceField) and not isinstance(field, forms.ModelChoiceField):
        labels = {str(key): label for key, label in field.choices}
        return str(labels.get(str(value), value))
    return str(value)


def stale_changes(form: forms.Form, saved, *, skip=()) -> list[tuple[str, str, str]]:
    """After a refused stale save: (field label, value saved meanwhile, your input) for
    every field where the stored record and the submitted form differ; lists and
    many-to-many fields included."""
    data = getattr(form, "cleaned_data", {})
    rows = []
    for name, form_field in form.fields.items():
        if name == "expected_version" or name in skip or not hasattr(saved, name):
            continue
        stored = getattr(saved, name)
        if hasattr(stored, "all"):
            stored = list(stored.all())
        yours = data.get(name)
        if _comparable(stored) in (None, "", []) and _comparable(yours) in (None, "", []):
            continue
        if _comparable(stored) != _comparable(yours):
            rows.append(
                (str(form_field.label), _shown(form_field, stored), _shown(form_field, yours))
            )
    return rows
