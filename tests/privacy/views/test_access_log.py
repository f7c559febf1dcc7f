"""The access-log pages: who sees which entries (her organisations' participants and
staff), the filters, and the export (itself logged)."""

import csv
import io

import openpyxl
import pytest
from auditlog.context import disable_auditlog
from django.urls import reverse

from quartier.cases.models import Case
from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.services.access_log import access_log_record, access_log_scrub
from tests.factories import CaseFactory as AuditedCaseFactory

pytestmark = pytest.mark.django_db


def CaseFactory(**kwargs):  # noqa: N802
    """A case made without auditlog entries (so without the access log's change entries
    of its creation): the tests count only what they write."""
    with disable_auditlog():
        return AuditedCaseFactory(**kwargs)


URL = reverse("privacy:access_log")


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def setting(world):
    """A's worker read A's case, B's worker read B's case; C (other project) read C's."""
    case_a = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    case_b = CaseFactory(participant__project=world.project, participant__organisation=world.org_b)
    case_c = CaseFactory(
        participant__project=world.other_project, participant__organisation=world.org_c
    )
    worker_a = world.member(Role.CASE_WORKER, world.org_a)
    worker_b = world.member(Role.CASE_WORKER, world.org_b)
    worker_c = world.member(Role.CASE_WORKER, world.org_c, project=world.other_project)
    entries = {
        "a": access_log_record(actor=worker_a, action="view", record=case_a),
        "b": access_log_record(actor=worker_b, action="view", record=case_b),
        "c": access_log_record(actor=worker_c, action="view", record=case_c),
        "a_list": access_log_record(
            actor=worker_a, action="list", record=Case, detail="case list, 1 rows"
        ),
    }
    return case_a, case_b, worker_a, entries


def shown(response) -> set[int]:
    return {row.entry.pk for row in response.context["page"].object_list}


def test_the_dpo_sees_her_organisations_participants_and_staff(world, login, setting):
    _case_a, _case_b, _worker_a, entries = setting
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    response = login(dpo).get(URL)
    assert response.status_code == 200
    assert shown(response) == {entries["a"].pk, entries["a_list"].pk}
    assert b"access-log" in response.content


def test_another_organisations_dpo_sees_nothing_of_ours(world, login, setting):
    case_a, _case_b, worker_a, entries = setting
    dpo_b = world.member(Role.DATA_PROTECTION_OFFICER, world.org_b)
    client = login(dpo_b)
    assert shown(client.get(URL)) == {entries["b"].pk}
    assert shown(client.get(URL, {"participant": case_a.participant_id})) == set()
    response = client.get(URL, {"user": worker_a.pk})
    assert shown(response) == set()  # not her staff: not a choice (invalid filter)


def test_the_filters(world, login, setting):
    case_a, _case_b, worker_a, entries = setting
    admin = world.member(Role.ORGANISATION_ADMIN, world.org_a)
    client = login(admin)
    assert shown(client.get(URL, {"participant": case_a.participant_id})) == {entries["a"].pk}
    assert shown(client.get(URL, {"action": "list"})) == {entries["a_list"].pk}
    assert shown(client.get(URL, {"user": worker_a.pk})) == {entries["a"].pk, entries["a_list"].pk}
    today = entries["a"].at.date().isoformat()
    assert len(shown(client.get(URL, {"date_from": today, "date_to": today}))) == 2
    assert shown(client.get(URL, {"date_to": "2000-01-01"})) == set()
    assert shown(client.get(URL, {"project": world.other_project.pk})) == set()
    response = client.get(URL, {"action": "print"})
    assert b"No entry matches" in response.content


def test_the_row_shows_who_role_organisation_and_an_erased_detail(world, login, setting):
    case_a, _case_b, worker_a, _entries = setting
    access_log_record(actor=worker_a, action="view", record=case_a, detail="contacts")
    access_log_scrub(participant_id=case_a.participant_id)
    response = login(world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)).get(
        URL, {"participant": case_a.participant_id}
    )
    content = response.content.decode()
    assert worker_a.email in content or worker_a.full_name in content
    assert "Case worker" in content or "case worker" in content.lower()
    assert world.org_a.name in content
    assert "detail erased" in content
    assert case_a.participant.external_id in content


def test_case_staff_may_not_open_it(world, login, setting):
    assert login(world.member(Role.CASE_WORKER, world.org_a)).get(URL).status_code == 403


def test_the_empty_state(world, login):
    response = login(world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)).get(URL)
    assert b"No entries yet" in response.content


def test_the_csv_export_is_the_filtered_list_and_is_logged(world, login, setting):
    case_a, _case_b, _worker_a, _entries = setting
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    response = login(dpo).get(
        reverse("privacy:access_log_export", args=["csv"]), {"participant": case_a.participant_id}
    )
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][9] == str(case_a.participant_id)
    logged = AccessLogEntry.objects.order_by("-id").first()
    assert (logged.user, logged.action, logged.record_type) == (
        dpo,
        "export",
        "privacy.accesslogentry",
    )
    assert logged.participant_id == case_a.participant_id
    assert logged.detail == "access log csv, 1 rows"


def test_the_xlsx_export(world, login, setting):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    response = login(dpo).get(reverse("privacy:access_log_export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3  # header and A's two entries


def test_an_unknown_format_is_not_found(world, login):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    assert login(dpo).get(reverse("privacy:access_log_export", args=["pdf"])).status_code == 404
