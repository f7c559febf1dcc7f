"""factory_boy factories for the core model and participants."""

from datetime import date

import factory
from factory.django import DjangoModelFactory

from quartier.cases.models import Assessment, Case, Contact, FollowUp, Goal, Plan
from quartier.core.models import (
    District,
    DistrictStatistic,
    Funder,
    Membership,
    Organisation,
    Project,
    ProjectMember,
    Role,
    User,
)
from quartier.participants.models import Consent, FirstContact, Participant


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="de_DE")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery-9")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Träger {n}")
    slug = factory.Sequence(lambda n: f"traeger-{n}")
    kind = Organisation.Kind.PROVIDER
    postcode = "44649"
    city = "Herne"


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"Quartier {n}")
    city = "Herne"
    slug = factory.Sequence(lambda n: f"quartier-{n}")
    centre_lat = "51.528000"
    centre_lon = "7.159000"


class DistrictStatisticFactory(DjangoModelFactory):
    class Meta:
        model = DistrictStatistic

    district = factory.SubFactory(DistrictFactory)
    reference_date = date(2018, 12, 31)
    population_district = 9725
    population_city = 161084
    sgb2_rate_district = "23.9"
    sgb2_rate_city = "19.3"


class FunderFactory(DjangoModelFactory):
    class Meta:
        model = Funder

    name = factory.Sequence(lambda n: f"Fördergeber {n}")
    kind = Funder.Kind.ESF_PLUS


class ProjectFactory(DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    start_date = date(2024, 1, 1)
    # Long enough for the days the suite travels to (make test-dates): activity "today"
    # must lie in the funded period.
    end_date = date(2029, 12, 31)

    @factory.post_generation
    def lead(obj, create, extracted, **kwargs):
        """The lead organisation: pass `lead=org`, or one is created."""
        if create:
            ProjectMember.objects.create(
                project=obj, organisation=extracted or OrganisationFactory(), is_lead=True
            )


class ProjectMemberFactory(DjangoModelFactory):
    class Meta:
        model = ProjectMember

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    is_lead = False


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda m: m.project.lead_organisation)
    role = Role.CASE_WORKER


class ParticipantFactory(DjangoModelFactory):
    class Meta:
        model = Participant

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda p: p.project.lead_organisation)
    external_id = factory.Sequence(lambda n: f"TN-{n:05d}")
    first_name = factory.Faker("first_name", locale="de_DE")
    last_name = factory.Faker("last_name", locale="de_DE")
    birth_date = date(1990, 5, 17)
    gender = "female"
    postcode = "44649"
    labour_status = "unemployed"
    unemployed_since = date(2023, 1, 1)


class CaseFactory(DjangoModelFactory):
    """A case with its participant; pass `participant__…` to shape the person."""

    class Meta:
        model = Case

    participant = factory.SubFactory(ParticipantFactory)
    project = factory.LazyAttribute(lambda c: c.participant.project)
    organisation = factory.LazyAttribute(lambda c: c.participant.organisation)
    entry_date = date(2025, 3, 1)
    stage = "first_counselling"


class ConsentFactory(DjangoModelFactory):
    class Meta:
        model = Consent

    participant = factory.SubFactory(ParticipantFactory)
    purpose = "counselling"
    form = "paper"
    text_version = "1.0"
    given_on = date(2025, 3, 1)


class FirstContactFactory(DjangoModelFactory):
    class Meta:
        model = FirstContact

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda f: f.project.lead_organisation)
    date = date(2025, 2, 20)
    channel = "walk_in"
    topics = factory.LazyFunction(lambda: ["job_search"])


class AssessmentFactory(DjangoModelFactory):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    date = date(2025, 3, 10)
    need_language = 2
    need_childcare = 1


class PlanFactory(DjangoModelFactory):
    class Meta:
        model = Plan

    case = factory.SubFactory(CaseFactory)
    agreed_on = date(2025, 3, 15)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    title = factory.Sequence(lambda n: f"Goal {n}")
    due_date = date(2025, 6, 30)


class ContactFactory(DjangoModelFactory):
    class Meta:
        model = Contact

    case = factory.SubFactory(CaseFactory)
    date = date(2025, 3, 20)
    duration_minutes = 45
    channel = "walk_in"
    topics = factory.LazyFunction(lambda: ["application"])
    notes = "Talked about the CV."


class FollowUpFactory(DjangoModelFactory):
    class Meta:
        model = FollowUp

    case = factory.SubFactory(CaseFactory)
    due_date = date(2025, 4, 1)
    title = "Call back about the CV"
