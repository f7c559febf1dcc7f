"""The participant list import and export pages (project leads)."""

import dataclasses
import io
import re

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quartier.core.models import Role
from quartier.participants.listformat.writing import write_csv, write_xlsx
from quartier.participants.models import ImportJob, Participant
from quartier.privacy.models import AccessLogEntry
from tests.conftest import ALL_ROLES
from tests.factories import ParticipantFactory
from tests.participants.services.test_importing import exited, person

pytestmark = pytest.mark.usefixtures("media")


def waiting_files(media):
    folder = media / "imports"
    return sorted(path.name for path in folder.iterdir()) if folder.exists() else []


def upload_url(project):
    return reverse("participants:import_upload", args=[project.slug])


def export_url(project, file_format):
    return reverse("participants:export", args=[project.slug, file_format])


def upload(client, project, content: bytes, name="liste.csv", **fields):
    data = {"file": SimpleUploadedFile(name, content), **fields}
    if "organisation" not in data:
        data["organisation"] = project.lead_organisation.pk
    return client.post(upload_url(project), data)


def token_of(response) -> str:
    return re.search(r"/import/([0-9a-f]{32})/", response["Location"]).group(1)


def confirm(client, project, token, update=False):
    url = reverse("participants:import_confirm", args=[project.slug, token])
    return client.post(url, {"update": "1" if update else "0"})


def job_url(job):
    return reverse("participants:import_job", args=[job.project.slug, job.pk])


def imports_recorded():
    return LogEntry.objects.filter(additional_data__has_key="participant_import").count()


# Access ----------------------------------------------------------------------------


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_project_leads_open_the_import_page(world, login, role):
    client = login(world.member(role, world.org_a))
    expected = 200 if role == Role.PROJECT_LEAD else 403
    assert client.get(upload_url(world.project)).status_code == expected
    assert client.get(export_url(world.project, "csv")).status_code == expected


def test_a_case_worker_cannot_import(world, login):
    client = login(world.member(Role.CASE_WORKER, world.org_a))
    response = upload(client, world.project, write_csv([person(1)]))
    assert response.status_code == 403
    assert not Participant.objects.exists()


def test_another_projects_lead_gets_404(world, login):
    client = login(world.member(Role.PROJECT_LEAD, world.org_c, project=world.other_project))
    assert client.get(upload_url(world.project)).status_code == 404
    assert upload(client, world.project, write_csv([person(1)])).status_code == 404
    assert client.get(export_url(world.project, "csv")).status_code == 404
    assert not Participant.objects.exists()


def test_anonymous_visitors_are_sent_to_the_login(world, client):
    response = client.get(upload_url(world.project))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_someone_elses_upload_is_not_found(world, lead_client, login):
    token = token_of(upload(lead_client, world.project, write_csv([person(1)])))
    other = login(world.member(Role.PROJECT_LEAD, world.org_a))
    preview = reverse("participants:import_preview", args=[world.project.slug, token])
    assert other.get(preview).status_code == 404
    assert confirm(other, world.project, token).status_code == 404
    assert not Participant.objects.exists()


# The flow --------------------------------------------------------------------------


def test_upload_preview_confirm_result(world, lead_client, media):
    response = upload(lead_client, world.project, write_csv([person(1), exited(2)]))
    assert response.status_code == 302
    token = token_of(response)
    assert waiting_files(media) == [f"{token}.csv"]
    assert not Participant.objects.exists()

    preview = lead_client.get(response["Location"])
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "What the import will do" in page
    assert re.search(r"New participants</dt><dd>2</dd>", page)
    assert "Import now" in page

    done = confirm(lead_client, world.project, token)
    assert done.status_code == 302
    # The immediate task backend of the tests has run the job before the redirect.
    job = ImportJob.objects.get()
    assert done["Location"] == job_url(job)
    assert job.status == ImportJob.Status.DONE
    assert Participant.objects.filter(project=world.project).count() == 2
    assert set(Participant.objects.values_list("organisation", flat=True)) == {world.org_a.pk}
    assert waiting_files(media) == []
    result = lead_client.get(done["Location"])
    page = result.content.decode()
    assert "Participant list imported" in page
    assert re.search(r"New participants</dt><dd>2</dd>", page)
    assert "hx-trigger" not in page  # finished: nothing to poll
    assert imports_recorded() == 1


def test_a_second_click_on_confirm_does_not_import_twice(world, lead_client):
    token = token_of(upload(lead_client, world.project, write_csv([person(1)])))
    confirm(lead_client, world.project, token)
    again = confirm(lead_client, world.project, token)
    assert again.status_code == 302
    page = lead_client.get(again["Location"]).content.decode()
    assert "This list has already been imported. It was not imported again." in page
    assert Participant.objects.count() == 1
    assert imports_recorded() == 1


