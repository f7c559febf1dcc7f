"""The case pages in German: numbers as Germans write them, plurals that agree with
their number, and one word per thing."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from quartier.cases.models import Document
from quartier.offers.models import Attendance, Enrolment
from quartier.offers.selectors.certificates import certificate_eligibility
from tests.factories import ContactFactory
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def german(client, worker, login):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "de"
    return login(worker)


def text_of(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


def enrol(case, *hours: str) -> Enrolment:
    offer = OfferFactory(project=case.project, organisation=case.organisation)
    enrolment = Enrolment.objects.create(
        offer=offer, case=case, status="active", start_date=date(2025, 3, 3)
    )
    for day, amount in enumerate(hours, start=3):
        Attendance.objects.create(
            enrolment=enrolment, date=date(2025, 3, day), status="present", hours=amount
        )
    return enrolment


def test_case_page_writes_hours_the_german_way(case, german):
    ContactFactory(case=case, date=date(2025, 4, 1), duration_minutes=390)
    enrol(case, "3.25", "3.25")
    text = text_of(german.get(reverse("cases:case_detail", args=[case.pk])))
    assert "1 Kontakt, insgesamt 6,5 Std." in text
    assert "6,5 Std. anwesend in allen Angeboten" in text
    assert "6.5" not in text
    assert "6.50" not in text


def test_whole_hours_have_no_decimal_and_agree_with_one(case, german):
    ContactFactory(case=case, date=date(2025, 4, 1), duration_minutes=60)
    text = text_of(german.get(reverse("cases:case_detail", args=[case.pk])))
    assert "1 Kontakt, insgesamt 1 Std." in text
    assert "1 Stunden" not in text


def test_no_contacts_is_zero_hours_not_zero_comma_zero(case, german):
    text = text_of(german.get(reverse("cases:case_detail", args=[case.pk])))
    assert "0 Kontakte, insgesamt 0 Std." in text
    assert "0,0" not in text


def test_contact_list_writes_hours_the_german_way(case, german):
    ContactFactory(case=case, date=date(2025, 4, 1), duration_minutes=45)
    ContactFactory(case=case, date=date(2025, 4, 2), duration_minutes=45)
    text = text_of(german.get(reverse("cases:contact_list", args=[case.pk])))
    assert "2 Kontakte, insgesamt 1,5 Std." in text


def test_contact_list_of_a_contact_whose_staff_member_was_removed(case, german):
    ContactFactory(case=case, date=date(2025, 4, 1), duration_minutes=30, staff=None)
    text = text_of(german.get(reverse("cases:contact_list", args=[case.pk])))
    assert "01.04.2025" in text


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (1, "1 vollen Monat teilgenommen; für das Zertifikat sind 4 nötig."),
        (2, "2 volle Monate teilgenommen; für das Zertifikat sind 4 nötig."),
        (0, "0 volle Monate teilgenommen; für das Zertifikat sind 4 nötig."),
    ],
)
def test_months_not_yet_enough_agree_with_their_number(case, months, expected):
    enrolment = enrol(case)
    end = date(2025, 3 + months, 3)
    with translation.override("de"):
        reason = certificate_eligibility(enrolment, today=end).reason
    assert reason == expected


def test_months_enough_agree_with_their_number(case):
    enrolment = enrol(case)
    enrolment.offer.certificate_min_months = 1
    with translation.override("de"):
        reason = certificate_eligibility(enrolment, today=date(2025, 4, 3)).reason
    assert reason == "1 Monat teilgenommen (mindestens 1 nötig)."


def test_hours_of_the_certificate_rule_are_german_numbers(case):
    enrolment = enrol(case, "3.25", "3.25")
    offer = enrolment.offer
    offer.certificate_rule = "hours"
    offer.certificate_min_hours = Decimal("10.00")
    with translation.override("de"):
        reason = certificate_eligibility(enrolment, today=date(2025, 3, 10)).reason
    assert reason == "6,5 Stunden anwesend; für das Zertifikat sind 10 nötig."


def test_a_document_the_person_brings_is_a_zeugnis_not_the_projects_zertifikat():
    with translation.override("de"):
        assert str(Document.Kind.CERTIFICATE.label) == "Zeugnis"
        assert dict(Document.Kind.choices)["certificate"] == "Zeugnis"
