"""Fuzzing the API with schemathesis: every operation of /api/v1/openapi.json, on demo data,
with a case worker's token and with a project lead's.

schemathesis generates requests from the OpenAPI description, valid ones and invalid
ones (wrong types, huge numbers, NUL characters, times with offsets, …), and sends them
to the Django app through WSGI. No answer may be a server error, and every answer must
match the description (status code, content type, body). The examples are derandomized
and bounded per operation, so every run sends the same requests and the module takes
about two minutes of CPU; it runs in `make test` and `make test-postgres` (and so in
`make ci`). While working on something else, `-m "not e2e and not fuzz"` skips it.
"""

import pytest
import schemathesis
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from quartier.core import services
from quartier.core.models import Membership, Role

#: Random examples per operation and token (every operation of the description, 2 tokens;
#: a new endpoint is fuzzed as soon as it is described).
EXAMPLES = 8

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """A small demo (the demo projects with their staff, 24 participants with their cases,
    offers, enrolments), rolled back after the module. The app is called through WSGI,
    whose request signals would close the test's connection and with it the open
    transaction: they are off meanwhile."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            call_command("seed_demo", "--participants", "24", "--seed", "3")
            yield
            transaction.set_rollback(True)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(demo, django_db_blocker):
    """A bearer token of a case worker and one of a project lead, by role."""
    keys = {}
    with django_db_blocker.unblock():
        for role in (Role.CASE_WORKER, Role.PROJECT_LEAD):
            user = (
                Membership.objects.filter(role=role, user__is_active=True)
                .order_by("pk")
                .first()
                .user
            )
            keys[role] = services.api_token_create(actor=user, user=user, name="fuzz")[1]
    return keys


def _api_schema(*, coverage: bool):
    """The description as /api/v1/openapi.json serves it, calling the app through WSGI.
    With `coverage`, schemathesis first sends its boundary and invalid values for every
    parameter and field (the largest and smallest numbers, wrong types, missing fields, …),
    a fixed set, before the random examples."""
    from django.core.wsgi import get_wsgi_application

    from quartier.api.api import api

    config = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": coverage}}})
    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(), config=config)
    loaded.app = get_wsgi_application()
    return loaded


#: Boundary values and random examples, with the case worker's token.
thorough = _api_schema(coverage=True)
#: Random examples only, with the lead's token: most of what the boundary values try
#: is validation, which does not depend on the role.
random_only = _api_schema(coverage=False)

# pytest-django sets up the test database only for tests it sees asking for it.
pytestmark = [pytest.mark.django_db, pytest.mark.fuzz]

fuzz = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def call_and_validate(case, token: str) -> None:
    # The generated case may carry a made-up token of its own: the real one replaces it.
    case.headers = {
        **(case.headers or {}),
        "Authorization": f"Bearer {token}",
        "Accept-Language": "en",
    }
    case.call_and_validate(checks=CHECKS)


@thorough.parametrize()
@fuzz
def test_case_worker_meets_no_server_error(case, tokens, db):
    """No 5xx, and every answer as the description says, for a case worker."""
    call_and_validate(case, tokens[Role.CASE_WORKER])


@random_only.parametrize()
@fuzz
def test_project_lead_meets_no_server_error(case, tokens, db):
    """No 5xx, and every answer as the description says, for a project lead."""
    call_and_validate(case, tokens[Role.PROJECT_LEAD])
