"""A project lead imports a participant list in the browser; the background worker checks
it while the preview page polls itself, and runs it while the job page polls itself
(htmx under the strict CSP) until the counts show."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect

from quartier.core.models import Project
from quartier.demo import data
from quartier.participants.listformat.writing import write_csv
from quartier.participants.models import ImportJob, Participant
from tests.participants.services.test_importing import exited, person
from tests.workers import run_worker, task_backend

from .test_login_and_shell import _serious, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_lead_confirms_an_import_and_the_page_follows_the_worker_to_the_result(
    page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", "--participants", "0")
    listing = tmp_path / "liste.csv"
    # Entries and the exit within BQB-Süd's period, which the demo moves into the present;
    # the leaver's six-month follow-up lies in the past.
    start = Project.objects.get(slug="bqb-sued").start_date
    entry, leaving = start + timedelta(days=10), start + timedelta(days=40)
    rows = [person(1, entry_date=entry), person(2, entry_date=entry)]
    rows.append(exited(3, entry_date=entry, exit_date=leaving))
    listing.write_bytes(write_csv(rows))
    with task_backend("django_tasks_db.DatabaseBackend"):
        log_in(page, f"projektleitung@{data.DEMO_DOMAIN}", data.DEMO_PASSWORD)
        page.wait_for_url(page.base + "/")
        page.goto(page.base + "/projekte/bqb-sued/teilnehmende/import/")
        page.set_input_files("#id_file", str(listing))
        page.locator("main form[enctype] button[type=submit]").click()
        page.wait_for_url("**/teilnehmende/import/*/?update=0")

        # The worker checks the file; the preview page polls until the result shows.
        expect(page.locator("#preview-status")).to_have_attribute("hx-trigger", "every 2s")
        run_worker()
        confirm = page.locator("form[action$='/importieren/'] button[type=submit]")
        expect(confirm).to_be_visible(timeout=10_000)
        expect(page.locator("#preview-status")).to_have_count(0)
        confirm.click()
        page.wait_for_url("**/teilnehmende/import/laeufe/*/")

        # Queued: the page polls itself while it waits for the worker.
        status = page.locator("#job-status")
        expect(status).to_have_attribute("hx-trigger", "every 2s")
        assert ImportJob.objects.get().status == ImportJob.Status.QUEUED
        assert not Participant.objects.exists()
        problems = _serious(Axe().run(page))

        run_worker()

        # The next poll brings the result, without a reload, and polling stops.
        expect(status.locator("dl")).to_contain_text("3", timeout=10_000)
        expect(status).not_to_have_attribute("hx-trigger", "every 2s")
        expect(page.locator("#job-announce")).not_to_be_empty()
        problems += _serious(Axe().run(page))

    assert Participant.objects.count() == 3
    assert ImportJob.objects.get().status == ImportJob.Status.DONE
    assert problems == []
    assert page.csp_errors == []
