"""Appointment requests from the public offer map through the pages: the form, what is
stored, the confirmation, the notification e-mail, and the spam and forgery protection
as a resident (or a bot) meets it."""

import logging
import time
from datetime import date

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from quartier.core.models import ProjectMember
from quartier.participants.models import Channel, FirstContact
from quartier.stadtteilplan.models import RequestCounter
from quartier.stadtteilplan.services import spam_protection
from tests.conftest import give_totp
from tests.factories import (
    DistrictFactory,
    OrganisationFactory,
    ProjectFactory,
)
from tests.offers.factories import OfferFactory
from tests.stadtteilplan.appointment_world import (
    AS_SEPARATE_WORKERS,
    EMAIL,
    MESSAGE,
    NAME,
    PHONE,
    form_data,
    general_url,
    in_parallel,
    offer_url,
    scope_of,
)


@pytest.fixture
def client(client):
    """A resident whose browser asks for English: the messages below are the msgids."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


# The form -------------------------------------------------------------------------


def test_offer_request_form_shows_every_field_with_a_label_and_sets_no_cookie(client, plan):
    response = client.get(offer_url(plan))
    assert response.status_code == 200
    page = response.text
    for field in ("name", "phone", "email", "language", "message", "consent"):
        assert f'for="id_{field}"' in page
        assert f'id="id_{field}"' in page
    assert "Sprachcafé" in page
    assert response.cookies == {}
    assert "csrftoken" not in page
    assert "no-store" in response["Cache-Control"]  # the one-time token is never reused


def test_honeypot_is_hidden_from_people_and_screen_readers(client, plan):
    page = client.get(offer_url(plan)).text
    assert '<div class="hp" aria-hidden="true">' in page
    honeypot = page[page.index('name="homepage"') - 40 : page.index('name="homepage"') + 80]
    assert 'tabindex="-1"' in honeypot
    assert 'autocomplete="off"' in honeypot


def test_consent_text_comes_before_the_checkbox_and_describes_it(client, plan):
    page = client.get(offer_url(plan)).text
    consent_text = page.index('id="consent-text"')
    checkbox = page.index('id="id_consent"')
    assert consent_text < checkbox
    assert 'aria-describedby="consent-text"' in page
    assert "Stadtteilbüro Wanne" in page[consent_text:checkbox]
    assert "deleted six months" in page[consent_text:checkbox]


def test_language_defaults_to_the_page_language(client, plan):
    response = client.get(offer_url(plan), headers={"accept-language": "ar"})
    assert 'dir="rtl"' in response.text
    assert '<option value="ar" selected>' in response.text


def test_unknown_district_or_offer_or_offer_of_another_district_is_404(client, plan):
    other = DistrictFactory()
    offer = plan["offer"]
    assert (
        client.get(reverse("stadtteilplan:appointment_request", args=["nirgendwo"])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("stadtteilplan:offer_appointment_request", args=[other.slug, offer.public_id])
        ).status_code
        == 404
    )
    hidden = OfferFactory(project=plan["project"], published=False)
    hidden.locations.add(offer.locations.first())
    url = reverse(
        "stadtteilplan:offer_appointment_request", args=[plan["district"].slug, hidden.public_id]
    )
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(plan)).status_code == 404


# A request that is stored ----------------------------------------------------------


def test_offer_request_creates_a_first_contact_for_the_offers_project(client, plan):
    response = client.post(offer_url(plan), form_data(plan))
    assert response.status_code == 302
    assert response.url.startswith(
        reverse("stadtteilplan:appointment_request_thanks", args=["wanne-sued"])
    )
    assert NAME not in response.url
    assert "0151" not in response.url
    assert response.cookies == {}
    contact = FirstContact.objects.get()
    assert contact.project == plan["project"]
    assert contact.organisation == plan["lead"]
    assert contact.status == FirstContact.Status.REQUEST
    assert contact.channel == Channel.REQUEST
    assert contact.name == NAME
    with translation.override("de"):
        assert contact.reach == gettext("phone: %(number)s") % {"number": PHONE}
    assert contact.notes == MESSAGE
    assert contact.language == "Arabisch"
    assert contact.place == "Sprachcafé · Stadtteilcafé"
    assert contact.topics == ["qualification"]
    assert contact.date == timezone.localdate()
    assert contact.created_by is None


def test_confirmation_names_the_project_in_the_residents_language(client, plan):
    response = client.post(offer_url(plan), form_data(plan), follow=True)
    assert response.status_code == 200
    assert "BQB-Süd" in response.text
    assert "Sprachcafé" in response.text
    assert "02325 123456" in response.text
    assert NAME not in response.text
    english = client.post(
        offer_url(plan), form_data(plan, name="Second"), headers={"accept-language": "en"}
    )
    thanks = client.get(english.url, headers={"accept-language": "en"})
    assert "Thank you for your request" in thanks.text
    assert 'lang="en"' in thanks.text


def test_confirmation_with_an_altered_reference_is_the_general_one(client, plan):
    url = reverse("stadtteilplan:appointment_request_thanks", args=["wanne-sued"]) + "?r=forged"
    response = client.get(url)
    assert response.status_code == 200
    assert "BQB-Süd" not in response.text


def test_email_reach_is_stored_and_phone_dropped(client, plan):
    client.post(offer_url(plan), form_data(plan, reach_by="email", email=EMAIL))
    contact = FirstContact.objects.get()
    assert EMAIL in contact.reach
    assert "0151" not in contact.reach


def test_coming_by_needs_neither_phone_nor_email(client, plan):
    response = client.post(offer_url(plan), form_data(plan, reach_by="visit", phone=""))
    assert response.status_code == 302
    contact = FirstContact.objects.get()
    assert contact.reach
    assert "0151" not in contact.reach


def test_general_request_goes_to_the_lead_organisation_of_the_district_project(client, plan):
    partner = OrganisationFactory()
    ProjectMember.objects.create(project=plan["project"], organisation=partner)
    page = client.get(general_url(plan)).text
    assert 'name="project"' not in page
    response = client.post(general_url(plan), form_data(plan, offer=False))
    assert response.status_code == 302
    contact = FirstContact.objects.get()
    assert contact.organisation == plan["lead"]
    with translation.override("de"):
        assert contact.place == gettext("Offer map %(district)s") % {"district": "Wanne-Süd"}
    assert contact.topics == []


def test_general_request_needs_a_message(client, plan):
    response = client.post(general_url(plan), form_data(plan, offer=False, message=""))
    assert response.status_code == 200
    assert 'id="message-error"' in response.text
    assert not FirstContact.objects.exists()


def test_general_request_with_several_projects_lets_the_resident_choose(client, plan):
    second = ProjectFactory(name="Aktiv im Quartier", end_date=date(2099, 1, 1))
    second.districts.add(plan["district"])
    page = client.get(general_url(plan)).text
    assert page.count('name="project"') == 2
    assert page.index("Aktiv im Quartier") < page.index("BQB-Süd")  # by name
    response = client.post(general_url(plan), form_data(plan, offer=False, project=second.pk))
    assert response.status_code == 302
    contact = FirstContact.objects.get()
    assert contact.project == second
    assert contact.organisation == second.lead_organisation


def test_a_project_of_another_district_cannot_be_chosen(client, plan):
    second = ProjectFactory(end_date=date(2099, 1, 1))
    second.districts.add(plan["district"])
    elsewhere = ProjectFactory(end_date=date(2099, 1, 1))
    response = client.post(general_url(plan), form_data(plan, offer=False, project=elsewhere.pk))
    assert response.status_code == 200
    assert not FirstContact.objects.exists()


def test_district_without_a_project_says_who_to_contact(client, db):
    district = DistrictFactory()
    ended = ProjectFactory(end_date=date(2020, 12, 31), start_date=date(2019, 1, 1))
    ended.districts.add(district)
    response = client.get(reverse("stadtteilplan:appointment_request", args=[district.slug]))
    assert response.status_code == 200
    assert "no project takes appointment requests" in response.text
    assert "<form" not in response.text.split("<main", 1)[1]
    client.post(reverse("stadtteilplan:appointment_request", args=[district.slug]), {"name": "x"})
    assert not FirstContact.objects.exists()


# Bad input ----------------------------------------------------------------------------


def test_missing_phone_is_shown_next_to_the_field_and_input_is_kept(client, plan):
    response = client.post(offer_url(plan), form_data(plan, phone="", message="Bitte <b>"))
    assert response.status_code == 200
    page = response.text
    assert 'id="phone-error"' in page
    phone_input = page[page.index('id="id_phone"') - 200 : page.index('id="id_phone"') + 10]
    assert 'aria-invalid="true"' in phone_input
    assert "phone-error" in phone_input
    assert f'value="{NAME}"' in page
    assert "Bitte &lt;b&gt;</textarea>" in page
    assert '<option value="ar" selected>' in page
    assert "checked" in page[page.index('value="phone"') - 10 : page.index('value="phone"') + 80]
    assert not FirstContact.objects.exists()


def test_consent_is_required(client, plan):
    data = form_data(plan)
    del data["consent"]
    response = client.post(offer_url(plan), data)
    assert 'id="consent-error"' in response.text
    assert not FirstContact.objects.exists()


def test_message_longer_than_1000_characters_is_refused(client, plan):
    response = client.post(offer_url(plan), form_data(plan, message="x" * 1001))
    assert 'id="message-error"' in response.text
    assert not FirstContact.objects.exists()


def test_letters_are_no_phone_number(client, plan):
    response = client.post(offer_url(plan), form_data(plan, phone="call me maybe"))
    assert 'id="phone-error"' in response.text
    assert not FirstContact.objects.exists()


def test_script_is_stored_as_text_and_shown_escaped_to_staff(client, plan):
    script = "<script>alert(1)</script>"
    client.post(offer_url(plan), form_data(plan, name=script, message=script))
    contact = FirstContact.objects.get()
    assert contact.name == script
    assert contact.notes == script
    give_totp(plan["lead_user"])
    client.force_login(plan["lead_user"], backend="django.contrib.auth.backends.ModelBackend")
    listing = client.get(reverse("participants:first_contact_list"), {"status": "request"})
    assert listing.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in listing.text
    assert script not in listing.text
    detail = client.get(reverse("participants:first_contact_edit", args=[contact.pk]))
    assert detail.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in detail.text
    assert script not in detail.text


def test_request_list_filter_shows_only_requests(client, plan):
    client.post(offer_url(plan), form_data(plan))
    FirstContact.objects.create(
        project=plan["project"], organisation=plan["lead"], name="Walk-in Person"
    )
    give_totp(plan["lead_user"])
    client.force_login(plan["lead_user"], backend="django.contrib.auth.backends.ModelBackend")
    listing = client.get(reverse("participants:first_contact_list"), {"status": "request"})
    assert NAME in listing.text
    assert "Walk-in Person" not in listing.text


# Spam protection --------------------------------------------------------------------


def test_honeypot_gets_the_confirmation_but_nothing_is_stored(
    client, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(offer_url(plan), form_data(plan, homepage="http://spam.example"))
    assert response.status_code == 302
    human = client.post(offer_url(plan), form_data(plan))
    assert response.url == human.url
    assert FirstContact.objects.count() == 1  # the human's only
    assert all("spam" not in message.body for message in mail.outbox)


def test_submission_faster_than_three_seconds_is_turned_back_with_input_kept(client, plan):
    response = client.post(offer_url(plan), form_data(plan, age=0))
    assert response.status_code == 200
    assert "very fast" in response.text
    assert f'value="{NAME}"' in response.text
    assert not FirstContact.objects.exists()
    fresh = response.text.split('name="token" value="', 1)[1].split('"', 1)[0]
    spam_protection.check_token(fresh, scope_of(plan), now=time.time() + 5)


def test_form_older_than_two_hours_is_turned_back(client, plan):
    response = client.post(offer_url(plan), form_data(plan, age=2 * 3600 + 5))
    assert response.status_code == 200
    assert "open for a long time" in response.text
    assert not FirstContact.objects.exists()


@pytest.mark.parametrize("token", ["", "garbage", "a:b:c:d"])
def test_missing_or_forged_token_is_turned_back(client, plan, token):
    response = client.post(offer_url(plan), form_data(plan, token=token))
    assert response.status_code == 200
    assert "could not check the form" in response.text
    assert not FirstContact.objects.exists()


def test_token_of_another_form_is_not_accepted(client, plan):
    general_token = spam_protection.issue_token(scope_of(plan, offer=False), now=time.time() - 10)
    response = client.post(offer_url(plan), form_data(plan, token=general_token))
    assert "could not check the form" in response.text
    assert not FirstContact.objects.exists()


def test_same_form_sent_twice_creates_one_first_contact(client, plan):
    data = form_data(plan)
    first = client.post(offer_url(plan), data)
    second = client.post(offer_url(plan), data)
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    assert FirstContact.objects.count() == 1


def test_sixth_request_in_an_hour_from_one_address_is_refused_with_429(client, plan):
    for number in range(spam_protection.APPOINTMENT_REQUESTS_PER_HOUR):
        response = client.post(offer_url(plan), form_data(plan, name=f"Person {number}"))
        assert response.status_code == 302
    refused = client.post(offer_url(plan), form_data(plan, name="One too many"))
    assert refused.status_code == 429
    assert "Too many requests" in refused.text
    assert refused["Retry-After"] == "3600"
    assert FirstContact.objects.count() == spam_protection.APPOINTMENT_REQUESTS_PER_HOUR
    other = client.post(offer_url(plan), form_data(plan), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_rate_limit_never_stores_the_address(client, plan):
    client.post(offer_url(plan), form_data(plan), REMOTE_ADDR="203.0.113.77")
    keys = list(RequestCounter.objects.values_list("key", flat=True))
    assert sorted(key.split(":")[0] for key in keys) == ["sent", "submitted"]
    assert not any("203.0.113.77" in key for key in keys)


def test_a_used_token_is_refused_by_another_worker_too(client, plan):
    """Another worker process has its own memory (here: the local cache emptied, as a
    second gunicorn worker would see it); the used token is still refused there."""
    data = form_data(plan)
    assert client.post(offer_url(plan), data).status_code == 302
    cache.clear()
    assert client.post(offer_url(plan), data).status_code == 302
    assert FirstContact.objects.count() == 1


def test_the_hourly_limit_holds_across_workers(client, plan):
    for number in range(spam_protection.APPOINTMENT_REQUESTS_PER_HOUR):
        assert client.post(offer_url(plan), form_data(plan, name=f"P {number}")).status_code == 302
        cache.clear()  # the next request lands in a worker with empty memory
    assert client.post(offer_url(plan), form_data(plan)).status_code == 429
    assert FirstContact.objects.count() == spam_protection.APPOINTMENT_REQUESTS_PER_HOUR


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=AS_SEPARATE_WORKERS)
def test_one_token_sent_eight_times_at_once_makes_one_request(plan):
    data = form_data(plan)
    url = offer_url(plan)
    results = in_parallel(8, lambda number: Client().post(url, data).status_code)
    assert results == [302] * 8
    assert FirstContact.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@override_settings(CACHES=AS_SEPARATE_WORKERS)
def test_nine_requests_at_once_against_a_limit_of_five_store_five(plan):
    url = offer_url(plan)
    forms = [form_data(plan, name=f"Person {number}") for number in range(9)]
    results = in_parallel(9, lambda number: Client().post(url, forms[number]).status_code)
    assert sorted(results) == [302] * 5 + [429] * 4
    assert FirstContact.objects.count() == spam_protection.APPOINTMENT_REQUESTS_PER_HOUR == 5


def test_many_invalid_submissions_are_throttled_too(client, plan, monkeypatch):
    monkeypatch.setattr(spam_protection, "SUBMISSIONS_PER_HOUR", 3)
    for _ in range(3):
        assert client.post(offer_url(plan), form_data(plan, name="")).status_code == 200
    assert client.post(offer_url(plan), form_data(plan)).status_code == 429


# Cross-site POSTs (no CSRF cookie) -------------------------------------------------


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "cross-site"},
        {"sec-fetch-site": "same-site"},
        {"origin": "https://evil.example"},
        {"origin": "http://testserver.evil.example"},
    ],
)
def test_post_from_another_site_is_refused_with_403(client, plan, headers):
    response = client.post(offer_url(plan), form_data(plan), headers=headers)
    assert response.status_code == 403
    assert "only be sent from our own pages" in response.text
    assert not FirstContact.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"sec-fetch-site": "same-origin", "origin": "http://testserver"},
        {"sec-fetch-site": "none"},
        {"origin": "null"},
    ],
)
def test_post_from_our_own_page_is_accepted(client, plan, headers):
    response = client.post(offer_url(plan), form_data(plan), headers=headers)
    assert response.status_code == 302
    assert FirstContact.objects.count() == 1


def test_request_pages_set_no_cookie_but_the_language(client, plan):
    assert client.get(general_url(plan)).cookies == {}
    response = client.post(general_url(plan), form_data(plan, offer=False))
    assert response.cookies == {}
    assert client.get(response.url).cookies == {}
    switched = client.get(
        reverse("stadtteilplan:language"), {"lang": "tr", "next": general_url(plan)}
    )
    assert set(switched.cookies) == {"django_language"}


# Privacy: logs and the notification -------------------------------------------------


def test_no_personal_data_in_the_logs(client, plan, caplog, django_capture_on_commit_callbacks):
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_url(plan), form_data(plan, reach_by="email", email=EMAIL))
        client.post(offer_url(plan), form_data(plan, homepage="x"))
        client.post(offer_url(plan), form_data(plan, age=0))
    assert FirstContact.objects.count() == 1
    logged = "\n".join(
        f"{record.getMessage()} {record.args!r} {getattr(record, 'exc_text', '')}"
        for record in caplog.records
    )
    assert "Appointment request" in logged  # the test sees the app's log
    for secret in (NAME, "Leyla", EMAIL, "0151", MESSAGE, "Deutschkurs"):
        assert secret not in logged


def test_project_inbox_is_notified_without_personal_data(
    client, plan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(offer_url(plan), form_data(plan, reach_by="email", email=EMAIL))
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["inbox@traeger.example", "lead@traeger.example"]
    message = mail.outbox[0]
    assert "BQB-Süd" in message.subject
    assert "/erstkontakte/?status=request" in message.body
    for secret in (NAME, "Leyla", EMAIL, "0151", MESSAGE, "Arabisch", "Sprachcafé"):
        assert secret not in message.body
        assert secret not in message.subject
