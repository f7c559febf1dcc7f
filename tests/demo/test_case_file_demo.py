"""seed_demo's case files: every participant with entry data, case, consents, assessments,
plan, contacts and follow-ups that obey the model's and the services' rules.

One seed (150 participants) is loaded once for the module inside a transaction that is
rolled back at the end; each test reads it.
"""

import importlib
from collections import defaultdict
from datetime import timedelta
from uuid import UUID

import pytest
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from quartier.cases.models import (
    EXIT_ESF_FIELDS,
    NEED_DOMAINS,
    Assessment,
    Case,
    Contact,
    FollowUp,
    Goal,
    Plan,
    Skill,
    Stage,
)
from quartier.cases.selectors.my_day import my_day
from quartier.core.models import Membership, Project, ProjectMember, User
from quartier.core.tenancy import CASE_ROLES
from quartier.demo import data
from quartier.economy.models import VacancySkill
from quartier.network.models import Partner
from quartier.participants.models import (
    PARTNER_PURPOSES,
    SPECIAL_CATEGORY_FIELDS,
    Consent,
    ConsentPurpose,
    ConsentText,
    FirstContact,
    Participant,
)

PARTICIPANTS = 150


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--participants", str(PARTICIPANTS), "--seed", "7")
        yield
        transaction.set_rollback(True)


pytestmark = pytest.mark.usefixtures("demo")


def demo_user(local: str) -> User:
    return User.objects.get(email=f"{local}@{data.DEMO_DOMAIN}")


def test_every_participant_has_one_case_and_about_ten_contacts(db):
    assert Participant.objects.count() == PARTICIPANTS
    assert Case.objects.count() == PARTICIPANTS
    contacts_per_case = Contact.objects.count() / PARTICIPANTS
    assert 7 <= contacts_per_case <= 13


def test_each_case_belongs_to_its_participants_project_and_organisation(db):
    for case in Case.objects.select_related("participant"):
        assert case.project_id == case.participant.project_id
        assert case.organisation_id == case.participant.organisation_id
        assert ProjectMember.objects.filter(
            project_id=case.project_id, organisation_id=case.organisation_id
        ).exists()


def test_the_responsible_person_holds_a_case_role_in_the_owning_organisation(db):
    roles = defaultdict(set)
    for user_id, project_id, org_id, role in Membership.objects.values_list(
        "user_id", "project_id", "organisation_id", "role"
    ):
        roles[(user_id, project_id, org_id)].add(role)
    for case in Case.objects.all():
        assert case.responsible_id is not None
        assert roles[(case.responsible_id, case.project_id, case.organisation_id)] & CASE_ROLES


def test_every_organisation_of_every_consortium_has_case_staff(db):
    for member in ProjectMember.objects.all():
        assert Membership.objects.filter(
            project=member.project, organisation=member.organisation, role__in=list(CASE_ROLES)
        ).exists(), member


def test_entry_dates_lie_in_the_project_period_and_after_birth(db):
    today = timezone.localdate()
    for case in Case.objects.select_related("participant", "project"):
        assert case.project.start_date <= case.entry_date <= min(case.project.end_date, today)
        assert case.participant.birth_date < case.entry_date
        since = case.participant.unemployed_since
        if case.participant.labour_status == "unemployed":
            assert since is not None
            assert since <= case.entry_date
        else:
            assert since is None


def test_stages_are_spread_over_the_chain_and_about_thirty_percent_left(db):
    stages = dict(Case.objects.values_list("stage").annotate(n=Count("id")))
    assert len(stages) >= 6
    assert 0.18 <= stages.get(Stage.EXITED, 0) / PARTICIPANTS <= 0.42


def test_exited_cases_have_complete_esf_exit_data_and_open_cases_none(db):
    for case in Case.objects.all():
        if case.exit_date:
            assert case.stage == Stage.EXITED
            assert case.exit_reason
            assert case.exit_date >= case.entry_date
            for field in EXIT_ESF_FIELDS:
                assert getattr(case, field) in ("yes", "no"), field
        else:
            assert case.stage != Stage.EXITED
            assert not case.exit_reason
            for field in EXIT_ESF_FIELDS:
                assert getattr(case, field) == "", field
            assert case.followup_6m_recorded_on is None


