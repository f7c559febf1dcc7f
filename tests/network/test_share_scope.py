"""Share scope: the recipient of a referral sees exactly the fields the sender shared,
and nothing else of the case, on every page and in every API answer (issue 14).

One world (module-scoped, rolled back at the end): org A's case of a participant
whose every field holds a distinctive marker value (and a contact note, a document,
an assessment, a plan with a goal, a follow-up, a placement, a second referral of the
same case to another organisation, all marked), and one referral R1 from A to org B
that shares the name, the reason and the languages. The recipient's users are B's
case worker and B's partner staff.

- (a) per packet field (`SharedField`): shared, its value is in the recipient's API
  answer and inbox page; not shared, none of its markers is in any of them;
- (b) per staff route of the URLconf (walked, not listed: routes added later are
  covered) and per GET endpoint of the API (from the OpenAPI description): no marker
  of an unshared field is in any answer of the recipient's users, and a route about
  the case, the participant, their records or the other referral answers 403, 404 or
  405.

Every field of `Participant` and `Case` is either marked or named below with the
reason it cannot be (`test_every_field_is_marked_or_explained`).
"""

from dataclasses import dataclass, field
from datetime import date
from functools import cache

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.test import Client, override_settings
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from quartier.api.api import api
from quartier.cases.models import Case, Document
from quartier.core import services as core_services
from quartier.core.models import ProjectMember, Role
from quartier.core.urlwalk import walk
from quartier.economy.models import Placement
from quartier.network import sharing
from quartier.network.models import Referral, SharedField
from quartier.participants.models import Participant
from tests.conftest import give_totp
from tests.factories import (
    AssessmentFactory,
    CaseFactory,
    ContactFactory,
    FollowUpFactory,
    GoalFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipantFactory,
    PlanFactory,
    ProjectFactory,
)
from tests.network.factories import MeetingFactory, PartnerFactory, sharing_consent
from tests.network.factories_api import sent_referral

# --- The markers ------------------------------------------------------------------------

#: A marker value in every field of the participant that can hold one.
PARTICIPANT_MARKS = {
    "external_id": "QZEXTMARK",
    "first_name": "Qzfirstmark",
    "last_name": "Qzlastmark",
    "birth_date": date(1961, 7, 23),
    "postcode": "40599",
    "street": "Qzstreetmark 12",
    "city": "Qzcitymark",
    "phone": "0170 3141592",
    "email": "qzemailmark@example.org",
    "unemployed_since": date(2023, 9, 14),
    "languages": "Qzlanguagemark",
    "health_notes": "Qzhealthmark",
}
#: … and of the case. (Its responsible staff member is a link to a user, whose name
#: every member of the project's staff sees in lists of staff.)
CASE_MARKS = {"entry_date": date(2025, 2, 11)}
#: Fields that cannot carry a marker, and why. Choices, yes/no fields and links to
#: records of the project are recognised by their type (`_unmarkable`).
UNMARKABLE = {
    "search_key": "derived from the names and the participant number",
    "exit_date": "the case must be open to be referred",
    "followup_6m_recorded_on": "the case must be open to be referred",
}
#: The referral's reason, and the case's other records: never part of R1's packet
#: except the reason.
REASON_MARK = "Qzreasonmark"
RECORD_MARKS = {
    "contact note": "Qzcontactnotemark",
    "document title": "Qzdocumenttitlemark",
    "document file name": "qzdocumentfilemark.pdf",
    "assessment strengths": "Qzstrengthsmark",
    "assessment notes": "Qzassessmentnotemark",
    "plan summary": "Qzplansummarymark",
    "plan goal": "Qzgoalmark",
    "follow-up": "Qzfollowupmark",
    "placement": "Qzplacementmark GmbH",
    "other referral's reason": "Qzotherreferralmark",
}
#: The model fields behind each part of a packet (`sharing.build_packet`); the parts
#: without a field here show choices or yes/no, recognised by their key in the packet.
PACKET_FIELDS = {
    SharedField.NAME: ("first_name", "last_name"),
    SharedField.CONTACT: ("phone", "email", "street", "postcode", "city"),
    SharedField.REASON: ("reason",),
    SharedField.BIRTH_DATE: ("birth_date",),
    SharedField.LANGUAGES: ("languages",),
    SharedField.EDUCATION: (),
    SharedField.LABOUR_STATUS: ("unemployed_since",),
    SharedField.CHILDCARE: (),
    SharedField.MOBILITY: (),
    SharedField.NEEDS: (),
}
#: What R1 shares (the name and the reason always are).
R1_FIELDS = (SharedField.NAME, SharedField.REASON, SharedField.LANGUAGES)

