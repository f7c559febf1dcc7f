"""The printable consent form and plan: real PDFs, read back with pypdf; scoping; no network."""

import io
import re
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from quartier.core.models import Role
from quartier.core.pdf import PDF_BASE_URL, LocalStaticFetcher, RefusedResource, render_pdf
from quartier.participants.models import ConsentText
from quartier.privacy.models import AccessLogEntry
from tests.factories import (
    CaseFactory,
    FunderFactory,
    GoalFactory,
    ParticipantFactory,
    PlanFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    # Line breaks and justified spacing are layout, not content.
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def case(world):
    world.org_a.name = "Beschäftigungsträger Nord e.V."
    world.org_a.street = "Hauptstraße 12"
    world.org_a.postcode = "44649"
    world.org_a.city = "Herne"
    world.org_a.save()
    world.org_b.name = "Stadtteilbüro Süd"
    world.org_b.save()
    world.project.name = "Arbeit im Quartier Herne-Mitte"
    world.project.save()
    world.project.funders.add(
        FunderFactory(name="Europäischer Sozialfonds Plus", programme="BIWAQ"),
    )
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name="Aylin",
        participant__last_name="Demir",
        participant__birth_date=date(1991, 4, 7),
    )


# Consent form --------------------------------------------------------------------------


def consent_url(participant) -> str:
    return reverse("cases:consent_form_pdf", args=[participant.pk])


def test_consent_form_prints_project_person_and_project_texts(world, case, worker, login):
    ConsentText.objects.create(
        project=world.project,
        purpose="counselling",
        text_version="2.1",
        text="Wir speichern Ihre Angaben in der Fallakte des Quartiersbüros.",
        valid_from=date(2025, 1, 1),
    )
    response = login(worker).get(consent_url(case.participant))
    assert response.status_code == 200
    text = pdf_text(response)
    for expected in (
        "Einwilligungserklärung",
        "Arbeit im Quartier Herne-Mitte",
        "Beschäftigungsträger Nord e.V.",
        "Hauptstraße 12",
        "44649 Herne",
        "Europäischer Sozialfonds Plus",
        "Aylin Demir",
        "07.04.1991",
        "Wir speichern Ihre Angaben in der Fallakte des Quartiersbüros.",
        "Textfassung: 2.1",
        "Stadtteilbüro Süd",  # the partner organisation for partner sharing
        "widerrufen",
        "Ort, Datum",
        "Unterschrift",
    ):
        assert expected in text, expected
    # A ja/nein choice for four purposes and for the one partner organisation.
    assert text.count(" nein") >= 5
    # The other five purposes (feedback from a partner among them) have no project
    # text: the default text is printed.
    assert text.count("Textfassung: Standardtext 1.0") == 5
    assert "Fotos" in text
    assert "sechs Monate nach meinem Austritt" in text


def test_consent_form_uses_the_newest_text_in_force(world, case, worker, login):
    today = timezone.localdate()
    for version, valid_from, wording in (
        ("1.0", date(2024, 1, 1), "Alte Fassung zur Beratung."),
        ("2.0", today, "Neue Fassung zur Beratung."),
        ("3.0", today + timedelta(days=30), "Künftige Fassung zur Beratung."),
    ):
        ConsentText.objects.create(
            project=world.project,
            purpose="counselling",
            text_version=version,
            text=wording,
            valid_from=valid_from,
        )
    ConsentText.objects.create(
        project=world.other_project,
        purpose="photos",
        text_version="9.9",
        text="Text eines anderen Projekts.",
    )
    text = pdf_text(login(worker).get(consent_url(case.participant)))
    assert "Neue Fassung zur Beratung." in text
    assert "Textfassung: 2.0" in text
    assert "Alte Fassung" not in text
    assert "Künftige Fassung" not in text
    assert "anderen Projekts" not in text


def test_printing_the_consent_form_is_logged(case, worker, login):
    login(worker).get(consent_url(case.participant))
    entry = AccessLogEntry.objects.get(action="print")
    assert (entry.user, entry.record_type, entry.record_id) == (
        worker,
        "participants.participant",
        case.participant.pk,
    )
    assert (entry.project_id, entry.organisation_id) == (case.project_id, case.organisation_id)


def test_a_minor_gets_a_line_for_the_guardian(world, worker, login):
    young = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__birth_date=timezone.localdate().replace(year=timezone.localdate().year - 16),
    )
    text = pdf_text(login(worker).get(consent_url(young.participant)))
    assert "Erziehungsberechtigten" in text


def test_consent_form_can_be_printed_at_intake_before_the_case_exists(world, worker, login):
    participant = ParticipantFactory(
        project=world.project, organisation=world.org_a, first_name="Mira", last_name="Koch"
    )
    response = login(worker).get(consent_url(participant))
    assert response.status_code == 200
    assert "Mira Koch" in pdf_text(response)


