"""The plan page of `cases.views.plans`."""

import pytest
from django.urls import reverse

from quartier.cases.models import Plan
from tests.cases.views.conftest import own_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_plan_form_creates_goals(world, worker, login):
    case = own_case(world)
    response = login(worker).post(
        reverse("cases:plan_edit", args=[case.pk]),
        {
            "expected_version": "0",
            "agreed_on": "2025-03-10",
            "summary": "",
            "goals-TOTAL_FORMS": "1",
            "goals-INITIAL_FORMS": "0",
            "goals-0-title": "Deutsch B1",
            "goals-0-status": "open",
            "goals-0-due_date": "2025-09-30",
        },
    )
    assert response.status_code == 302
    assert Plan.objects.get(case=case).goals.get().title == "Deutsch B1"