def test_a_confirm_racing_another_one_does_not_import(world, lead_client, media):
    token = token_of(upload(lead_client, world.project, write_csv([person(1)])))
    # Another request has claimed the file (renamed it) and is importing it.
    (media / "imports" / f"{token}.csv").rename(media / "imports" / f"{token}.claimed.csv")
    response = confirm(lead_client, world.project, token)
    page = lead_client.get(response["Location"]).content.decode()
    assert "It was not imported a second time." in page
    assert not Participant.objects.exists()


def test_problems_are_listed_by_row_and_column_and_cannot_be_confirmed(world, lead_client, media):
    content = write_csv([person(1), person(2, postcode="4464"), person(3, gender="frau")])
    response = upload(lead_client, world.project, content)
    token = token_of(response)
    page = lead_client.get(response["Location"]).content.decode()
    assert "Problems found: 2. Nothing can be imported." in page
    rows = re.findall(
        r'<td data-label="Row">(\d+)</td>\s*<td data-label="Column"><code>(\w+)', page
    )
    assert rows == [("3", "postcode"), ("4", "gender")]
    assert "must be five digits" in page
    assert "<code>4464</code>" in page
    assert "Import now" not in page
    # A forged confirm imports nothing and keeps the file for another look.
    response = confirm(lead_client, world.project, token)
    assert response.status_code == 302
    assert not Participant.objects.exists()
    assert waiting_files(media) == [f"{token}.csv"]


def test_existing_participants_need_update_which_the_preview_offers(world, lead_client):
    ParticipantFactory(project=world.project, external_id="TN-001", first_name="Alt")
    response = upload(lead_client, world.project, write_csv([person(1), person(2)]))
    token = token_of(response)
    page = lead_client.get(response["Location"]).content.decode()
    assert "already exists in the project" in page
    assert "Some participant numbers already exist in the project." in page
    preview = reverse("participants:import_preview", args=[world.project.slug, token])
    page = lead_client.get(preview, {"update": "1"}).content.decode()
    assert re.search(r"whose data will be replaced</dt><dd>1</dd>", page)
    assert 'name="update" value="1"' in page
    confirm(lead_client, world.project, token, update=True)
    assert Participant.objects.get(external_id="TN-001").first_name == "Ayşe"
    assert Participant.objects.count() == 2


def test_update_chosen_at_upload_goes_to_the_preview(world, lead_client):
    ParticipantFactory(project=world.project, external_id="TN-001")
    response = upload(lead_client, world.project, write_csv([person(1)]), update="on")
    assert response["Location"].endswith("?update=1")


def test_an_unchanged_file_has_nothing_to_import(world, lead_client):
    content = write_csv([person(1)])
    confirm(lead_client, world.project, token_of(upload(lead_client, world.project, content)))
    response = upload(lead_client, world.project, content, update="on")
    page = lead_client.get(response["Location"]).content.decode()
    assert "there is nothing to import" in page
    assert "Import now" not in page


def test_an_xlsx_upload_is_imported(world, lead_client):
    content = write_xlsx([person(1), exited(2)])
    token = token_of(upload(lead_client, world.project, content, name="Liste.xlsx"))
    confirm(lead_client, world.project, token)
    assert Participant.objects.count() == 2


def test_discarding_an_upload_deletes_the_file(world, lead_client, media):
    token = token_of(upload(lead_client, world.project, write_csv([person(1)])))
    url = reverse("participants:import_cancel", args=[world.project.slug, token])
    response = lead_client.post(url)
    assert response.status_code == 302
    assert waiting_files(media) == []
    assert confirm(lead_client, world.project, token).status_code == 404
    assert not Participant.objects.exists()


def test_old_uploads_are_swept_at_the_next_upload(world, lead_client, media):
    import os
    import time

    old = media / "imports" / ("0" * 32 + ".csv")
    old.parent.mkdir(parents=True, exist_ok=True)
    old.write_bytes(b"x")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    upload(lead_client, world.project, write_csv([person(1)]))
    assert not old.exists()


# Refused files ---------------------------------------------------------------------


def test_a_file_above_the_limit_is_refused_with_a_clear_message(world, lead_client, settings):
    settings.PARTICIPANT_IMPORT_MAX_BYTES = 1_000_000
    response = upload(lead_client, world.project, b"x" * 1_500_000)
    assert response.status_code == 200
    assert "The file is 1.5 MB; at most 1 MB can be uploaded." in response.content.decode()


