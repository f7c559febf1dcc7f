"""The erasure page (GET: what goes, what stays, why, until when; POST: erase) and the
erasure log page."""

import pytest
from django.urls import reverse
from django.utils import timezone

from quartier.core.models import Role
from quartier.participants.models import Participant
from quartier.privacy.models import AccessLogEntry, ErasureLogEntry, ErasureRequest, RetentionRule
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(world):
    case = CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name="Ilvanka",
        participant__last_name="Quellmoser",
        participant__email="ilvanka@example.org",
    )
    RetentionRule.objects.create(
        project=world.project,
        scope="indicator_data",
        legal_basis="The funder keeps the indicator data.",
        citation="Art. 82 VO (EU) 2021/1060",
        start_event="funded_period_end",
        duration_months=60,
    )
    return case.participant


def _post(client, person, **data):
    return client.post(
        reverse("privacy:person_erase", args=[person.pk]),
        {
            "received_on": timezone.localdate().isoformat(),
            "channel": "letter",
            "reason": "asked by letter",
            **data,
        },
    )


def test_get_shows_the_plan_and_changes_nothing(login, world, person):
    client = login(world.member(Role.DATA_PROTECTION_OFFICER))
    page = client.get(reverse("privacy:person_erase", args=[person.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="erased-now"' in html
    assert 'id="kept"' in html
    assert "Art. 82 VO (EU) 2021/1060" in html
    assert 'name="confirm"' in html
    assert Participant.objects.get(pk=person.pk).last_name == "Quellmoser"
    assert not ErasureRequest.objects.exists()
    assert AccessLogEntry.objects.filter(record_id=person.pk, action="view").exists()


def test_post_without_the_confirmation_erases_nothing(login, world, person):
    client = login(world.member(Role.DATA_PROTECTION_OFFICER))
    assert _post(client, person).status_code == 200
    assert Participant.objects.get(pk=person.pk).last_name == "Quellmoser"


def test_post_erases_and_a_double_submit_gets_a_message(login, world, person):
    client = login(world.member(Role.DATA_PROTECTION_OFFICER))
    response = _post(client, person, confirm="on")
    assert response.status_code == 302
    # The result: what is kept, why and until when, to tell the person.
    result = client.get(response["Location"]).content.decode()
    assert 'id="already-erased"' in result
    assert "Art. 82 VO (EU) 2021/1060" in result
    assert "Quellmoser" not in result
    erased = Participant.objects.get(pk=person.pk)
    assert erased.first_name == "Gelöscht"
    assert erased.email == ""
    assert ErasureRequest.objects.get().state == "anonymised"
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the message is read in English
    again = client.post(
        reverse("privacy:person_erase", args=[person.pk]),
        {"received_on": timezone.localdate().isoformat(), "channel": "letter", "confirm": "on"},
        follow=True,
    )
    assert again.status_code == 200
    assert "already erased" in again.content.decode()
    assert ErasureRequest.objects.count() == 1


def test_a_future_request_date_is_refused(login, world, person):
    client = login(world.member(Role.DATA_PROTECTION_OFFICER))
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    response = _post(client, person, confirm="on", received_on=tomorrow.isoformat())
    assert response.status_code == 200
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize("role", [Role.CASE_WORKER, Role.PROJECT_LEAD, Role.EVALUATOR])
def test_other_roles_get_404(login, world, person, role):
    client = login(world.member(role))
    assert _post(client, person, confirm="on").status_code == 404
    assert Participant.objects.get(pk=person.pk).last_name == "Quellmoser"


def test_another_organisations_dpo_gets_404(login, world, person):
    client = login(world.member(Role.DATA_PROTECTION_OFFICER, organisation=world.org_b))
    assert client.get(reverse("privacy:person_erase", args=[person.pk])).status_code == 404
    assert _post(client, person, confirm="on").status_code == 404


def test_the_erasure_log_lists_steps_without_the_name_scoped_and_filtered(login, world, person):
    dpo = world.member(Role.DATA_PROTECTION_OFFICER)
    client = login(dpo)
    _post(client, person, confirm="on")
    ErasureLogEntry.objects.create(
        project_id=world.other_project.pk,
        object_type="cases.case",
        pseudonym="f" * 32,
        step="anonymised",
        rule="other project",
    )
    page = client.get(reverse("privacy:erasure_log"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "participants.participant" in html
    assert "Quellmoser" not in html
    assert "other project" not in html
    filtered = client.get(reverse("privacy:erasure_log"), {"step": "deleted"}).content.decode()
    assert "participants.participant" not in filtered


def test_the_erasure_log_is_for_privacy_roles(login, world):
    client = login(world.member(Role.CASE_WORKER))
    assert client.get(reverse("privacy:erasure_log")).status_code == 403
