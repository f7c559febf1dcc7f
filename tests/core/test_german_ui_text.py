"""The German UI shows no English text from Django or the packages: the blank choice of
a select, the audit log's admin, the access log's details."""

import re

import pytest
from django.db.models.fields import BLANK_CHOICE_LABEL
from django.urls import reverse
from django.utils import translation

from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.services.access_log import access_log_record


def test_the_blank_choice_reads_bitte_waehlen_in_german():
    with translation.override("de"):
        assert str(BLANK_CHOICE_LABEL) == "– Bitte wählen –"


@pytest.mark.django_db
def test_a_german_form_page_has_no_english_blank_choice(login, world):
    client = login(world.member(Role.CASE_WORKER))
    html = client.get(reverse("participants:intake"), HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "<select" in html
    assert "Select an option" not in html
    assert "– Bitte wählen –" in html


@pytest.mark.django_db
def test_the_audit_log_admin_is_german(client, platform_admin, world):
    from tests.factories import MembershipFactory

    MembershipFactory(project=world.project, role=Role.CASE_WORKER)
    client.force_login(platform_admin, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get("/admin/auditlog/logentry/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    for english in ("Resource", "Changes", "log entries", "Created "):
        assert english not in html, english


@pytest.mark.django_db
def test_access_log_details_read_in_german(client, platform_admin, world):
    from quartier.cases.models import Case

    case = Case(pk=42)
    access_log_record(actor=platform_admin, action="view", record=case, detail="contacts")
    access_log_record(
        actor=platform_admin, action="export", record=Case, detail="case list csv, 12 rows"
    )
    access_log_record(
        actor=platform_admin,
        action="view",
        record=Case,
        detail="attendance register of offer 7 on 2025-03-04",
    )
    assert AccessLogEntry.objects.count() == 3
    client.force_login(platform_admin, backend="django.contrib.auth.backends.ModelBackend")
    html = client.get("/admin/privacy/accesslogentry/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    # What a reader sees: the text, not the addresses and ids of the admin's links.
    html = re.sub(r'(href|id|class)="[^"]*"', "", html)
    assert "Beratungskontakte" in html
    assert "Fallliste (CSV), 12 Zeilen" in html
    assert "Anwesenheitsliste des Angebots 7 am 04.03.2025" in html
    for english in ("contacts", "case list", "rows", "attendance register", "cases.case"):
        assert english not in html, english


@pytest.mark.django_db
def test_audit_details_show_yes_no_and_empty_in_german(world):
    from auditlog.models import LogEntry

    from quartier.core.audit import describe
    from quartier.core.models import ProjectMember

    member = ProjectMember.objects.get(project=world.project, organisation=world.org_a)
    member.is_lead = False
    member.save()
    world.org_a.phone = "02325 123"
    world.org_a.save()
    world.org_a.phone = ""
    world.org_a.save()
    with translation.override("de"):
        lead_row = describe(LogEntry.objects.get_for_object(member).latest("pk"))
        phone_row = describe(LogEntry.objects.get_for_object(world.org_a).latest("pk"))
    assert ("federführender Träger", "ja", "nein") in lead_row.changes
    shown = [value for _, old, new in lead_row.changes + phone_row.changes for value in (old, new)]
    for english in ("True", "False", "None"):
        assert english not in shown