def test_only_csv_and_xlsx_are_accepted(world, lead_client):
    response = upload(lead_client, world.project, b"a,b\n", name="liste.xls")
    assert "Only .csv and .xlsx files can be imported." in response.content.decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("external_id;first_name\nTN-1;Jörg\n".encode("latin-1"), "The file is not UTF-8 encoded"),
        (b"external_id,first_name,last_name\n", "Required column(s) missing: birth_date"),
        (write_csv([person(1)]).replace(b"postcode", b"plz", 1), "Unknown column(s): plz."),
    ],
    ids=["latin-1", "missing-column", "unknown-column"],
)
def test_an_unreadable_file_shows_one_clear_message(world, lead_client, content, message):
    response = upload(lead_client, world.project, content)
    page = lead_client.get(response["Location"]).content.decode()
    assert "The file cannot be read" in page
    assert message in page
    assert "Import now" not in page


# Organisation ----------------------------------------------------------------------


def test_a_lead_of_one_organisation_imports_into_it_without_choosing(world, lead_client):
    page = lead_client.get(upload_url(world.project)).content.decode()
    assert re.search(rf'type="hidden" name="organisation" value="{world.org_a.pk}"', page)
    response = upload(
        lead_client, world.project, write_csv([person(1)]), organisation=world.org_b.pk
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_a_platform_admin_chooses_the_organisation(world, login, platform_admin):
    client = login(platform_admin)
    page = client.get(upload_url(world.project)).content.decode()
    assert f'<option value="{world.org_b.pk}"' in page
    token = token_of(
        upload(client, world.project, write_csv([person(1)]), organisation=world.org_b.pk)
    )
    confirm(client, world.project, token)
    assert Participant.objects.get().organisation == world.org_b


# Export ----------------------------------------------------------------------------


def test_the_csv_download_is_the_list_and_is_recorded(world, lead_client):
    content = write_csv([person(1), exited(2)])
    confirm(lead_client, world.project, token_of(upload(lead_client, world.project, content)))
    ParticipantFactory(project=world.project, organisation=world.org_b, external_id="B-1")
    response = lead_client.get(export_url(world.project, "csv"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="teilnehmende-{world.project.slug}-'
    )
    assert response["Cache-Control"] == "no-store"
    assert response.content == content  # the partner's participant B-1 is not in it
    entry = AccessLogEntry.objects.get(action="export")
    assert entry.action == "export"
    assert entry.user.memberships.filter(role=Role.PROJECT_LEAD).exists()
    assert entry.project_id == world.project.pk
    assert entry.detail == "participant list (csv): 2 rows"


def test_the_xlsx_download_is_a_workbook(world, lead_client):
    from openpyxl import load_workbook

    confirm(
        lead_client,
        world.project,
        token_of(upload(lead_client, world.project, write_csv([person(1)]))),
    )
    response = lead_client.get(export_url(world.project, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert sheet.cell(row=2, column=1).value == "TN-001"
    assert AccessLogEntry.objects.filter(action="export").count() == 1


def test_an_unknown_export_format_is_not_found(world, lead_client):
    assert lead_client.get(export_url(world.project, "pdf")).status_code == 404


def test_a_long_list_of_problems_is_cut_and_counted(world, lead_client, monkeypatch):
    from quartier.participants.views import imports as import_views

    monkeypatch.setattr(import_views, "PROBLEMS_SHOWN", 1)
    content = write_csv([person(1, postcode="1"), person(2, postcode="2"), person(3, postcode="3")])
    page = lead_client.get(upload(lead_client, world.project, content)["Location"]).content.decode()
    assert "Problems found: 3. Nothing can be imported." in page
    assert page.count('<td data-label="Row">') == 1
    assert "… and 2 more (not shown)." in page


# Files as German Excel saves them ---------------------------------------------------


def test_german_excel_csv_utf8_with_semicolons_is_previewed(world, lead_client):
    from tests.participants.test_commands import excel_csv

    rows = [dataclasses.replace(person(n), first_name="Jörg", last_name="Weiß") for n in (1, 2)]
    response = upload(lead_client, world.project, excel_csv(rows, "utf-8"), name="Liste.csv")
    page = lead_client.get(response["Location"], follow=True).content.decode()
    assert "What the import will do" in page
    assert re.search(r"New participants</dt><dd>2</dd>", page)


def test_german_excel_csv_in_windows_1252_is_refused_saying_what_to_do(world, lead_client):
    from tests.participants.test_commands import excel_csv

    rows = [dataclasses.replace(person(1), first_name="Jörg", last_name="Weiß")]
    response = upload(lead_client, world.project, excel_csv(rows, "cp1252"), name="Liste.csv")
    preview = lead_client.get(response["Location"], follow=True)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "The file is not UTF-8 encoded (probably Windows-1252 from Excel)." in page
    assert "Import now" not in page
