"""Data protection in the browser (issue 15, "Done when"):

BQB-Süd's data-protection officer (demo login `datenschutz`) opens "Datenschutz" from
the navigation on a tablet, finds a participant by name, opens the person's page, withdraws
one of the person's consents through its confirmation page and sees it withdrawn, sees
who accessed the case (her own look at it among them), downloads the Art. 15 ZIP (JSON
with the name, a readable PDF), and on a phone erases the person: she sees what is kept,
why and until when, and the name is gone from the person list. Neither the person's page
nor the erasure page scrolls sideways on the phone.
"""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from quartier.cases.models import Case
from quartier.demo import data
from quartier.participants.models import Consent
from quartier.privacy.models import AccessLogEntry, ErasureRequest
from quartier.privacy.selectors.persons import persons_visible_to

from .test_login_and_shell import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 768, "height": 1024}
PHONE = {"width": 390, "height": 844}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def _officer_and_consent():
    """The demo's DPO of BQB-Süd and a consent in force of one of her persons (taking
    part, with a case): the first such one, nothing random."""
    call_command("seed_demo", "--participants", "12")
    officer = get_user_model().objects.get(email=f"datenschutz@{data.DEMO_DOMAIN}")
    today = timezone.localdate()
    consent = (
        Consent.objects.filter(
            participant__in=persons_visible_to(officer).filter(case__isnull=False),
            withdrawn_on__isnull=True,
            given_on__lte=today,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gt=today))
        .select_related("participant")
        .order_by("participant__external_id", "pk")
        .first()
    )
    assert consent is not None, "the demo gives the DPO no person with a consent in force"
    # She left the project over a year ago: no retention rule keeps her case file any
    # longer (the demo's rule: 12 months from exit), so the erasure takes her name now.
    left = today - timedelta(days=400)
    Case.objects.filter(participant=consent.participant).update(
        entry_date=left - timedelta(days=180), exit_date=left
    )
    return officer, consent


def _submit(page):
    page.locator("main form[method=post] button[type=submit]").last.click()


def _no_sideways_scrolling(page, what: str):
    overflow = page.evaluate(OVERFLOW)
    assert overflow <= 0, f"{what} scrolls sideways by {overflow}px at {page.viewport_size}"


def _search(page, name: str):
    page.locator("main form[role=search] input[name=q]").fill(name)
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_url("**/datenschutz/personen/?*")


