"""Property tests (hypothesis) on every importer and every form that takes dates,
numbers or files: arbitrary input gives a result or messages, never a server error or
an unhandled exception.

Forms. `test_forms_on_pages_survive_arbitrary_values` opens every staff page of the
page matrix's world (tests/core/test_page_matrix.py, its `ARGS`; new routes are picked
up) as a user allowed to open it, finds the forms in the page's context, and POSTs back
each form with its date, time, number and file fields replaced by generated values
(ISO and German dates, impossible dates, years beyond 9999, huge and non-finite
numbers, NUL characters, arbitrary text and arbitrary bytes under arbitrary file names),
the other fields as the page filled them. Every answer must be below 500 (the test
client re-raises any exception). Each POST is rolled back. The forms covered are
`COVERED` below; `test_every_form_with_dates_numbers_or_files_is_covered` fails when a
form class with such a field is not on that list.

Importers: the participant list (tests/participants/services/test_importing.py and
tests/participants/listformat/test_reading.py, hypothesis there), the job search's
answers (`quartier.economy.jobsearch.parse_page`) and the postcode file
(`quartier.matching.postcodes.parse_postcodes`), here.
"""

import importlib
import inspect
import pkgutil
from datetime import date

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quartier
from quartier.economy.jobsearch import JobSearchError, parse_page
from quartier.matching.postcodes import parse_postcodes
from tests.conftest import ALL_ROLES
from tests.core.test_page_matrix import ARGS, EXPECTED, matrix  # noqa: F401 (the fixture)

FUZZED = (
    forms.DateField,
    forms.TimeField,
    forms.DateTimeField,
    forms.IntegerField,
    forms.DecimalField,
    forms.FloatField,
    forms.FileField,
)
#: Generated values per form on a page.
EXAMPLES = 4

# --- The forms covered ----------------------------------------------------------------------

