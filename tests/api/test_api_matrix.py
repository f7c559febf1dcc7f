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
PARTNER_STAFF, DPO = Role.PARTNER_STAFF, Role.DATA_PROTECTION_OFFICER


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

#: A list: every token gets 200 with what its user may see (the leak check reads it).
ANY_TOKEN = Cell(allowed=EVERYONE, partner=EVERYONE)
#: A participant's records of A: A's case roles; everyone else is not told they exist.
CASE_RECORD = Cell(allowed=CASE_ROLES, denied=404)
#: The same, where the world's record makes the valid body fail a rule checked after
#: the permission (the case has no exit yet, the certificate is issued, …): 422.
CASE_RECORD_INVALID = Cell(allowed=CASE_ROLES, denied=404, ok=422)
#: A list or new record of the case roles, each for their own organisation.
CASE_WORK = Cell(allowed=CASE_ROLES, partner=CASE_ROLES, partner_denied=403)
#: Changes to A's offer: A's case roles; everyone else sees the offer, so 403.
OFFER_OWNER = Cell(allowed=CASE_ROLES, partner_denied=403)
#: The local economy: A's record is seen by A's vacancy roles, changed by its economy
#: roles (A's case worker sees it: 403); new records by any organisation's economy roles.
ECONOMY_RECORD_VIEW = Cell(allowed=CASE_ROLES | {LIAISON}, denied=404)
ECONOMY_RECORD_CHANGE = Cell(
    allowed={LEAD, COACH, LIAISON}, denied=404, exceptions={("own", WORKER): 403}
)
ECONOMY_WORK = Cell(
    allowed={LEAD, COACH, LIAISON}, partner={LEAD, COACH, LIAISON}, partner_denied=403
)

