"""EECO19 in every form of the indicator report: `manage.py indicators` (JSON, CSV,
XLSX read back with openpyxl), the XLSX and PDF downloads (pypdf), the page and the
API; exact for project staff, "<5" for evaluators."""

import csv
import io
import json
import re
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from quartier.core import services
from quartier.core.models import Role
from tests.api.client import ApiClient
from tests.reports.factories_economy import employer, event, invite, service
from tests.reports.views.test_pages import table_rows

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]

LABEL = (
    "Number of micro, small and medium-sized enterprises "
    "(including cooperative and social enterprises) supported"
)
PERIOD = {"period": "custom", "date_from": "2024-01-01", "date_to": "2024-12-31"}


def support(project, smes: int) -> None:
    """`smes` SMEs supported in 2024 (half by service, the rest at an event), plus
    what never counts: a large company, a person-aimed service, an event without the
    flag, another project's SME."""
    workshop = event(project, date(2024, 6, 1))
    for number in range(smes):
        firm = employer(project, "micro" if number % 2 else "medium")
        if number % 2:
            service(firm, date(2024, 3, 1))
        else:
            invite(workshop, firm)
    service(employer(project, "large"), date(2024, 3, 1))
    service(employer(project, "small"), date(2024, 3, 1), aim="person")
    invite(event(project, date(2024, 6, 1), supports=False), employer(project, "small"))


@pytest.fixture
def three(world):
    support(world.project, 3)
    service(employer(world.other_project, "small"), date(2024, 3, 1))
    return world


@pytest.fixture
def seven(world):
    support(world.project, 7)
    return world


def command(project, file_format, **options) -> bytes | str:
    out = io.StringIO()
    call_command(
        "indicators",
        project=project.slug,
        date_from="2024-01-01",
        date_to="2024-12-31",
        file_format=file_format,
        stdout=out,
        **options,
    )
    return out.getvalue()


def test_command_json(three):
    data = json.loads(command(three.project, "json"))
    assert data["indicators"]["EECO19"] == {"total": 3}
    assert list(data["indicators"])[-1] == "EECO19"


def test_command_csv(three):
    rows = list(csv.reader(io.StringIO(command(three.project, "csv"))))
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["EECO19"] == ["EECO19", LABEL, "3", "", "", "", ""]
    codes = [row[0] for row in rows[1:]]
    assert codes.index("EECO19") == codes.index("EECR06") + 1


def test_command_xlsx(three, tmp_path):
    path = tmp_path / "indikatoren.xlsx"
    command(three.project, "xlsx", output=str(path))
    rows = list(load_workbook(path)["Indicators"].iter_rows(values_only=True))
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["EECO19"] == ("EECO19", LABEL, 3, None, None, None, None)


def _download(client, project, file_format):
    url = reverse("reports:indicator_report", args=[project.slug, file_format])
    return client.get(url, PERIOD)


def test_xlsx_download_has_the_row(three, login):
    lead = three.member(Role.PROJECT_LEAD, three.org_a)
    response = _download(login(lead), three.project, "xlsx")
    rows = [
        tuple(r)
        for r in load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(values_only=True)
    ]  # noqa: E501
    row = next(r for r in rows if r and r[0] == "EECO19")
    # German report: the genders, then the total; EECO19 has only the total.
    assert row[2:7] == (None, None, None, None, 3)
    assert "Unternehmen" in row[1] or "enterprises" in row[1]


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in reader.pages))


def test_pdf_download_has_the_row(three, login):
    lead = three.member(Role.PROJECT_LEAD, three.org_a)
    text = pdf_text(_download(login(lead), three.project, "pdf"))
    assert re.search(r"EECO19 .*?– – – – 3", text), text[text.find("EECO19") :][:300]
    assert text.find("EECR06") < text.find("EECO19")


def test_pdf_for_evaluators_shows_below_five(three, login):
    evaluator = three.member(Role.EVALUATOR, three.org_a)
    text = pdf_text(_download(login(evaluator), three.project, "pdf"))
    assert re.search(r"EECO19 .*?– – – – <5", text)


def test_xlsx_for_evaluators_shows_below_five_and_large_counts(three, seven, login):
    evaluator = seven.member(Role.EVALUATOR, seven.org_a)
    response = _download(login(evaluator), seven.project, "xlsx")
    rows = [
        tuple(r)
        for r in load_workbook(io.BytesIO(response.content))
        .worksheets[0]
        .iter_rows(values_only=True)
    ]  # noqa: E501
    row = next(r for r in rows if r and r[0] == "EECO19")
    assert row[6] == 10  # 3 + 7 SMEs: above the threshold, exact


def test_page_shows_eeco19_after_eecr06(three, login):
    lead = three.member(Role.PROJECT_LEAD, three.org_a)
    html = login(lead).get(reverse("reports:indicators", args=[three.project.slug]), PERIOD)
    rows = table_rows(
        html.content.decode(), "ESF Plus common indicators (Regulation (EU) 2021/1057, Annex I)"
    )
    assert rows["EECO19"] == [LABEL, "–", "–", "–", "–", "3"]
    assert list(rows)[-2:] == ["EECR06", "EECO19"]


def test_page_for_evaluators_shows_below_five(three, login):
    evaluator = three.member(Role.EVALUATOR, three.org_a)
    html = login(evaluator).get(reverse("reports:indicators", args=[three.project.slug]), PERIOD)
    rows = table_rows(
        html.content.decode(), "ESF Plus common indicators (Regulation (EU) 2021/1057, Annex I)"
    )
    assert rows["EECO19"][-1] == "&lt;5"


def api(client, user) -> ApiClient:
    return ApiClient(client, services.api_token_create(actor=user, user=user, name="t")[1])


def test_api_includes_eeco19(three, client):
    lead = three.member(Role.PROJECT_LEAD, three.org_a)
    response = api(client, lead).get(
        f"/api/v1/projects/{three.project.slug}/indicators", {"from": "2024-01-01"}
    )
    assert response.status_code == 200
    indicators = response.json()["indicators"]
    assert indicators["EECO19"] == {"total": 3}
    assert indicators["EECO01"].keys() == {"total", "women", "men", "non_binary", "not_stated"}


def test_api_for_evaluators_shows_below_five(three, client):
    evaluator = three.member(Role.EVALUATOR, three.org_a)
    response = api(client, evaluator).get(f"/api/v1/projects/{three.project.slug}/indicators")
    assert response.status_code == 200
    assert response.json()["indicators"]["EECO19"] == {"total": "<5"}