PAGE = "a page of the page matrix's world"
#: Fuzzed here on the form itself (not on a page of the world: a formset's form, a page
#: the world does not reach, a public form).
DIRECT = "the form itself, test_forms_without_a_page_survive_arbitrary_values"
#: Every form class with a date, time, number or file field, and where it is fuzzed.
COVERED: dict[str, str] = {
    "quartier.cases.forms.AssessmentEditForm": PAGE,  # cases:assessment_edit
    "quartier.cases.forms.AssessmentForm": PAGE,  # cases:assessment_create
    "quartier.cases.forms.CaseFilterForm": PAGE,  # cases:case_list
    "quartier.cases.forms.CaseForm": PAGE,  # cases:case_edit
    "quartier.cases.forms.ContactForm": PAGE,  # cases:contact_create
    "quartier.cases.forms.DocumentUploadForm": PAGE,  # cases:document_list
    "quartier.cases.forms.ExitForm": PAGE,  # cases:case_exit
    "quartier.cases.forms.FollowUpForm": PAGE,  # cases:follow_up_create
    "quartier.cases.forms.GoalForm": DIRECT,
    "quartier.cases.forms.PlanForm": PAGE,  # cases:plan_edit
    "quartier.cases.forms.SixMonthSurveyForm": DIRECT,
    "quartier.core.forms.ApiTokenForm": PAGE,  # core:api_tokens
    "quartier.core.forms.MembershipRoleForm": PAGE,  # core:membership_edit
    "quartier.core.forms.OrganisationForm": PAGE,  # core:organisation_edit
    "quartier.core.forms.ProjectForm": PAGE,  # core:project_edit
    "quartier.core.forms.VersionedForm": "the ModelForms' base",
    "quartier.economy.forms.advice.EmployerServiceForm": PAGE,  # economy:employer_service_create
    "quartier.economy.forms.employers.ContactPersonForm": PAGE,  # economy:contact_person_create
    "quartier.economy.forms.employers.EmployerContactForm": PAGE,  # economy:employer_contact_create
    "quartier.economy.forms.employers.EmployerForm": PAGE,  # economy:employer_create
    "quartier.economy.forms.employers.SizeDeclarationForm": PAGE,  # economy:employer_size
    "quartier.economy.forms.events.AttendanceForm": PAGE,  # economy:event_detail
    "quartier.economy.forms.events.EventForm": PAGE,  # economy:event_create
    "quartier.economy.forms.events.TaskForm": PAGE,  # economy:event_detail
    "quartier.economy.forms.placements.CheckForm": PAGE,  # economy:check_record
    "quartier.economy.forms.placements.EconomySettingsForm": PAGE,  # economy:economy_settings
    "quartier.economy.forms.placements.PlacementEditForm": PAGE,  # economy:placement_edit
    "quartier.economy.forms.placements.PlacementEndForm": PAGE,  # economy:placement_end
    "quartier.economy.forms.placements.PlacementFields": "PlacementForm's base",
    "quartier.economy.forms.placements.PlacementForm": PAGE,  # economy:placement_create
    "quartier.economy.forms.units.UnitForm": PAGE,  # economy:unit_create
    "quartier.economy.forms.units.UnitStatusForm": PAGE,  # economy:unit_status
    "quartier.economy.forms.vacancies.JobImportForm": PAGE,  # economy:vacancy_import
    "quartier.economy.forms.vacancies.VacancyForm": PAGE,  # economy:vacancy_create
    "quartier.economy.forms.vacancies.VacancyStatusForm": PAGE,  # economy:vacancy_detail
    "quartier.economy.forms.vacancy_reports.ReportConfirmForm": PAGE,
    "quartier.economy.forms.vacancy_reports.ReportRejectForm": PAGE,
    "quartier.economy.forms.vacancy_reports.VacancyReportForm": DIRECT,
    "quartier.matching.forms.DecisionForm": PAGE,  # matching:case_matches
    "quartier.matching.forms.WeightsForm": PAGE,  # matching:weights
    "quartier.network.forms.answers.AnswerForm": PAGE,  # network:referral_answer
    "quartier.network.forms.answers.CompleteForm": DIRECT,
    "quartier.network.forms.answers.DeclineForm": DIRECT,
    "quartier.network.forms.answers.NotCompletedForm": DIRECT,
    "quartier.network.forms.deadlines.DeadlinesForm": PAGE,  # network:deadlines
    "quartier.network.forms.figures.FiguresFilterForm": PAGE,  # network:figures
    "quartier.network.forms.meetings.EvidenceForm": PAGE,  # network:meeting_detail
    "quartier.network.forms.meetings.MeetingForm": PAGE,  # network:meeting_create
    "quartier.network.forms.meetings.OutcomeForm": PAGE,  # network:meeting_detail
    "quartier.network.forms.partners.PartnerContactForm": PAGE,  # network:partner_contact_create
    "quartier.network.forms.partners.PartnerForm": PAGE,  # network:partner_create
    "quartier.network.forms.partners.PartnerPersonForm": PAGE,  # network:partner_person_create
    "quartier.network.forms.partners.TeamForm": PAGE,  # network:team_create
    "quartier.network.forms.partners.TeamMemberForm": PAGE,  # network:team_member_create
    "quartier.network.forms.referrals.AssignmentForm": PAGE,  # network:assignment_create
    "quartier.network.forms.referrals.CancelForm": PAGE,  # network:referral_cancel
    "quartier.network.forms.referrals.SendForm": PAGE,  # network:referral_send
    "quartier.offers.forms.catalogue.LocationForm": PAGE,  # offers:location_create
    "quartier.offers.forms.catalogue.OfferForm": PAGE,  # offers:offer_create
    "quartier.offers.forms.catalogue.TranslationForm": PAGE,  # offers:translation_edit
    "quartier.offers.forms.enrolments.EnrolmentChangeForm": PAGE,  # offers:enrolment_change
    "quartier.offers.forms.enrolments.EnrolmentEndForm": PAGE,  # offers:enrolment_end
    "quartier.offers.forms.enrolments.EnrolmentForm": PAGE,  # offers:enrol_from_case
    "quartier.offers.forms.schedules.ScheduleForm": PAGE,  # offers:schedule_create
    "quartier.offers.forms.service_requests.ServiceRequestCancelForm": PAGE,
    "quartier.offers.forms.service_requests.ServiceRequestDoneForm": PAGE,
    "quartier.offers.forms.service_requests.ServiceRequestForm": PAGE,
    "quartier.offers.forms.service_requests.ServiceRequestScheduleForm": PAGE,
    # The partner variant of participants:consent_create (?purpose=partner_sharing).
    "quartier.participants.forms.ConsentForm": DIRECT,
    "quartier.participants.forms.ConsentsForm": PAGE,  # participants:consent_create
    "quartier.privacy.forms.erasure.ErasureForm": PAGE,  # privacy:person_erase
    "quartier.privacy.forms.retention.RetentionRuleForm": PAGE,  # privacy:retention_rule_create
    "quartier.participants.forms.ConsentTextForm": PAGE,  # participants:consent_texts
    "quartier.participants.forms.ConsentWithdrawForm": PAGE,  # participants:consent_withdraw
    "quartier.participants.forms.FirstContactForm": PAGE,  # participants:first_contact_edit
    "quartier.participants.forms.IntakeForm": PAGE,  # participants:intake
    "quartier.participants.forms.ParticipantForm": PAGE,  # participants:participant_edit
    "quartier.participants.forms.ParticipantListUploadForm": PAGE,  # participants:import_upload
    "quartier.reports.forms.ReportFilterForm": PAGE,  # reports:dashboard
}


