"""The issue's promise end to end: import a file, change a case in the web UI, export
again, and get the same file with exactly that change."""

from dataclasses import replace
from datetime import date

from django.core.management import call_command
from django.urls import reverse

from quartier.cases.models import Case
from quartier.core.models import Role
from quartier.participants.listformat.writing import write_csv
from tests.participants.services.test_importing import exited, person
from tests.participants.test_commands import import_command


def test_import_change_in_the_ui_and_export_gives_the_file_with_that_change(
    world, tmp_path, client
):
    rows = [person(1), person(2), exited(3)]
    source = tmp_path / "liste.csv"
    source.write_bytes(write_csv(rows))
    import_command(source, "--project", world.project.slug)

    worker = world.member(Role.CASE_WORKER, world.org_a)
    client.force_login(worker, backend="django.contrib.auth.backends.ModelBackend")
    case = Case.objects.get(participant__external_id="TN-002")
    response = client.post(
        reverse("cases:case_exit", args=[case.pk]),
        {
            "expected_version": case.version,
            "exit_date": "2024-12-20",
            "exit_reason": "employment",
            "exit_job_searching": "no",
            "exit_education_training": "yes",
            "exit_qualification": "no",
            "exit_employed": "yes",
        },
    )
    assert response.status_code == 302

    exported = tmp_path / "export.csv"
    call_command("export_participants", "--project", world.project.slug, "--output", str(exported))
    expected = [
        rows[0],
        replace(
            rows[1],
            exit_date=date(2024, 12, 20),
            exit_job_searching="no",
            exit_education_training="yes",
            exit_qualification="no",
            exit_employed="yes",
        ),
        rows[2],
    ]
    assert exported.read_bytes() == write_csv(expected)
