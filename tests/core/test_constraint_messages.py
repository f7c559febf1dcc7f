"""No raw constraint name reaches a user: every database constraint has its own message,
translated into German, shown at the field it concerns."""

import pytest
from django.apps import apps
from django.utils import translation

from quartier.core.constraints import field_of
from quartier.participants.forms import ConsentForm
from tests.factories import CaseFactory


def _constraints():
    for model in apps.get_models():
        if model.__module__.startswith("quartier."):
            for constraint in model._meta.constraints:
                yield model, constraint


def test_the_walk_finds_the_constraints():
    assert len(list(_constraints())) > 40


@pytest.mark.parametrize(
    ("model", "constraint"),
    list(_constraints()),
    ids=lambda value: getattr(value, "name", getattr(value, "__name__", "")),
)
def test_every_constraint_has_a_german_message_at_a_field(model, constraint):
    message = constraint.violation_error_message
    assert message
    assert message != constraint.default_violation_error_message, (
        f"{model.__name__}: constraint {constraint.name!r} has no violation_error_message"
    )
    with translation.override("de"):
        german = str(constraint.get_violation_error_message())
    with translation.override("en"):
        english = str(constraint.get_violation_error_message())
    assert german != english, f"{constraint.name}: no German translation of {english!r}"
    assert constraint.name not in german
    field = field_of(constraint)  # raises for a constraint on several fields without one
    if field is not None:
        assert field in {f.name for f in model._meta.get_fields()}


GERMAN_VALID_UNTIL = "Eine Einwilligung kann nicht vor dem Tag ihrer Erteilung enden."


@pytest.mark.django_db
def test_a_form_that_breaks_a_constraint_shows_its_message_at_the_field(world):
    participant = CaseFactory(
        participant__project=world.project, participant__organisation=world.org_a
    ).participant
    with translation.override("de"):
        form = ConsentForm(
            data={
                "purpose": "partner_sharing",
                "partner": world.org_b.pk,
                "referral_purposes": ["language_course"],
                "form": "paper",
                "text_version": "1.0",
                "given_on": "2025-03-01",
                "valid_until": "2025-02-01",
            },
            participant=participant,
        )
        assert not form.is_valid()
        assert form.errors["valid_until"] == [GERMAN_VALID_UNTIL]
        assert not form.non_field_errors()
        (error,) = form.errors.as_data()["valid_until"]
        assert error.code == "consent_valid_until_after_given"
        assert "consent_valid_until_after_given" not in str(form.errors)
