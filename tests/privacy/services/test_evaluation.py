"""The evaluators' export service (privacy.services.evaluation): only the project's
evaluators, only CSV or XLSX, logged in the access log with the number of rows."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from quartier.core.models import Role
from quartier.privacy.models import AccessLogEntry
from quartier.privacy.services.evaluation import evaluation_export
from tests.privacy.dpo_support import case_of

pytestmark = pytest.mark.django_db


def test_an_evaluator_gets_the_file_and_the_export_is_logged(world):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    case_of(world)
    export = evaluation_export(actor=evaluator, project=world.project, file_format="xlsx")
    assert export.rows == 1
    assert export.content.startswith(b"PK")
    assert export.filename.endswith(".xlsx")
    assert world.project.slug in export.filename
    entry = AccessLogEntry.objects.get(action="export")
    assert (entry.user, entry.record_type, entry.project_id) == (
        evaluator,
        "cases.case",
        world.project.pk,
    )


def test_the_project_lead_may_not(world):
    lead = world.member(Role.PROJECT_LEAD, world.org_a)
    with pytest.raises(PermissionDenied):
        evaluation_export(actor=lead, project=world.project, file_format="csv")
    assert not AccessLogEntry.objects.exists()


def test_an_evaluator_of_another_project_may_not(world):
    other = world.member(Role.EVALUATOR, world.org_c, world.other_project)
    with pytest.raises(PermissionDenied):
        evaluation_export(actor=other, project=world.project, file_format="csv")


def test_only_csv_and_xlsx(world):
    evaluator = world.member(Role.EVALUATOR, world.org_a)
    with pytest.raises(ValidationError):
        evaluation_export(actor=evaluator, project=world.project, file_format="pdf")
