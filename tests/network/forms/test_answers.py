"""The answer forms: the coded reasons, the text required for "other", the version,
and the inbox's filters."""

from quartier.network.forms.answers import (
    ANSWER_FORMS,
    AnswerForm,
    CompleteForm,
    DeclineForm,
    InboxFilterForm,
    NotCompletedForm,
)


def test_each_action_has_its_form():
    assert set(ANSWER_FORMS) == {"accept", "decline", "complete", "not-completed"}


def test_accepting_needs_only_the_version():
    form = AnswerForm({"expected_version": "3"})
    assert form.is_valid()
    assert form.answer() == {"note": "", "expected_version": 3}
    assert not AnswerForm({}).is_valid()


def test_declining_needs_a_coded_reason():
    form = DeclineForm({"expected_version": "1"})
    assert not form.is_valid()
    assert "decline_reason" in form.errors
    form = DeclineForm({"expected_version": "1", "decline_reason": "not-a-reason"})
    assert not form.is_valid()
    assert "decline_reason" in form.errors


def test_declining_for_another_reason_needs_a_text():
    form = DeclineForm({"expected_version": "1", "decline_reason": "other", "note": "  "})
    assert not form.is_valid()
    assert form.errors["note"] == ["Describe the reason in a sentence."]
    form = DeclineForm({"expected_version": "1", "decline_reason": "other", "note": "Moved."})
    assert form.is_valid()
    assert form.answer() == {"note": "Moved.", "expected_version": 1, "reason": "other"}


def test_declining_for_a_coded_reason_needs_no_text():
    form = DeclineForm({"expected_version": "1", "decline_reason": "no_capacity"})
    assert form.is_valid()
    assert form.answer()["reason"] == "no_capacity"


def test_completing_needs_the_outcome():
    assert "outcome" in CompleteForm({"expected_version": "1"}).errors
    form = CompleteForm({"expected_version": "1", "outcome": "partly", "note": "A2 reached."})
    assert form.is_valid()
    assert form.answer() == {"note": "A2 reached.", "expected_version": 1, "outcome": "partly"}


def test_not_completed_needs_the_reason_and_a_text_for_other():
    assert "not_completed_reason" in NotCompletedForm({"expected_version": "1"}).errors
    form = NotCompletedForm({"expected_version": "1", "not_completed_reason": "other"})
    assert form.errors["note"] == ["Describe the reason in a sentence."]
    form = NotCompletedForm({"expected_version": "1", "not_completed_reason": "dropped_out"})
    assert form.is_valid()
    assert form.answer()["reason"] == "dropped_out"


def test_the_inbox_filters_keep_the_valid_choices():
    form = InboxFilterForm({"q": " Demir ", "state": "accepted", "purpose": "nonsense"})
    assert form.filters() == {"query": "Demir", "state": "accepted"}
    assert InboxFilterForm().filters() == {}
    # Only open states can be chosen: a closed referral is not in the inbox.
    assert "declined" not in dict(InboxFilterForm().fields["state"].choices)
