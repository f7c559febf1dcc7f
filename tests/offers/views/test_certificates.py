"""The certificate issuing pages (views/certificates.py): who is eligible, issuing
(rule, refusal, the lead's override with a reason, unique numbers), everyone eligible
in one step, German numbers, and foreign ids."""

import pytest
from django.urls import reverse

from quartier.core.models import Role
from quartier.offers.models import Certificate
from quartier.offers.services.certificates import certificate_issue
from quartier.privacy.models import AccessLogEntry
from tests.offers import certificate_world
from tests.offers.certificate_world import TODAY, took_part
from tests.offers.factories import OfferFactory, ScheduleFactory

pytestmark = pytest.mark.django_db

# The shared fixtures of the certificate tests.
lead = certificate_world.lead
media = certificate_world.media
module = certificate_world.module
worker = certificate_world.worker


def issue_url(enrolment) -> str:
    return reverse("offers:certificate_issue", args=[enrolment.pk])


def candidates_url(offer) -> str:
    return reverse("offers:offer_certificates", args=[offer.pk])


# Who is eligible ------------------------------------------------------------------------


def test_eligibility_page_shows_who_meets_the_four_month_rule(login, worker, module):
    ready = took_part(module, months=4, first_name="Olena", last_name="Kovalenko")
    early = took_part(module, months=2, first_name="Murat", last_name="Demir")
    response = login(worker).get(candidates_url(module))
    assert response.status_code == 200
    rows = {row.enrolment.pk: row for row in response.context["rows"]}
    assert rows[ready.pk].eligibility.eligible
    assert rows[ready.pk].eligibility.months == 4
    assert not rows[early.pk].eligibility.eligible
    assert response.context["eligible_count"] == 1
    page = response.content.decode()
    assert "Kovalenko" in page
    assert "Demir" in page
    assert f"{issue_url(ready)}?kind=certificate" in page
    # Someone not yet eligible gets only the confirmation from a case worker.
    assert f"{issue_url(early)}?kind=certificate" not in page
    assert f"{issue_url(early)}?kind=confirmation" in page


def test_lead_sees_the_issue_link_for_someone_not_yet_eligible(login, lead, module):
    early = took_part(module, months=2)
    page = login(lead).get(candidates_url(module)).content.decode()
    assert f"{issue_url(early)}?kind=certificate" in page


def test_hours_rule_is_checked_on_the_page(login, worker, module):
    module.certificate_rule, module.certificate_min_hours = "hours", 100
    module.save()
    enough = took_part(module, months=1, sessions=30, hours="3.5")  # 105 hours
    short = took_part(module, months=6, sessions=20, hours="3")  # 60 hours
    rows = {
        row.enrolment.pk: row.eligibility.eligible
        for row in login(worker).get(candidates_url(module)).context["rows"]
    }
    assert rows == {enough.pk: True, short.pk: False}


def test_partner_staff_do_not_see_the_lead_organisations_participants(login, world, module):
    took_part(module, months=5, last_name="Kovalenko")
    partner = world.member(Role.CASE_WORKER, world.org_b)
    response = login(partner).get(candidates_url(module))
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Kovalenko" not in response.content.decode()


def test_eligibility_page_of_another_projects_offer_is_a_404(login, world, worker):
    foreign = OfferFactory(project=world.other_project, organisation=world.org_c)
    assert login(worker).get(candidates_url(foreign)).status_code == 404


def test_eligibility_page_is_access_logged(login, worker, module):
    login(worker).get(candidates_url(module))
    entry = AccessLogEntry.objects.get(user=worker, record_type="offers.offer")
    assert entry.record_id == module.pk


# Issuing --------------------------------------------------------------------------------


def test_issuing_for_an_eligible_participant_stores_certificate_and_pdf(login, worker, module):
    enrolment = took_part(module, months=4)
    client = login(worker)
    assert client.get(issue_url(enrolment)).status_code == 200
    response = client.post(issue_url(enrolment), {"kind": "certificate"})
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert response.status_code == 302
    assert response["Location"] == reverse("offers:certificate_detail", args=[certificate.pk])
    assert certificate.kind == "certificate"
    assert certificate.number == f"Q-{TODAY.year}-000001"
    assert certificate.participant_name == "Ayşe Yılmaz"
    assert certificate.issued_by == worker
    assert certificate.override_reason == ""
    assert certificate.pdf.read().startswith(b"%PDF")


def test_certificate_for_someone_not_eligible_is_refused(login, worker, module):
    enrolment = took_part(module, months=3)
    response = login(worker).post(
        issue_url(enrolment), {"kind": "certificate", "override_reason": "Bitte trotzdem"}
    )
    assert response.status_code == 400
    assert not Certificate.objects.exists()
    # The reason why, from the rule (3 of 4 months), is shown at the top of the form.
    errors = " ".join(response.context["form"].non_field_errors())
    assert "3" in errors
    assert "4" in errors


