"""The import preview runs in the background worker, refuses crafted files with a
message (never a 500), and lists rows that may be people the project has already."""

import io
import re
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from quartier.participants.listformat.writing import write_csv, write_xlsx
from quartier.participants.models import Participant
from quartier.participants.selectors import import_jobs as import_job_selectors
from quartier.participants.services import import_previews
from tests.factories import CaseFactory
from tests.participants.services.test_importing import person
from tests.participants.views.test_imports import token_of, upload
from tests.workers import run_worker, task_backend

HTMX = {"HTTP_HX_REQUEST": "true"}


pytestmark = pytest.mark.usefixtures("media")


def preview_of(client, project, content, name="liste.csv"):
    response = upload(client, project, content, name=name)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page.content.decode()


def replace_part(content: bytes, name: str, data: bytes, level: int = 6) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for member in source.infolist():
            target.writestr(
                member.filename, data if member.filename == name else source.read(member)
            )
    return out.getvalue()


# Crafted files ---------------------------------------------------------------------


def test_an_xlsx_zip_bomb_is_refused_with_a_message(world, lead_client):
    sheet = b'<?xml version="1.0"?><worksheet xmlns="x">' + b" " * 60_000_000 + b"</worksheet>"
    bomb = replace_part(write_xlsx([person(1)]), "xl/worksheets/sheet1.xml", sheet, level=9)
    assert len(bomb) < 200_000
    page = preview_of(lead_client, world.project, bomb, name="Liste.xlsx")
    assert "The file cannot be read" in page
    assert "would unpack to more than 250 MB" in page
    assert "Import now" not in page


def test_an_xlsx_with_a_dtd_is_refused_with_a_message(world, lead_client):
    content = write_xlsx([person(1)])
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    evil = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;">]>' + sheet
    )
    crafted = replace_part(content, "xl/worksheets/sheet1.xml", evil)
    page = preview_of(lead_client, world.project, crafted, name="Liste.xlsx")
    assert "document type declaration (DTD)" in page
    assert "Import now" not in page


def test_a_csv_cell_over_the_csv_field_limit_is_refused_with_a_message(world, lead_client):
    content = write_csv([person(1, first_name="A" * 100)]).replace(b"A" * 100, b"A" * 131_073)
    page = preview_of(lead_client, world.project, content)
    assert "Row 2 has a cell longer than 10.000 characters" in page
    assert "Import now" not in page


# In the background worker ----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_the_preview_reads_the_file_in_the_worker_not_in_the_request(world, lead_client, media):
    with task_backend("django_tasks_db.DatabaseBackend"):
        response = upload(lead_client, world.project, write_csv([person(1), person(2)]))
        token = token_of(response)
        page = lead_client.get(response["Location"]).content.decode()
        # Nothing read yet: the page waits for the worker and polls.
        assert "Waiting for the background worker" in page
        assert 'hx-trigger="every 2s"' in page
        assert "What the import will do" not in page
        polled = lead_client.get(response["Location"], **HTMX)
        assert polled.status_code == 200
        assert 'id="preview-status"' in polled.content.decode()
        assert "<html" not in polled.content.decode()

        run_worker()

        polled = lead_client.get(response["Location"], **HTMX)
        assert polled["HX-Refresh"] == "true"
        page = lead_client.get(response["Location"]).content.decode()
        assert re.search(r"New participants</dt><dd>2</dd>", page)
        assert "hx-trigger" not in page
        assert import_previews.preview_state(token, False).status == import_previews.PREVIEW_DONE


def test_checking_again_starts_a_new_check_and_a_reload_does_not(world, lead_client):
    response = upload(lead_client, world.project, write_csv([person(1)]))
    lead_client.get(response["Location"])
    CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__external_id="TN-001",
    )
    # The result of the first check is kept...
    page = lead_client.get(response["Location"]).content.decode()
    assert re.search(r"New participants</dt><dd>1</dd>", page)
    # ... until the list is checked again.
    again = lead_client.get(response["Location"], {"update": "0", "check": "1"})
    assert again.status_code == 302
    page = lead_client.get(again["Location"]).content.decode()
    assert "already exists in the project" in page


