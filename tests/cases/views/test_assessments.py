"""The pages of `cases.views.assessments`: the form and the comparison."""

import pytest
from django.urls import reverse

from tests.cases.views.conftest import own_case

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


def test_assessment_form_and_comparison(world, worker, login):
    case = own_case(world)
    client = login(worker)
    for day, language in (("2025-03-05", "3"), ("2025-06-05", "1")):
        data = {
            "date": day,
            **dict.fromkeys(
                (
                    "need_language",
                    "need_childcare",
                    "need_health",
                    "need_debts",
                    "need_housing",
                    "need_mobility",
                    "need_digital",
                    "need_residence",
                    "need_stability",
                    "need_basic_skills",
                ),
                "0",
            ),
        }
        data["need_language"] = language
        assert (
            client.post(reverse("cases:assessment_create", args=[case.pk]), data).status_code == 302
        )
    text = client.get(reverse("cases:assessment_list", args=[case.pk])).text
    assert "05.03.2025" in text
    assert "05.06.2025" in text
    assert "↓ -2" in text