_MONTHS_DE = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
]


def _date_texts(day: date) -> set[str]:
    """The ways a page or an answer may write `day`."""
    return {
        day.isoformat(),
        day.strftime("%d.%m.%Y"),
        f"{day.day}.{day.month}.{day.year}",
        day.strftime("%d/%m/%Y"),
        day.strftime("%m/%d/%Y"),
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%b}. {day.day}, {day.year}",
        f"{day.day} {day:%B} {day.year}",
        f"{day.day}. {_MONTHS_DE[day.month - 1]} {day.year}",
    }


def _texts(value) -> set[str]:
    if isinstance(value, date):
        return _date_texts(value)
    texts = {str(value)}
    if value == PARTICIPANT_MARKS["phone"]:
        texts.add("3141592")  # also as a tel: link without the space
    return texts


#: field name → the texts that show it.
MARK_TEXTS: dict[str, set[str]] = {
    **{name: _texts(value) for name, value in PARTICIPANT_MARKS.items()},
    **{name: _texts(value) for name, value in CASE_MARKS.items()},
    "reason": {REASON_MARK},
    **{name: {value} for name, value in RECORD_MARKS.items()},
}


def _packet_fields(shared) -> set[str]:
    return {name for part in shared for name in PACKET_FIELDS[part]}


#: The markers that R1 does not share: none may reach the recipient anywhere.
UNSHARED = {
    name: texts for name, texts in MARK_TEXTS.items() if name not in _packet_fields(R1_FIELDS)
}


def leaked(body: str, marks: dict[str, set[str]]) -> list[str]:
    """The names of the marks any of whose texts is in `body` (case-insensitive)."""
    body = body.lower()
    return sorted(name for name, texts in marks.items() if any(t.lower() in body for t in texts))


# --- The world ------------------------------------------------------------------------


@dataclass
class World:
    clients: dict = field(default_factory=dict)  # recipient kind → logged-in Client
    tokens: dict = field(default_factory=dict)  # recipient kind → API key
    users: dict = field(default_factory=dict)


RECIPIENTS = ("case_worker", "partner_staff")


def _build_world() -> World:
    w = World()
    w.org_a, w.org_b, w.org_d = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    w.project = ProjectFactory(lead=w.org_a)
    ProjectMember.objects.create(project=w.project, organisation=w.org_b)
    w.district = w.project.districts.first()
    w.sender = MembershipFactory(
        project=w.project, organisation=w.org_a, role=Role.CASE_WORKER
    ).user
    w.responsible = MembershipFactory(
        project=w.project,
        organisation=w.org_a,
        role=Role.CASE_WORKER,
    ).user
    for kind, role in (("case_worker", Role.CASE_WORKER), ("partner_staff", Role.PARTNER_STAFF)):
        user = MembershipFactory(project=w.project, organisation=w.org_b, role=role).user
        give_totp(user)
        w.users[kind] = user
        w.tokens[kind] = core_services.api_token_create(actor=user, user=user, name="scope")[1]
    marks = {**PARTICIPANT_MARKS, "labour_status": "unemployed", "german_level": "B1"}
    w.participant = ParticipantFactory(project=w.project, organisation=w.org_a, **marks)
    w.case = CaseFactory(
        participant=w.participant,
        entry_date=CASE_MARKS["entry_date"],
        responsible=w.responsible,
    )
    w.consent = sharing_consent(w.case, w.org_b, "language_course", "qualification")
    sharing_consent(w.case, w.org_d, "qualification")
    w.assessment = AssessmentFactory(
        case=w.case,
        strengths=RECORD_MARKS["assessment strengths"],
        notes=RECORD_MARKS["assessment notes"],
    )
    w.plan = PlanFactory(case=w.case, summary=RECORD_MARKS["plan summary"])
    w.goal = GoalFactory(plan=w.plan, title=RECORD_MARKS["plan goal"])
    w.contact = ContactFactory(case=w.case, notes=RECORD_MARKS["contact note"])
    w.follow_up = FollowUpFactory(case=w.case, title=RECORD_MARKS["follow-up"])
    w.document = Document.objects.create(
        case=w.case,
        title=RECORD_MARKS["document title"],
        file=ContentFile(b"%PDF-1.4 scope", name="scope.pdf"),
        original_name=RECORD_MARKS["document file name"],
        content_type="application/pdf",
        size=14,
    )
    w.placement = Placement.objects.create(
        case=w.case,
        employer_name=RECORD_MARKS["placement"],
        job_title="Lager",
        contract_kind="mini_job",
        start_date=w.case.entry_date,
    )
    w.partner = PartnerFactory(
        project=w.project, organisation=w.org_a, partner_organisation=w.org_b
    )
    w.meeting = MeetingFactory(project=w.project, organisation=w.org_a)
    w.r1 = sent_referral(
        w.case,
        w.sender,
        w.org_b,
        purpose="language_course",
        fields=R1_FIELDS,
        reason=f"{REASON_MARK}: needs a B1 course.",
        consent=w.consent,
    )
    w.r2 = sent_referral(
        w.case,
        w.sender,
        w.org_d,
        purpose="qualification",
        fields=tuple(SharedField),
        reason=RECORD_MARKS["other referral's reason"],
    )
    return w


