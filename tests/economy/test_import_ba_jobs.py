"""manage.py import_ba_jobs and the daily job, against the local stand-in server."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from quartier.core.jobs import daily_jobs
from quartier.economy.models import JobImportRun, Vacancy
from tests.economy.ba_server import answer, ba_server_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_command_imports(world, ba_server, capsys):
    ba_server.on_page(1, answer("v4_page1.json"))
    ba_server.on_page(2, answer("v4_page2.json"))
    call_command(
        "import_ba_jobs",
        "--project",
        world.project.slug,
        "--postcode",
        "44649",
        "--radius",
        "10",
        "--kind",
        "job",
    )
    assert "4 vacancies seen, 4 new" in capsys.readouterr().out
    assert Vacancy.objects.filter(project=world.project, organisation=world.org_a).count() == 4


def test_command_without_kind_asks_for_each_kind(world, ba_server):
    ba_server.on_page(1, answer("v6_page1.json"))
    call_command("import_ba_jobs", "--project", world.project.slug, "--postcode", "07747")
    assert [r["params"]["angebotsart"] for r in ba_server.requests] == ["1", "2", "4", "34"]


def test_command_failure_is_one_line_and_exit_status_1(world, ba_server, capsys, monkeypatch):
    ba_server.on_page(1, answer("error_500.html", 500))
    # As on the command line, but the command's closing of the database connections at
    # its end would close the test's transaction on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as raised:
        _run_as_cli(world)
    assert raised.value.code == 1
    error = capsys.readouterr().err.strip()
    assert "\n" not in error
    assert "answered 500" in error
    assert JobImportRun.objects.get().status == JobImportRun.Status.FAILED
    assert not Vacancy.objects.exists()


def _run_as_cli(world):
    from django.core.management import ManagementUtility

    ManagementUtility(
        ["manage.py", "import_ba_jobs", "--project", world.project.slug, "--postcode", "44649"]
    ).execute()


def test_command_error_message(world, ba_server):
    ba_server.on_page(1, answer("malformed.json"))
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("import_ba_jobs", "--project", world.project.slug, "--postcode", "44649")


def test_unknown_project(db):
    with pytest.raises(CommandError, match="No project"):
        call_command("import_ba_jobs", "--project", "nope", "--postcode", "44649")


def test_daily_job_is_registered():
    assert "ba_job_import" in {job.name for job in daily_jobs()}