def test_confirmation_for_someone_not_eligible(login, worker, module):
    enrolment = took_part(module, months=1)
    client = login(worker)
    form = client.get(issue_url(enrolment)).context["form"]
    assert form.initial["kind"] == "confirmation"
    assert "override_reason" not in form.fields
    response = client.post(issue_url(enrolment), {"kind": "confirmation"})
    assert response.status_code == 302
    assert Certificate.objects.get(enrolment=enrolment).kind == "confirmation"


def test_lead_issues_against_the_rule_only_with_a_reason(login, lead, module):
    enrolment = took_part(module, months=3)
    client = login(lead)
    response = client.post(issue_url(enrolment), {"kind": "certificate", "override_reason": " "})
    assert response.status_code == 400
    assert "override_reason" in response.context["form"].errors
    assert not Certificate.objects.exists()
    response = client.post(
        issue_url(enrolment),
        {"kind": "certificate", "override_reason": "Krankheit, Inhalte nachgeholt"},
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get(enrolment=enrolment)
    assert certificate.override_reason == "Krankheit, Inhalte nachgeholt"
    assert certificate.issued_by == lead


def test_lead_reason_is_dropped_when_the_rule_is_met(login, lead, module):
    enrolment = took_part(module, months=6)
    form = login(lead).get(issue_url(enrolment)).context["form"]
    assert "override_reason" not in form.fields


def test_numbers_are_unique_and_counted_up(login, worker, module):
    first = took_part(module, months=4, last_name="Eins")
    second = took_part(module, months=5, last_name="Zwei")
    client = login(worker)
    client.post(issue_url(first), {"kind": "certificate"})
    client.post(issue_url(second), {"kind": "certificate"})
    client.post(issue_url(second), {"kind": "confirmation"})
    numbers = list(Certificate.objects.order_by("id").values_list("number", flat=True))
    year = TODAY.year
    assert numbers == [f"Q-{year}-000001", f"Q-{year}-000002", f"Q-{year}-000003"]
    assert len(set(Certificate.objects.values_list("verification_token", flat=True))) == 3


def test_second_certificate_for_the_same_participation_is_refused(login, worker, module):
    enrolment = took_part(module, months=4)
    client = login(worker)
    client.post(issue_url(enrolment), {"kind": "certificate"})
    response = client.post(issue_url(enrolment), {"kind": "certificate"})
    assert response.status_code == 400
    assert Certificate.objects.count() == 1
    # The message names the number already issued.
    number = Certificate.objects.get().number
    assert number in " ".join(response.context["form"].non_field_errors())


def test_unknown_kind_is_refused(login, worker, module):
    enrolment = took_part(module, months=4)
    response = login(worker).post(issue_url(enrolment), {"kind": "diploma"})
    assert response.status_code == 400
    assert not Certificate.objects.exists()


def test_issuing_for_another_projects_enrolment_is_a_404(login, world, worker):
    foreign_offer = OfferFactory(project=world.other_project, organisation=world.org_c)
    ScheduleFactory(offer=foreign_offer)
    foreign = took_part(foreign_offer, months=5)
    client = login(worker)
    assert client.get(issue_url(foreign)).status_code == 404
    assert client.post(issue_url(foreign), {"kind": "certificate"}).status_code == 404
    assert not Certificate.objects.exists()


def test_partner_cannot_issue_for_a_case_they_do_not_see(login, world, module):
    enrolment = took_part(module, months=5)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    response = login(partner).post(issue_url(enrolment), {"kind": "certificate"})
    assert response.status_code == 404
    assert not Certificate.objects.exists()


# Everyone eligible in one step -----------------------------------------------------------


def issue_all_url(offer) -> str:
    return reverse("offers:offer_certificates_issue_all", args=[offer.pk])


def test_certificates_for_everyone_eligible_in_one_step(login, worker, module):
    olena = took_part(module, months=4, first_name="Olena", last_name="Kovalenko")
    murat = took_part(module, months=5, first_name="Murat", last_name="Demir")
    early = took_part(module, months=2, first_name="Jana", last_name="Früh")
    has_one = took_part(module, months=6, first_name="Ali", last_name="Schon")
    certificate_issue(actor=worker, enrolment=has_one)
    client = login(worker)

    # The eligibility page links to the confirmation page, which lists who gets one.
    assert issue_all_url(module) in client.get(candidates_url(module)).text
    confirm = client.get(issue_all_url(module))
    assert confirm.status_code == 200
    assert [enrolment.pk for enrolment, _e in confirm.context["due"]] == [murat.pk, olena.pk]
    page = confirm.text
    assert "Kovalenko" in page
    assert "Demir" in page
    assert "Früh" not in page
    assert "Schon" not in page
    assert Certificate.objects.count() == 1  # the GET issues nothing

    form = {"enrolment": [murat.pk, olena.pk]}
    response = client.post(issue_all_url(module), form)
    assert response.status_code == 302
    assert response["Location"] == candidates_url(module)
    issued = Certificate.objects.filter(enrolment__in=[olena, murat], kind="certificate")
    assert issued.count() == 2
    assert all(certificate.pdf for certificate in issued)
    assert not Certificate.objects.filter(enrolment=early).exists()

    # A second submit of the same form issues nothing twice.
    again = client.post(issue_all_url(module), form)
    assert again.status_code == 302
    assert Certificate.objects.filter(enrolment__in=[olena, murat]).count() == 2
    assert Certificate.objects.count() == 3


def test_issue_all_issues_only_those_confirmed_and_still_eligible(login, worker, lead, module):
    olena = took_part(module, months=4, first_name="Olena", last_name="Kovalenko")
    early = took_part(module, months=2, first_name="Jana", last_name="Früh")
    response = login(lead).post(issue_all_url(module), {"enrolment": [olena.pk, early.pk]})
    assert response.status_code == 302
    # Not eligible: the lead's override needs a reason, one by one.
    assert list(Certificate.objects.values_list("enrolment_id", flat=True)) == [olena.pk]


def test_issue_all_says_so_in_german(login, worker, module):
    took_part(module, months=4, first_name="Olena", last_name="Kovalenko")
    client = login(worker)
    page = client.get(issue_all_url(module), HTTP_ACCEPT_LANGUAGE="de").text
    assert "Zertifikate für alle Berechtigten ausstellen" in page
    ids = [e.pk for e in module.enrolments.all()]
    followed = client.post(
        issue_all_url(module), {"enrolment": ids}, HTTP_ACCEPT_LANGUAGE="de", follow=True
    ).text
    assert "1 Zertifikat wurde ausgestellt." in followed


def test_issue_all_with_nobody_eligible_says_so(login, worker, module):
    took_part(module, months=1)
    page = login(worker).get(issue_all_url(module)).text
    assert "Niemand wartet auf ein Zertifikat" in page


def test_issue_all_for_another_projects_offer_is_a_404(login, world, worker):
    foreign = OfferFactory(project=world.other_project, organisation=world.org_c)
    client = login(worker)
    assert client.get(issue_all_url(foreign)).status_code == 404
    assert client.post(issue_all_url(foreign), {"enrolment": [1]}).status_code == 404


def test_partner_issue_all_leaves_out_cases_they_may_not_change(login, world, module):
    partner = world.member(Role.CASE_WORKER, world.org_b)
    took_part(module, months=4, first_name="Olena", last_name="Kovalenko")
    theirs = took_part(module, months=4, last_name="Partnerin", organisation=world.org_b)
    confirm = login(partner).get(issue_all_url(module))
    assert [enrolment.pk for enrolment, _e in confirm.context["due"]] == [theirs.pk]


# German numbers and one word for the certificate -------------------------------------------


def test_hours_and_rules_are_written_in_german_numbers(login, worker, module):
    """6.50 attended hours of 60 are "6,5 von 60", not "6.50 von 60.00"."""
    module.certificate_rule = "hours"
    module.certificate_min_hours = "60.00"
    module.save()
    enrolment = took_part(module, months=1, sessions=1, hours="6.50")
    client = login(worker)
    candidates = client.get(candidates_url(module), HTTP_ACCEPT_LANGUAGE="de").text
    issue_page = client.get(
        f"{issue_url(enrolment)}?kind=confirmation", HTTP_ACCEPT_LANGUAGE="de"
    ).text
    for page in (candidates, issue_page):
        assert "6,5" in page
        assert "6.50" not in page
        assert "6,50" not in page
        assert "60.00" not in page
        assert "60,00" not in page
    assert "6,5 Stunden anwesend; für das Zertifikat sind 60 nötig." in candidates
    assert "mindestens 60 besuchte Stunden" in candidates


def test_rate_is_written_in_german_numbers(worker, module):
    from django.utils import translation

    from quartier.offers.selectors.certificates import certificate_eligibility

    module.certificate_rule = "rate"
    module.certificate_min_rate = "80.00"
    module.save()
    module.refresh_from_db()
    enrolment = took_part(module, months=1, sessions=20)
    enrolment.offer = module
    with translation.override("de"):
        reason = str(certificate_eligibility(enrolment, today=TODAY).reason)
    assert "%" in reason
    assert "80 %" in reason
    assert "80.00" not in reason
    assert "." not in reason.split("%")[0]  # the share, e.g. "64,5 %", never "64.5 %"


def test_an_offers_certificate_is_a_zertifikat_a_school_certificate_a_zeugnis():
    from django.utils import translation

    from quartier.cases.models import Document
    from quartier.offers.models import CertificateKind

    with translation.override("de"):
        assert str(CertificateKind.CERTIFICATE.label) == "Zertifikat"
        assert str(Certificate._meta.verbose_name) == "Zertifikat"
        assert str(Certificate._meta.verbose_name_plural) == "Zertifikate"
        # A school certificate among a case's documents really is a Zeugnis.
        assert str(Document.Kind.CERTIFICATE.label) == "Zeugnis"