def test_six_month_follow_ups_only_with_a_valid_follow_up_consent(db):
    recorded = 0
    for case in Case.objects.filter(exit_date__isnull=False).prefetch_related(
        "participant__consents", "follow_ups"
    ):
        allowed = any(
            c.purpose == ConsentPurpose.FOLLOWUP_CONTACT and c.is_valid_on(case.exit_date)
            for c in case.participant.consents.all()
        )
        six_month = [f for f in case.follow_ups.all() if f.kind == FollowUp.Kind.SIX_MONTH]
        assert len(six_month) == (1 if allowed else 0)
        if six_month:
            assert six_month[0].due_date == case.exit_date + relativedelta(months=6)
        if case.followup_6m_recorded_on:
            recorded += 1
            assert allowed
            assert case.followup_6m_recorded_on >= six_month[0].due_date
            assert six_month[0].done_at is not None
            assert case.followup_6m_employed in ("yes", "no")
    assert recorded > 0


def test_everybody_consented_to_counselling_and_some_withdrew_other_consents(db):
    counselling = Consent.objects.filter(purpose=ConsentPurpose.COUNSELLING)
    assert counselling.values("participant").distinct().count() == PARTICIPANTS
    assert not counselling.filter(withdrawn_on__isnull=False).exists()
    assert Consent.objects.filter(purpose=ConsentPurpose.FOLLOWUP_CONTACT).exists()
    assert Consent.objects.filter(purpose=ConsentPurpose.PHOTOS).exists()
    assert Consent.objects.filter(withdrawn_on__isnull=False).exists()
    assert not Consent.objects.exclude(text_version="1.0").exists()


def test_special_category_data_only_with_a_valid_special_category_consent(db):
    for participant in Participant.objects.prefetch_related("consents"):
        allowed = any(
            c.purpose == ConsentPurpose.SPECIAL_CATEGORIES and c.is_valid_on()
            for c in participant.consents.all()
        )
        if not allowed:
            assert participant.disability == "not_stated"
            assert participant.minority == "not_stated"
            assert participant.health_notes == ""
    assert Participant.objects.exclude(disability="not_stated").exists()
    assert set(SPECIAL_CATEGORY_FIELDS) == {"disability", "minority", "health_notes"}


def test_partner_sharing_names_another_member_of_the_consortium_or_a_network_partner(db):
    consents = Consent.objects.filter(purpose__in=PARTNER_PURPOSES)
    assert consents.filter(partner__network_partnerships__isnull=False).exists()
    for consent in consents:
        participant = consent.participant
        assert consent.partner_id != participant.organisation_id
        assert (
            ProjectMember.objects.filter(
                project_id=participant.project_id, organisation_id=consent.partner_id
            ).exists()
            or Partner.objects.filter(
                project_id=participant.project_id, partner_organisation_id=consent.partner_id
            ).exists()
        )


def test_every_project_has_its_german_consent_texts_version_one(db):
    for project in Project.objects.all():
        texts = ConsentText.objects.filter(project=project, text_version="1.0")
        assert set(texts.values_list("purpose", flat=True)) == set(ConsentPurpose.values)
        assert all(project.name in text.text for text in texts)
        assert "Ich willige" in texts.get(purpose=ConsentPurpose.COUNSELLING).text


def test_one_to_three_assessments_past_first_counselling_with_falling_needs(db):
    today = timezone.localdate()
    for case in Case.objects.prefetch_related("assessments"):
        assessments = sorted(case.assessments.all(), key=lambda a: (a.date, a.id))
        if case.stage == Stage.FIRST_COUNSELLING:
            assert assessments == []
            continue
        assert 1 <= len(assessments) <= 3
        for earlier, later in zip(assessments, assessments[1:], strict=False):
            for field, _label in NEED_DOMAINS:
                assert getattr(later, field) <= getattr(earlier, field)
        for assessment in assessments:
            assert case.entry_date <= assessment.date <= today
    skills_per_assessment = Assessment.skills.through.objects.count() / Assessment.objects.count()
    assert skills_per_assessment >= 3


def test_most_open_cases_past_profiling_have_a_plan_with_two_to_four_goals(db):
    later_stages = Case.objects.filter(exit_date__isnull=True).exclude(
        stage__in=[Stage.FIRST_COUNSELLING, Stage.PROFILING]
    )
    with_plan = later_stages.filter(plan__isnull=False).count()
    assert with_plan >= 0.75 * later_stages.count()
    for plan in Plan.objects.annotate(n=Count("goals")):
        assert 2 <= plan.n <= 4
    assert not Plan.objects.filter(case__stage=Stage.FIRST_COUNSELLING).exists()