@pytest.fixture(scope="module")
def scope(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module inside a transaction rolled back at the end."""
    media = tmp_path_factory.mktemp("scope-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = _build_world()
            for kind, user in world.users.items():
                world.clients[kind] = Client()
                world.clients[kind].force_login(
                    user, backend="django.contrib.auth.backends.ModelBackend"
                )
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _api(world, kind: str, path: str, **params):
    return world.clients[kind].get(
        path, params, HTTP_AUTHORIZATION=f"Bearer {world.tokens[kind]}", HTTP_ACCEPT_LANGUAGE="en"
    )


def _body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _page(world, kind: str, name: str, *args):
    """The page `name` for the recipient, or None while no helper has added it."""
    try:
        url = reverse(name, args=args)
    except NoReverseMatch:
        return None
    return world.clients[kind].get(url)


# --- Every field is marked ---------------------------------------------------------


def _unmarkable(model_field) -> bool:
    return (
        model_field.primary_key
        or bool(model_field.choices)
        or isinstance(model_field, models.BooleanField | models.ForeignKey | models.JSONField)
        or model_field.name in {"created_at", "updated_at", "version"}
    )


@pytest.mark.parametrize("model", [Participant, Case], ids=lambda m: m.__name__)
def test_every_field_is_marked_or_explained(model):
    marked = PARTICIPANT_MARKS if model is Participant else CASE_MARKS
    missing = [
        f.name
        for f in model._meta.concrete_fields
        if f.name not in marked and f.name not in UNMARKABLE and not _unmarkable(f)
    ]
    assert missing == [], f"give these fields of {model.__name__} a marker: {missing}"


def test_every_part_of_a_packet_is_mapped():
    assert set(PACKET_FIELDS) == set(SharedField)
    for part in SharedField:
        for name in PACKET_FIELDS[part]:
            assert name in MARK_TEXTS, f"{part}: {name} has no marker"


# --- (a) per packet field ----------------------------------------------------------


def _referral_sharing(world, fields) -> Referral:
    """A referral of the case to B for a qualification sharing `fields` (with the
    required ones); R1 is taken out of the way (rolled back with the test)."""
    Referral.objects.filter(pk=world.r1.pk).update(state="cancelled")
    return sent_referral(
        world.case,
        world.sender,
        world.org_b,
        purpose="qualification",
        fields=fields,
        reason=f"{REASON_MARK}: a qualification.",
        consent=world.consent,
    )


def _recipient_answers(world, referral) -> dict[str, str]:
    """Everything the recipient's users get about `referral`: the API's referral, list
    and events, and the inbox pages where they exist."""
    bodies = {}
    for kind in RECIPIENTS:
        bodies[f"{kind} API referral"] = _api(world, kind, f"/api/v1/referrals/{referral.pk}/")
        bodies[f"{kind} API list"] = _api(world, kind, "/api/v1/referrals/")
        bodies[f"{kind} API events"] = _api(world, kind, f"/api/v1/referrals/{referral.pk}/events/")
        for name, args in (("network:inbox", ()), ("network:inbox_detail", (referral.pk,))):
            page = _page(world, kind, name, *args)
            if page is not None:
                bodies[f"{kind} {name}"] = page
    for where, response in bodies.items():
        assert response.status_code == 200, f"{where}: {response.status_code}"
    return {where: _body(response) for where, response in bodies.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("part", list(SharedField), ids=str)
def test_a_shared_field_reaches_the_recipient(scope, part):
    referral = _referral_sharing(scope, [part])
    assert part in referral.shared_data
    for kind in RECIPIENTS:
        body = _api(scope, kind, f"/api/v1/referrals/{referral.pk}/").json()
        assert body["shared_data"][part] == referral.shared_data[part]
    marks = {name: MARK_TEXTS[name] for name in PACKET_FIELDS[part]}
    for where, body in _recipient_answers(scope, referral).items():
        if "events" in where or where.endswith("network:inbox"):
            continue  # the list page may show the name only
        assert leaked(body, marks) == sorted(marks), f"{where} does not show {part}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "part", [p for p in SharedField if p not in sharing.REQUIRED_FIELDS], ids=str
)
def test_an_unshared_field_stays_with_the_sender(scope, part):
    referral = _referral_sharing(scope, [p for p in SharedField if p != part])
    assert part not in referral.shared_data
    for kind in RECIPIENTS:
        body = _api(scope, kind, f"/api/v1/referrals/{referral.pk}/").json()
        assert part not in body["shared_data"]
    marks = {name: MARK_TEXTS[name] for name in PACKET_FIELDS[part]}
    for where, body in _recipient_answers(scope, referral).items():
        assert leaked(body, marks) == [], f"{where} shows the unshared {part}"


def test_name_and_reason_are_always_shared():
    assert set(sharing.clean_fields("qualification", [])) == set(sharing.REQUIRED_FIELDS)


# --- (b) every route and every API endpoint ----------------------------------------

#: URL prefixes that are not staff pages (as in tests/core/test_page_matrix.py).
NOT_STAFF = ("/admin/", "/accounts/", "/api/", "/hsds/", "/stadtteilplan/", "/i18n/", "/healthz")
#: Path parameters that name the case, its participant or one of their records: the
#: recipient gets 403, 404 or 405 for them.
CASE_PARAMETERS = {
    "case_pk",
    "participant_pk",
    "assessment_pk",
    "document_pk",
    "consent_pk",
    "follow_up_pk",
    "placement_pk",
    "case_id",
    "participant_id",
    "assessment_id",
    "plan_id",
    "contact_id",
    "follow_up_id",
    "placement_id",
}
REFUSED = {403, 404, 405}


def _templates(resolver: URLResolver | None = None, converters=None, namespaces=()):
    """(view name, its path parameters) of every named pattern."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        found = {**(converters or {}), **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            ns = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _templates(pattern, found, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), tuple(found)


@cache
def staff_routes() -> dict[str, tuple[str, ...]]:
    """Route name → its path parameters, for every staff route of the URLconf."""
    public = settings.PUBLIC_URL_NAMES
    staff = set()
    for route in walk():
        if not route.view_name or route.path.startswith(NOT_STAFF):
            continue
        namespace = route.view_name.rsplit(":", 1)[0] if ":" in route.view_name else ""
        if route.view_name in public or f"{namespace}:*" in public:
            continue
        staff.add(route.view_name)
    return {name: parameters for name, parameters in _templates() if name in staff}


def _route_cases():
    """Each staff route once; a route with a referral id twice: with R1 (the one the
    recipient has) and with R2 (the other referral of the case)."""
    for name, parameters in sorted(staff_routes().items()):
        if "referral_pk" in parameters:
            yield pytest.param(name, "r1", id=f"{name}[R1]")
            yield pytest.param(name, "r2", id=f"{name}[other referral]")
        else:
            yield pytest.param(name, None, id=name)


def _value(world, parameter: str, referral: str | None):
    values = {
        "case_pk": world.case.pk,
        "participant_pk": world.participant.pk,
        "assessment_pk": world.assessment.pk,
        "document_pk": world.document.pk,
        "consent_pk": world.consent.pk,
        "follow_up_pk": world.follow_up.pk,
        "placement_pk": world.placement.pk,
        "referral_pk": (world.r2 if referral == "r2" else world.r1).pk,
        "partner_pk": world.partner.pk,
        "meeting_pk": world.meeting.pk,
        "slug": world.project.slug,
        "project_slug": world.project.slug,
        "district_slug": getattr(world.district, "slug", "none"),
        "action": "accept",
        "file_format": "csv",
        "day": "2026-03-02",
        "language": "en",
        "task_id": "00000000-0000-4000-8000-000000000000",
    }
    return values.get(parameter, 1 if parameter.endswith("_pk") else "x")


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "referral"), list(_route_cases()))
def test_no_page_shows_the_recipient_what_was_not_shared(scope, name, referral):
    parameters = staff_routes()[name]
    url = reverse(name, kwargs={p: _value(scope, p, referral) for p in parameters})
    about_the_case = referral == "r2" or bool(CASE_PARAMETERS & set(parameters))
    wrong = []
    for kind in RECIPIENTS:
        response = scope.clients[kind].get(url)
        leaks = leaked(_body(response), UNSHARED)
        if leaks:
            wrong.append(f"{kind}: shows {', '.join(leaks)}")
        if about_the_case and response.status_code not in REFUSED:
            wrong.append(f"{kind}: got {response.status_code}, expected 403, 404 or 405")
    assert wrong == [], f"{name} ({url}):\n  " + "\n  ".join(wrong)


