"""The rules of `cases.services.assessments`."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from quartier.cases.models import Stage
from quartier.cases.services import assessments as assessment_services

pytestmark = pytest.mark.django_db


def test_first_assessment_moves_the_case_to_profiling(worker, case):
    assessment_services.assessment_create(
        actor=worker, case=case, date=date(2025, 3, 5), needs={"need_language": 3}
    )
    case.refresh_from_db()
    assert case.stage == Stage.PROFILING
    assert case.assessments.get().need_language == 3


def test_assessment_rating_above_three_is_refused(worker, case):
    with pytest.raises(ValidationError):
        assessment_services.assessment_create(
            actor=worker, case=case, date=date(2025, 3, 5), needs={"need_language": 4}
        )
    assert not case.assessments.exists()