EXPECTED: dict[str, Cell] = {
    "GET /api/v1/assessments/": ANY_TOKEN,
    "POST /api/v1/assessments/": CASE_RECORD,
    "GET /api/v1/assessments/{assessment_id}/": CASE_RECORD,
    "PATCH /api/v1/assessments/{assessment_id}/": CASE_RECORD,
    "GET /api/v1/attendance/": ANY_TOKEN,
    "GET /api/v1/business-events/": ANY_TOKEN,
    "POST /api/v1/business-events/": ECONOMY_WORK,
    "GET /api/v1/business-events/{event_id}/": ECONOMY_RECORD_VIEW,
    "PATCH /api/v1/business-events/{event_id}/": ECONOMY_RECORD_CHANGE,
    "POST /api/v1/business-events/{event_id}/invitations/": ECONOMY_RECORD_CHANGE,
    "GET /api/v1/cases/": ANY_TOKEN,
    "GET /api/v1/cases/{case_id}/": CASE_RECORD,
    "PATCH /api/v1/cases/{case_id}/": CASE_RECORD,
    "DELETE /api/v1/cases/{case_id}/exit/": CASE_RECORD_INVALID,
    "POST /api/v1/cases/{case_id}/exit/": CASE_RECORD,
    "PUT /api/v1/cases/{case_id}/followup-6m/": CASE_RECORD_INVALID,
    "GET /api/v1/certificates/": ANY_TOKEN,
    "POST /api/v1/certificates/": CASE_RECORD_INVALID,
    "GET /api/v1/certificates/{certificate_id}/": CASE_RECORD,
    "POST /api/v1/certificates/{certificate_id}/revoke/": CASE_RECORD,
    "GET /api/v1/contacts/": ANY_TOKEN,
    "POST /api/v1/contacts/": CASE_RECORD,
    "GET /api/v1/contacts/{contact_id}/": CASE_RECORD,
    "PATCH /api/v1/contacts/{contact_id}/": CASE_RECORD_INVALID,
    "GET /api/v1/decisions/": ANY_TOKEN,
    "GET /api/v1/districts/": ANY_TOKEN,
    "GET /api/v1/districts/{slug}/": ANY_TOKEN,
    "DELETE /api/v1/employer-services/{service_id}/": ECONOMY_RECORD_CHANGE,
    "GET /api/v1/employer-services/{service_id}/": ECONOMY_RECORD_VIEW,
    "PATCH /api/v1/employer-services/{service_id}/": ECONOMY_RECORD_CHANGE,
    "GET /api/v1/employers/": ANY_TOKEN,
    "POST /api/v1/employers/": Cell(
        allowed={LEAD, COACH, LIAISON},
        denied=404,
        partner={LEAD, COACH, LIAISON},
        exceptions={("own", WORKER): 403, ("partner", WORKER): 403},
    ),
    "GET /api/v1/employers/{employer_id}/": ECONOMY_RECORD_VIEW,
    "PATCH /api/v1/employers/{employer_id}/": ECONOMY_RECORD_CHANGE,
    "GET /api/v1/employers/{employer_id}/services/": ECONOMY_RECORD_VIEW,
    "POST /api/v1/employers/{employer_id}/services/": ECONOMY_RECORD_CHANGE,
    "POST /api/v1/employers/{employer_id}/size-declarations/": ECONOMY_RECORD_CHANGE,
    "GET /api/v1/enrolments/": ANY_TOKEN,
    "POST /api/v1/enrolments/": CASE_RECORD,
    "GET /api/v1/enrolments/{enrolment_id}/": CASE_RECORD,
    "PATCH /api/v1/enrolments/{enrolment_id}/": CASE_RECORD,
    "POST /api/v1/enrolments/{enrolment_id}/end/": CASE_RECORD,
    "GET /api/v1/follow-ups/": ANY_TOKEN,
    "POST /api/v1/follow-ups/": CASE_RECORD,
    "GET /api/v1/follow-ups/{follow_up_id}/": CASE_RECORD,
    "PATCH /api/v1/follow-ups/{follow_up_id}/": CASE_RECORD,
    "GET /api/v1/locations/": ANY_TOKEN,
    "POST /api/v1/locations/": CASE_WORK,
    "GET /api/v1/locations/{location_id}/": ANY_TOKEN,
    "PATCH /api/v1/locations/{location_id}/": OFFER_OWNER,
    "GET /api/v1/meetings/": ANY_TOKEN,
    "GET /api/v1/meetings/{meeting_id}/": Cell(
        allowed=CASE_ROLES | {NETWORK, LIAISON}, denied=404, partner=CASE_ROLES | {NETWORK, LIAISON}
    ),
    "GET /api/v1/offers/": ANY_TOKEN,
    "POST /api/v1/offers/": CASE_WORK,
    "GET /api/v1/offers/{offer_id}/": ANY_TOKEN,
    "PATCH /api/v1/offers/{offer_id}/": OFFER_OWNER,
    "GET /api/v1/offers/{offer_id}/certificate-candidates/": ANY_TOKEN,
    "GET /api/v1/offers/{offer_id}/register/{day}/": ANY_TOKEN,
    "PUT /api/v1/offers/{offer_id}/register/{day}/": CASE_WORK,
    "GET /api/v1/offers/{offer_id}/schedules/": ANY_TOKEN,
    "POST /api/v1/offers/{offer_id}/schedules/": OFFER_OWNER,
    "DELETE /api/v1/offers/{offer_id}/schedules/{schedule_id}/": OFFER_OWNER,
    "GET /api/v1/offers/{offer_id}/schedules/{schedule_id}/": ANY_TOKEN,
    "PATCH /api/v1/offers/{offer_id}/schedules/{schedule_id}/": OFFER_OWNER,
    "GET /api/v1/offers/{offer_id}/translations/": ANY_TOKEN,
    "DELETE /api/v1/offers/{offer_id}/translations/{language}/": OFFER_OWNER,
    "PUT /api/v1/offers/{offer_id}/translations/{language}/": OFFER_OWNER,
    "GET /api/v1/organisations/": ANY_TOKEN,
    "GET /api/v1/organisations/{organisation_id}/": ANY_TOKEN,
    "GET /api/v1/participants/": ANY_TOKEN,
    # A new participant in project P: the case roles of any organisation, for their own.
    "POST /api/v1/participants/": Cell(allowed=CASE_ROLES, denied=404, partner=CASE_ROLES),
    "GET /api/v1/participants/{participant_id}/": CASE_RECORD,
    "PATCH /api/v1/participants/{participant_id}/": CASE_RECORD,
    "GET /api/v1/participants/{participant_id}/vacancy-matches": CASE_RECORD,
    "GET /api/v1/partners/": ANY_TOKEN,
    "POST /api/v1/partners/": Cell(
        allowed={LEAD, NETWORK},
        denied=404,
        partner={LEAD, NETWORK},
        exceptions={
            ("own", WORKER): 403,
            ("partner", WORKER): 403,
            ("own", COACH): 403,
            ("partner", COACH): 403,
            ("own", LIAISON): 403,
            ("partner", LIAISON): 403,
        },
    ),
    "GET /api/v1/partners/{partner_id}/": Cell(
        allowed=CASE_ROLES | {NETWORK, LIAISON}, denied=404, partner=CASE_ROLES | {NETWORK, LIAISON}
    ),
    "PATCH /api/v1/partners/{partner_id}/": Cell(
        allowed={LEAD, NETWORK},
        denied=404,
        partner={LEAD, NETWORK},
        exceptions={
            ("own", WORKER): 403,
            ("partner", WORKER): 403,
            ("own", COACH): 403,
            ("partner", COACH): 403,
            ("own", LIAISON): 403,
            ("partner", LIAISON): 403,
        },
    ),
    "GET /api/v1/placements/": ANY_TOKEN,
    "POST /api/v1/placements/": CASE_RECORD,
    "GET /api/v1/placements/{placement_id}/": CASE_RECORD,
    "PATCH /api/v1/placements/{placement_id}/": CASE_RECORD,
    "GET /api/v1/placements/{placement_id}/checks/": CASE_RECORD,
    "GET /api/v1/plans/": ANY_TOKEN,
    # The world's case has a plan already: 409 names it (after the permission check).
    "POST /api/v1/plans/": Cell(allowed=CASE_ROLES, denied=404, ok=409),
    "GET /api/v1/plans/{plan_id}/": CASE_RECORD,
    "PUT /api/v1/plans/{plan_id}/": CASE_RECORD,
    "GET /api/v1/projects/": ANY_TOKEN,
    "GET /api/v1/projects/{slug}/": ANY_TOKEN,
    "GET /api/v1/projects/{slug}/indicators": Cell(
        allowed=CASE_ROLES | {EVALUATOR}, partner=CASE_ROLES | {EVALUATOR}, partner_denied=403
    ),
    "GET /api/v1/referrals/": ANY_TOKEN,
    "GET /api/v1/referrals/{referral_id}/": Cell(
        allowed=CASE_ROLES | {NETWORK}, denied=404, partner=CASE_ROLES | {NETWORK, PARTNER_STAFF}
    ),
    # A's referral to B: only B's recipient roles answer; A's senders are refused.
    "POST /api/v1/referrals/{referral_id}/answer/": Cell(
        allowed=NOBODY,
        denied=404,
        partner=CASE_ROLES | {PARTNER_STAFF},
        exceptions={
            ("own", LEAD): 403,
            ("own", WORKER): 403,
            ("own", COACH): 403,
            ("own", NETWORK): 403,
            ("partner", NETWORK): 403,
        },
    ),
    "GET /api/v1/referrals/{referral_id}/events/": Cell(
        allowed=CASE_ROLES | {NETWORK}, denied=404, partner=CASE_ROLES | {NETWORK, PARTNER_STAFF}
    ),
    "GET /api/v1/service-requests/": ANY_TOKEN,
    "POST /api/v1/service-requests/": ANY_TOKEN,
    "GET /api/v1/service-requests/{service_request_id}/": CASE_RECORD,
    "PATCH /api/v1/service-requests/{service_request_id}/": CASE_RECORD,
    "GET /api/v1/skills/": ANY_TOKEN,
    "GET /api/v1/stabilisation-checks/{check_id}/": ECONOMY_RECORD_VIEW,
    "PATCH /api/v1/stabilisation-checks/{check_id}/": ECONOMY_RECORD_VIEW,
    "GET /api/v1/tasks/": ANY_TOKEN,
    # A meeting task of A's case worker: she, and the keepers of the network.
    "POST /api/v1/tasks/{task_id}/done/": Cell(
        allowed={LEAD, WORKER, NETWORK},
        denied=404,
        partner={LEAD, NETWORK},
        exceptions={
            ("partner", WORKER): 403,
            ("own", COACH): 403,
            ("partner", COACH): 403,
            ("own", LIAISON): 403,
            ("partner", LIAISON): 403,
        },
    ),
    "GET /api/v1/vacancies/": ANY_TOKEN,
    "POST /api/v1/vacancies/": ECONOMY_WORK,
    "GET /api/v1/vacancies/{vacancy_id}/": ECONOMY_RECORD_VIEW,
    "PATCH /api/v1/vacancies/{vacancy_id}/": ECONOMY_RECORD_VIEW,
    "GET /api/v1/vacancies/{vacancy_id}/participant-matches": Cell(
        allowed=CASE_ROLES, denied=404, exceptions={("own", LIAISON): 403}
    ),
    "GET /api/v1/vacant-units/": ANY_TOKEN,
    "POST /api/v1/vacant-units/": ECONOMY_WORK,
    "GET /api/v1/vacant-units/{unit_id}/": ECONOMY_RECORD_VIEW,
    "PATCH /api/v1/vacant-units/{unit_id}/": ECONOMY_RECORD_CHANGE,
}
