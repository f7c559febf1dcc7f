"""`save_versioned_form` and `add_service_error`: a service's ValidationError lands next to
the field it names when the form has that field, at the top otherwise."""

from django import forms
from django.core.exceptions import ValidationError

from quartier.core.forms import add_service_error, save_versioned_form


class NameForm(forms.Form):
    name = forms.CharField()


def _bound() -> NameForm:
    form = NameForm({"name": "Lobeda"})
    assert form.is_valid()
    return form


def _refuse(error: ValidationError):
    def save():
        raise error

    return save


def test_a_service_error_for_a_field_of_the_form_is_shown_at_that_field():
    form = _bound()
    outcome = save_versioned_form(
        form, _refuse(ValidationError({"name": "Taken."})), stored=lambda: None
    )
    assert not outcome.saved
    assert form.errors["name"] == ["Taken."]


def test_a_service_error_for_a_field_the_form_lacks_is_shown_at_the_top():
    form = _bound()
    outcome = save_versioned_form(
        form, _refuse(ValidationError({"project": "Closed."})), stored=lambda: None
    )
    assert not outcome.saved
    assert form.non_field_errors() == ["Closed."]


def test_a_plain_service_error_is_shown_at_the_top():
    form = _bound()
    add_service_error(form, ValidationError("Not now."))
    assert form.non_field_errors() == ["Not now."]


def test_a_save_that_succeeds_returns_the_services_result():
    outcome = save_versioned_form(_bound(), lambda: 42, stored=lambda: None)
    assert outcome.saved
    assert outcome.result == 42
    assert outcome.changes == []