def test_consent_form_of_another_organisation_or_project_is_404(world, case, login):
    partner_worker = world.member(Role.CASE_WORKER, world.org_b)
    assert login(partner_worker).get(consent_url(case.participant)).status_code == 404
    other_project = CaseFactory(participant__project=world.other_project)
    own = world.member(Role.CASE_WORKER, world.org_a)
    assert login(own).get(consent_url(other_project.participant)).status_code == 404
    assert not AccessLogEntry.objects.filter(action="print").exists()


@pytest.mark.parametrize("role", [Role.EVALUATOR, Role.NETWORK_COACH])
def test_roles_without_case_access_cannot_print_the_consent_form(world, case, login, role):
    user = world.member(role, world.org_a)
    assert login(user).get(consent_url(case.participant)).status_code == 404


# Plan ----------------------------------------------------------------------------------


def plan_url(case) -> str:
    return reverse("cases:plan_pdf", args=[case.pk])


def test_plan_pdf_prints_goals_summary_and_signature_lines(case, worker, login):
    case.responsible = UserFactory(full_name="Jonas Coach")
    case.save()
    plan = PlanFactory(
        case=case,
        agreed_on=date(2025, 3, 15),
        summary="Frau Demir möchte in der Pflege arbeiten.",
    )
    GoalFactory(
        plan=plan,
        title="Sprachkurs B2 abschließen",
        steps="Anmeldung bei der VHS",
        responsible="Teilnehmerin",
        due_date=date(2025, 9, 30),
        position=1,
    )
    GoalFactory(plan=plan, title="Praktikum im Seniorenheim finden", position=2)
    response = login(worker).get(plan_url(case))
    assert response.status_code == 200
    text = pdf_text(response)
    for expected in (
        "Förderplan",
        "Arbeit im Quartier Herne-Mitte",
        "Beschäftigungsträger Nord e.V.",
        "Aylin Demir",
        "15.03.2025",
        "Frau Demir möchte in der Pflege arbeiten.",
        "Sprachkurs B2 abschließen",
        "Anmeldung bei der VHS",
        "30.09.2025",
        "Praktikum im Seniorenheim finden",
        "Jonas Coach",
        "Ort, Datum",
    ):
        assert expected in text, expected
    assert text.index("Sprachkurs B2") < text.index("Praktikum im Seniorenheim")
    entry = AccessLogEntry.objects.get(action="print")
    assert (entry.record_type, entry.record_id, entry.detail) == ("cases.case", case.pk, "plan pdf")


def test_plan_pdf_without_a_plan_goes_back_to_the_case_with_a_message(case, worker, login):
    response = login(worker).get(plan_url(case))
    assert response.status_code == 302
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    [message] = list(get_messages(response.wsgi_request))
    assert "plan" in str(message).lower()
    assert not AccessLogEntry.objects.filter(action="print").exists()


def test_plan_pdf_of_a_foreign_case_is_404(world, case, login):
    PlanFactory(case=case)
    partner_worker = world.member(Role.CASE_WORKER, world.org_b)
    assert login(partner_worker).get(plan_url(case)).status_code == 404
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    assert login(evaluator).get(plan_url(case)).status_code == 404


# No network ------------------------------------------------------------------------------


def test_fetcher_serves_local_static_files():
    response = LocalStaticFetcher().fetch(f"{PDF_BASE_URL}static/documents/pdf.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/logo.png",
        "http://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        f"{PDF_BASE_URL}static/../../config/settings.py",
        f"{PDF_BASE_URL}static/%2e%2e/%2e%2e/config/settings.py",
        f"{PDF_BASE_URL}media/cases/1/secret",
        "ftp://example.org/x.css",
    ],
)
def test_fetcher_refuses_everything_else(url):
    with pytest.raises(RefusedResource):
        LocalStaticFetcher().fetch(url)


@pytest.fixture
def http_server():
    """A web server on the loopback address that answers every GET with a tiny
    stylesheet and records the paths asked for: what a PDF rendering fetched."""
    requested = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            requested.append(self.path)
            body = b"p { color: red }"
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def test_render_pdf_skips_remote_resources_without_fetching(http_server, tmp_path, settings):
    # WeasyPrint catches whatever a fetcher raises and skips the resource, so an
    # assertion inside a fetch would be swallowed: the server records what reached it,
    # and the test asserts afterwards that nothing did.
    base, requested = http_server
    template_dir = tmp_path / "templates"
    (template_dir / "t").mkdir(parents=True)
    (template_dir / "t" / "remote.html").write_text(
        f'<html><head><link rel="stylesheet" href="{base}/x.css"></head>'
        f'<body><p>Hallo {{{{ name }}}}</p><img src="{base}/pixel.png"></body></html>'
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [template_dir, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    pdf = render_pdf("t/remote.html", {"name": "Welt"})
    assert pdf.startswith(b"%PDF")
    assert "Hallo Welt" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert requested == []


def test_the_server_sees_what_a_rendering_without_the_fetcher_fetches(http_server):
    # The check above can fail: WeasyPrint's own fetcher does reach the server.
    from weasyprint import HTML

    base, requested = http_server
    HTML(string=f'<link rel="stylesheet" href="{base}/x.css"><p>x</p>').write_pdf()
    assert requested == ["/x.css"]