def test_contacts_lie_within_the_case_and_name_known_topics(db):
    today = timezone.localdate()
    for contact in Contact.objects.select_related("case"):
        case = contact.case
        assert case.entry_date <= contact.date <= (case.exit_date or today)
        assert contact.topics
        assert contact.staff_id is not None


def test_there_are_cases_with_many_contacts_for_the_case_page(db):
    counts = Case.objects.annotate(n=Count("contacts")).values_list("n", flat=True)
    assert max(counts) >= 40


@pytest.mark.parametrize(
    "model",
    [Participant, Case, Consent, Assessment, Plan, Goal, Contact, FollowUp, FirstContact, Skill],
)
def test_every_row_passes_the_models_validation_and_constraints(db, model):
    for obj in model.objects.all()[:400]:
        obj.full_clean()


def test_the_demo_case_worker_of_bqb_sued_has_a_realistic_day(db):
    worker = demo_user("fallmanagement")
    day = my_day(user=worker)
    assert len(day["due_today"]) >= 3
    assert 1 <= len(day["overdue"]) <= 10
    assert day["upcoming"]
    assert 5 <= day["my_open_cases"] <= 60
    for item in day["due_today"] + day["overdue"]:
        assert item.case.responsible_id == worker.pk
        assert item.case.exit_date is None


@pytest.mark.parametrize("local", ["jobcoach", "projektleitung"])
def test_the_other_demo_case_logins_have_something_due(db, local):
    day = my_day(user=demo_user(local))
    assert day["due_today"] or day["overdue"]


def test_first_contacts_anonymous_named_requests_and_converted(db):
    contacts = FirstContact.objects.all()
    anonymous = contacts.filter(name="", status=FirstContact.Status.CLOSED)
    assert anonymous.count() >= PARTICIPANTS * 0.3
    assert anonymous.filter(place="Stadtteilcafé Wanne-Süd").exists()
    assert contacts.filter(status=FirstContact.Status.REQUEST).exclude(name="").exists()
    assert contacts.filter(status=FirstContact.Status.OPEN).exclude(name="").exists()
    for first_contact in contacts.filter(status=FirstContact.Status.CONVERTED):
        participant = first_contact.participant
        assert participant.project_id == first_contact.project_id
        assert participant.organisation_id == first_contact.organisation_id
        assert first_contact.date <= participant.case.entry_date


def test_recent_first_contacts_are_dated_no_later_than_today(db):
    today = timezone.localdate()
    assert not FirstContact.objects.filter(date__gt=today).exists()
    assert FirstContact.objects.filter(date__gte=today - timedelta(days=14)).exists()


def test_the_curated_skill_list(db):
    skills = Skill.objects.all()
    assert 40 <= skills.count() <= 60
    assert set(skills.values_list("category", flat=True)) == set(Skill.Category.values)
    for name in ["Zuverlässigkeit", "Teamfähigkeit", "Deutsch im Alltag", "Smartphone-Nutzung"]:
        assert skills.filter(name=name).exists()
    for uri in skills.exclude(esco_uri="").values_list("esco_uri", flat=True):
        assert uri.startswith("http://data.europa.eu/esco/skill/")
        identifier = uri.rsplit("/", 1)[1]
        assert str(UUID(identifier)) == identifier
    teamwork = "http://data.europa.eu/esco/skill/60c78287-22eb-4103-9c8c-28deaa460da0"
    assert skills.get(name="Teamfähigkeit").esco_uri == teamwork


def test_the_skill_migration_reverses_to_nothing_and_forward_again(db):
    migration = importlib.import_module("quartier.cases.migrations.0003_skills")
    before = Skill.objects.count()
    # Migrating back this far unapplies the economy's migrations first (they depend on
    # the skill list); the demo vacancies' required skills go with them.
    VacancySkill.objects.all().delete()
    migration.remove_skills(apps, None)
    assert Skill.objects.count() == 0
    migration.add_skills(apps, None)
    migration.add_skills(apps, None)  # forward twice: no duplicates
    assert Skill.objects.count() == before == len(migration.SKILLS)


def test_seeding_writes_no_audit_entry_per_person(db):
    from auditlog.models import LogEntry

    personal = LogEntry.objects.filter(
        content_type__app_label__in=["cases", "participants"]
    ).count()
    assert personal == 0
