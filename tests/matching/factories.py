"""Factories of matching's tests: employers and vacancies of its own (the employers
helper owns tests/economy/factories.py), postcode centres, skills, suggestions."""

import factory
from factory.django import DjangoModelFactory

from quartier.economy.models import Vacancy, VacancySkill
from quartier.matching.models import MatchSuggestion, MatchWeights, PostcodeArea
from tests.economy.factories import EmployerFactory
from tests.factories import CaseFactory, ProjectFactory


class MatchEmployerFactory(EmployerFactory):
    pass


class MatchVacancyFactory(DjangoModelFactory):
    """An open, confirmed vacancy in Herne with coordinates."""

    class Meta:
        model = Vacancy
        skip_postgeneration_save = True

    project = factory.SubFactory(ProjectFactory)
    organisation = factory.LazyAttribute(lambda v: v.project.lead_organisation)
    employer = factory.LazyAttribute(
        lambda v: MatchEmployerFactory(project=v.project, organisation=v.organisation)
    )
    title = factory.Sequence(lambda n: f"Helfer/in Garten- und Landschaftsbau {n}")
    occupational_field = "gardening_landscaping"
    postcode = "44649"
    city = "Herne"
    latitude = "51.530000"
    longitude = "7.160000"

    @factory.post_generation
    def needs(self, create, extracted, **kwargs):
        """`needs=[(skill, essential), ...]`."""
        for skill, essential in extracted or []:
            VacancySkill.objects.create(vacancy=self, skill=skill, essential=essential)


class PostcodeAreaFactory(DjangoModelFactory):
    class Meta:
        model = PostcodeArea
        django_get_or_create = ("postcode",)

    postcode = "44649"
    name = "Herne"
    latitude = "51.528000"
    longitude = "7.159000"


class MatchWeightsFactory(DjangoModelFactory):
    class Meta:
        model = MatchWeights

    project = factory.SubFactory(ProjectFactory)


class MatchSuggestionFactory(DjangoModelFactory):
    class Meta:
        model = MatchSuggestion

    case = factory.SubFactory(CaseFactory)
    vacancy = factory.LazyAttribute(lambda s: MatchVacancyFactory(project=s.case.project))
    score = "50.00"
    factors = factory.LazyFunction(list)
    algorithm_version = "2026.12-1"
