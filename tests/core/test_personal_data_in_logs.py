"""No personal data in the application's logs or error pages.

With DEBUG off (as in production), errors are triggered on a participant's pages: an
unhandled exception inside the case page (forced with monkeypatch), a 404 whose URL
carries the participant's name, a form sent back with errors (the name, e-mail, phone
and street in the POST), a search by name, a forbidden page. Everything logged meanwhile
(every logger, every level, with tracebacks, formatted as the console handler does)
and every answer's body must not contain the participant's name, e-mail, phone or street.
"""

import logging

import pytest
from django.test import Client
from django.urls import reverse

from quartier.cases.selectors import case_page as case_page_selectors
from quartier.core.models import Role
from tests.factories import CaseFactory

FIRST, LAST = "Zoranka", "Leakowskaja"
EMAIL, PHONE, STREET = "zoranka.leak@example.org", "0151 99887766", "Geheimweg 17"
SECRETS = (FIRST, LAST, EMAIL, PHONE, STREET, "Geheimweg", "99887766")


@pytest.fixture
def case(world):
    return CaseFactory(
        participant__project=world.project,
        participant__organisation=world.org_a,
        participant__first_name=FIRST,
        participant__last_name=LAST,
        participant__email=EMAIL,
        participant__phone=PHONE,
        participant__street=STREET,
    )


def _log_text(records) -> str:
    """As the configured handlers write them (settings.LOGGING: the message and the
    traceback; the `request` object Django attaches is written by no handler)."""
    formatter = logging.Formatter("%(name)s %(levelname)s %(message)s %(pathname)s")
    return "\n".join(formatter.format(record) for record in records)


def _leaks(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret.lower() in text.lower()]


@pytest.fixture
def worker_client(world, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(
        world.member(Role.CASE_WORKER, world.org_a),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return client


@pytest.mark.django_db
def test_an_error_on_the_case_page_logs_no_personal_data(case, worker_client, caplog, monkeypatch):
    def broken(*, case):
        raise RuntimeError("forced error in the case page")

    monkeypatch.setattr(case_page_selectors, "case_overview", broken)
    with caplog.at_level(logging.DEBUG):
        response = worker_client.get(reverse("cases:case_detail", args=[case.pk]))
    assert response.status_code == 500
    assert any(r.levelno >= logging.ERROR and r.exc_info for r in caplog.records), "not logged"
    assert _leaks(_log_text(caplog.records)) == []
    assert _leaks(response.content.decode()) == []


@pytest.mark.django_db
def test_a_404_with_the_name_in_the_url_logs_no_name(case, worker_client, caplog):
    with caplog.at_level(logging.DEBUG):
        responses = [
            worker_client.get(f"/teilnehmende/{FIRST}-{LAST}/"),
            worker_client.get(f"/faelle/{case.pk}/{FIRST}%20{LAST}/"),
            worker_client.get(f"/faelle/{FIRST}.{LAST}@example.org/"),
            worker_client.get(f"/api/v1/participants/{LAST}/", HTTP_AUTHORIZATION="Bearer x"),
        ]
    assert [r.status_code for r in responses] == [404, 404, 404, 404]
    assert _leaks(_log_text(caplog.records)) == []
    for response in responses:
        # The page's language switch returns to the URL the user typed: that echo is
        # the user's own input, shown to no one else; nothing else may name the person.
        body = response.content.decode().replace(response.wsgi_request.get_full_path(), "")
        assert _leaks(body) == []


@pytest.mark.django_db
def test_a_form_with_errors_and_a_search_log_no_personal_data(case, worker_client, caplog):
    participant = case.participant
    with caplog.at_level(logging.DEBUG):
        response = worker_client.post(
            reverse("participants:participant_edit", args=[participant.pk]),
            {
                "first_name": FIRST,
                "last_name": LAST,
                "email": EMAIL,
                "phone": PHONE,
                "street": STREET,
                "birth_date": "2025-02-30",
                "version": "not a number",
            },
        )
        search = worker_client.get(reverse("cases:case_list"), {"q": LAST})
    assert response.status_code in (200, 400, 409)
    assert search.status_code == 200
    assert _leaks(_log_text(caplog.records)) == []


@pytest.mark.django_db
def test_a_forbidden_case_logs_no_personal_data(case, world, settings, caplog):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(
        world.member(Role.CASE_WORKER, world.org_b),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    with caplog.at_level(logging.DEBUG):
        for name in ("cases:case_detail", "cases:case_edit"):
            response = client.get(reverse(name, args=[case.pk]))
            assert response.status_code == 404
            assert _leaks(response.content.decode()) == []
    assert _leaks(_log_text(caplog.records)) == []