# --- Strategies -------------------------------------------------------------------------

ODD_TEXT = st.sampled_from(
    ["", " ", "\x00", "0", "-1", "1e309", "NaN", "Infinity", "-Infinity", "9" * 40, "١٢٣"]
)
DATE_TEXT = st.one_of(
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    st.sampled_from(["0000-00-00", "2025-02-30", "2025-13-01", "99999-01-01", "31.12.", "1.1.1"]),
    ODD_TEXT,
    st.text(max_size=12),
)
TIME_TEXT = st.one_of(
    st.times().map(lambda t: t.isoformat()),
    st.sampled_from(["24:00", "25:61", "09:00+01:00", "9", "12:00:00.5Z"]),
    ODD_TEXT,
    st.text(max_size=8),
)
NUMBER_TEXT = st.one_of(
    st.integers().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["1,5", " 7 ", "+3", "1_000", "0x10", "1e-400", "-0"]),
    ODD_TEXT,
    st.text(max_size=8),
)
FILE_NAMES = st.sampled_from(
    ["cv.pdf", "list.csv", "list.xlsx", "x.html", "../../etc/passwd", "a" * 300 + ".pdf", "ü"]
)
FILES = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    FILE_NAMES,
    st.one_of(
        st.binary(max_size=512),
        st.sampled_from([b"%PDF-1.4\n<html><script>alert(1)</script>", b"PK\x03\x04" + b"\0" * 40]),
    ),
)


def _strategy(field: forms.Field):
    if isinstance(field, forms.FileField):
        return FILES
    if isinstance(field, forms.DateTimeField):
        return st.one_of(DATE_TEXT, DATE_TEXT.map(lambda d: f"{d} 10:00"))
    if isinstance(field, forms.DateField):
        return DATE_TEXT
    if isinstance(field, forms.TimeField):
        return TIME_TEXT
    return NUMBER_TEXT


# --- Forms on pages ---------------------------------------------------------------------


def _plain(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return str(value)


def _forms_in(response) -> list[forms.BaseForm]:
    found, seen = [], set()
    for context in response.context or []:
        values = context.values() if isinstance(context, dict) else context.flatten().values()
        for value in values:
            if isinstance(value, forms.BaseForm) and id(value) not in seen:
                seen.add(id(value))
                found.append(value)
    return found


def _fuzzed_fields(form) -> dict[str, forms.Field]:
    return {name: field for name, field in form.fields.items() if isinstance(field, FUZZED)}


def _user_for(world, name: str):
    cell = EXPECTED[name]
    for side, roles in (("own", cell.allowed), ("partner", cell.partner)):
        for role in ALL_ROLES:
            if role in roles and cell.expect(side, role) == 200:
                return world.users[side, role]
    return None


def form_name(form_class) -> str:
    return f"{form_class.__module__}.{form_class.__qualname__}"


def _post_arbitrary(client, url: str, base: dict, strategies: dict) -> int:
    """Send the form `EXAMPLES` times with generated values (POST; GET for a filter
    form on a page that takes no POST); the number of requests."""
    posts = 0
    with transaction.atomic():
        send = client.get if client.post(url, base).status_code == 405 else client.post
        transaction.set_rollback(True)

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(st.fixed_dictionaries(strategies))
    def post(values):
        nonlocal posts
        with transaction.atomic():
            answer = send(url, {**base, **values})
            transaction.set_rollback(True)
        posts += 1
        assert answer.status_code < 500, (url, values)

    post()
    return posts


@pytest.mark.django_db
def test_forms_on_pages_survive_arbitrary_values(matrix):  # noqa: F811
    exercised: dict[str, str] = {}
    posts = 0
    for name in sorted(ARGS):
        user = _user_for(matrix, name)
        if user is None:
            continue
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        url = reverse(name, args=ARGS[name](matrix))
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        for form in _forms_in(response):
            fuzzed = _fuzzed_fields(form)
            if not fuzzed:
                continue
            exercised.setdefault(form_name(type(form)), name)
            base = {form.add_prefix(n): _plain(form[n].value()) for n in form.fields}
            strategies = {form.add_prefix(n): _strategy(f) for n, f in fuzzed.items()}

            posts += _post_arbitrary(client, url, base, strategies)
    missing = sorted(n for n, where in COVERED.items() if where == PAGE and n not in exercised)
    assert missing == [], "forms on COVERED as PAGE that no page of the world showed: " + str(
        missing
    )
    print(f"\nFORMS: {len(exercised)} forms on pages, {posts} POSTs with generated values")


def forms_with_fuzzable_fields() -> set[str]:
    found = set()
    for module in pkgutil.walk_packages(quartier.__path__, "quartier."):
        if ".forms" not in module.name:
            continue
        loaded = importlib.import_module(module.name)
        for value in vars(loaded).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == loaded.__name__
                and any(isinstance(f, FUZZED) for f in value.base_fields.values())
            ):
                found.add(form_name(value))
    return found


