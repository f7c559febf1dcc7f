"""Shared fixtures: a two-organisation project world and logged-in clients per role."""

import os
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from allauth.mfa.models import Authenticator
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from quartier.core.models import Organisation, Project, ProjectMember, Role, User
from tests.factories import MembershipFactory, OrganisationFactory, ProjectFactory, UserFactory

# Property tests run the same examples every time (no flaky CI), without wall-clock
# limits that a loaded 2-core machine would trip.
hypothesis_settings.register_profile(
    "quartier",
    derandomize=True,
    deadline=None,
    max_examples=60,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
hypothesis_settings.load_profile("quartier")


def pytest_configure(config):
    """`QUARTIER_TEST_TODAY=2028-02-29` (or `2028-02-29T23:30`) runs the whole session on
    that day, local time (10:00 without a time), the clock ticking from there: tests that
    depend on today (`-m date_sensitive`) must pass on any day (`make test-dates`)."""
    value = os.environ.get("QUARTIER_TEST_TODAY")
    if not value:
        return
    import time_machine

    moment = datetime.fromisoformat(value if "T" in value else f"{value}T10:00")
    moment = moment.replace(tzinfo=moment.tzinfo or ZoneInfo("Europe/Berlin"))
    config._quartier_travel = time_machine.travel(moment, tick=True)
    config._quartier_travel.start()


#: Test modules that read today's date (directly, or through factories placed around it):
#: marked `date_sensitive`, so `make test-dates` runs them on its fixed days.
DATE_SENSITIVE_MODULES = {
    "tests/api/test_core_api.py",
    "tests/cases/test_reminders.py",
    "tests/cases/api/test_assessments.py",
    "tests/cases/api/test_cases.py",
    "tests/cases/api/test_contacts.py",
    "tests/cases/api/test_follow_ups.py",
    "tests/cases/api/test_plans.py",
    "tests/cases/services/test_assessments.py",
    "tests/cases/services/test_cases.py",
    "tests/cases/services/test_contacts.py",
    "tests/cases/services/test_exits.py",
    "tests/cases/services/test_follow_ups.py",
    "tests/cases/services/test_plans.py",
    "tests/cases/views/test_assessments.py",
    "tests/cases/views/test_cases.py",
    "tests/cases/views/test_contacts.py",
    "tests/cases/views/test_exits.py",
    "tests/cases/views/test_follow_ups.py",
    "tests/cases/views/test_plans.py",
    "tests/participants/test_intake_pages.py",
    "tests/cases/views/test_documents_pdfs.py",
    "tests/core/test_security.py",
    "tests/demo/test_case_file_demo.py",
    "tests/demo/test_demo_periods.py",
    "tests/demo/test_economy_seeding.py",
    "tests/demo/test_offer_demo.py",
    "tests/demo/test_seed_demo.py",
    "tests/offers/api/test_attendance.py",
    "tests/offers/api/test_certificates.py",
    "tests/offers/api/test_enrolments.py",
    "tests/offers/api/test_locations.py",
    "tests/offers/api/test_offers.py",
    "tests/offers/test_api.py",
    "tests/offers/api/test_schedules.py",
    "tests/offers/api/test_service_requests.py",
    "tests/offers/selectors/test_offers.py",
    "tests/offers/services/test_attendance.py",
    "tests/offers/services/test_catalogue.py",
    "tests/offers/services/test_certificates_pdf.py",
    "tests/offers/services/test_certificates.py",
    "tests/offers/services/test_enrolments.py",
    "tests/offers/services/test_schedules.py",
    "tests/offers/services/test_service_requests.py",
    "tests/offers/test_rules.py",
    "tests/offers/test_rules.py",
    "tests/offers/views/test_certificates.py",
    "tests/offers/views/test_enrolments.py",
    "tests/offers/views/test_issued_certificates.py",
    "tests/offers/views/test_locations.py",
    "tests/offers/views/test_offers.py",
    "tests/offers/views/test_register.py",
    "tests/offers/views/test_service_requests.py",
    "tests/offers/views/test_translations.py",
    "tests/reports/test_rules.py",
    "tests/reports/views/test_pages.py",
    "tests/reports/views/test_pages_district_profile.py",
    "tests/stadtteilplan/hsds/test_views.py",
    "tests/participants/services/test_import_jobs.py",
    "tests/stadtteilplan/test_flyer.py",
    "tests/stadtteilplan/services/test_appointments.py",
    "tests/stadtteilplan/services/test_spam_protection.py",
    "tests/stadtteilplan/views/test_appointments.py",
    "tests/stadtteilplan/views/test_feeds.py",
    "tests/stadtteilplan/views/test_pages.py",
    # privacy (area dpo)
    "tests/privacy/selectors/test_start_page.py",
    "tests/privacy/views/test_persons.py",
    "tests/demo/test_privacy_demo.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if item.nodeid.split("::")[0] in DATE_SENSITIVE_MODULES:
            item.add_marker(pytest.mark.date_sensitive)


def pytest_report_header(config):
    if getattr(config, "_quartier_travel", None):
        return f"QUARTIER_TEST_TODAY={os.environ['QUARTIER_TEST_TODAY']} (time travel)"


def give_totp(user: User) -> None:
    """Mark a user as enrolled in TOTP, so the MFA guard lets them through."""
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )


@dataclass
class World:
    """Project P run by org A (lead) and org B; project Q run by org C only."""

    project: Project
    other_project: Project
    org_a: Organisation
    org_b: Organisation
    org_c: Organisation

    def member(self, role: str, organisation: Organisation | None = None, project=None) -> User:
        membership = MembershipFactory(
            project=project or self.project, organisation=organisation or self.org_a, role=role
        )
        give_totp(membership.user)
        return membership.user


@pytest.fixture
def world(db) -> World:
    org_a, org_b, org_c = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    project = ProjectFactory(lead=org_a)
    ProjectMember.objects.create(project=project, organisation=org_b)
    other = ProjectFactory(lead=org_c)
    return World(project=project, other_project=other, org_a=org_a, org_b=org_b, org_c=org_c)


@pytest.fixture
def platform_admin(db) -> User:
    user = UserFactory(is_superuser=True, is_staff=True)
    give_totp(user)
    return user


@pytest.fixture
def login(client):
    """Log a user in (with MFA already done) and return the client."""

    def _login(user: User):
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return _login


ALL_ROLES = list(Role.values)


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level messages in English for assertions; pages keep their German default."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """allauth's login rate limits live in the cache; one test's failed logins must not
    lock out the next test's user. The public pages' cache is emptied too (public)."""
    from django.core.cache import caches

    for each in caches.all():
        each.clear()
    yield
    for each in caches.all():
        each.clear()


@pytest.fixture
def api_as(client):
    """`api_as(user)`: an API client acting with a fresh token of `user`; `api_as(None)`:
    none. For the API tests of every app (tests/api, tests/offers/api)."""
    from quartier.core import services
    from tests.api.client import ApiClient

    def _as(user):
        key = services.api_token_create(actor=user, user=user, name="test")[1] if user else None
        return ApiClient(client, key)

    return _as