def test_a_dpo_withdraws_a_consent_sees_the_access_exports_and_erases_a_person(
    browser, live_server
):
    officer, consent = _officer_and_consent()
    person = consent.participant
    context = browser.new_context(locale="de-DE", viewport=TABLET, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base = live_server.url
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text)
            if "Content Security Policy" in message.text or "Refused" in message.text
            else None
        ),
    )

    # She logs in (a demo login: no second factor) and opens "Datenschutz" from the nav.
    log_in(page, officer.email, data.DEMO_PASSWORD)
    page.wait_for_url(page.base + "/")
    page.locator("nav a[href='/datenschutz/personen/']").first.click()
    page.wait_for_url("**/datenschutz/personen/")
    _no_sideways_scrolling(page, "the person list")

    # She finds the person by name and opens the person's page.
    _search(page, person.last_name)
    detail = f"/datenschutz/personen/{person.pk}/"
    link = page.locator(f"main table a[href='{detail}']")
    expect(link).to_have_text(f"{person.last_name}, {person.first_name}")
    link.click()
    page.wait_for_url(f"**{detail}")
    expect(page.locator("h1")).to_contain_text(person.full_name)
    _no_sideways_scrolling(page, "the person's page")

    # The consents: she withdraws one through the confirmation page.
    consents = page.locator("section[aria-labelledby=consents-heading]")
    withdraw = f"/datenschutz/einwilligungen/{consent.pk}/widerrufen/"
    consents.locator(f"a[href^='{withdraw}']").click()
    page.wait_for_url(f"**{withdraw}**")
    expect(page.locator("#consent-facts")).to_contain_text(person.external_id)
    expect(page.locator("#withdrawal-effects li").first).to_be_visible()
    consent.refresh_from_db()
    assert consent.withdrawn_on is None  # looking asks first and changes nothing
    _submit(page)
    page.wait_for_url(f"**{detail}")
    consent.refresh_from_db()
    assert consent.withdrawn_on == timezone.localdate()
    # Back on the person's page: the consent is marked withdrawn, with today's date,
    # and offers no second withdrawal.
    row = (
        consents.locator("tbody tr")
        .filter(has_text=consent.withdrawn_on.strftime("%d.%m.%Y"))
        .filter(has=page.locator(".badge"))
    )
    expect(row.first).to_be_visible()
    expect(consents.locator(f"a[href^='{withdraw}']")).to_have_count(0)

    # Who accessed the case: the access log filtered by the person; her own look is in it.
    page.locator(f"main a[href='/datenschutz/zugriffsprotokoll/?participant={person.pk}']").click()
    page.wait_for_url(f"**/datenschutz/zugriffsprotokoll/?participant={person.pk}")
    expect(page.locator("main table")).to_contain_text(officer.get_full_name() or officer.email)
    assert AccessLogEntry.objects.filter(user=officer, participant_id=person.pk).exists()
    _no_sideways_scrolling(page, "the access log")

    # The Art. 15 ZIP: a PDF to read and the data as JSON.
    page.goto(page.base + detail)
    with page.expect_download() as download_info:
        page.locator("main form[action$='/auskunft/'] button[type=submit]").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(io.BytesIO(open(download.path(), "rb").read()))  # noqa: SIM115
    names = archive.namelist()
    assert "person-data.json" in names
    assert "summary.pdf" in names
    person_data = json.loads(archive.read("person-data.json"))
    dumped = json.dumps(person_data, ensure_ascii=False)
    assert person.first_name in dumped
    assert person.last_name in dumped
    summary = "".join(
        page_.extract_text() or ""
        for page_ in PdfReader(io.BytesIO(archive.read("summary.pdf"))).pages
    )
    assert person.last_name in summary

    # On a phone: the person's page and the erasure page fit without sideways scrolling.
    page.set_viewport_size(PHONE)
    page.goto(page.base + detail)
    _no_sideways_scrolling(page, "the person's page")
    erase = f"/datenschutz/personen/{person.pk}/loeschen/"
    page.locator(f"main a[href='{erase}']").click()
    page.wait_for_url(f"**{erase}")
    expect(page.locator("#kept")).to_be_visible()
    _no_sideways_scrolling(page, "the erasure page")

    # The erasure asks to confirm: without the checkbox nothing happens.
    page.select_option("#id_channel", ErasureRequest.Channel.IN_PERSON)
    page.fill("#id_reason", "Antrag nach Art. 17 im Beratungsgespräch.")
    _submit(page)
    page.wait_for_url(f"**{erase}")
    expect(page.locator("#id_confirm")).to_be_visible()
    earlier = list(ErasureRequest.objects.values_list("pk", flat=True))
    assert not ErasureRequest.objects.filter(participant_id=person.pk).exists()
    page.locator("#id_confirm").check()
    _submit(page)
    page.wait_for_url(f"**{erase}")
    request = ErasureRequest.objects.exclude(pk__in=earlier).get()
    assert request.state == ErasureRequest.State.ANONYMISED, "BQB-Süd's rules keep the file"
    # What is kept, why and until when, to tell the person.
    kept = page.locator("#kept")
    expect(kept).to_be_visible()
    if request.kept:
        until = min(item["until"] for item in request.kept if item.get("until"))
        day = "{2}.{1}.{0}".format(*until.split("-"))
        expect(kept).to_contain_text(day)
    _no_sideways_scrolling(page, "the erasure's result")

    # The name is no longer in the person list.
    page.set_viewport_size(TABLET)
    page.goto(page.base + "/datenschutz/personen/")
    _search(page, person.last_name)
    expect(page.locator("main")).not_to_contain_text(f"{person.last_name}, {person.first_name}")
    assert csp_errors == []
    context.close()