def test_every_form_with_dates_numbers_or_files_is_covered():
    missing = sorted(forms_with_fuzzable_fields() - set(COVERED))
    assert missing == [], (
        "Forms with date, number or file fields not in COVERED of "
        "tests/core/test_input_properties.py (put the page that shows them in the page "
        "matrix, or name the test that fuzzes them): " + ", ".join(missing)
    )


def _direct_forms():
    from quartier.economy.forms.vacancy_reports import VacancyReportForm

    for name in sorted(n for n, where in COVERED.items() if where == DIRECT):
        module, _, cls = name.rpartition(".")
        form_class = getattr(importlib.import_module(module), cls)
        kwargs = {"scope": "district"} if form_class is VacancyReportForm else {}
        if cls == "ConsentForm":
            kwargs = {"participant": _a_participant}
        yield pytest.param(form_class, kwargs, id=cls)


def _a_participant():
    from tests.factories import ParticipantFactory

    return ParticipantFactory()


@pytest.mark.django_db
@pytest.mark.parametrize(("form_class", "kwargs"), list(_direct_forms()))
def test_forms_without_a_page_survive_arbitrary_values(form_class, kwargs):
    kwargs = {key: value() if callable(value) else value for key, value in kwargs.items()}
    form = form_class(**kwargs)
    strategies = {n: _strategy(f) for n, f in _fuzzed_fields(form).items()}
    base = {n: _plain(form[n].value()) for n in form.fields}

    @settings(max_examples=25, derandomize=True, deadline=None, database=None)
    @given(st.fixed_dictionaries(strategies))
    def check(values):
        data = {**base, **values}
        files = {k: v for k, v in data.items() if isinstance(v, SimpleUploadedFile)}
        bound = form_class(data=data, files=files, **kwargs)
        if not bound.is_valid():
            assert bound.errors

    check()


# --- Importers ----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)
JOB_KEYS = st.sampled_from(
    [
        "refnr",
        "titel",
        "beruf",
        "arbeitgeber",
        "arbeitsort",
        "eintrittsdatum",
        "externeUrl",
        "aktuelleVeroeffentlichungsdatum",
        "modifikationsTimestamp",
        "plz",
        "ort",
        "koordinaten",
        "lat",
        "lon",
        "strasse",
        "land",
        "hashId",
    ]
)
JOB_ITEM = st.dictionaries(JOB_KEYS, JSON | st.dictionaries(JOB_KEYS, JSON, max_size=4))


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.one_of(
        JSON,
        st.fixed_dictionaries(
            {"stellenangebote": st.lists(JOB_ITEM, max_size=5)},
            optional={"maxErgebnisse": JSON, "page": JSON, "size": JSON},
        ),
    )
)
def test_job_search_answers_parse_or_are_refused(data):
    try:
        page = parse_page(data)
    except JobSearchError:
        return
    for offer in page.offers:
        assert offer.refnr
        assert len(offer.title) <= 300


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(
        st.lists(st.one_of(st.text(max_size=12), ODD_TEXT, NUMBER_TEXT), max_size=6),
        max_size=6,
    ).map(lambda rows: "\n".join(";".join(fields) for fields in rows)),
)
def test_postcode_files_load_or_name_the_bad_lines(text):
    rows, errors = parse_postcodes(text)
    for row in rows:
        assert len(row.postcode) == 5
        assert row.postcode.isdigit()
        assert -90 <= row.latitude <= 90
        assert -180 <= row.longitude <= 180
    assert all(message.startswith("line ") for message in errors)
