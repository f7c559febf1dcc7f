"""The demo's data protection (quartier.demo.privacy): a data-protection officer per seed
project whose start page has consents ending soon and a withdrawal, the retention rules
(the funder's configured, not hard-coded), a pupil in Job-in-West with a parent's
consent; replaced on a reseed."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from quartier.core.models import Membership, Project, Role, User
from quartier.demo import data
from quartier.participants.models import Consent
from quartier.privacy.models import RetentionRule
from quartier.privacy.selectors.start_page import privacy_part

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

TODAY = date(2026, 12, 3)


@pytest.fixture
def seeded(db):
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", "--participants", "60", "--seed", "5")
        yield TODAY


def _officer(local: str) -> User:
    return User.objects.get(email=f"{local}@{data.DEMO_DOMAIN}")


def test_every_seed_project_has_a_data_protection_officer(seeded):
    officers = Membership.objects.filter(role=Role.DATA_PROTECTION_OFFICER, user__is_demo=True)
    assert set(officers.values_list("project__slug", flat=True)) == {
        spec["slug"] for spec in data.PROJECTS
    }
    duisburg = _officer("datenschutz.duisburg")
    assert duisburg.memberships.get().project.slug == "aktiv-fuer-arbeit"


def test_the_officers_start_page_has_work(seeded):
    for local in ("datenschutz", "datenschutz.duisburg", "datenschutz.trier"):
        part = privacy_part(user=_officer(local), today=seeded)["privacy_start"]
        assert part["expiring"].total >= 1, local
        assert part["withdrawn"].total >= 1, local
    client = Client()
    client.force_login(_officer("datenschutz"))
    page = client.get(reverse("core:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "<h1>Data protection</h1>" in page.content.decode()


def test_expiring_consents_end_in_the_next_30_days_and_were_valid_before(seeded):
    ending = Consent.objects.filter(valid_until__isnull=False, withdrawn_on__isnull=True)
    ending = ending.filter(valid_until__gte=seeded, valid_until__lte=seeded + timedelta(days=30))
    assert ending.count() >= 5
    assert all(consent.given_on <= seeded for consent in ending)


def test_each_project_has_its_funders_retention_configured(seeded):
    for project in Project.objects.all():
        scopes = set(RetentionRule.objects.filter(project=project).values_list("scope", flat=True))
        assert scopes == {"indicator_data", "case_file", "access_log"}, project.slug
    esf = RetentionRule.objects.get(project__slug="bqb-sued", scope="indicator_data")
    assert (esf.citation, esf.start_event, esf.duration_months) == (
        "Art. 82 VO (EU) 2021/1060",
        "funded_period_end",
        60,
    )
    grant = RetentionRule.objects.get(project__slug="job-in-west", scope="indicator_data")
    assert "ANBest-P" in grant.citation
    log = RetentionRule.objects.get(project__slug="bqb-sued", scope="access_log")
    assert log.duration_months == 24


def test_job_in_west_has_a_pupil_with_a_parents_consent(seeded, settings):
    guarded = Consent.objects.filter(
        participant__project__slug="job-in-west", guardian_name__gt=""
    ).select_related("participant__case")
    assert guarded.exists()
    pupil = guarded.first().participant
    assert pupil.age_on(pupil.case.entry_date) < settings.GUARDIAN_CONSENT_AGE
    assert {c.guardian_relation for c in guarded} == {"parent"}
    # The pupil is one of the Trier officer's persons.
    client = Client()
    client.force_login(_officer("datenschutz.trier"))
    page = client.get(reverse("privacy:person_detail", args=[pupil.pk]))
    assert page.status_code == 200
    assert guarded.first().guardian_name in page.content.decode()


def test_a_reseed_replaces_the_rules(seeded):
    before = RetentionRule.objects.count()
    with time_machine.travel(TODAY, tick=False):
        call_command("seed_demo", "--participants", "20", "--seed", "5")
    assert RetentionRule.objects.count() == before == 15
