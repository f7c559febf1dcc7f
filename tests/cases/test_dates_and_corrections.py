"""Dates that cannot be right are refused or questioned, and a wrong Potenzialanalyse
can be corrected with the change in the audit log."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.urls import reverse

from quartier.cases.models import Assessment, FollowUp
from quartier.cases.services import follow_ups as follow_up_services
from quartier.core.models import Role
from tests.factories import AssessmentFactory, CaseFactory, FollowUpFactory
from tests.page_forms import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_pages")]


# Follow-ups before the entry -------------------------------------------------------


def test_service_refuses_a_follow_up_due_before_the_entry(case, worker):
    with pytest.raises(ValidationError) as error:
        follow_up_services.follow_up_create(
            actor=worker, case=case, due_date=date(2025, 2, 28), title="x"
        )
    assert "due_date" in error.value.message_dict
    assert "01.03.2025" in error.value.message_dict["due_date"][0]
    assert not FollowUp.objects.exists()
    on_entry = follow_up_services.follow_up_create(
        actor=worker, case=case, due_date=date(2025, 3, 1), title="Erstgespräch"
    )
    assert on_entry.pk


def test_service_refuses_moving_a_follow_up_before_the_entry(case, worker):
    follow_up = FollowUpFactory(case=case, due_date=date(2025, 4, 1))
    with pytest.raises(ValidationError):
        follow_up_services.follow_up_update(
            actor=worker,
            follow_up=follow_up,
            expected_version=follow_up.version,
            data={"due_date": date(2024, 12, 1)},
        )
    follow_up.refresh_from_db()
    assert follow_up.due_date == date(2025, 4, 1)


def test_follow_up_page_names_the_entry_date_at_the_field(case, worker, login):
    client = login(worker)
    url = reverse("cases:follow_up_create", args=[case.pk])
    data = form_data(client.get(url).text, containing="due_date")
    data.update(due_date="2025-01-15", title="Unterlagen anfordern")
    response = client.post(url, data)
    assert response.status_code == 200
    assert 'id="id_due_date_error"' in response.text
    assert "before the entry date (01.03.2025)" in response.text
    assert 'class="error-summary"' in response.text
    assert not FollowUp.objects.exists()


def test_api_refuses_a_follow_up_before_the_entry(case, worker, client):
    from quartier.core import services as core_services

    key = core_services.api_token_create(actor=worker, user=worker, name="t")[1]
    response = client.post(
        "/api/v1/follow-ups/",
        {"case": case.pk, "due_date": "2025-01-15", "title": "x"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert 400 <= response.status_code < 500
    assert not FollowUp.objects.exists()


# A second assessment on the same day ----------------------------------------------


def new_assessment(client, case, **changes):
    url = reverse("cases:assessment_create", args=[case.pk])
    data = form_data(client.get(url).text, containing="date", changes=changes)
    return client.post(url, data)


def test_a_second_assessment_on_the_same_day_must_be_confirmed(case, worker, login):
    AssessmentFactory(case=case, date=date(2025, 3, 10))
    client = login(worker)
    response = new_assessment(client, case, date="2025-03-10", need_health="3")
    assert response.status_code == 200
    assert "already an assessment of 10.03.2025" in response.text
    assert 'name="confirm_same_day"' in response.text
    assert Assessment.objects.count() == 1
    response = new_assessment(client, case, date="2025-03-10", confirm_same_day="on")
    assert response.status_code == 302
    assert Assessment.objects.count() == 2


def test_an_assessment_on_another_day_needs_no_confirmation(case, worker, login):
    AssessmentFactory(case=case, date=date(2025, 3, 10))
    client = login(worker)
    response = new_assessment(client, case, date="2025-03-11")
    assert response.status_code == 302
    assert Assessment.objects.count() == 2


def test_the_confirmation_is_not_offered_without_a_same_day_assessment(case, worker, login):
    page = login(worker).get(reverse("cases:assessment_create", args=[case.pk])).text
    assert 'name="confirm_same_day"' not in page


# Correcting an assessment -----------------------------------------------------------


def edit_url(assessment) -> str:
    return reverse("cases:assessment_edit", args=[assessment.case_id, assessment.pk])


def test_assessment_list_links_to_the_correction(case, worker, login):
    assessment = AssessmentFactory(case=case)
    page = login(worker).get(reverse("cases:assessment_list", args=[case.pk])).text
    assert edit_url(assessment) in page


def test_correcting_an_assessment_saves_it_and_logs_the_change(case, worker, login):
    assessment = AssessmentFactory(case=case, date=date(2025, 3, 10), need_language=2)
    client = login(worker)
    page = client.get(edit_url(assessment))
    assert page.status_code == 200
    data = form_data(
        page.text, containing="expected_version", need_language="0", notes="Tippfehler"
    )
    response = client.post(edit_url(assessment), data)
    assert response.status_code == 302, response.text
    assessment.refresh_from_db()
    assert (assessment.need_language, assessment.notes) == (0, "Tippfehler")
    assert assessment.version == 2
    entry = LogEntry.objects.get_for_object(assessment).filter(action=LogEntry.Action.UPDATE).get()
    assert entry.actor == worker
    assert entry.changes_dict["need_language"] == ["2", "0"]
    assert entry.changes_dict["notes"] == ["", "Tippfehler"]


def test_correcting_the_skills_is_logged(case, worker, login):
    from quartier.cases.models import Skill

    skill = Skill.objects.create(name="Teamarbeit", category="social")
    assessment = AssessmentFactory(case=case)
    client = login(worker)
    data = form_data(client.get(edit_url(assessment)).text, containing="expected_version")
    data["skills"] = [str(skill.pk)]
    assert client.post(edit_url(assessment), data).status_code == 302
    assert list(assessment.skills.all()) == [skill]
    entries = LogEntry.objects.get_for_object(assessment)
    assert any("skills" in (entry.changes_dict or {}) for entry in entries)


def test_a_stale_correction_is_refused_and_shows_what_changed(case, worker, login):
    assessment = AssessmentFactory(case=case, need_health=0)
    client = login(worker)
    data = form_data(client.get(edit_url(assessment)).text, containing="expected_version")
    # Someone else corrects it meanwhile.
    assessment.need_health = 3
    assessment.save()
    data["need_health"] = "1"
    response = client.post(edit_url(assessment), data)
    assert response.status_code == 200
    assert "What was changed meanwhile" in response.text
    assessment.refresh_from_db()
    assert assessment.need_health == 3


def test_correcting_to_the_day_of_another_assessment_must_be_confirmed(case, worker, login):
    AssessmentFactory(case=case, date=date(2025, 3, 10))
    later = AssessmentFactory(case=case, date=date(2025, 6, 10))
    client = login(worker)
    data = form_data(client.get(edit_url(later)).text, containing="expected_version")
    data["date"] = "2025-03-10"
    response = client.post(edit_url(later), data)
    assert response.status_code == 200
    assert 'name="confirm_same_day"' in response.text
    data["confirm_same_day"] = "on"
    assert client.post(edit_url(later), data).status_code == 302
    later.refresh_from_db()
    assert later.date == date(2025, 3, 10)


def test_keeping_the_own_date_needs_no_confirmation(case, worker, login):
    assessment = AssessmentFactory(case=case, date=date(2025, 3, 10))
    client = login(worker)
    data = form_data(client.get(edit_url(assessment)).text, containing="expected_version")
    assert client.post(edit_url(assessment), data).status_code == 302


def test_another_organisation_cannot_correct_an_assessment(case, world, login):
    assessment = AssessmentFactory(case=case)
    partner = world.member(Role.CASE_WORKER, world.org_b)
    assert login(partner).get(edit_url(assessment)).status_code == 404


def test_an_assessment_of_another_case_is_not_found_under_this_case(case, world, worker, login):
    other = CaseFactory(participant__project=world.project, participant__organisation=world.org_a)
    assessment = AssessmentFactory(case=other)
    url = reverse("cases:assessment_edit", args=[case.pk, assessment.pk])
    assert login(worker).get(url).status_code == 404
