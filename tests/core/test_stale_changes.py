"""stale_changes lists what changed meanwhile, for plain, choice and list fields."""

from datetime import date
from types import SimpleNamespace

from django import forms

from quartier.core.forms import stale_changes


class ContactLikeForm(forms.Form):
    expected_version = forms.IntegerField()
    date = forms.DateField(label="Datum")
    channel = forms.ChoiceField(
        label="Kanal", choices=[("phone", "Telefon"), ("walk_in", "Besuch")]
    )
    topics = forms.MultipleChoiceField(
        label="Themen", choices=[("job", "Arbeit"), ("lang", "Sprache"), ("debt", "Schulden")]
    )
    notes = forms.CharField(label="Notizen", required=False)


def test_changed_list_and_choice_fields_are_shown_with_their_labels():
    form = ContactLikeForm(
        {
            "expected_version": 1,
            "date": "2026-03-02",
            "channel": "walk_in",
            "topics": ["job", "debt"],
            "notes": "",
        }
    )
    assert form.is_valid(), form.errors
    saved = SimpleNamespace(
        date=date(2026, 3, 2), channel="phone", topics=["lang", "job"], notes="", version=2
    )
    assert stale_changes(form, saved) == [
        ("Kanal", "Telefon", "Besuch"),
        ("Themen", "Sprache, Arbeit", "Arbeit, Schulden"),
    ]


def test_the_same_list_in_another_order_is_no_change():
    form = ContactLikeForm(
        {"expected_version": 1, "date": "2026-03-02", "channel": "phone", "topics": ["job", "lang"]}
    )
    assert form.is_valid(), form.errors
    saved = SimpleNamespace(
        date=date(2026, 3, 2), channel="phone", topics=["lang", "job"], notes=""
    )
    assert stale_changes(form, saved) == []
