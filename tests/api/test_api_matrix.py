"""The API permission matrix: every operation of /api/v1/openapi.json × every role of
organisation A × every role of organisation B (A's consortium partner, asking for A's
records) × no token.

The operations come from the description itself (`openapi_operations`): every
operation must have an entry in `EXPECTED`, or `test_every_operation_has_an_entry`
fails, so a new endpoint cannot be added without saying who may call it.

The world is the page matrix's (tests/core/test_page_matrix.py, built once for the
module and rolled back at the end); every user gets a bearer token. Each call runs in a
savepoint that is rolled back, so a POST or DELETE of one role does not change what the
next role meets. Path ids point at A's records (`PATH_VALUES`); bodies (`BODIES`) are
valid ones, so that the answer shows the permission check, not the validation. A list
answers 200 to everyone with a token (it holds only what the user may see): the leak
check proves that no one outside A's case roles reads A's participant's name in it.
"""

import json

import pytest
from django.db import transaction
from django.test import Client, override_settings

from quartier.core import services
from quartier.core.models import Role
from tests.conftest import ALL_ROLES
from tests.core.test_page_matrix import (
    ADMIN,
    CASE_ROLES,
    COACH,
    EVALUATOR,
    EVERYONE,
    LAST_NAME,
    LEAD,
    LIAISON,
    NETWORK,
    NOBODY,
    WORKER,
    Cell,
    _build_world,
)

SIDES = ("own", "partner")


def openapi_operations() -> list[tuple[str, str]]:
    """(METHOD, path template) of every operation the API describes."""
    from quartier.api.api import api

    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    )


