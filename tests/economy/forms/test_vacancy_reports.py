"""The public report form's own checks (the view tests cover the spam protection)."""

import time

import pytest

from quartier.economy.forms.vacancy_reports import VacancyReportForm, has_url
from quartier.stadtteilplan.services import spam_protection

pytestmark = pytest.mark.django_db

SCOPE = "vacancy-report/test"


def _form(**changes):
    data = {
        "company": "Firma",
        "postcode": "07747",
        "city": "Jena",
        "contact_name": "Frau A",
        "phone": "03641 1234",
        "title": "Helfer",
        "kind": "job",
        "token": spam_protection.issue_token(SCOPE, now=time.time() - 10),
    } | changes
    return VacancyReportForm(data, scope=SCOPE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("http://x.de", True), ("www.x.de", True), ("bei uns.com", True), ("Bäckerei", False)],
)
def test_has_url(text, expected):
    assert has_url(text) is expected


def test_valid_form():
    form = _form()
    assert form.is_valid(), form.errors
    assert form.report_fields()["phone"] == "03641 1234"


def test_every_filled_text_field_with_a_url_is_spam():
    form = _form(company="x.com", city="www.y.de", contact_name="http://a", title="https://b")
    assert not form.is_valid()
    assert form.has_error("__all__", "spam")


def test_bad_phone_and_postcode():
    form = _form(phone="call me", postcode="123")
    assert not form.is_valid()
    assert set(form.errors) >= {"phone", "postcode"}


def test_kind_is_limited_to_reportable_kinds():
    assert not _form(kind="work_opportunity").is_valid()