def _api_cases():
    for path, operations in sorted(api.get_openapi_schema()["paths"].items()):
        if "get" not in operations:
            continue
        if "{referral_id}" in path:
            yield pytest.param(path, "r1", id=f"{path}[R1]")
            yield pytest.param(path, "r2", id=f"{path}[other referral]")
        else:
            yield pytest.param(path, None, id=path)


def _api_value(world, parameter: str, path: str, referral: str | None):
    values = {
        "case_id": world.case.pk,
        "participant_id": world.participant.pk,
        "assessment_id": world.assessment.pk,
        "plan_id": world.plan.pk,
        "contact_id": world.contact.pk,
        "follow_up_id": world.follow_up.pk,
        "placement_id": world.placement.pk,
        "referral_id": (world.r2 if referral == "r2" else world.r1).pk,
        "partner_id": world.partner.pk,
        "meeting_id": world.meeting.pk,
        "organisation_id": world.org_a.pk,
        "slug": getattr(world.district, "slug", "x")
        if path.startswith("/api/v1/districts/")
        else world.project.slug,
        "day": "2026-03-02",
    }
    return values.get(parameter, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "referral"), list(_api_cases()))
def test_no_api_answer_shows_the_recipient_what_was_not_shared(scope, path, referral):
    parameters = [part[1:-1] for part in path.split("/") if part.startswith("{")]
    url = path
    for parameter in parameters:
        url = url.replace(f"{{{parameter}}}", str(_api_value(scope, parameter, path, referral)))
    about_the_case = referral == "r2" or bool(CASE_PARAMETERS & set(parameters))
    wrong = []
    for kind in RECIPIENTS:
        response = _api(scope, kind, url)
        leaks = leaked(_body(response), UNSHARED)
        if leaks:
            wrong.append(f"{kind}: shows {', '.join(leaks)}")
        if about_the_case and response.status_code not in (403, 404):
            wrong.append(f"{kind}: got {response.status_code}, expected 403 or 404")
        if response.status_code >= 500:
            wrong.append(f"{kind}: got {response.status_code}")
    assert wrong == [], f"{url}:\n  " + "\n  ".join(wrong)


@pytest.mark.django_db
def test_the_recipient_sees_r1_with_its_packet(scope):
    """The walk above is not vacuous: R1 is open to the recipient with its packet."""
    for kind in RECIPIENTS:
        response = _api(scope, kind, f"/api/v1/referrals/{scope.r1.pk}/")
        assert response.status_code == 200
        body = _body(response)
        shown = {"name": MARK_TEXTS["first_name"], "languages": MARK_TEXTS["languages"]}
        assert leaked(body, shown) == ["languages", "name"]
        assert leaked(body, UNSHARED) == []


def test_the_walk_reaches_the_case_and_its_records():
    """The walks are not vacuous: they reach the case's pages and API endpoints."""
    routes = staff_routes()
    assert {"cases:case_detail", "cases:document_list", "participants:participant_edit"} <= set(
        routes
    )
    assert routes["cases:case_detail"] == ("case_pk",)
    paths = {case.values[0] for case in _api_cases()}
    assert {"/api/v1/cases/{case_id}/", "/api/v1/referrals/{referral_id}/"} <= paths