@pytest.fixture(scope="module")
def api_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The page matrix's world with a token per user, rolled back after the module."""
    media = tmp_path_factory.mktemp("api-matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = _build_world()
            world.keys = {
                key: services.api_token_create(actor=user, user=user, name="api-matrix")[1]
                for key, user in world.users.items()
            }
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _version(obj) -> int:
    return type(obj).objects.get(pk=obj.pk).version


# --- Path parameters: A's records ---------------------------------------------------------

PATH_VALUES = {
    "organisation_id": lambda w: w.org_a.pk,
    "participant_id": lambda w: w.participant.pk,
    "case_id": lambda w: w.case.pk,
    "assessment_id": lambda w: w.assessment.pk,
    "plan_id": lambda w: w.plan.pk,
    "contact_id": lambda w: w.contact.pk,
    "follow_up_id": lambda w: w.follow_up.pk,
    "offer_id": lambda w: w.offer.pk,
    "language": lambda w: "en",
    "location_id": lambda w: w.location.pk,
    "schedule_id": lambda w: w.schedule.pk,
    "enrolment_id": lambda w: w.enrolment.pk,
    "day": lambda w: w.day,
    "certificate_id": lambda w: w.certificate.pk,
    "service_request_id": lambda w: w.service_request.pk,
    "employer_id": lambda w: w.employer.pk,
    "service_id": lambda w: w.employer_service.pk,
    "event_id": lambda w: w.business_event.pk,
    "unit_id": lambda w: w.vacant_unit.pk,
    "vacancy_id": lambda w: w.vacancy.pk,
    "placement_id": lambda w: w.placement.pk,
    "check_id": lambda w: w.employer_check.pk,
    "partner_id": lambda w: w.network_partner.pk,
    # A's case referred to B, sent, waiting for B's answer.
    "referral_id": lambda w: w.inbox_referral.pk,
    "meeting_id": lambda w: w.meeting.pk,
    "task_id": lambda w: w.meeting_task.pk,
}
#: A parameter whose record depends on the path.
PATH_OVERRIDES = {
    ("/api/v1/districts/{slug}/", "slug"): lambda w: w.district.slug,
    ("/api/v1/projects/{slug}/", "slug"): lambda w: w.project.slug,
    ("/api/v1/projects/{slug}/indicators", "slug"): lambda w: w.project.slug,
    ("/api/v1/offers/{offer_id}/schedules/", "offer_id"): lambda w: w.offer.pk,
    ("/api/v1/vacancies/{vacancy_id}/participant-matches", "vacancy_id"): (
        lambda w: w.match_vacancy.pk
    ),
}


#: Query parameters an operation needs (the version of what a DELETE undoes).
QUERIES = {
    "DELETE /api/v1/cases/{case_id}/exit/": lambda w: f"?version={_version(w.case)}",
}


def _path(w, template: str) -> str:
    path = template
    while "{" in path:
        name = path[path.index("{") + 1 : path.index("}")]
        value = PATH_OVERRIDES.get((template, name)) or PATH_VALUES[name]
        value = value(w)
        path = path.replace("{" + name + "}", str(value), 1)
    return path


# --- Valid bodies -------------------------------------------------------------------------

_YES_NO = {"exit_job_searching": "no", "exit_education_training": "no"}
BODIES = {
    "POST /api/v1/participants/": lambda w: {
        "project": w.project.slug,
        "entry_date": w.day,
        "external_id": "API-MATRIX-1",
        "first_name": "Neua",
        "last_name": "Apimatrix",
        "birth_date": "1990-01-01",
        "postcode": "12345",
    },
    "POST /api/v1/cases/{case_id}/exit/": lambda w: {
        "version": _version(w.case),
        "exit_date": w.day,
        "exit_reason": "employment",
        **_YES_NO,
        "exit_qualification": "no",
        "exit_employed": "yes",
    },
    "PUT /api/v1/cases/{case_id}/followup-6m/": lambda w: {
        "version": _version(w.case),
        "followup_6m_employed": "yes",
        "followup_6m_better_situation": "yes",
    },
    "POST /api/v1/assessments/": lambda w: {"case": w.case.pk, "date": w.day},
    "POST /api/v1/plans/": lambda w: {"case": w.case.pk},
    "PUT /api/v1/plans/{plan_id}/": lambda w: {"version": _version(w.plan)},
    "POST /api/v1/contacts/": lambda w: {"case": w.case.pk, "date": w.day},
    "POST /api/v1/follow-ups/": lambda w: {"case": w.case.pk, "due_date": w.day, "title": "Call"},
    "POST /api/v1/offers/": lambda w: {"project": w.project.slug, "kind": "course", "title": "X"},
    "PUT /api/v1/offers/{offer_id}/translations/{language}/": lambda w: {
        "title": "Course",
        "version": _version(w.translation),
    },
    "POST /api/v1/locations/": lambda w: {"project": w.project.slug, "name": "Hall"},
    "POST /api/v1/offers/{offer_id}/schedules/": lambda w: {
        "kind": "one_off",
        "date": w.day,
        "start_time": "09:00",
        "end_time": "10:00",
        "location": w.location.pk,
    },
    "POST /api/v1/enrolments/": lambda w: {"offer": w.practical.pk, "case": w.case.pk},
    "POST /api/v1/enrolments/{enrolment_id}/end/": lambda w: {
        "version": _version(w.enrolment),
        "status": "completed",
    },
    "PUT /api/v1/offers/{offer_id}/register/{day}/": lambda w: {"rows": []},
    "POST /api/v1/certificates/": lambda w: {"enrolment": w.enrolment.pk},
    "POST /api/v1/certificates/{certificate_id}/revoke/": lambda w: {"reason": "Mistake"},
    "POST /api/v1/service-requests/": lambda w: {
        "offer": w.practical.pk,
        "requested_by_name": "Resident",
        "contact_phone": "030 123456",
        "description": "Paint the fence",
    },
    "POST /api/v1/employers/": lambda w: {"project": w.project.slug, "name": "Neu GmbH"},
    "POST /api/v1/employers/{employer_id}/size-declarations/": lambda w: {
        "declared_on": w.day,
        "headcount": 5,
    },
    "POST /api/v1/employers/{employer_id}/services/": lambda w: {
        "kind": "business_advice",
        "topic": "Hiring",
    },
    "POST /api/v1/business-events/": lambda w: {
        "project": w.project.slug,
        "kind": "fair",
        "title": "Fair",
        "date": w.day,
    },
    "POST /api/v1/business-events/{event_id}/invitations/": lambda w: {"employer": w.employer.pk},
    "POST /api/v1/vacant-units/": lambda w: {
        "project": w.project.slug,
        "title": "Shop",
        "street": "Hauptstr. 1",
    },
    "POST /api/v1/vacancies/": lambda w: {"project": w.project.slug, "title": "Helper"},
    "POST /api/v1/placements/": lambda w: {
        "case": w.case.pk,
        "job_title": "Helper",
        "employer_name": "Neu GmbH",
        "contract_kind": "mini_job",
        "start_date": w.day,
    },
    "PATCH /api/v1/stabilisation-checks/{check_id}/": lambda w: {
        "version": _version(w.employer_check),
        "done_on": w.day,
        "status": "stable",
        "mode": "phone",
    },
    "POST /api/v1/partners/": lambda w: {
        "project": w.project.slug,
        "partner_organisation": w.org_c.slug,
    },
    "POST /api/v1/referrals/{referral_id}/answer/": lambda w: {
        "action": "accept",
        "version": _version(w.inbox_referral),
    },
}
#: A PATCH changes nothing but must name the version it read.
PATCH_RECORDS = {
    "participant_id": "participant",
    "case_id": "case",
    "assessment_id": "assessment",
    "contact_id": "contact",
    "follow_up_id": "follow_up",
    "offer_id": "offer",
    "location_id": "location",
    "schedule_id": "schedule",
    "enrolment_id": "enrolment",
    "service_request_id": "service_request",
    "employer_id": "employer",
    "service_id": "employer_service",
    "event_id": "business_event",
    "unit_id": "vacant_unit",
    "vacancy_id": "vacancy",
    "placement_id": "placement",
    "partner_id": "network_partner",
}


def _body(w, method: str, template: str):
    key = f"{method} {template}"
    if key in BODIES:
        return BODIES[key](w)
    if method == "PATCH":
        name = template.rstrip("/").rsplit("{", 1)[1].rstrip("}/")
        body = {"version": _version(getattr(w, PATCH_RECORDS[name]))}
        if name == "service_request_id":
            body["status"] = "cancelled"
        return body
    return None


# --- Calling ------------------------------------------------------------------------------


def _call(client: Client, method: str, path: str, body, key: str | None):
    headers = {"HTTP_ACCEPT_LANGUAGE": "en"}
    if key:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {key}"
    send = getattr(client, method.lower())
    with transaction.atomic():
        if body is None:
            response = send(path, **headers)
        else:
            response = send(path, json.dumps(body), content_type="application/json", **headers)
        transaction.set_rollback(True)
    return response


DUMP = bool(__import__("os").environ.get("MATRIX_DUMP"))
OPERATIONS = openapi_operations()


@pytest.mark.django_db
@pytest.mark.parametrize("operation", [f"{m} {p}" for m, p in OPERATIONS])
def test_api_matrix(api_world, operation):
    method, template = operation.split(" ", 1)
    path, body = _path(api_world, template), _body(api_world, method, template)
    path += QUERIES.get(operation, lambda w: "")(api_world)
    client = Client()
    anonymous = _call(client, method, path, body, None)
    observed, details, names_shown = {}, {}, set()
    for side in SIDES:
        for role in ALL_ROLES:
            response = _call(client, method, path, body, api_world.keys[side, role])
            code = response.status_code
            observed[side, role] = 200 if 200 <= code < 300 else code
            details[side, role] = response.content[:200]
            if 200 <= code < 300 and LAST_NAME.encode() in response.content:
                names_shown.add((side, role))
    if DUMP:
        print(
            f"\nAPIMATRIX {operation} anon={anonymous.status_code} "
            + " ".join(f"{s[0]}:{r}={c}" for (s, r), c in observed.items())
            + " NAMES "
            + ",".join(f"{s[0]}:{r}" for s, r in sorted(names_shown))
        )
        for key, code in observed.items():
            if code not in (200, 401, 403, 404):
                print("   ", key, details[key])
        return
    assert anonymous.status_code == 401, f"{operation}: without a token {anonymous.status_code}"
    cell = EXPECTED[operation]
    wrong = [
        f"{side} {role}: got {code} ({details[side, role]!r}), expected {cell.expect(side, role)}"
        for (side, role), code in observed.items()
        if code != cell.expect(side, role)
    ]
    leaks = sorted(names_shown - {("own", role) for role in CASE_ROLES})
    wrong += [f"{side} {role}: the answer names A's participant" for side, role in leaks]
    assert wrong == [], f"{operation} ({path}):\n  " + "\n  ".join(wrong)


def test_every_operation_has_an_entry():
    missing = sorted({f"{m} {p}" for m, p in OPERATIONS} - set(EXPECTED))
    assert missing == [], (
        "API operations without an entry in tests/api/test_api_matrix.py EXPECTED (say "
        "who may call them): " + ", ".join(missing)
    )
    gone = sorted(set(EXPECTED) - {f"{m} {p}" for m, p in OPERATIONS})
    assert gone == [], "EXPECTED names operations that are gone: " + ", ".join(gone)


# --- The expected answers (2xx is written 200) ----------------------------------------------

EXPECTED: dict[str, Cell] = {}
