"""The public form "Stelle oder Praktikumsplatz melden" and the inbox."""

import time

import pytest
from django.urls import reverse

from quartier.core.models import Role
from quartier.economy.forms.vacancy_reports import token_scope
from quartier.economy.models import Employer, ReviewStatus, Vacancy, VacancySource
from quartier.stadtteilplan.services import spam_protection
from tests.economy.factories_vacancies import VacancyEmployerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_pages(client, settings):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def _token(project) -> str:
    return spam_protection.issue_token(token_scope(project), now=time.time() - 10)


def _report(project, **changes) -> dict:
    return {
        "company": "Bäckerei Korn GmbH",
        "postcode": "07747",
        "city": "Jena",
        "contact_name": "Frau Korn",
        "email": "korn@example.org",
        "phone": "",
        "title": "Verkäuferin",
        "kind": "internship",
        "hours_per_week": "20",
        "start_date": "2027-02-01",
        "description": "Brötchen verkaufen",
        "token": _token(project),
        "homepage": "",
    } | changes


def _url(project):
    return reverse("economy:vacancy_report", args=[project.slug])


def test_public_form_is_open_without_login_and_german_by_default(world, client):
    client.cookies.clear()
    response = client.get(_url(world.project), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "de"
    assert 'name="homepage"' in response.content.decode()


def test_report_creates_vacancy_and_employer_to_check(world, client):
    response = client.post(_url(world.project), _report(world.project))
    assert response.status_code == 302
    assert response.url == reverse("economy:vacancy_report_thanks", args=[world.project.slug])
    vacancy = Vacancy.objects.get()
    assert vacancy.source == VacancySource.EMPLOYER_REPORT
    assert vacancy.review_status == ReviewStatus.TO_CHECK
    assert vacancy.organisation == world.org_a  # the lead organisation
    assert vacancy.reporter_email == "korn@example.org"
    assert vacancy.employer.review_status == ReviewStatus.TO_CHECK
    assert vacancy.employer.organisation == world.org_a
    assert client.get(response.url).status_code == 200


def test_report_of_a_known_employer_links_it(world, client):
    known = VacancyEmployerFactory(project=world.project, name="Bäckerei Korn", postcode="07747")
    client.post(_url(world.project), _report(world.project))
    assert Vacancy.objects.get().employer == known
    assert Employer.objects.count() == 1


def test_email_or_phone_is_needed(world, client):
    response = client.post(_url(world.project), _report(world.project, email=""))
    assert response.status_code == 200
    assert "e-mail address or a phone number" in response.content.decode()
    assert not Vacancy.objects.exists()
    ok = client.post(_url(world.project), _report(world.project, email="", phone="03641 123456"))
    assert ok.status_code == 302


def test_url_in_every_text_field_is_spam(world, client):
    spam = _report(
        world.project,
        company="http://spam.example",
        city="www.spam.example",
        contact_name="https://spam.example/a",
        title="Cheap pills https://spam.example",
        description="visit http://spam.example",
    )
    response = client.post(_url(world.project), spam)
    assert response.status_code == 200
    assert "look like advertising" in response.content.decode()
    assert not Vacancy.objects.exists()
    # A URL in one field only is fine.
    ok = client.post(_url(world.project), _report(world.project, description="www.korn.de"))
    assert ok.status_code == 302


def test_honeypot_pretends_success(world, client):
    response = client.post(_url(world.project), _report(world.project, homepage="x"))
    assert response.status_code == 302
    assert not Vacancy.objects.exists()


def test_token_needed_and_used_once(world, client):
    response = client.post(_url(world.project), _report(world.project, token="forged"))
    assert response.status_code == 200
    assert not Vacancy.objects.exists()
    data = _report(world.project)
    client.post(_url(world.project), data)
    again = client.post(_url(world.project), data)
    assert again.status_code == 302
    assert Vacancy.objects.count() == 1


def test_too_fast_is_turned_back(world, client):
    data = _report(world.project, token=spam_protection.issue_token(token_scope(world.project)))
    assert client.post(_url(world.project), data).status_code == 200
    assert not Vacancy.objects.exists()


def test_cross_site_post_is_refused(world, client):
    response = client.post(
        _url(world.project), _report(world.project), HTTP_SEC_FETCH_SITE="cross-site"
    )
    assert response.status_code == 403
    assert not Vacancy.objects.exists()


def test_rate_limit(world, client):
    from quartier.economy.views import vacancy_reports

    for _ in range(vacancy_reports.REPORTS_PER_HOUR):
        assert client.post(_url(world.project), _report(world.project)).status_code == 302
    refused = client.post(_url(world.project), _report(world.project))
    assert refused.status_code == 429
    assert Vacancy.objects.count() == vacancy_reports.REPORTS_PER_HOUR


def test_unknown_project_is_404(db, client):
    assert client.get(reverse("economy:vacancy_report", args=["nope"])).status_code == 404


# The inbox --------------------------------------------------------------------------------


@pytest.fixture
def reported(world, client):
    client.post(_url(world.project), _report(world.project))
    client.cookies.clear()
    return Vacancy.objects.get()


@pytest.fixture
def liaison(world):
    return world.member(Role.EMPLOYER_LIAISON, organisation=world.org_b)


def test_inbox_lists_reports_and_start_page_shows_them(world, login, liaison, reported):
    client = login(liaison)
    page = client.get(reverse("economy:vacancy_inbox")).content.decode()
    assert "Verkäuferin" in page
    assert _url(world.project) in page
    home = client.get(reverse("core:home")).content.decode()
    assert "Reported vacancies to check" in home
    assert reverse("economy:vacancy_report_confirm", args=[reported.pk]) in home
    # Not in the list until confirmed.
    assert "Verkäuferin" not in client.get(reverse("economy:vacancy_list")).content.decode()


def test_inbox_empty_state(world, login, liaison):
    page = login(liaison).get(reverse("economy:vacancy_inbox")).content.decode()
    assert "No reports to check" in page


def test_inbox_needs_the_inbox_role(world, login, reported):
    coach = world.member(Role.JOB_COACH)
    client = login(coach)
    assert client.get(reverse("economy:vacancy_inbox")).status_code == 403
    url = reverse("economy:vacancy_report_confirm", args=[reported.pk])
    assert client.post(url, {"expected_version": reported.version}).status_code == 403


def test_foreign_report_is_404(world, login, reported):
    other_liaison = world.member(
        Role.EMPLOYER_LIAISON, project=world.other_project, organisation=world.org_c
    )
    url = reverse("economy:vacancy_report_confirm", args=[reported.pk])
    assert login(other_liaison).get(url).status_code == 404


def test_confirm(world, login, liaison, reported):
    client = login(liaison)
    url = reverse("economy:vacancy_report_confirm", args=[reported.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"expected_version": reported.version})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert reported.review_status == ReviewStatus.CONFIRMED
    assert reported.employer.review_status == ReviewStatus.CONFIRMED
    # Confirmed twice: the second click changes nothing and says so.
    again = client.post(url, {"expected_version": reported.version}, follow=True)
    assert "already been checked" in again.content.decode()
    reject = reverse("economy:vacancy_report_reject", args=[reported.pk])
    client.post(reject, {"expected_version": reported.version, "reason": "x"})
    reported.refresh_from_db()
    assert reported.review_status == ReviewStatus.CONFIRMED


def test_confirm_linking_an_existing_employer(world, login, liaison, reported):
    known = VacancyEmployerFactory(project=world.project, name="Korn Backwaren")
    new = reported.employer
    url = reverse("economy:vacancy_report_confirm", args=[reported.pk])
    login(liaison).post(url, {"expected_version": reported.version, "employer": known.pk})
    reported.refresh_from_db()
    new.refresh_from_db()
    assert reported.employer == known
    assert new.review_status == ReviewStatus.REJECTED


def test_stale_confirm_shows_the_conflict(world, login, liaison, reported):
    url = reverse("economy:vacancy_report_confirm", args=[reported.pk])
    response = login(liaison).post(url, {"expected_version": reported.version - 1 or 99})
    assert response.status_code == 200
    reported.refresh_from_db()
    assert reported.review_status == ReviewStatus.TO_CHECK


def test_reject_needs_a_reason(world, login, liaison, reported):
    client = login(liaison)
    url = reverse("economy:vacancy_report_reject", args=[reported.pk])
    assert client.post(url, {"expected_version": reported.version}).status_code == 200
    response = client.post(url, {"expected_version": reported.version, "reason": "Dublette"})
    assert response.status_code == 302
    reported.refresh_from_db()
    assert (reported.review_status, reported.status) == (ReviewStatus.REJECTED, "closed")
    assert reported.review_note == "Dublette"
    assert reported.employer.review_status == ReviewStatus.REJECTED
    assert "Verkäuferin" not in client.get(reverse("economy:vacancy_list")).content.decode()


def test_project_lead_sees_reports_in_my_day(world, login, reported):
    lead = world.member(Role.PROJECT_LEAD)
    home = login(lead).get(reverse("core:home")).content.decode()
    assert "Reported vacancies to check" in home