def test_confirm_and_discard_delete_the_preview_result(world, lead_client, media):
    from tests.participants.views.test_imports import confirm, waiting_files

    response = upload(lead_client, world.project, write_csv([person(1)]))
    token = token_of(response)
    lead_client.get(response["Location"])
    assert f"{token}.preview0.json" in waiting_files(media)
    confirm(lead_client, world.project, token)
    assert waiting_files(media) == []

    response = upload(lead_client, world.project, write_csv([person(2)]))
    token = token_of(response)
    lead_client.get(response["Location"])
    lead_client.post(reverse("participants:import_cancel", args=[world.project.slug, token]))
    assert waiting_files(media) == []


def test_an_unexpected_error_in_the_check_is_a_message_not_a_500(world, lead_client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(import_previews, "participants_import", broken)
    page = preview_of(lead_client, world.project, write_csv([person(1)]))
    assert "The list could not be checked" in page
    assert "disk on fire" not in page


# Likely duplicates -----------------------------------------------------------------


def existing(world, first_name, last_name, number, birth_date=date(1990, 2, 3)):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name=first_name,
        participant__last_name=last_name,
        participant__external_id=number,
        participant__birth_date=birth_date,
        participant__postcode="44649",
    ).participant


def test_the_preview_lists_rows_that_may_be_people_of_the_project(world, lead_client):
    existing(world, "Derya", "Yıldız", "BQB-000294")
    existing(world, "Murat", "Yılmaz", "BQB-000295")
    existing(world, "Anna", "Maurer", "BQB-000296")
    rows = [
        person(1, first_name="Derya", last_name="Yildiz"),
        person(2, first_name="Murad", last_name="Yilmaz"),
        person(3, first_name="Anna", last_name="Müller"),
    ]
    page = preview_of(lead_client, world.project, write_csv(rows))
    assert "2 new rows may be people the project has already" in page
    found = re.findall(r'<td data-label="Row">(\d+)</td>\s*<td data-label="In the file">', page)
    assert found == ["2", "3"]
    assert "<code>BQB-000294</code> Derya Yıldız, 03.02.1990, 44649" in page
    assert "<code>BQB-000295</code> Murat Yılmaz" in page
    assert "Maurer" not in page
    # A warning, not a problem: the list can still be imported.
    assert "Import now" in page


def test_the_preview_lists_no_duplicates_of_another_organisation(world, lead_client):
    CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_b,
        participant__first_name="Derya",
        participant__last_name="Yıldız",
        participant__birth_date=date(1990, 2, 3),
        participant__postcode="44649",
    )
    page = preview_of(
        lead_client, world.project, write_csv([person(1, first_name="Derya", last_name="Yildiz")])
    )
    assert "may be a person the project has already" not in page
    assert "Yıldız" not in page
    assert Participant.objects.count() == 1


def test_a_check_whose_worker_stopped_can_be_started_again(world, lead_client):
    import json
    from datetime import timedelta

    from django.utils import timezone

    response = upload(lead_client, world.project, write_csv([person(1)]))
    token = token_of(response)
    stopped = timezone.now() - import_job_selectors.STALLED_AFTER - timedelta(minutes=1)
    import_job_selectors.preview_path(token, False).write_text(
        json.dumps({"status": "running", "started_at": stopped.isoformat()})
    )
    page = lead_client.get(response["Location"]).content.decode()
    assert "Checking the list" in page
    again = lead_client.get(response["Location"], {"update": "0", "check": "1"})
    page = lead_client.get(again["Location"]).content.decode()
    assert re.search(r"New participants</dt><dd>1</dd>", page)
