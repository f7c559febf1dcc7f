"""The register of processing activities and the evaluators' export in the browser's
terms (privacy.views.register): who may open them (403 for a role without the
permission, 404 for a project the user has no role in), the register's content and print
style, the downloaded files opened: no names, months, suppression, stable pseudonyms,
logged with the row count."""

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry, RetentionRule
from tests.factories import DistrictFactory, FunderFactory
from tests.network.factories import PartnerFactory
from tests.privacy.dpo_support import case_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def register_url(project):
    return reverse("privacy:processing_register", args=[project.slug])


def export_url(project):
    return reverse("privacy:evaluation_export", args=[project.slug])


# The register ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.DATA_PROTECTION_OFFICER, Role.ORGANISATION_ADMIN, Role.PROJECT_LEAD]
)
def test_the_register_shows_the_projects_processing(world, login, role):
    PartnerFactory(
        project=world.project,
        organisation=world.org_a,
        partner_organisation__name="Brücke Hochfeld e.V.",
    )
    world.project.funders.add(FunderFactory(name="ESF Plus Bund"))
    RetentionRule.objects.create(
        project=world.project,
        scope="indicator_data",
        legal_basis="Audit trail of the programme",
        citation="Art. 82 VO (EU) 2021/1060",
        start_event="funded_period_end",
        duration_months=60,
    )
    page = login(world.member(role, world.org_a)).get(register_url(world.project))
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (
        "Register of processing activities",
        "Brücke Hochfeld e.V.",
        "ESF Plus Bund",
        "Art. 82 VO (EU) 2021/1060",
        "60 months after the end of the project",
        "Transfers to third countries",
        "Technical and organisational measures",
    ):
        assert expected in text, expected


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.EVALUATOR, Role.NETWORK_COACH])
def test_the_register_is_refused_to_other_roles(world, login, role):
    assert login(world.member(role, world.org_a)).get(register_url(world.project)).status_code == (
        403
    )


def test_another_projects_register_is_not_found(world, login):
    officer = world.member(Role.DATA_PROTECTION_OFFICER, world.org_a)
    assert login(officer).get(register_url(world.other_project)).status_code == 404


def test_the_register_prints_without_the_apps_frame(client):
    css = (
        __import__("pathlib").Path(__file__).resolve().parents[3]
        / "quartier/static/quartier/app.css"
    ).read_text()
    assert "@media print" in css
    assert ".site-header" in css.split("@media print", 1)[1]


# The evaluators' export -------------------------------------------------------------------


@pytest.fixture
def evaluator(world):
    return world.member(Role.EVALUATOR, world.org_b)


@pytest.fixture
def cases(world):
    marxloh = DistrictFactory(name="Marxloh")
    common = [
        case_of(
            world,
            last_name=f"Common{i}",
            gender="female",
            birth_date=date(1980, 1, 1),
            district=marxloh,
            entry_date=date(2025, 3, 3 + i),
        )
        for i in range(5)
    ]
    rare = case_of(
        world,
        world.org_b,
        last_name="Rareperson",
        gender="male",
        birth_date=date(1960, 1, 1),
        district=marxloh,
        entry_date=date(2025, 7, 1),
    )
    case_of(world, world.org_c, world.other_project, last_name="Otherproject")
    return common, rare


def test_the_export_page_explains_and_offers_both_formats(world, login, evaluator):
    page = login(evaluator).get(export_url(world.project))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Pseudonymised data for the evaluation" in text
    assert 'value="xlsx"' in text
    assert 'value="csv"' in text
    assert "k = 5" in text


def test_the_xlsx_has_a_readme_first_and_no_names(world, login, evaluator, cases):
    response = login(evaluator).post(export_url(world.project), {"file_format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="evaluation-')
    book = load_workbook(io.BytesIO(response.content))
    readme, data = book.worksheets
    assert readme.title == "Read me"
    assert data.title == "Data"
    readme_text = " ".join(str(c.value) for row in readme.iter_rows() for c in row if c.value)
    assert "k = 5" in readme_text
    assert "pseudonym" in readme_text
    rows = [[cell.value for cell in row] for row in data.iter_rows()]
    header, body = rows[0], rows[1:]
    assert len(body) == 6  # both organisations' cases of the project, not the other project
    everything = repr(rows)
    for name in ("Common0", "Rareperson", "Otherproject"):
        assert name not in everything
    records = [dict(zip(header, row, strict=True)) for row in body]
    common = [r for r in records if r["generalisation"] == "none"]
    assert len(common) == 5
    assert {r["entry_month"] for r in common} == {"2025-03"}
    assert {r["age_band"] for r in common} == {"30_54"}
    (rare,) = [r for r in records if r["generalisation"] == "suppressed"]
    assert [rare[c] for c in ("gender", "age_band", "district", "entry_month")] == ["*"] * 4


def test_the_csv_says_what_it_is_first(world, login, evaluator, cases):
    response = login(evaluator).post(export_url(world.project), {"file_format": "csv"})
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("# ")
    assert "k = 5" in lines[0]
    records = list(csv.DictReader(io.StringIO("\n".join(lines[1:]))))
    assert len(records) == 6
    assert all(len(r["entry_month"]) in (7, 1) for r in records)  # YYYY-MM, or "*"
    assert "Common0" not in response.content.decode("utf-8-sig")


def test_pseudonyms_are_the_same_in_two_exports(world, login, evaluator, cases):
    client = login(evaluator)

    def pseudonyms():
        response = client.post(export_url(world.project), {"file_format": "csv"})
        lines = response.content.decode("utf-8-sig").splitlines()[1:]
        return [r["pseudonym"] for r in csv.DictReader(io.StringIO("\n".join(lines)))]

    first, second = pseudonyms(), pseudonyms()
    assert first == second
    assert len(set(first)) == 6


def test_the_export_is_logged_with_its_row_count(world, login, evaluator, cases):
    login(evaluator).post(export_url(world.project), {"file_format": "xlsx"})
    entry = AccessLogEntry.objects.get(action="export", user=evaluator)
    assert entry.project_id == world.project.pk
    assert entry.detail == "pseudonymised evaluation data (xlsx): 6 rows"


@pytest.mark.parametrize(
    "role",
    [Role.DATA_PROTECTION_OFFICER, Role.PROJECT_LEAD, Role.CASE_WORKER, Role.ORGANISATION_ADMIN],
)
def test_only_evaluators_export(world, login, role):
    client = login(world.member(role, world.org_a))
    assert client.get(export_url(world.project)).status_code == 403
    assert client.post(export_url(world.project), {"file_format": "csv"}).status_code == 403
    assert not AccessLogEntry.objects.filter(action="export").exists()


def test_another_projects_evaluator_gets_not_found(world, login):
    other = world.member(Role.EVALUATOR, world.org_c, world.other_project)
    client = login(other)
    assert client.get(export_url(world.project)).status_code == 404
    assert client.post(export_url(world.project), {"file_format": "csv"}).status_code == 404


def test_an_unknown_format_shows_the_form_again(world, login, evaluator):
    response = login(evaluator).post(export_url(world.project), {"file_format": "pdf"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
